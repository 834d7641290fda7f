import { readdirSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StorageEngine } from "./engine.js";
import { ROLLUP_NS } from "./maintenance.js";
import { MIN_ROLLUP_BUCKETS, rollupWorthIt } from "./rollup-read.js";
import { bucket, collect, float, int, point, str, tempDir } from "./test-support/points.js";
import type { Batch, BucketInfo, ReadRequest, WindowAggregate } from "./types.js";

const S = 1_000_000_000n;
const MIN = 60n * S;
const HOUR = 60n * MIN;
/** 2024-01-01T00:00:00Z */
const T0 = 1_704_067_200n * S;
const b = bucket("00000000000000a1", 0n, 4n * HOUR);
const dir = tempDir();
let engine: StorageEngine;

/** 4 hosts, a point every 10 s from 20 minutes before T0 to 3 h after; `i` on 6 points of 7, a string field on some. */
function data(b0: BucketInfo, from: bigint, to: bigint) {
  const points = [];
  for (let t = from; t < to; t += 10n * S) {
    const k = Number((t - from) / (10n * S));
    for (let h = 0; h < 4; h++) {
      const fields = {
        f: float(((k * 37 + h * 11) % 101) / 7 - 3),
        ...(k % 7 === 3 ? {} : { i: int(((k * 13 + h) % 50) - 20) }),
        u: { type: "unsigned" as const, value: BigInt((k + h) % 9) },
        ...(k % 5 === 0 ? { s: str(`v${k % 3}`) } : {}),
      };
      points.push(point("cpu", { host: `h${h}` }, fields, t));
    }
  }
  return engine.write(b0, points);
}

function numbers(batches: Batch[]): Array<{ id: string; times: string[]; values: number[]; nulls: number[] }> {
  return batches.map((x) => ({
    id: `${x.measurement} ${x.tags.map(([k, v]) => `${k}=${v}`).join(",")} ${x.field} ${x.values.type}`,
    times: [...x.times].map(String),
    values: Array.from(x.values.values as ArrayLike<number | bigint>, Number),
    nulls: [...(x.nulls ?? [])],
  }));
}

function expectClose(actual: ReturnType<typeof numbers>, expected: ReturnType<typeof numbers>, what: string): void {
  expect(actual.map(({ values, ...rest }) => rest), what).toEqual(expected.map(({ values, ...rest }) => rest));
  actual.forEach((batch, i) => {
    batch.values.forEach((v, j) => {
      const want = expected[i]!.values[j]!;
      expect(Math.abs(v - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${what}: ${batch.id} row ${j}: ${v} vs ${want}`).toBe(true);
    });
  });
}

const ranges: Array<[string, bigint, bigint]> = [
  ["whole buckets", T0, T0 + 2n * HOUR],
  ["ragged ends", T0 + 7n * MIN + 13n * S, T0 + 2n * HOUR + 41n * MIN],
  ["before and after 1970", -15n * MIN - 20n * S, 3n * MIN],
  ["inside one bucket", T0 + 21n * MIN, T0 + 28n * MIN],
];
const windows: Array<Omit<WindowAggregate, "fn"> & Pick<ReadRequest, "groupBy" | "descending" | "limit">> = [
  { every: HOUR },
  { every: 30n * MIN, offset: 10n * MIN, createEmpty: true },
  { every: 20n * MIN, offset: -10n * MIN, descending: true, limit: 3 },
  {},
  { every: HOUR, groupBy: [] },
  { every: 30n * MIN, groupBy: ["host"] },
  // Not a multiple of the rollup bucket: read from points whatever the shard holds.
  { every: 7n * MIN },
];
const fns = ["count", "sum", "mean", "min", "max"] as const;

function requests(): Array<{ what: string; request: ReadRequest }> {
  const out = [];
  for (const [name, start, stop] of ranges) {
    for (const fn of fns) {
      for (const { groupBy, descending, limit, ...window } of windows) {
        const aggregate: WindowAggregate = { fn, ...window, ...(fn === "min" || fn === "max" ? { pointTimes: false } : {}) };
        const request: ReadRequest = { bucket: b, start, stop, aggregate, ...(groupBy ? { groupBy } : {}), ...(descending ? { descending } : {}), ...(limit ? { limit } : {}) };
        out.push({ what: `${name} ${JSON.stringify(request, (_, v) => (typeof v === "bigint" ? String(v) : v))}`, request });
      }
    }
  }
  return out;
}

async function answers(): Promise<Map<string, ReturnType<typeof numbers>>> {
  const out = new Map<string, ReturnType<typeof numbers>>();
  for (const { what, request } of requests()) out.set(what, numbers(await collect(engine, request)));
  return out;
}

/** Runs SQL on every shard file of the bucket, with the engine closed, then opens it again. */
async function onShardFiles(sql: (alias: string) => string[]): Promise<unknown[][]> {
  await engine.close();
  const folder = join(dir.path, b.id);
  const rows: unknown[][] = [];
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  for (const file of readdirSync(folder).filter((f) => f.endsWith(".duckdb"))) {
    await conn.run(`ATTACH '${join(folder, file)}' AS f`);
    for (const statement of sql("f")) rows.push(...(await conn.runAndReadAll(statement)).getRows());
    await conn.run("DETACH f");
  }
  conn.closeSync();
  instance.closeSync();
  engine = await StorageEngine.open({ path: dir.path, rollupMinBuckets: 0n });
  return rows;
}

beforeAll(async () => {
  // Rollups wherever they answer: these reads are far smaller than those they pay for.
  engine = await StorageEngine.open({ path: dir.path, rollupMinBuckets: 0n });
  await data(b, -20n * MIN, 5n * MIN);
  await data(b, T0, T0 + 3n * HOUR);
});
afterAll(async () => {
  await engine.close();
  dir.cleanup();
});

describe("when a read takes rollups", () => {
  it("from enough series × whole buckets, across shards", () => {
    const span = (buckets: bigint) => ({ rollup: { table: "r0", every: ROLLUP_NS }, start: 0n, stop: buckets * ROLLUP_NS });
    expect(rollupWorthIt(1, [span(72n)], MIN_ROLLUP_BUCKETS)).toBe(false);
    expect(rollupWorthIt(100, [span(72n)], MIN_ROLLUP_BUCKETS)).toBe(true);
    expect(rollupWorthIt(20, [span(60n), undefined, span(40n)], MIN_ROLLUP_BUCKETS)).toBe(true);
    expect(rollupWorthIt(20, [span(60n), undefined, span(39n)], MIN_ROLLUP_BUCKETS)).toBe(false);
    expect(rollupWorthIt(1, [undefined], 0n)).toBe(false);
    expect(rollupWorthIt(1, [span(1n)], 0n)).toBe(true);
  });
});

describe("window aggregates from compaction's rollups", () => {
  let before: Map<string, ReturnType<typeof numbers>>;

  it("give the answers the points give, for every combining function, window, range and grouping", async () => {
    before = await answers();
    // Window starts fall on offset + k·every, before the range's start (1970 included) or after.
    for (const [what, batches] of before) {
      const request = requests().find((r) => r.what === what)!.request;
      const { every, offset = 0n } = request.aggregate!;
      const times = batches.flatMap((x) => x.times.map(BigInt));
      if (every !== undefined) for (const t of times) expect((((t - offset) % every) + every) % every, what).toBe(0n);
      else for (const t of times) expect(t, what).toBe(request.start);
    }
    await engine.compact(b.id, { all: true });
    const kinds = await onShardFiles((f) => [`SELECT count(*) FROM ${f}._schema WHERE kind = 'rollup'`]);
    expect(kinds.map(([n]) => Number(n))).toEqual([1, 1, 1]);
    const after = await answers();
    expect(after.size).toBe(before.size);
    for (const [what, expected] of before) expectClose(after.get(what)!, expected, what);
  });

  it("are what the read uses where whole buckets lie in the range, and are dropped by a write or delete", async () => {
    // Skew each bucket's rollup: a read that uses it answers differently from the points.
    await onShardFiles((f) => [`UPDATE ${f}.r0 SET ${["c", "s", "lo", "hi"].map((s) => `${s}0 = ${s}0 + 1000`).join(", ")}`]);
    const mean = (start: bigint, stop: bigint): ReadRequest => ({ bucket: b, start, stop, fields: ["f"], aggregate: { fn: "mean", every: HOUR } });
    const [name, start, stop] = ranges[0]!;
    const skewed = numbers(await collect(engine, mean(start, stop)));
    const truth = before.get(requests().find((r) => r.what.startsWith(name) && r.request.aggregate!.fn === "mean")!.what)!.filter((x) => x.id.includes(" f "));
    expect(skewed.map((x) => x.values)).not.toEqual(truth.map((x) => x.values));
    // Inside one bucket only the points answer.
    const inside = requests().find((r) => r.what.startsWith("inside one bucket") && r.request.aggregate!.fn === "max" && r.request.aggregate!.every === HOUR)!;
    expectClose(numbers(await collect(engine, inside.request)), before.get(inside.what)!, "inside one bucket");

    // A write after compaction: the rollups no longer describe the shard.
    await engine.write(b, [point("cpu", { host: "h9" }, { f: float(1) }, T0 + 5n * MIN)]);
    const written = numbers(await collect(engine, { ...mean(start, stop), series: { kind: "tag", key: "host", match: { op: "=", value: "h0" } } }));
    expectClose(written, truth.filter((x) => x.id.includes("host=h0")), "after a write");
  });

  it("are dropped by a delete too", async () => {
    await engine.compact(b.id, { all: true });
    await onShardFiles((f) => [`UPDATE ${f}.r0 SET s0 = s0 + 1000`]);
    const request: ReadRequest = { bucket: b, start: T0, stop: T0 + 2n * HOUR, fields: ["f"], aggregate: { fn: "sum", every: HOUR }, series: { kind: "tag", key: "host", match: { op: "=", value: "h1" } } };
    const skewed = numbers(await collect(engine, request));
    await engine.deleteRange(b, { start: T0 + 3n * HOUR, stop: T0 + 4n * HOUR, measurement: "cpu" });
    const fixed = numbers(await collect(engine, request));
    expect(fixed[0]!.values[0]).toBeCloseTo(skewed[0]!.values[0]! - 6000, 6);
  });

  it("are made for a file compacted before compaction made them, by the background compaction", async () => {
    await engine.compact(b.id, { all: true });
    // As an earlier version left the file: compacted, without rollups or their mark.
    await onShardFiles((f) => [`DROP TABLE ${f}.r0`, `DELETE FROM ${f}._schema WHERE kind IN ('rollup', 'rollups')`]);
    await engine.compact(b.id, { coldForMs: 0 });
    const kinds = await onShardFiles((f) => [`SELECT count(*) FROM ${f}._schema WHERE kind = 'rollup'`]);
    expect(kinds.map(([n]) => Number(n))).toEqual([1, 1, 1]);
  });

  it("are not made for sparse series", async () => {
    const sparse = bucket("00000000000000a2", 0n, 24n * HOUR);
    await engine.write(sparse, Array.from({ length: 24 }, (_, h) => point("cpu", { host: "a" }, { f: float(h) }, T0 + BigInt(h) * HOUR)));
    await engine.compact(sparse.id, { all: true });
    await engine.close();
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    const folder = join(dir.path, sparse.id);
    const file = readdirSync(folder).find((f) => f.endsWith(".duckdb"))!;
    await conn.run(`ATTACH '${join(folder, file)}' AS f`);
    const rows = (await conn.runAndReadAll(`SELECT count(*) FROM f._schema WHERE kind = 'rollup'`)).getRows();
    conn.closeSync();
    instance.closeSync();
    engine = await StorageEngine.open({ path: dir.path, rollupMinBuckets: 0n });
    expect(Number(rows[0]![0])).toBe(0);
    expect(ROLLUP_NS % MIN).toBe(0n);
  });
});
