import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StorageEngine } from "./engine.js";
import { compareTags } from "./series-order.js";
import { bucket, collect, float, int, point, str, tempDir } from "./test-support/points.js";
import type { Batch, ReadRequest } from "./types.js";

// Series written in an order unlike their keys' (IDs follow first writes), over two shard groups.
const b = bucket("00000000000000c1", 0n, 100n);
const dir = tempDir();
let engine: StorageEngine;

beforeAll(async () => {
  engine = await StorageEngine.open({ path: dir.path });
  const points = [];
  for (let t = 0; t < 200; t += 50) {
    const at = BigInt(t);
    points.push(point("cpu", { host: "b" }, { z: float(t), b: float(t + 1) }, at));
    points.push(point("cpu", { host: "a", rack: "2" }, { z: float(t + 2), b: float(t + 3), n: int(t) }, at));
    points.push(point("cpu", { host: "a" }, { z: float(t + 4), s: str(`s${t}`) }, at));
    points.push(point("cpu", { az: "x", host: "c" }, { b: float(t + 5) }, at));
    points.push(point("aaa", { host: "z" }, { z: float(t + 6) }, at));
  }
  await engine.write(b, points);
});
afterAll(async () => {
  await engine.close();
  dir.cleanup();
});

/** Each table of the answer once, in order: `measurement,tags field`. */
const tables = (batches: Batch[]): string[] => {
  const out: string[] = [];
  for (const x of batches) {
    const id = `${x.measurement}${x.tags.map(([k, v]) => `,${k}=${v}`).join("")} ${x.field}`;
    if (out.at(-1) !== id) out.push(id);
  }
  return out;
};
const read = (r: Omit<ReadRequest, "bucket" | "start" | "stop">) => collect(engine, { bucket: b, start: 0n, stop: 200n, ...r });

/** InfluxDB's order: measurement, then series key tag by tag (fewer tags first), then field. */
const influxOrder = [
  "aaa,host=z z",
  "cpu,az=x,host=c b",
  "cpu,host=a s",
  "cpu,host=a z",
  "cpu,host=a,rack=2 b",
  "cpu,host=a,rack=2 n",
  "cpu,host=a,rack=2 z",
  "cpu,host=b b",
  "cpu,host=b z",
];
/** The tables of `got` are in InfluxDB's order (some may be missing). */
const inInfluxOrder = (got: string[]): string[] => influxOrder.filter((t) => got.includes(t));

describe("table order of a read", () => {
  it("is measurement, series key, field for raw rows, however the series were written", async () => {
    expect(tables(await read({}))).toEqual(influxOrder);
    expect(tables(await read({ descending: true, limit: 1 }))).toEqual(influxOrder);
  });

  it("is the same for aggregates read in one pass and per window", async () => {
    const numeric = influxOrder.filter((t) => !t.endsWith(" s"));
    expect(tables(await read({ aggregate: { fn: "max" } }))).toEqual(numeric);
    expect(tables(await read({ aggregate: { fn: "count", every: 50n } }))).toEqual(influxOrder);
    // More windows than a one-pass read holds: the per-window statement.
    expect(tables(await read({ aggregate: { fn: "count", every: 1n } }))).toEqual(influxOrder);
    expect(tables(await read({ aggregate: { fn: "first", every: 1n, createEmpty: true }, limit: 3 }))).toEqual(influxOrder);
  });

  it("is the same for filtered reads, with the empty tables a pivot needs in their place", async () => {
    // Series c has no z: no row passes, so it may get empty tables or none.
    const named = tables(await read({ emptySeries: true, values: { kind: "compare", field: "z", op: ">=", value: 0 } }));
    expect(named).toEqual(inInfluxOrder(named));
    expect(named.filter((t) => !t.startsWith("cpu,az=x"))).toEqual(influxOrder.filter((t) => !t.startsWith("cpu,az=x")));
    // A test of the value returned: every series keeps its tables, empty where nothing passes.
    const returned = await read({ emptySeries: true, values: { kind: "compare", op: ">", value: 150 } });
    expect(tables(returned)).toEqual(influxOrder);
    expect(returned.filter((x) => x.times.length > 0).map((x) => `${x.tags.map(([, v]) => v).join(",")} ${x.field}`)).toEqual([
      "z z",
      "x,c b",
      "a z",
      "a,2 b",
      "a,2 z",
      "b b",
    ]);
  });

  it("is the same whether the series IDs are in key order, close together or far apart", async () => {
    // "ids" gets series 1 (host=b), then "filler" 1,100 series, then "ids" series host=a and host=c;
    // "inorder" gets its series in key order.
    const other = bucket("00000000000000c2", 0n, 100n);
    const points = [point("ids", { host: "b" }, { v: float(1) }, 0n)];
    for (let i = 0; i < 1100; i++) points.push(point("filler", { n: String(i) }, { v: float(i) }, 0n));
    points.push(point("ids", { host: "c" }, { v: float(2) }, 0n), point("ids", { host: "a" }, { v: float(3) }, 0n));
    points.push(point("inorder", { host: "a" }, { v: float(4) }, 0n), point("inorder", { host: "b" }, { v: float(5) }, 0n));
    await engine.write(other, points);
    const of = (measurement: string) =>
      collect(engine, { bucket: other, start: 0n, stop: 10n, series: { kind: "measurement", match: { op: "=", value: measurement } } });
    expect(tables(await of("ids"))).toEqual(["ids,host=a v", "ids,host=b v", "ids,host=c v"]);
    expect(tables(await of("inorder"))).toEqual(["inorder,host=a v", "inorder,host=b v"]);
  });

  it("leaves grouped reads in group key order", async () => {
    const grouped = await read({ groupBy: ["host"], aggregate: { fn: "count" }, fields: ["z"] });
    expect(tables(grouped)).toEqual(["aaa,host=z z", "cpu,host=a z", "cpu,host=b z"]);
  });
});

describe("compareTags", () => {
  it("compares tag by tag, shorter tag lists first on a tie", () => {
    expect(compareTags([["host", "a"]], [["host", "a"], ["rack", "1"]])).toBeLessThan(0);
    expect(compareTags([["az", "z"]], [["host", "a"]])).toBeLessThan(0);
    expect(compareTags([["host", "a"]], [["host", "a"]])).toBe(0);
  });
});
