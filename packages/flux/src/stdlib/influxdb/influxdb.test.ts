/** influxdata/influxdb, its schema, v1 and secrets packages, and to(), over in-memory services. */
import { describe, expect, it } from "vitest";
import { executeAsync } from "../../runtime/execute.js";
import { MemoryServices } from "../../runtime/memory-services.js";
import { MemoryDataSource, type Point } from "../../runtime/memory-source.js";
import { fixedNow } from "../../test-support/query.js";
import { expectDocTables, queryTables } from "../../test-support/tables.js";

const second = 1_000_000_000n;
const t0 = fixedNow - 3600n * second;

function setup(): { source: MemoryDataSource; services: MemoryServices } {
  const points: Point[] = [];
  for (let i = 0; i < 3; i++) {
    const time = t0 + BigInt(i) * 10n * second;
    points.push({ measurement: "cpu", tags: { host: "a", region: "eu" }, field: "usage", time, value: i * 1.5 });
    points.push({ measurement: "cpu", tags: { host: "b", region: "us" }, field: "usage", time, value: 10 + i });
    points.push({ measurement: "cpu", tags: { host: "b", region: "us" }, field: "idle", time, value: BigInt(90 - i) });
    points.push({ measurement: "mem", tags: { host: "a" }, field: "used", time, value: 50 });
  }
  const source = new MemoryDataSource({ telegraf: points, empty: [] });
  return { source, services: new MemoryServices(source, ["telegraf", "empty"], { token: "s3cret" }) };
}

function run(query: string) {
  const { source, services } = setup();
  return { source, services, options: { source, services: services.services } };
}

describe("schema", () => {
  const { options } = run("");
  const schema = 'import "influxdata/influxdb/schema"\n';
  it("measurements, tagKeys, tagValues, fieldKeys over the last 30 days", async () => {
    await expectDocTables(`${schema}schema.measurements(bucket: "telegraf")`, "| _value |\n| cpu |\n| mem |", options);
    await expectDocTables(`${schema}schema.tagKeys(bucket: "telegraf")`, "| _value |\n| _field |\n| _measurement |\n| _start |\n| _stop |\n| host |\n| region |", options);
    await expectDocTables(`${schema}schema.tagValues(bucket: "telegraf", tag: "host")`, "| _value |\n| a |\n| b |", options);
    await expectDocTables(`${schema}schema.fieldKeys(bucket: "telegraf")`, "| _value |\n| idle |\n| usage |\n| used |", options);
  });
  it("measurement-scoped functions", async () => {
    await expectDocTables(`${schema}schema.measurementTagKeys(bucket: "telegraf", measurement: "mem")`, "| _value |\n| _field |\n| _measurement |\n| _start |\n| _stop |\n| host |", options);
    await expectDocTables(`${schema}schema.measurementTagValues(bucket: "telegraf", measurement: "cpu", tag: "region")`, "| _value |\n| eu |\n| us |", options);
    await expectDocTables(`${schema}schema.measurementFieldKeys(bucket: "telegraf", measurement: "cpu")`, "| _value |\n| idle |\n| usage |", options);
  });
  it("a predicate narrows by reading the points; start excludes older data", async () => {
    await expectDocTables(`${schema}schema.tagValues(bucket: "telegraf", tag: "host", predicate: (r) => r._field == "idle")`, "| _value |\n| b |", options);
    await expectDocTables(`${schema}schema.tagKeys(bucket: "telegraf", predicate: (r) => r._measurement == "mem")`, "| _value |\n| _field |\n| _measurement |\n| _start |\n| _stop |\n| host |", options);
    const recent = await queryTables(`${schema}schema.measurements(bucket: "telegraf", start: -10m)`, options);
    expect(recent.flatMap((t) => t.rows)).toEqual([]);
  });
  it("predicates over series columns are decided per series; others read the points", async () => {
    await expectDocTables(`${schema}schema.tagValues(bucket: "telegraf", tag: "_field", predicate: (r) => true)`, "| _value |\n| idle |\n| usage |\n| used |", options);
    await expectDocTables(`${schema}schema.tagValues(bucket: "telegraf", tag: "region", predicate: (r) => r._measurement == "cpu" and r._field == "idle")`, "| _value |\n| us |", options);
    await expectDocTables(`${schema}schema.tagValues(bucket: "telegraf", tag: "host", predicate: (r) => r._field == "usage" and r._value > 5.0)`, "| _value |\n| b |", options);
    await expectDocTables(`${schema}schema.tagKeys(bucket: "telegraf", predicate: (r) => r.region =~ /^e/)`, "| _value |\n| _field |\n| _measurement |\n| _start |\n| _stop |\n| host |\n| region |", options);
  });
  it("lists values in UTF-8 byte order, as InfluxDB does, with a predicate read from the points or without", async () => {
    const points: Point[] = ["\u{1F600}", "\uFF21", "a"].map((host, i) => ({ measurement: "m", tags: { host }, field: "f", time: t0 + BigInt(i) * second, value: i }));
    const source = new MemoryDataSource({ b: points });
    const services = new MemoryServices(source, ["b"], {});
    const order = "| _value |\n| a |\n| \uFF21 |\n| \u{1F600} |";
    await expectDocTables(`${schema}schema.tagValues(bucket: "b", tag: "host")`, order, { source, services: services.services });
    await expectDocTables(`${schema}schema.tagValues(bucket: "b", tag: "host", predicate: (r) => r._value >= 0)`, order, { source, services: services.services });
  });
  it("v1 has the same functions, and fieldsAsCols pivots fields into columns", async () => {
    await expectDocTables('import "influxdata/influxdb/v1"\nv1.measurements(bucket: "telegraf")', "| _value |\n| cpu |\n| mem |", options);
    await expectDocTables(
      `${schema}from(bucket: "telegraf") |> range(start: -2h) |> filter(fn: (r) => r.host == "b") |> schema.fieldsAsCols() |> limit(n: 1) |> drop(columns: ["_start", "_stop"])`,
      `| _time | *_measurement | *host | *region | idle | usage |
       | 2020-09-13T11:26:40Z | cpu | b | us | 90 | 10 |`,
      options,
    );
  });
});

describe("influxdata/influxdb", () => {
  it("buckets() lists the readable buckets", async () => {
    const { options } = run("");
    await expectDocTables('buckets() |> keep(columns: ["name", "retentionPeriod"])', "| name | retentionPeriod |\n| telegraf | 0 |\n| empty | 0 |", options);
  });
  it("cardinality counts series in the range, with or without a predicate", async () => {
    const { options } = run("");
    const influx = 'import "influxdata/influxdb"\n';
    await expectDocTables(`${influx}influxdb.cardinality(bucket: "telegraf", start: -2h)`, "| _value |\n| 4 |", options);
    await expectDocTables(`${influx}influxdb.cardinality(bucket: "telegraf", start: -2h, predicate: (r) => r.host == "b")`, "| _value |\n| 2 |", options);
  });
  it("secrets.get reads a secret; a missing key fails", async () => {
    const { options } = run("");
    const tables = await queryTables('import "influxdata/influxdb/secrets"\nimport "array"\ns = secrets.get(key: "token")\narray.from(rows: [{v: s}])', options);
    expect(tables[0]?.rows[0]?.v).toBe("s3cret");
    await expect(executeAsync('import "influxdata/influxdb/secrets"\nx = secrets.get(key: "nope")', { now: fixedNow, ...options })).rejects.toThrow(/secret key "nope" not found/);
  });
  it("without services, schema functions and secrets fail with a clear message", async () => {
    await expect(queryTables('import "influxdata/influxdb/schema"\nschema.measurements(bucket: "x")')).rejects.toThrow(/metadata is not available/);
    await expect(queryTables('import "influxdata/influxdb/secrets"\nx = secrets.get(key: "k")')).rejects.toThrow(/secrets are not available/);
  });
});

describe("to()", () => {
  it("writes _field/_value rows with string columns as tags and passes tables through", async () => {
    const { options } = run("");
    const program = `import "array"
array.from(rows: [{_time: 2020-09-13T12:00:00Z, _measurement: "m", host: "h1", _field: "f", _value: 1.5}, {_time: 2020-09-13T12:00:10Z, _measurement: "m", host: "h1", _field: "f", _value: 2.5}])
  |> to(bucket: "empty")`;
    const passed = await queryTables(program, options);
    expect(passed[0]?.rows.length).toBe(2);
    await expectDocTables('from(bucket: "empty") |> range(start: -1h) |> drop(columns: ["_start", "_stop"])', `| _time | *_measurement | *host | *_field | _value |
       | 2020-09-13T12:00:00Z | m | h1 | f | 1.5 |
       | 2020-09-13T12:00:10Z | m | h1 | f | 2.5 |`, options);
  });
  it("fieldFn picks the fields; experimental.to writes pivoted rows", async () => {
    const { options } = run("");
    await queryTables(`import "array"
array.from(rows: [{_time: 2020-09-13T12:00:00Z, _measurement: "m", host: "h1", a: 1, b: "x"}]) |> to(bucket: "empty", fieldFn: (r) => ({a: r.a}))`, options);
    await expectDocTables('from(bucket: "empty") |> range(start: -1h) |> keep(columns: ["_field", "_value", "host", "b"])', "| *_field | _value | *host | *b |\n| a | 1 | h1 | x |", options);
    await queryTables(`import "array"
import "experimental"
array.from(rows: [{_time: 2020-09-13T12:00:00Z, _measurement: "p", host: "h2", x: 7.0, y: true}]) |> group(columns: ["_measurement", "host"]) |> experimental.to(bucket: "empty")`, options);
    await expectDocTables('from(bucket: "empty") |> range(start: -1h) |> filter(fn: (r) => r._measurement == "p") |> keep(columns: ["_field", "_value", "host"])', "| *_field | _value | *host |\n| x | 7 | h2 |\n\n| *_field | _value | *host |\n| y | true | h2 |", options);
  });
  it("fails for an unknown bucket and without a sink", async () => {
    const { options } = run("");
    await expect(queryTables('import "array"\narray.from(rows: [{_time: 2020-09-13T12:00:00Z, _measurement: "m", _field: "f", _value: 1}]) |> to(bucket: "nope")', options)).rejects.toThrow(/not found/);
    await expect(queryTables('import "array"\narray.from(rows: [{_time: 2020-09-13T12:00:00Z, _measurement: "m", _field: "f", _value: 1}]) |> to(bucket: "nope")')).rejects.toThrow(/writing is not available/);
  });
});

describe("influxdata/influxdb/tasks", () => {
  const program = 'import "influxdata/influxdb/tasks"\nimport "array"\narray.from(rows: [{v: tasks.lastSuccess(orTime: -1h)}])';
  it("lastSuccess is the last successful run, else orTime", async () => {
    expect((await queryTables(program))[0]?.rows[0]?.v).toBe("2020-09-13T11:26:40Z");
    expect((await queryTables(program, { services: { lastSuccessTime: 1_500_000_000_000_000_000n } }))[0]?.rows[0]?.v).toBe("2017-07-14T02:40:00Z");
  });
});

describe("to() batching", () => {
  it("writes many small tables in few batches and passes every table on", async () => {
    const { source, services } = setup();
    const writes: number[] = [];
    const sink = { write: async (target: Parameters<MemoryServices["write"]>[0], points: Parameters<MemoryServices["write"]>[1]) => { writes.push(points.length); await services.write(target, points); } };
    const rows = Array.from({ length: 7000 }, (_, i) => `{_time: 2020-09-13T12:00:00Z, _measurement: "m", host: "h${i}", _field: "f", _value: ${i}}`).join(", ");
    const tables = await queryTables(`import "array"\narray.from(rows: [${rows}]) |> group(columns: ["host"]) |> to(bucket: "empty")`, { source, services: { ...services.services, sink } });
    expect(tables).toHaveLength(7000);
    expect(writes).toEqual([5000, 2000]);
    const count = await queryTables('from(bucket: "empty") |> range(start: -1h) |> group() |> count()', { source });
    expect(count[0]?.rows[0]?._value).toBe("7000");
  });
});
