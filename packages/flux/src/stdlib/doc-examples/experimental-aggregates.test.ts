/** experimental's aggregates and selectors against their reference examples. */
import { describe, it } from "vitest";
import { expectExample } from "./test-support/doc-example.js";

const data = (set: string) => `import "experimental"\nimport "sampledata"\nsampledata.${set}`;
const perTag = (type: string, t1: string[], t2: string[]): string => `| *tag | _value:${type} |\n${t1.map((v) => `| t1 | ${v} |`).join("\n")}\n\n| *tag | _value:${type} |\n${t2.map((v) => `| t2 | ${v} |`).join("\n")}`;
const times = [0, 10, 20, 30, 40, 50].map((s) => `2021-01-01T00:00:${String(s).padStart(2, "0")}Z`);

describe("experimental aggregates", () => {
  it("count counts every record", async () => {
    await expectExample(`${data("int()")} |> experimental.count()`, perTag("int", ["6"], ["6"]));
  });

  it("mean averages _value as a float", async () => {
    await expectExample(`${data("float()")} |> experimental.mean()`, perTag("float", ["8.88"], ["9.426666666666668"]));
  });

  it("first keeps the first non-null row", async () => {
    await expectExample(
      `${data("int(includeNull: true)")} |> experimental.first()`,
      "| _time | _value:int | *tag |\n| 2021-01-01T00:00:00Z | -2 | t1 |\n\n| _time | _value:int | *tag |\n| 2021-01-01T00:00:10Z | 4 | t2 |",
    );
  });

  it("distinct keeps null as a value and drops the other columns", async () => {
    await expectExample(`${data("int(includeNull: true)")} |> experimental.distinct()`, perTag("int", ["-2", "", "7", "4"], ["", "4", "-3", "19", "1"]));
  });

  it("fill with a value or the previous one", async () => {
    const filled = (t1: string[], t2: string[]) =>
      ([["t1", t1], ["t2", t2]] as const).map(([tag, vs]) => `| _time | _value:int | *tag |\n${vs.map((v, i) => `| ${times[i]} | ${v} | ${tag} |`).join("\n")}`).join("\n\n");
    await expectExample(`${data("int(includeNull: true)")} |> experimental.fill(value: 0)`, filled(["-2", "0", "7", "0", "0", "4"], ["0", "4", "-3", "19", "0", "1"]));
    await expectExample(`${data("int(includeNull: true)")} |> experimental.fill(usePrevious: true)`, filled(["-2", "-2", "7", "7", "7", "4"], ["", "4", "-3", "19", "19", "1"]));
  });
});
