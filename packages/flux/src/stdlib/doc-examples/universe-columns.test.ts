/** filter, keep, drop, rename, duplicate and set against their reference examples. */
import { describe, it } from "vitest";
import { expectExample } from "./test-support/doc-example.js";

const ints = 'import "sampledata"\nsampledata.int()';
const sample = { t1: [-2, 10, 7, 17, 15, 4], t2: [19, 4, -3, 19, 13, 1] };
const times = [0, 10, 20, 30, 40, 50].map((s) => `2021-01-01T00:00:${String(s).padStart(2, "0")}Z`);
/** One table per tag with `header`, each row's cells given by `cells(tag, value, time)`. */
const perTag = (header: string, cells: (tag: "t1" | "t2", v: number, t: string) => string): string =>
  (["t1", "t2"] as const).map((tag) => `${header}\n${sample[tag].map((v, i) => `| ${cells(tag, v, times[i] ?? "")} |`).join("\n")}`).join("\n\n");

describe("filter", () => {
  it("keeps rows within thresholds", async () => {
    await expectExample(
      `${ints} |> filter(fn: (r) => r._value > 0 and r._value < 10)`,
      "| _time | _value | *tag |\n| 2021-01-01T00:00:20Z | 7 | t1 |\n| 2021-01-01T00:00:50Z | 4 | t1 |\n\n| _time | _value | *tag |\n| 2021-01-01T00:00:10Z | 4 | t2 |\n| 2021-01-01T00:00:50Z | 1 | t2 |",
    );
  });

  it("onEmpty keep keeps the emptied table (the reference's rendering omits it; its count is 0)", async () => {
    await expectExample(`${ints} |> filter(fn: (r) => r._value > 18, onEmpty: "keep") |> filter(fn: (r) => true)`, "| _time | _value | *tag |\n| 2021-01-01T00:00:00Z | 19 | t2 |\n| 2021-01-01T00:00:30Z | 19 | t2 |");
    await expectExample(`${ints} |> filter(fn: (r) => r._value > 18, onEmpty: "keep") |> count()`, "| *tag | _value:int |\n| t1 | 0 |\n\n| *tag | _value:int |\n| t2 | 2 |");
    await expectExample(`${ints} |> filter(fn: (r) => r._value > 18) |> count()`, "| *tag | _value:int |\n| t2 | 2 |");
  });
});

describe("keep and drop", () => {
  it("keep without the key column merges the tables", async () => {
    await expectExample(`${ints} |> keep(columns: ["_time", "_value"])`, `| _time | _value |\n${[...sample.t1, ...sample.t2].map((v, i) => `| ${times[i % 6]} | ${v} |`).join("\n")}`);
    await expectExample(`${ints} |> drop(columns: ["tag"])`, `| _time | _value |\n${[...sample.t1, ...sample.t2].map((v, i) => `| ${times[i % 6]} | ${v} |`).join("\n")}`);
  });

  it("keep and drop take a predicate on column names", async () => {
    await expectExample(`${ints} |> keep(fn: (column) => column =~ /^_?t/)`, perTag("| _time | *tag |", (tag, _v, t) => `${t} | ${tag}`));
    await expectExample(`${ints} |> drop(fn: (column) => column =~ /^_?t/)`, `| _value:int |\n${[...sample.t1, ...sample.t2].map((v) => `| ${v} |`).join("\n")}`);
  });
});

describe("rename, duplicate and set", () => {
  it("rename maps columns, key columns too", async () => {
    await expectExample(`${ints} |> rename(columns: {tag: "uid", _value: "val"})`, perTag("| _time | val:int | *uid |", (tag, v, t) => `${t} | ${v} | ${tag}`));
  });

  it("rename with a function, applied to every column or some", async () => {
    await expectExample(`${ints} |> rename(fn: (column) => "\${column}_new")`, perTag("| _time_new | _value_new | *tag_new |", (tag, v, t) => `${t} | ${v} | ${tag}`));
    await expectExample(
      `${ints} |> rename(fn: (column) => { _newColumnName = if column =~ /^_/ then "\${column} (Reserved)" else column\n return _newColumnName })`,
      perTag("| _time (Reserved) | _value (Reserved) | *tag |", (tag, v, t) => `${t} | ${v} | ${tag}`),
    );
  });

  it("duplicate copies a column under a new name, outside the key", async () => {
    await expectExample(`${ints} |> duplicate(column: "tag", as: "tag_dup")`, perTag("| _time | _value | *tag | tag_dup:string |", (tag, v, t) => `${t} | ${v} | ${tag} | ${tag}`));
  });

  it("set writes a string column on every row", async () => {
    await expectExample(`${ints} |> set(key: "host", value: "prod1")`, perTag("| _time | _value | *tag | host:string |", (tag, v, t) => `${t} | ${v} | ${tag} | prod1`));
    await expectExample(`${ints} |> set(key: "tag", value: "all")`, `| _time | _value | *tag |\n${[...sample.t1, ...sample.t2].map((v, i) => `| ${times[i % 6]} | ${v} | all |`).join("\n")}`);
  });
});
