import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FieldValue } from "@fluxgate/line-protocol";
import { StorageEngine } from "./engine.js";
import { bucket, collect, float, int, point, rows, str, tempDir } from "./test-support/points.js";
import type { ReadRequest } from "./types.js";

const b = bucket("00000000000000ab", 0n, 100n);
const dir = tempDir();
let engine: StorageEngine;
const uint = (v: bigint): FieldValue => ({ type: "unsigned", value: v });
const bool = (v: boolean): FieldValue => ({ type: "boolean", value: v });

beforeAll(async () => {
  engine = await StorageEngine.open({ path: dir.path });
  // Three shard groups (0, 100, 200); hosts a and b in eu, c in us without a rack tag.
  const points = [];
  for (let t = 0; t < 300; t += 25) {
    points.push(point("cpu", { host: "a", region: "eu", rack: "1" }, { v: int(t), u: uint(BigInt(t)), ok: bool(t % 50 === 0) }, BigInt(t)));
    points.push(point("cpu", { host: "b", region: "eu", rack: "2" }, { v: int(t + 1), s: str(`s${t}`) }, BigInt(t)));
    points.push(point("cpu", { host: "c", region: "us" }, { v: int(-t), f: float(t / 2) }, BigInt(t)));
  }
  await engine.write(b, points);
});
afterAll(async () => {
  await engine.close();
  dir.cleanup();
});

const read = (r: Omit<ReadRequest, "bucket" | "start" | "stop"> & { start?: bigint; stop?: bigint }) =>
  collect(engine, { bucket: b, start: 0n, stop: 300n, ...r });

describe("read", () => {
  it("filters series with regex, !=, NOT and OR over tags; missing tags compare as empty", async () => {
    const hosts = async (series: ReadRequest["series"]) =>
      [...new Set((await read({ series, fields: ["v"] })).map((x) => x.tags.find(([k]) => k === "host")?.[1]))].sort();
    expect(await hosts({ kind: "tag", key: "host", match: { op: "=~", pattern: "^[ab]$" } })).toEqual(["a", "b"]);
    expect(await hosts({ kind: "tag", key: "rack", match: { op: "!=", value: "1" } })).toEqual(["b", "c"]);
    expect(await hosts({ kind: "tag", key: "rack", match: { op: "=", value: "" } })).toEqual(["c"]);
    expect(
      await hosts({
        kind: "or",
        operands: [
          { kind: "tag", key: "host", match: { op: "=", value: "a" } },
          { kind: "not", operand: { kind: "tag", key: "region", match: { op: "!~", pattern: "u" } } },
        ],
      }),
    ).toEqual(["a", "b", "c"]);
    expect(await hosts({ kind: "measurement", match: { op: "=", value: "mem" } })).toEqual([]);
  });

  it("keeps series contiguous across shard groups, times ascending or descending, with limit", async () => {
    const asc = await read({ fields: ["v"], series: { kind: "tag", key: "host", match: { op: "=", value: "a" } } });
    expect(asc.flatMap((x) => [...x.times])).toEqual(Array.from({ length: 12 }, (_, i) => BigInt(i * 25)));
    const desc = await read({ fields: ["v"], descending: true, limit: 2 });
    expect(rows(desc)).toEqual([
      "cpu,host=a,rack=1,region=eu v 275=275",
      "cpu,host=a,rack=1,region=eu v 250=250",
      "cpu,host=b,rack=2,region=eu v 275=276",
      "cpu,host=b,rack=2,region=eu v 250=251",
      "cpu,host=c,region=us v 275=-275",
      "cpu,host=c,region=us v 250=-250",
    ]);
  });

  it("applies value predicates on the returned field or on another field of the row", async () => {
    const own = await read({ fields: ["v"], values: { kind: "compare", op: "<", value: -240 } });
    expect(rows(own)).toEqual(["cpu,host=c,region=us v 250=-250", "cpu,host=c,region=us v 275=-275"]);
    const other = await read({ fields: ["v"], values: { kind: "compare", field: "f", op: ">=", value: 137.5 } });
    expect(rows(other)).toEqual(["cpu,host=c,region=us v 275=-275"]);
    const bools = await read({ fields: ["u"], values: { kind: "compare", field: "ok", op: "=", value: true }, start: 200n });
    expect(rows(bools)).toEqual(["cpu,host=a,rack=1,region=eu u 200=200", "cpu,host=a,rack=1,region=eu u 250=250"]);
  });

  it("groups raw rows by tags and orders each group by time", async () => {
    const grouped = await read({ fields: ["v"], groupBy: ["region"], start: 250n, stop: 260n });
    expect(grouped.map((x) => x.tags)).toEqual([[["region", "eu"]], [["region", "us"]]]);
    expect(rows(grouped)).toEqual(["cpu,region=eu v 250=250", "cpu,region=eu v 250=251", "cpu,region=us v 250=-250"]);
  });

  it("computes every aggregate in SQL with the right result types", async () => {
    const one = async (fn: NonNullable<ReadRequest["aggregate"]>["fn"], field = "v") =>
      read({ fields: [field], series: { kind: "tag", key: "host", match: { op: "=", value: "a" } }, aggregate: { fn, every: 100n } });
    const values = async (fn: Parameters<typeof one>[0], field?: string) => {
      const out = await one(fn, field);
      return { type: out[0]!.values.type, values: out.flatMap((x) => [...x.values.values]) };
    };
    expect(await values("count")).toEqual({ type: "integer", values: [4n, 4n, 4n] });
    expect(await values("sum")).toEqual({ type: "integer", values: [150n, 550n, 950n] });
    expect(await values("mean")).toEqual({ type: "float", values: [37.5, 137.5, 237.5] });
    expect(await values("min")).toEqual({ type: "integer", values: [0n, 100n, 200n] });
    expect(await values("max", "u")).toEqual({ type: "unsigned", values: [75n, 175n, 275n] });
    expect(await values("first")).toEqual({ type: "integer", values: [0n, 100n, 200n] });
    expect(await values("last", "ok")).toEqual({ type: "boolean", values: [false, false, false] });
    expect(await values("spread")).toEqual({ type: "integer", values: [75n, 75n, 75n] });
    expect(await values("median")).toEqual({ type: "float", values: [37.5, 137.5, 237.5] });
    const sd = await values("stddev");
    expect(sd.type).toBe("float");
    expect(sd.values[0]).toBeCloseTo(32.27486, 4);
    expect(await one("sum", "s")).toEqual([]);
    const last = await one("last");
    expect([...last[0]!.pointTimes!]).toEqual([75n, 175n, 275n]);
  });

  it("orders per-series window aggregates by series, then time, ascending or descending", async () => {
    const max = (descending: boolean) => read({ fields: ["v"], aggregate: { fn: "max", every: 100n, pointTimes: false }, descending });
    expect(rows(await max(true))).toEqual([
      "cpu,host=a,rack=1,region=eu v 200=275",
      "cpu,host=a,rack=1,region=eu v 100=175",
      "cpu,host=a,rack=1,region=eu v 0=75",
      "cpu,host=b,rack=2,region=eu v 200=276",
      "cpu,host=b,rack=2,region=eu v 100=176",
      "cpu,host=b,rack=2,region=eu v 0=76",
      "cpu,host=c,region=us v 200=-200",
      "cpu,host=c,region=us v 100=-100",
      "cpu,host=c,region=us v 0=0",
    ]);
    expect(rows(await max(false))).toEqual(rows(await max(true)).reverse().sort((x, y) => (x.split(" v ")[0]! < y.split(" v ")[0]! ? -1 : x.split(" v ")[0]! > y.split(" v ")[0]! ? 1 : 0)));
  });

  it("keeps the first `limit` windows of each series in a several-field aggregate, with and without empty windows", async () => {
    // Fields v (every host), u (host a), s and f (one host each): series lack some fields.
    const mean = (limit: number, createEmpty: boolean) =>
      read({ fields: ["v", "u", "f"], aggregate: { fn: "mean", every: 100n, createEmpty }, limit });
    expect(rows(await mean(2, false))).toEqual([
      "cpu,host=a,rack=1,region=eu u 0=37.5",
      "cpu,host=a,rack=1,region=eu u 100=137.5",
      "cpu,host=a,rack=1,region=eu v 0=37.5",
      "cpu,host=a,rack=1,region=eu v 100=137.5",
      "cpu,host=b,rack=2,region=eu v 0=38.5",
      "cpu,host=b,rack=2,region=eu v 100=138.5",
      "cpu,host=c,region=us f 0=18.75",
      "cpu,host=c,region=us f 100=68.75",
      "cpu,host=c,region=us v 0=-37.5",
      "cpu,host=c,region=us v 100=-137.5",
    ]);
    // With empty windows kept, the limit counts windows, empty or not: two windows [0, 100) and [100, 200) from start 50.
    const windows = await read({ fields: ["f"], start: 50n, aggregate: { fn: "count", every: 100n, createEmpty: true }, limit: 2 });
    expect(rows(windows)).toEqual(["cpu,host=c,region=us f 0=2", "cpu,host=c,region=us f 100=4"]);
  });

  it("aggregates groups across series with offset windows and createEmpty", async () => {
    const out = await read({
      fields: ["v"],
      groupBy: [],
      start: 0n,
      stop: 100n,
      aggregate: { fn: "count", every: 40n, offset: 10n, createEmpty: true },
      series: { kind: "tag", key: "region", match: { op: "=", value: "eu" } },
    });
    // windows start at -30, 10, 50, 90 (offset 10): points at 0 | 25 | 50, 75 | none
    expect(rows(out)).toEqual(["cpu v -30=2", "cpu v 10=2", "cpu v 50=4", "cpu v 90=0"]);
  });

  it("answers metadata under a time range and predicate", async () => {
    const scope = { bucket: b, start: 0n, stop: 300n };
    expect(await engine.tagKeys(scope)).toEqual(["host", "rack", "region"]);
    expect(await engine.tagValues({ ...scope, key: "host", series: { kind: "tag", key: "region", match: { op: "=", value: "eu" } } })).toEqual(["a", "b"]);
    expect((await engine.fieldKeys(scope)).map((f) => `${f.field}:${f.type}`)).toEqual(["f:float", "ok:boolean", "s:string", "u:unsigned", "v:integer"]);
    expect(await engine.seriesCardinality({ ...scope, series: { kind: "tag", key: "rack", match: { op: "=~", pattern: "." } } })).toBe(2);
  });
});
