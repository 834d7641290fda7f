/** Whole programs through execute(): yields, options, functions, imports, sources and errors. */
import { describe, expect, it } from "vitest";
import { csv, fixedNow, queryCSV } from "../test-support/query.js";
import { expectDocTables, queryTables } from "../test-support/tables.js";
import type { DataSource, SourceReadRequest } from "./datasource.js";
import { FluxCompileError, FluxExecutionError } from "./errors.js";
import { execute } from "./execute.js";
import { MemoryDataSource, type Point } from "./memory-source.js";

const second = 1_000_000_000n;
const t0 = 1_600_000_000n * second;

function cpu(): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < 6; i++) {
    for (const host of ["a", "b"]) {
      points.push({ measurement: "cpu", tags: { host }, field: "usage", time: t0 + BigInt(i) * 10n * second, value: host === "a" ? i * 10 : 100 - i });
      points.push({ measurement: "cpu", tags: { host }, field: "count", time: t0 + BigInt(i) * 10n * second, value: BigInt(i) });
    }
    points.push({ measurement: "mem", tags: { host: "a" }, field: "used", time: t0 + BigInt(i) * 10n * second, value: 50 });
  }
  return points;
}

async function names(source: string, options = {}): Promise<string[]> {
  return execute(source, { now: fixedNow, ...options }).results.map((r) => r.name);
}

async function failure(run: () => Promise<unknown> | unknown): Promise<Error> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error("expected a failure");
}

describe("results", () => {
  it("yields a bare stream expression as _result", async () => {
    expect(await names('import "array"\narray.from(rows: [{a: 1}])')).toEqual(["_result"]);
  });

  it("keeps explicit yields in program order, and passes tables through yield", async () => {
    const source = `import "array"
data = array.from(rows: [{v: 1}, {v: 2}, {v: 3}])
data |> filter(fn: (r) => r.v > 1) |> yield(name: "big")
data |> sum(column: "v") |> yield(name: "total")
data |> yield(name: "raw") |> count(column: "v") |> yield(name: "count")`;
    expect(await names(source)).toEqual(["big", "total", "raw", "count"]);
    const out = await queryCSV(source, {}, {});
    expect(out).toBe(
      `${csv(",result,table,v\n,big,0,2\n,big,0,3")}\r\n${csv(",result,table,v\n,total,0,6")}\r\n${csv(",result,table,v\n,raw,0,1\n,raw,0,2\n,raw,0,3")}\r\n${csv(",result,table,v\n,count,0,3")}\r\n`,
    );
  });

  it("rejects two yields with the same name", async () => {
    const error = await failure(() => execute('import "array"\narray.from(rows: [{a: 1}])\narray.from(rows: [{a: 2}])'));
    expect(error).toBeInstanceOf(FluxCompileError);
    expect(error.message).toBe('error @3:1-3:27: multiple yields with the same name "_result"');
  });
});

describe("program evaluation", () => {
  it("uses option now for now() and relative range bounds", async () => {
    const source = new MemoryDataSource({ telegraf: cpu() });
    await expectDocTables(
      `option now = () => 2020-09-13T12:27:00Z
from(bucket: "telegraf")
  |> range(start: -30s)
  |> filter(fn: (r) => r._measurement == "cpu" and r._field == "usage" and r.host == "a")
  |> map(fn: (r) => ({r with now: now()}))`,
      `| *_start | *_stop | _time | _value | *_field | *_measurement | *host | now |
       | 2020-09-13T12:26:30Z | 2020-09-13T12:27:00Z | 2020-09-13T12:26:40Z | 0 | usage | cpu | a | 2020-09-13T12:27:00Z |
       | 2020-09-13T12:26:30Z | 2020-09-13T12:27:00Z | 2020-09-13T12:26:50Z | 10 | usage | cpu | a | 2020-09-13T12:27:00Z |`,
      { source },
    );
  });

  it("sets an imported package's option for the rest of the program", async () => {
    const out = await queryCSV(
      `import "planner"
import "array"
before = planner.disablePhysicalRules
option planner.disablePhysicalRules = ["pushDownRangeRule", "pushDownFilterRule"]
array.from(rows: [{before: before[0], after: planner.disablePhysicalRules[1], n: length(arr: planner.disablePhysicalRules)}])`,
      {},
      {},
    );
    expect(out).toBe(",result,table,before,after,n\r\n,_result,0,,pushDownFilterRule,2\r\n\r\n");
  });

  it("refuses an option the package does not have, or on something that is not a package", async () => {
    expect((await failure(() => execute('import "planner"\noption planner.noSuchRule = 1\nplanner.noSuchRule'))).message).toContain("package planner has no option noSuchRule");
    expect((await failure(() => execute('x = 1\noption x.y = 2\nx'))).message).toContain("cannot set option y on x: it is not a package");
  });

  it("runs user-defined functions and transformations with defaults", async () => {
    await expectDocTables(
      `import "array"
threshold = 2
scale = (v, by=10) => v * by
above = (tables=<-, min) => tables |> filter(fn: (r) => r.v > min)
array.from(rows: [{v: 1}, {v: 2}, {v: 3}])
  |> above(min: threshold - 1)
  |> map(fn: (r) => ({v: scale(v: r.v), w: scale(v: r.v, by: 100)}))`,
      "| v | w |\n| 20 | 200 |\n| 30 | 300 |",
    );
  });

  it("imports strings and math, with aliases", async () => {
    const [table] = await queryTables(`import "array"
import s "strings"
import "math"
array.from(rows: [{name: "  Web-01 ", x: 2.0}])
  |> map(fn: (r) => ({
      up: s.toUpper(v: s.trimSpace(v: r.name)),
      part: s.split(v: s.toLower(v: s.trimSpace(v: r.name)), t: "-")[1],
      has: s.hasPrefix(v: s.trimSpace(v: r.name), prefix: "Web") and s.contains(v: r.name, substr: "01"),
      swapped: s.replaceAll(v: r.name, t: "-", u: "_"),
      root: math.sqrt(x: r.x * 8.0),
      pow: math.pow(x: r.x, y: 10.0),
      floor: math.floor(x: math.pi),
  }))`);
    expect(table?.rows).toEqual([{ up: "WEB-01", part: "01", has: "true", swapped: "  Web_01 ", root: "4", pow: "1024", floor: "3" }]);
  });

  it("converts between types", async () => {
    const [table] = await queryTables(`import "array"
array.from(rows: [{s: "42", f: 3.9, b: true, t: 2021-01-01T00:00:00Z}])
  |> map(fn: (r) => ({
      i: int(v: r.s) + int(v: r.f) + int(v: r.b),
      f: float(v: r.s) / 4.0,
      str: string(v: r.f) + "|" + string(v: r.t) + "|" + string(v: 1h30m),
      back: time(v: "2021-01-01T00:00:01Z"),
      u: uint(v: 7),
      ok: bool(v: "true"),
      ns: int(v: r.t),
      d: string(v: duration(v: 90000000000)),
  }))`);
    expect(table?.rows).toEqual([
      { i: "46", f: "10.5", str: "3.9|2021-01-01T00:00:00Z|1h30m", back: "2021-01-01T00:00:01Z", u: "7", ok: "true", ns: "1609459200000000000", d: "1m30s" },
    ]);
    await expectDocTables(
      'import "sampledata"\nsampledata.int() |> filter(fn: (r) => r.tag == "t1" and r._value > 15) |> toFloat() |> map(fn: (r) => ({r with _value: r._value / 2.0}))',
      "| _time | _value | *tag |\n| 2021-01-01T00:00:30Z | 8.5 | t1 |",
    );
    await expectDocTables(
      'import "sampledata"\nsampledata.float() |> filter(fn: (r) => r.tag == "t1" and r._value > 15.3) |> toInt() |> toString()',
      "| _time | _value | *tag |\n| 2021-01-01T00:00:30Z | 17 | t1 |",
    );
    const [scalars] = await queryTables('import "array"\narray.from(rows: [{n: length(arr: [1, 2, 3]), in: contains(value: "b", set: ["a", "b"]), out: contains(value: 4, set: [1, 2])}])');
    expect(scalars?.rows).toEqual([{ n: "3", in: "true", out: "false" }]);
    const bad = await failure(() => queryTables('import "array"\narray.from(rows: [{s: "x1"}]) |> map(fn: (r) => ({v: int(v: r.s)}))'));
    expect(bad.message).toBe('runtime error @2:34-2:68: map: cannot convert string "x1" to int due to invalid syntax');
  });

  it("reads annotated CSV with csv.from, including defaults and group keys", async () => {
    const data = `#datatype,string,long,dateTime:RFC3339,string,double,boolean
#group,false,false,false,true,false,false
#default,_result,,,,,
,result,table,_time,host,_value,ok
,,0,2021-01-01T00:00:00Z,a,1.5,true
,,0,2021-01-01T00:00:10Z,a,2.5,false
,,1,2021-01-01T00:00:00Z,b,,true
`;
    await expectDocTables(
      `import "csv"\ncsv.from(csv: "${data.replaceAll('"', '\\"')}") |> mean()`,
      "| *host | _value |\n| a | 2 |\n\n| *host | _value |\n| b | |",
    );
    await expectDocTables(`import "csv"\ncsv.from(csv: "a,b\\n1,x\\n2,y\\n", mode: "raw") |> filter(fn: (r) => r.a == "2")`, "| a | b |\n| 2 | y |");
  });
});

/** A DataSource that records the requests it serves, around the in-memory one. */
class RecordingSource implements DataSource {
  readonly requests: SourceReadRequest[] = [];
  constructor(private readonly inner: DataSource) {}
  read(request: SourceReadRequest) {
    this.requests.push(request);
    return this.inner.read(request);
  }
}

describe("from() over a DataSource", () => {
  it("reads a bucket's range as one table per series with InfluxDB's columns", async () => {
    const source = new MemoryDataSource({ telegraf: cpu() });
    const out = await queryCSV(
      'from(bucket: "telegraf") |> range(start: 2020-09-13T12:26:40Z, stop: 2020-09-13T12:27:00Z) |> filter(fn: (r) => r._measurement == "cpu" and r._field == "count")',
      { source },
    );
    expect(out).toBe(
      `${csv(`#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,long,string,string,string
        #group,false,false,true,true,false,false,true,true,true
        #default,_result,,,,,,,,
        ,result,table,_start,_stop,_time,_value,_field,_measurement,host
        ,,0,2020-09-13T12:26:40Z,2020-09-13T12:27:00Z,2020-09-13T12:26:40Z,0,count,cpu,a
        ,,0,2020-09-13T12:26:40Z,2020-09-13T12:27:00Z,2020-09-13T12:26:50Z,1,count,cpu,a
        ,,1,2020-09-13T12:26:40Z,2020-09-13T12:27:00Z,2020-09-13T12:26:40Z,0,count,cpu,b
        ,,1,2020-09-13T12:26:40Z,2020-09-13T12:27:00Z,2020-09-13T12:26:50Z,1,count,cpu,b`)}\r\n`,
    );
  });

  it("aggregates per host per window over the source", async () => {
    const source = new MemoryDataSource({ telegraf: cpu() });
    await expectDocTables(
      `from(bucket: "telegraf")
  |> range(start: 2020-09-13T12:26:40Z, stop: 2020-09-13T12:27:40Z)
  |> filter(fn: (r) => r._measurement == "cpu" and r._field == "usage")
  |> aggregateWindow(every: 30s, fn: max)
  |> group(columns: ["host"])`,
      `| _start | _stop | _time | _value | _field | _measurement | *host |
       | 2020-09-13T12:26:40Z | 2020-09-13T12:27:40Z | 2020-09-13T12:27:00Z | 10 | usage | cpu | a |
       | 2020-09-13T12:26:40Z | 2020-09-13T12:27:40Z | 2020-09-13T12:27:30Z | 40 | usage | cpu | a |
       | 2020-09-13T12:26:40Z | 2020-09-13T12:27:40Z | 2020-09-13T12:27:40Z | 50 | usage | cpu | a |

       | _start | _stop | _time | _value | _field | _measurement | *host |
       | 2020-09-13T12:26:40Z | 2020-09-13T12:27:40Z | 2020-09-13T12:27:00Z | 100 | usage | cpu | b |
       | 2020-09-13T12:26:40Z | 2020-09-13T12:27:40Z | 2020-09-13T12:27:30Z | 98 | usage | cpu | b |
       | 2020-09-13T12:26:40Z | 2020-09-13T12:27:40Z | 2020-09-13T12:27:40Z | 95 | usage | cpu | b |`,
      { source },
    );
  });

  it("reads nothing until a result is iterated, and reads again for each consumer", async () => {
    const source = new RecordingSource(new MemoryDataSource({ telegraf: cpu() }));
    const { results } = execute(
      `data = from(bucket: "telegraf") |> range(start: -1h)
data |> count() |> yield(name: "n")
data |> last() |> yield(name: "last")`,
      { now: fixedNow, source },
    );
    expect(source.requests).toEqual([]);
    for (const result of results) for await (const _ of result.tables) void _;
    expect(source.requests).toEqual([
      { bucket: { name: "telegraf" }, start: fixedNow - 3600n * second, stop: fixedNow },
      { bucket: { name: "telegraf" }, start: fixedNow - 3600n * second, stop: fixedNow },
    ]);
  });

  it("requires range() after from() and a known bucket", async () => {
    const source = new MemoryDataSource({ telegraf: cpu() });
    const unbounded = await failure(() => queryTables('from(bucket: "telegraf") |> filter(fn: (r) => true)', { source }));
    expect(unbounded).toBeInstanceOf(FluxExecutionError);
    expect(unbounded.message).toBe(`runtime error @1:1-1:25: from: cannot submit unbounded read to "telegraf"; try bounding 'from' with a call to 'range'`);
    const missing = await failure(() => queryTables('from(bucket: "nope") |> range(start: -1h)', { source }));
    expect(missing.message).toBe('could not find bucket "nope"');
  });
});

describe("extern", () => {
  it("runs the UI's option v before the query", async () => {
    const source = new MemoryDataSource({ telegraf: cpu() });
    const query = `from(bucket: v.bucket)
  |> range(start: v.timeRangeStart, stop: v.timeRangeStop)
  |> filter(fn: (r) => r._measurement == "mem")
  |> aggregateWindow(every: v.windowPeriod, fn: mean, createEmpty: false)
  |> yield(name: "mean")`;
    const extern = 'option v = {bucket: "telegraf", timeRangeStart: 2020-09-13T12:26:00Z, timeRangeStop: now(), windowPeriod: 1m}';
    expect((await failure(() => execute(query))).message).toBe("error @1:14-1:15: undefined identifier v");
    await expectDocTables(
      query,
      `| *_start | *_stop | _time | _value | *_field | *_measurement | *host |
       | 2020-09-13T12:26:00Z | 2020-09-13T12:30:00Z | 2020-09-13T12:27:00Z | 50 | used | mem | a |
       | 2020-09-13T12:26:00Z | 2020-09-13T12:30:00Z | 2020-09-13T12:28:00Z | 50 | used | mem | a |`,
      { source, extern, now: 1_600_000_200n * second },
    );
  });
});

describe("errors", () => {
  it("reports parse and name errors before running, located", async () => {
    const parseError = await failure(() => execute("from(bucket: "));
    expect(parseError).toBeInstanceOf(FluxCompileError);
    expect(parseError.message).toMatch(/^error @1:\d+-1:\d+: /);
    expect((await failure(() => execute("fom(bucket: \"x\")"))).message).toBe("error @1:1-1:4: undefined identifier fom");
    expect((await failure(() => execute('import "nope"\n1'))).message).toBe('error @1:1-1:14: invalid import path nope');
  });

  it("reports type errors inside row functions at the call, while tables flow", async () => {
    const error = await failure(() => queryTables('import "sampledata"\nsampledata.int()\n  |> filter(fn: (r) => r._value > "a")'));
    expect(error).toBeInstanceOf(FluxExecutionError);
    expect(error.message).toBe("runtime error @3:6-3:39: filter: unsupported binary expression int > string");
    const missing = await failure(() => queryTables('import "sampledata"\nsampledata.int() |> mean(column: "nope")'));
    expect(missing.message).toBe('runtime error @2:21-2:41: mean: column "nope" does not exist');
  });

  it("reports bad arguments at the call", async () => {
    const error = await failure(() => execute('import "sampledata"\nsampledata.int() |> limit(n: "2")'));
    expect(error.message).toBe('error @2:21-2:34: keyword argument "n" should be of kind int, but got string');
  });
});
