/** Row, column and grouping transformations, checked against the examples in Flux's documentation. */
import { describe, expect, it } from "vitest";
import { expectDocTables, queryTables } from "../../test-support/tables.js";

const ints = 'import "sampledata"\nsampledata.int()';

describe("map", () => {
  it("rewrites values within each table", async () => {
    await expectDocTables(
      `${ints} |> map(fn: (r) => ({r with _value: r._value * r._value}))`,
      `| _time | _value | *tag |
       | 2021-01-01T00:00:00Z | 4 | t1 |
       | 2021-01-01T00:00:10Z | 100 | t1 |
       | 2021-01-01T00:00:20Z | 49 | t1 |
       | 2021-01-01T00:00:30Z | 289 | t1 |
       | 2021-01-01T00:00:40Z | 225 | t1 |
       | 2021-01-01T00:00:50Z | 16 | t1 |

       | _time | _value | *tag |
       | 2021-01-01T00:00:00Z | 361 | t2 |
       | 2021-01-01T00:00:10Z | 16 | t2 |
       | 2021-01-01T00:00:20Z | 9 | t2 |
       | 2021-01-01T00:00:30Z | 361 | t2 |
       | 2021-01-01T00:00:40Z | 169 | t2 |
       | 2021-01-01T00:00:50Z | 1 | t2 |`,
    );
  });

  it("drops a group key column the record leaves out, merging the tables that now share a key", async () => {
    await expectDocTables(
      `${ints} |> map(fn: (r) => ({time: r._time, source: r.tag, alert: if r._value > 10 then true else false}))`,
      `| time | source | alert |
       | 2021-01-01T00:00:00Z | t1 | false |
       | 2021-01-01T00:00:10Z | t1 | false |
       | 2021-01-01T00:00:20Z | t1 | false |
       | 2021-01-01T00:00:30Z | t1 | true |
       | 2021-01-01T00:00:40Z | t1 | true |
       | 2021-01-01T00:00:50Z | t1 | false |
       | 2021-01-01T00:00:00Z | t2 | true |
       | 2021-01-01T00:00:10Z | t2 | false |
       | 2021-01-01T00:00:20Z | t2 | false |
       | 2021-01-01T00:00:30Z | t2 | true |
       | 2021-01-01T00:00:40Z | t2 | true |
       | 2021-01-01T00:00:50Z | t2 | false |`,
    );
  });

  it("adds columns with `with`, interpolation and conversions", async () => {
    await expectDocTables(
      `${ints} |> filter(fn: (r) => r.tag == "t1" and r._value > 9) |> map(fn: (r) => ({r with server: "server-\${r.tag}", valueFloat: float(v: r._value)}))`,
      `| _time | _value | server | *tag | valueFloat |
       | 2021-01-01T00:00:10Z | 10 | server-t1 | t1 | 10 |
       | 2021-01-01T00:00:30Z | 17 | server-t1 | t1 | 17 |
       | 2021-01-01T00:00:40Z | 15 | server-t1 | t1 | 15 |`,
    );
  });

  it("regroups rows whose key column value changes", async () => {
    await expectDocTables(
      `${ints} |> map(fn: (r) => ({r with tag: if r._value > 10 then "high" else "low"}))`,
      `| _time | _value | *tag |
       | 2021-01-01T00:00:00Z | -2 | low |
       | 2021-01-01T00:00:10Z | 10 | low |
       | 2021-01-01T00:00:20Z | 7 | low |
       | 2021-01-01T00:00:50Z | 4 | low |
       | 2021-01-01T00:00:10Z | 4 | low |
       | 2021-01-01T00:00:20Z | -3 | low |
       | 2021-01-01T00:00:50Z | 1 | low |

       | _time | _value | *tag |
       | 2021-01-01T00:00:30Z | 17 | high |
       | 2021-01-01T00:00:40Z | 15 | high |
       | 2021-01-01T00:00:00Z | 19 | high |
       | 2021-01-01T00:00:30Z | 19 | high |
       | 2021-01-01T00:00:40Z | 13 | high |`,
    );
  });
});

describe("filter", () => {
  it("keeps rows the predicate accepts and drops emptied tables unless onEmpty is keep", async () => {
    await expectDocTables(
      `${ints} |> filter(fn: (r) => r._value > 15)`,
      `| _time | _value | *tag |
       | 2021-01-01T00:00:30Z | 17 | t1 |

       | _time | _value | *tag |
       | 2021-01-01T00:00:00Z | 19 | t2 |
       | 2021-01-01T00:00:30Z | 19 | t2 |`,
    );
    await expectDocTables(`${ints} |> filter(fn: (r) => r.tag == "t1" and r._value > 100)`, "");
    const kept = await import("../../test-support/tables.js").then((m) => m.queryTables(`${ints} |> filter(fn: (r) => r._value > 100, onEmpty: "keep")`));
    if (kept.length !== 2 || kept.some((t) => t.rows.length !== 0)) throw new Error(`expected two empty tables, got ${JSON.stringify(kept)}`);
  });
});

describe("group", () => {
  it("sends its tables in group key order, as Flux keeps them by key", async () => {
    // Input tables t1 then t2; keys (_time, tag) sorted by _time first, a null before any value.
    const keys = async (query: string) => (await queryTables(query)).map((t) => Object.values(t.key).join(" "));
    expect(await keys(`${ints} |> filter(fn: (r) => r._time < 2021-01-01T00:00:20Z) |> group(columns: ["_time", "tag"])`)).toEqual([
      "2021-01-01T00:00:00Z t1",
      "2021-01-01T00:00:00Z t2",
      "2021-01-01T00:00:10Z t1",
      "2021-01-01T00:00:10Z t2",
    ]);
    expect(await keys(`${ints} |> map(fn: (r) => ({r with g: if r._value > 10 then "b" else "a"})) |> group(columns: ["g"])`)).toEqual(["a", "b"]);
    expect(await keys(`${ints} |> map(fn: (r) => ({r with g: if r._value > 10 then "b" else "a"})) |> group(columns: ["g"]) |> sort(columns: ["_value"], desc: true) |> group(columns: ["g"])`)).toEqual(["a", "b"]);
    // A key lacking a label sorts before one with it: "tag" alone before "g, tag".
    expect(await keys(`${ints} |> map(fn: (r) => if r.tag == "t1" then {r with g: "x"} else ({_time: r._time, _value: r._value, tag: r.tag})) |> group(columns: ["g", "tag"])`)).toEqual(["t2", "x t1"]);
  });

  it("groups by columns, by all but some columns, and ungroups", async () => {
    await expectDocTables(
      `${ints} |> filter(fn: (r) => r._time < 2021-01-01T00:00:20Z) |> group(columns: ["_time", "tag"])`,
      `| *_time | _value | *tag |
       | 2021-01-01T00:00:00Z | -2 | t1 |

       | *_time | _value | *tag |
       | 2021-01-01T00:00:00Z | 19 | t2 |

       | *_time | _value | *tag |
       | 2021-01-01T00:00:10Z | 10 | t1 |

       | *_time | _value | *tag |
       | 2021-01-01T00:00:10Z | 4 | t2 |`,
    );
    await expectDocTables(
      `${ints} |> filter(fn: (r) => r.tag == "t2") |> group(columns: ["_time"], mode: "except")`,
      `| _time | *_value | *tag |
       | 2021-01-01T00:00:00Z | 19 | t2 |
       | 2021-01-01T00:00:30Z | 19 | t2 |

       | _time | *_value | *tag |
       | 2021-01-01T00:00:10Z | 4 | t2 |

       | _time | *_value | *tag |
       | 2021-01-01T00:00:20Z | -3 | t2 |

       | _time | *_value | *tag |
       | 2021-01-01T00:00:40Z | 13 | t2 |

       | _time | *_value | *tag |
       | 2021-01-01T00:00:50Z | 1 | t2 |`,
    );
    await expectDocTables(
      `${ints} |> group() |> filter(fn: (r) => r._value > 15)`,
      `| _time | _value | tag |
       | 2021-01-01T00:00:30Z | 17 | t1 |
       | 2021-01-01T00:00:00Z | 19 | t2 |
       | 2021-01-01T00:00:30Z | 19 | t2 |`,
    );
  });
});

const airSensors = `import "array"
array.from(rows: [
  {_field: "co", _measurement: "airSensors", sensorID: "TLM0100", _time: 2021-09-08T14:21:57Z, _value: 0.31},
  {_field: "co", _measurement: "airSensors", sensorID: "TLM0100", _time: 2021-09-08T14:22:07Z, _value: 0.295},
  {_field: "humidity", _measurement: "airSensors", sensorID: "TLM0100", _time: 2021-09-08T14:21:57Z, _value: 36.03},
  {_field: "temperature", _measurement: "airSensors", sensorID: "TLM0100", _time: 2021-09-08T14:21:57Z, _value: 70.84},
])
  |> group(columns: ["_field", "_measurement", "sensorID"])`;

describe("keys, columns, keep, drop, rename, duplicate, set", () => {
  it("keys lists the group key's labels per table; keep + distinct collapses them into one table", async () => {
    await expectDocTables(
      `${airSensors} |> filter(fn: (r) => r._field == "co") |> keys()`,
      `| *_field | *_measurement | *sensorID | _value |
       | co | airSensors | TLM0100 | _field |
       | co | airSensors | TLM0100 | _measurement |
       | co | airSensors | TLM0100 | sensorID |`,
    );
    await expectDocTables(
      `${airSensors} |> keys() |> keep(columns: ["_value"]) |> distinct()`,
      `| _value |
       | _field |
       | _measurement |
       | sensorID |`,
    );
  });

  it("columns lists every column label per table", async () => {
    await expectDocTables(
      `${ints} |> filter(fn: (r) => r.tag == "t1") |> columns()`,
      `| *tag | _value |
       | t1 | _time |
       | t1 | _value |
       | t1 | tag |`,
    );
  });

  it("keep, drop, rename, duplicate and set reshape columns and keys", async () => {
    const one = `${ints} |> filter(fn: (r) => r.tag == "t1" and r._value > 14)`;
    await expectDocTables(
      `${one} |> keep(columns: ["_value", "tag"])`,
      `| _value | *tag |
       | 17 | t1 |
       | 15 | t1 |`,
    );
    await expectDocTables(
      `${one} |> drop(fn: (column) => column =~ /^_t/)`,
      `| _value | *tag |
       | 17 | t1 |
       | 15 | t1 |`,
    );
    await expectDocTables(
      `${one} |> rename(columns: {tag: "host", _value: "v"})`,
      `| _time | v | *host |
       | 2021-01-01T00:00:30Z | 17 | t1 |
       | 2021-01-01T00:00:40Z | 15 | t1 |`,
    );
    await expectDocTables(
      `${one} |> duplicate(column: "tag", as: "copy")`,
      `| _time | _value | *tag | copy |
       | 2021-01-01T00:00:30Z | 17 | t1 | t1 |
       | 2021-01-01T00:00:40Z | 15 | t1 | t1 |`,
    );
    await expectDocTables(
      `${one} |> set(key: "tag", value: "x") |> set(key: "unit", value: "C")`,
      `| _time | _value | *tag | unit |
       | 2021-01-01T00:00:30Z | 17 | x | C |
       | 2021-01-01T00:00:40Z | 15 | x | C |`,
    );
  });
});

describe("order and selection", () => {
  it("sort, limit, tail, top, bottom and unique", async () => {
    const t1 = `${ints} |> filter(fn: (r) => r.tag == "t1")`;
    const values = async (source: string, expected: number[]): Promise<void> =>
      expectDocTables(`${source} |> keep(columns: ["_value", "tag"])`, ["| _value | *tag |", ...expected.map((v) => `| ${v} | t1 |`)].join("\n"));
    await values(`${t1} |> sort()`, [-2, 4, 7, 10, 15, 17]);
    await values(`${t1} |> sort(desc: true)`, [17, 15, 10, 7, 4, -2]);
    await values(`${t1} |> limit(n: 2)`, [-2, 10]);
    await values(`${t1} |> limit(n: 2, offset: 3)`, [17, 15]);
    await values(`${t1} |> tail(n: 2)`, [15, 4]);
    await values(`${t1} |> tail(n: 2, offset: 1)`, [17, 15]);
    await values(`${t1} |> top(n: 2)`, [17, 15]);
    await values(`${t1} |> bottom(n: 2)`, [-2, 4]);
    await expectDocTables(
      `${ints} |> filter(fn: (r) => r.tag == "t2") |> unique()`,
      `| _time | _value | *tag |
       | 2021-01-01T00:00:00Z | 19 | t2 |
       | 2021-01-01T00:00:10Z | 4 | t2 |
       | 2021-01-01T00:00:20Z | -3 | t2 |
       | 2021-01-01T00:00:40Z | 13 | t2 |
       | 2021-01-01T00:00:50Z | 1 | t2 |`,
    );
  });

  it("sorts strings by their UTF-8 bytes, as Go compares them", async () => {
    // U+FF21 is one UTF-16 unit above the surrogates of U+1F600, but its UTF-8 bytes come first.
    const data = 'import "array"\narray.from(rows: [{v: "\u{1F600}"}, {v: "\uFF21"}, {v: "a"}])';
    await expectDocTables(`${data} |> sort(columns: ["v"])`, "| v |\n| a |\n| \uFF21 |\n| \u{1F600} |");
    await expectDocTables(`${data} |> max(column: "v")`, "| v |\n| \u{1F600} |");
  });

  it("sorts nulls last ascending and first descending", async () => {
    const data = 'import "array"\narray.from(rows: [{v: 2}, {v: 1}, {}, {v: 3}])';
    await expectDocTables(`${data} |> sort(columns: ["v"])`, "| v |\n| 1 |\n| 2 |\n| 3 |\n| |");
    await expectDocTables(`${data} |> sort(columns: ["v"], desc: true)`, "| v |\n| |\n| 3 |\n| 2 |\n| 1 |");
  });
});

describe("pivot and join", () => {
  it("pivots fields into columns by time", async () => {
    await expectDocTables(
      `import "array"
array.from(rows: [
  {_time: 1970-01-01T00:00:01Z, _measurement: "m1", _field: "f1", _value: 1},
  {_time: 1970-01-01T00:00:01Z, _measurement: "m1", _field: "f2", _value: 2},
  {_time: 1970-01-01T00:00:02Z, _measurement: "m1", _field: "f1", _value: 4},
  {_time: 1970-01-01T00:00:02Z, _measurement: "m1", _field: "f2", _value: 5},
  {_time: 1970-01-01T00:00:02Z, _measurement: "m1", _field: "f3", _value: 6},
  {_time: 1970-01-01T00:00:03Z, _measurement: "m1", _field: "f2", _value: 7},
  {_time: 1970-01-01T00:00:04Z, _measurement: "m1", _field: "f3", _value: 8},
])
  |> group(columns: ["_measurement", "_field"])
  |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")`,
      `| _time | *_measurement | f1 | f2 | f3 |
       | 1970-01-01T00:00:01Z | m1 | 1 | 2 | |
       | 1970-01-01T00:00:02Z | m1 | 4 | 5 | 6 |
       | 1970-01-01T00:00:03Z | m1 | | 7 | |
       | 1970-01-01T00:00:04Z | m1 | | | 8 |`,
    );
    await expectDocTables(
      `${ints} |> filter(fn: (r) => r._time < 2021-01-01T00:00:20Z) |> pivot(rowKey: ["_time"], columnKey: ["tag"], valueColumn: "_value")`,
      `| _time | t1 | t2 |
       | 2021-01-01T00:00:00Z | -2 | 19 |
       | 2021-01-01T00:00:10Z | 10 | 4 |`,
    );
  });

  it("joins two streams on columns, suffixing the other shared columns with the stream names", async () => {
    await expectDocTables(
      `import "array"
t1 = array.from(rows: [{_time: 2021-01-01T00:00:00Z, _value: 1}, {_time: 2021-01-02T00:00:00Z, _value: 2}, {_time: 2021-01-03T00:00:00Z, _value: 3}]) |> set(key: "tag", value: "foo")
t2 = array.from(rows: [{_time: 2021-01-01T00:00:00Z, _value: 0}, {_time: 2021-01-02T00:00:00Z, _value: -1}, {_time: 2021-01-04T00:00:00Z, _value: -3}]) |> set(key: "tag", value: "foo")
join(tables: {t1: t1, t2: t2}, on: ["_time", "tag"])`,
      `| _time | _value_t1 | _value_t2 | tag |
       | 2021-01-01T00:00:00Z | 1 | 0 | foo |
       | 2021-01-02T00:00:00Z | 2 | -1 | foo |`,
    );
  });
});

describe("union and range", () => {
  it("union concatenates streams; group() then merges tables that share a key", async () => {
    await expectDocTables(
      `import "array"
a = array.from(rows: [{v: 1, k: "x"}])
b = array.from(rows: [{v: 2, k: "y"}, {v: 3, k: "x"}])
union(tables: [a, b]) |> group(columns: ["k"]) |> sort(columns: ["v"])`,
      "| v | *k |\n| 1 | x |\n| 3 | x |\n\n| v | *k |\n| 2 | y |",
    );
  });

  it("range keeps [start, stop), adds _start/_stop to the key, and takes relative bounds and unix seconds", async () => {
    await expectDocTables(
      `${ints} |> filter(fn: (r) => r.tag == "t1") |> range(start: 2021-01-01T00:00:10Z, stop: 2021-01-01T00:00:30Z)`,
      `| *_start | *_stop | _time | _value | *tag |
       | 2021-01-01T00:00:10Z | 2021-01-01T00:00:30Z | 2021-01-01T00:00:10Z | 10 | t1 |
       | 2021-01-01T00:00:10Z | 2021-01-01T00:00:30Z | 2021-01-01T00:00:20Z | 7 | t1 |`,
    );
    await expectDocTables(
      `import "sampledata"
option now = () => 2021-01-01T00:01:00Z
sampledata.int() |> filter(fn: (r) => r.tag == "t2") |> range(start: -15s)`,
      `| *_start | *_stop | _time | _value | *tag |
       | 2021-01-01T00:00:45Z | 2021-01-01T00:01:00Z | 2021-01-01T00:00:50Z | 1 | t2 |`,
    );
    await expectDocTables(
      `${ints} |> filter(fn: (r) => r.tag == "t2") |> range(start: 1609459240, stop: 1609459250)`,
      `| *_start | *_stop | _time | _value | *tag |
       | 2021-01-01T00:00:40Z | 2021-01-01T00:00:50Z | 2021-01-01T00:00:40Z | 13 | t2 |`,
    );
  });
});
