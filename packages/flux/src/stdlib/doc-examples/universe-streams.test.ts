/** group, keys, reduce, join and union against their reference examples. */
import { describe, expect, it } from "vitest";
import { queryTables } from "../../test-support/tables.js";
import { expectExample } from "./test-support/doc-example.js";

const ints = 'import "sampledata"\nsampledata.int()';
const sample: [string, number, number][] = [0, 10, 20, 30, 40, 50].flatMap((s, i) => {
  const t = `2021-01-01T00:00:${String(s).padStart(2, "0")}Z`;
  return [
    [t, [-2, 10, 7, 17, 15, 4][i] ?? 0, 1],
    [t, [19, 4, -3, 19, 13, 1][i] ?? 0, 2],
  ] as [string, number, number][];
});

/** The airSensors rows the reference's keys()/keyValues() examples use, one table per field. */
const sensors = `import "array"
  array.from(rows: [
    {_field: "co", _measurement: "airSensors", sensorID: "TLM0100", _time: 2021-09-08T14:21:57Z, _value: 0.31},
    {_field: "co", _measurement: "airSensors", sensorID: "TLM0100", _time: 2021-09-08T14:22:07Z, _value: 0.295},
    {_field: "humidity", _measurement: "airSensors", sensorID: "TLM0100", _time: 2021-09-08T14:21:57Z, _value: 36.03},
    {_field: "temperature", _measurement: "airSensors", sensorID: "TLM0100", _time: 2021-09-08T14:21:57Z, _value: 70.84},
  ])
    |> group(columns: ["_field", "_measurement", "sensorID"])`;

describe("group", () => {
  it("by _time and tag: one table per row here", async () => {
    await expectExample(
      `${ints} |> group(columns: ["_time", "tag"])`,
      sample.map(([t, v, tag]) => `| *_time | _value:int | *tag |\n| ${t} | ${v} | t${tag} |`).join("\n\n"),
    );
  });

  it("by everything except _time: rows sharing _value and tag share a table", async () => {
    const byKey = new Map<string, string[]>();
    for (const [t, v, tag] of sample) byKey.set(`${v}/${tag}`, [...(byKey.get(`${v}/${tag}`) ?? []), `| ${t} | ${v} | t${tag} |`]);
    await expectExample(
      `${ints} |> group(columns: ["_time"], mode: "except")`,
      [...byKey.values()].map((rows) => `| _time | *_value:int | *tag |\n${rows.join("\n")}`).join("\n\n"),
    );
  });

  it("group() merges every table into one, in input order", async () => {
    const t1 = sample.filter(([, , tag]) => tag === 1);
    const t2 = sample.filter(([, , tag]) => tag === 2);
    await expectExample(`${ints} |> group()`, `| _time | _value:int | tag |\n${[...t1, ...t2].map(([t, v, tag]) => `| ${t} | ${v} | t${tag} |`).join("\n")}`);
  });
});

describe("keys", () => {
  it("lists the key's labels for each table", async () => {
    await expectExample(
      `${sensors} |> keys()`,
      ["co", "humidity", "temperature"]
        .map((f) => `| *_field | *_measurement | *sensorID | _value:string |\n${["_field", "_measurement", "sensorID"].map((l) => `| ${f} | airSensors | TLM0100 | ${l} |`).join("\n")}`)
        .join("\n\n"),
    );
  });

  it("keep and distinct collapse them into one table", async () => {
    await expectExample(
      `${sensors} |> keys() |> keep(columns: ["_value"]) |> distinct()`,
      `| _value:string |
       | _field |
       | _measurement |
       | sensorID |`,
    );
  });
});

describe("reduce", () => {
  it("sums, counts and multiplies with typed accumulators", async () => {
    await expectExample(
      `${ints} |> reduce(fn: (r, accumulator) => ({sum: r._value + accumulator.sum}), identity: {sum: 0})`,
      "| *tag | sum:int |\n| t1 | 51 |\n\n| *tag | sum:int |\n| t2 | 53 |",
    );
    await expectExample(
      `${ints} |> reduce(fn: (r, accumulator) => ({sum: r._value + accumulator.sum, count: accumulator.count + 1}), identity: {sum: 0, count: 0})`,
      "| *tag | count:int | sum:int |\n| t1 | 6 | 51 |\n\n| *tag | count:int | sum:int |\n| t2 | 6 | 53 |",
    );
    await expectExample(
      `${ints} |> reduce(fn: (r, accumulator) => ({prod: r._value * accumulator.prod}), identity: {prod: 1})`,
      "| *tag | prod:int |\n| t1 | -142800 |\n\n| *tag | prod:int |\n| t2 | -56316 |",
    );
  });

  it("keeps a running average as a float", async () => {
    await expectExample(
      `${ints}
        |> reduce(
          fn: (r, accumulator) => ({
            count: accumulator.count + 1,
            total: accumulator.total + r._value,
            avg: float(v: accumulator.total + r._value) / float(v: accumulator.count + 1),
          }),
          identity: {count: 0, total: 0, avg: 0.0},
        )`,
      "| *tag | avg:float | count:int | total:int |\n| t1 | 8.5 | 6 | 51 |\n\n| *tag | avg:float | count:int | total:int |\n| t2 | 8.833333333333334 | 6 | 53 |",
    );
  });
});

/** What generate.from(count: 4, fn, start: <day 1>, stop: <day 5>) |> set(key: "tag", value: tag) gives. */
const generated = (year: number, values: number[], tag: string): string =>
  `array.from(rows: [${values.map((v, i) => `{_time: ${year}-01-0${i + 1}T00:00:00Z, _value: ${v}}`).join(", ")}]) |> set(key: "tag", value: "${tag}")`;

describe("join and union", () => {
  it("join suffixes the other shared columns with the stream names", async () => {
    await expectExample(
      `import "array"
       t1 = ${generated(2021, [1, 2, 3, 4], "foo")}
       t2 = ${generated(2021, [0, -1, -2, -3], "foo")}
       join(tables: {t1: t1, t2: t2}, on: ["_time", "tag"])`,
      `| _time | _value_t1:int | _value_t2:int | tag |
       | 2021-01-01T00:00:00Z | 1 | 0 | foo |
       | 2021-01-02T00:00:00Z | 2 | -1 | foo |
       | 2021-01-03T00:00:00Z | 3 | -2 | foo |
       | 2021-01-04T00:00:00Z | 4 | -3 | foo |`,
    );
  });

  it("union keeps tables with distinct keys apart", async () => {
    await expectExample(
      `import "array"
       t1 = ${generated(2022, [1, 2, 3, 4], "foo")} |> group(columns: ["tag"])
       t2 = ${generated(2022, [0, -1, -2, -3], "bar")} |> group(columns: ["tag"])
       union(tables: [t1, t2])`,
      `| _time | _value:int | *tag |
       | 2022-01-01T00:00:00Z | 0 | bar |
       | 2022-01-02T00:00:00Z | -1 | bar |
       | 2022-01-03T00:00:00Z | -2 | bar |
       | 2022-01-04T00:00:00Z | -3 | bar |

       | _time | _value:int | *tag |
       | 2022-01-01T00:00:00Z | 1 | foo |
       | 2022-01-02T00:00:00Z | 2 | foo |
       | 2022-01-03T00:00:00Z | 3 | foo |
       | 2022-01-04T00:00:00Z | 4 | foo |`,
    );
  });

  it("union of tables with empty keys gives one table", async () => {
    await expectExample(
      `import "array"
       t1 = ${generated(2021, [1, 2, 3, 4], "foo")} |> group()
       t2 = ${generated(2021, [0, -1, -2, -3], "bar")} |> group()
       union(tables: [t1, t2])`,
      `| _time | _value:int | tag |
       | 2021-01-01T00:00:00Z | 1 | foo |
       | 2021-01-02T00:00:00Z | 2 | foo |
       | 2021-01-03T00:00:00Z | 3 | foo |
       | 2021-01-04T00:00:00Z | 4 | foo |
       | 2021-01-01T00:00:00Z | 0 | bar |
       | 2021-01-02T00:00:00Z | -1 | bar |
       | 2021-01-03T00:00:00Z | -2 | bar |
       | 2021-01-04T00:00:00Z | -3 | bar |`,
    );
  });
});

describe("union of empty tables", () => {
  it("keeps an empty table whose key no other table has", async () => {
    const tables = await queryTables(`import "array"
      a = array.from(rows: [{k: "x", v: 1}]) |> group(columns: ["k"]) |> filter(fn: (r) => r.v > 5, onEmpty: "keep")
      b = array.from(rows: [{k: "y", v: 2}]) |> group(columns: ["k"])
      union(tables: [a, b])`);
    expect(tables.map((t) => [t.key.k, t.rows.length]).sort()).toEqual([["x", 0], ["y", 1]]);
  });
});
