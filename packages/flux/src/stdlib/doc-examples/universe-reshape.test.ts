/** map, pivot, columns, keyValues, histogram, histogramQuantile, timeShift and truncateTimeColumn against their reference examples. */
import { describe, expect, it } from "vitest";
import { executeAsync } from "../../runtime/execute.js";
import { fixedNow } from "../../test-support/query.js";
import { expectExample } from "./test-support/doc-example.js";

/** Each table's column labels, in order. */
async function queryTables(source: string): Promise<{ columns: string[] }[]> {
  const { results } = await executeAsync(source, { now: fixedNow });
  const out: { columns: string[] }[] = [];
  for (const result of results) for await (const table of result.tables) out.push({ columns: table.columns.map((c) => c.label) });
  return out;
}

const ints = 'import "sampledata"\nsampledata.int()';
const floats = 'import "sampledata"\nsampledata.float()';

/** sampledata.int()'s rows with `_value` rewritten by `f`, for expected tables. */
const sample = { t1: [-2, 10, 7, 17, 15, 4], t2: [19, 4, -3, 19, 13, 1] };
const times = [0, 10, 20, 30, 40, 50].map((s) => `2021-01-01T00:00:${String(s).padStart(2, "0")}Z`);
function rows(tag: "t1" | "t2", cells: (v: number, i: number) => string): string {
  return sample[tag].map((v, i) => `| ${times[i]} | ${cells(v, i)} |`).join("\n");
}

describe("map", () => {
  it("rewrites _value with `with`", async () => {
    await expectExample(
      `${ints} |> map(fn: (r) => ({r with _value: r._value * r._value}))`,
      (["t1", "t2"] as const).map((tag) => `| _time | _value:int | *tag |\n${rows(tag, (v) => `${v * v} | ${tag}`)}`).join("\n\n"),
    );
  });

  it("a record without the key column merges the tables into one", async () => {
    await expectExample(
      `${ints} |> map(fn: (r) => ({time: r._time, source: r.tag, alert: if r._value > 10 then true else false}))`,
      `| time | source | alert:bool |
       ${rows("t1", (v) => `t1 | ${v > 10}`)}
       ${rows("t2", (v) => `t2 | ${v > 10}`)}`,
    );
  });

  it("adds columns while keeping the others", async () => {
    await expectExample(
      `${ints} |> map(fn: (r) => ({r with server: "server-\${r.tag}", valueFloat: float(v: r._value)}))`,
      (["t1", "t2"] as const)
        .map((tag) => `| _time | _value:int | server:string | *tag | valueFloat:float |\n${rows(tag, (v) => `${v} | server-${tag} | ${tag} | ${v}`)}`)
        .join("\n\n"),
    );
  });
});

describe("pivot", () => {
  it("aligns fields into rows by time, null where a field has no value", async () => {
    await expectExample(
      `import "array"
       array.from(rows: [
         {_time: 1970-01-01T00:00:01Z, _measurement: "m1", _field: "f1", _value: 1.0},
         {_time: 1970-01-01T00:00:01Z, _measurement: "m1", _field: "f2", _value: 2.0},
         {_time: 1970-01-01T00:00:02Z, _measurement: "m1", _field: "f1", _value: 4.0},
         {_time: 1970-01-01T00:00:02Z, _measurement: "m1", _field: "f2", _value: 5.0},
         {_time: 1970-01-01T00:00:02Z, _measurement: "m1", _field: "f3", _value: 6.0},
         {_time: 1970-01-01T00:00:03Z, _measurement: "m1", _field: "f2", _value: 7.0},
         {_time: 1970-01-01T00:00:04Z, _measurement: "m1", _field: "f3", _value: 8.0},
       ])
         |> group(columns: ["_measurement", "_field"])
         |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")`,
      `| _time | *_measurement | f1:float | f2:float | f3:float |
       | 1970-01-01T00:00:01Z | m1 | 1 | 2 |  |
       | 1970-01-01T00:00:02Z | m1 | 4 | 5 | 6 |
       | 1970-01-01T00:00:03Z | m1 |  | 7 |  |
       | 1970-01-01T00:00:04Z | m1 |  |  | 8 |`,
    );
  });

  it("turns tag values into columns, the tag leaving the key", async () => {
    await expectExample(
      `${ints} |> pivot(rowKey: ["_time"], columnKey: ["tag"], valueColumn: "_value")`,
      `| _time | t1:int | t2:int |
       ${sample.t1.map((v, i) => `| ${times[i]} | ${v} | ${sample.t2[i]} |`).join("\n")}`,
    );
  });
});

describe("columns and keyValues", () => {
  it("columns lists each table's labels in their order", async () => {
    await expectExample(
      'import "sampledata"\nsampledata.string() |> columns(column: "labels")',
      `| *tag | labels:string |
       | t1 | _time |
       | t1 | tag |
       | t1 | _value |

       | *tag | labels:string |
       | t2 | _time |
       | t2 | tag |
       | t2 | _value |`,
    );
  });

  it("keyValues gives a _key/_value row per listed column", async () => {
    const row = (field: string, v: number, s: number) => `{_field: "${field}", _measurement: "airSensors", sensorID: "TLM0100", _time: 2021-09-08T14:22:${s}Z, _value: ${v}}`;
    await expectExample(
      `import "array"
       array.from(rows: [${row("co", 0.31, 17)}, ${row("co", 0.295, 27)}, ${row("humidity", 36.03, 17)}, ${row("temperature", 70.84, 17)}])
         |> group(columns: ["_field", "_measurement", "sensorID"])
         |> keyValues(keyColumns: ["sensorID", "_field"])`,
      ["co", "humidity", "temperature"]
        .map(
          (f) => `| *_field | *_measurement | *sensorID | _key:string | _value:string |
                  | ${f} | airSensors | TLM0100 | sensorID | TLM0100 |
                  | ${f} | airSensors | TLM0100 | _field | ${f} |`,
        )
        .join("\n\n"),
    );
  });
});

describe("histogram and histogramQuantile", () => {
  it("counts values at or below each bound, as floats", async () => {
    await expectExample(
      `${floats} |> histogram(bins: [0.0, 5.0, 10.0, 20.0])`,
      `| *tag | le:float | _value:float |
       | t1 | 0 | 1 |
       | t1 | 5 | 2 |
       | t1 | 10 | 3 |
       | t1 | 20 | 6 |

       | *tag | le:float | _value:float |
       | t2 | 0 | 1 |
       | t2 | 5 | 3 |
       | t2 | 10 | 3 |
       | t2 | 20 | 6 |`,
    );
  });

  it("linearBins ends with +Inf by default", async () => {
    await expectExample(
      `${floats} |> histogram(bins: linearBins(start: 0.0, width: 4.0, count: 3))`,
      `| *tag | le:float | _value:float |
       | t1 | 0 | 1 |
       | t1 | 4 | 1 |
       | t1 | 8 | 3 |
       | t1 | +Inf | 6 |

       | *tag | le:float | _value:float |
       | t2 | 0 | 1 |
       | t2 | 4 | 2 |
       | t2 | 8 | 3 |
       | t2 | +Inf | 6 |`,
    );
  });

  it("histogramQuantile interpolates the 0.9 quantile within its bucket", async () => {
    await expectExample(
      `${floats} |> histogram(bins: [0.0, 5.0, 10.0, 20.0]) |> histogramQuantile(quantile: 0.9)`,
      `| *tag | _value:float |
       | t1 | 18 |

       | *tag | _value:float |
       | t2 | 18 |`,
    );
  });
});

describe("timeShift and truncateTimeColumn", () => {
  it("timeShift moves times forward and back", async () => {
    const shifted = (hours: string, day: string) =>
      (["t1", "t2"] as const)
        .map((tag) => `| _time | _value | *tag |\n${sample[tag].map((v, i) => `| ${day}T${hours}:00:${String(i * 10).padStart(2, "0")}Z | ${v} | ${tag} |`).join("\n")}`)
        .join("\n\n");
    await expectExample(`${ints} |> timeShift(duration: 12h)`, shifted("12", "2021-01-01"));
    await expectExample(`${ints} |> timeShift(duration: -12h)`, shifted("12", "2020-12-31"));
  });

  it("truncateTimeColumn rounds times down to the minute", async () => {
    await expectExample(
      `${ints} |> truncateTimeColumn(unit: 1m)`,
      (["t1", "t2"] as const).map((tag) => `| _time:time | _value | *tag |\n${sample[tag].map((v) => `| 2021-01-01T00:00:00Z | ${v} | ${tag} |`).join("\n")}`).join("\n\n"),
    );
  });
});

describe("map column order", () => {
  it("a {r with …} record gives its columns in label order, a plain record in its own order", async () => {
    const labels = async (source: string) => (await queryTables(source))[0]?.columns ?? [];
    expect(await labels(`${ints} |> map(fn: (r) => ({r with server: "server-\${r.tag}", valueFloat: float(v: r._value)}))`)).toEqual(["_time", "_value", "server", "tag", "valueFloat"]);
    expect(await labels(`${floats} |> map(fn: (r) => ({r with _value: r._value * 2.0}))`)).toEqual(["_time", "_value", "tag"]);
    expect(await labels(`${ints} |> map(fn: (r) => ({time: r._time, source: r.tag, alert: if r._value > 10 then true else false}))`)).toEqual(["time", "source", "alert"]);
  });
});
