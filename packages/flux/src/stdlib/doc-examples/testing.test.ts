/** testing.diff against its reference example. */
import { describe, it } from "vitest";
import { expectExample } from "./test-support/doc-example.js";

describe("testing.diff", () => {
  it("lists every row, with - for the wanted and + for the got side of a difference", async () => {
    const rows = {
      t1: [["", 0, -2], ["", 10, 10], ["", 20, 7], ["-", 30, 17], ["+", 30, 18], ["", 40, 15], ["", 50, 4]],
      t2: [["-", 0, 19], ["+", 0, 20], ["", 10, 4], ["", 20, -3], ["-", 30, 19], ["+", 30, 20], ["", 40, 13], ["", 50, 1]],
    } as const;
    await expectExample(
      `import "sampledata"
       import "testing"
       want = sampledata.int()
       got = sampledata.int() |> map(fn: (r) => ({r with _value: if r._value > 15 then r._value + 1 else r._value}))
       testing.diff(got: got, want: want)`,
      (["t1", "t2"] as const)
        .map((tag) => `| _diff:string | *tag | _time | _value:int |\n${rows[tag].map(([d, s, v]) => `| ${d} | ${tag} | 2021-01-01T00:00:${String(s).padStart(2, "0")}Z | ${v} |`).join("\n")}`)
        .join("\n\n"),
    );
  });
});
