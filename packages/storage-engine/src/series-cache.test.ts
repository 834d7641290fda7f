import type { FieldValue, Point } from "@fluxgate/line-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StorageEngine } from "./engine.js";
import { bucket, collect, float, int, point, str, tempDir } from "./test-support/points.js";
import type { Batch, DeleteRequest, ReadRequest, ValueLiteral, ValuePredicate, WindowAggregate } from "./types.js";

// Two shards of 1,000 ns; four hosts; a float (one NaN) and an integer field on every point, a
// string on every other one, a boolean on every third, an unsigned field in the second shard only.
const b = bucket("00000000000000ca", 0n, 1000n);
const HOSTS = 4;
const dirs = { cached: tempDir(), plain: tempDir() };
/** The same data in an engine with the series cache and one without: every answer must match. */
let cached: StorageEngine;
let plain: StorageEngine;

function points(): Point[] {
  const out: Point[] = [];
  for (let t = 0; t < 2000; t += 50) {
    for (let h = 0; h < HOSTS; h++) {
      const fields: Record<string, FieldValue> = { f: float(h === 2 && t === 450 ? Number.NaN : ((t / 50) * (h + 1)) % 7), i: int(((t / 50) * 3 + h) % 5) };
      if (t % 100 === 0) fields["s"] = str(`s${(t / 50 + h) % 3}`);
      if (t % 150 === 0) fields["ok"] = { type: "boolean", value: (t / 150 + h) % 2 === 0 };
      if (t >= 1000) fields["u"] = { type: "unsigned", value: BigInt((t / 50) % 4) };
      out.push(point("cpu", { host: `h${h}` }, fields, BigInt(t)));
    }
  }
  return out;
}

/** Applies the same change to both engines. */
async function both(change: (engine: StorageEngine) => Promise<unknown>): Promise<void> {
  await change(cached);
  await change(plain);
}

beforeAll(async () => {
  cached = await StorageEngine.open({ path: dirs.cached.path });
  plain = await StorageEngine.open({ path: dirs.plain.path, readCacheBytes: 0 });
  await both((e) => e.write(b, points()));
  await both((e) => e.compact(undefined, { all: true }));
});
afterAll(async () => {
  await cached.close();
  await plain.close();
  dirs.cached.cleanup();
  dirs.plain.cleanup();
});

const describeBatches = (batches: Batch[]) =>
  batches.map((x) => ({
    id: `${x.measurement} ${x.tags.map(([k, v]) => `${k}=${v}`).join(",")} ${x.field} ${x.values.type}`,
    times: [...x.times].map(String),
    values: [...x.values.values].map((v, i) => (x.nulls?.[i] === 1 ? "null" : String(v))),
    pointTimes: x.pointTimes === undefined ? undefined : [...x.pointTimes].map(String),
  }));

const hosts = (pattern: string): ReadRequest["series"] => ({ kind: "tag", key: "host", match: { op: "=~", pattern } });

/** Small window reads of every selector and shape, over one shard, both, and part of each. */
function requests(): ReadRequest[] {
  const out: ReadRequest[] = [];
  const shapes: Array<Omit<WindowAggregate, "fn">> = [{ every: 300n }, { every: 250n, offset: 70n, createEmpty: true }, {}];
  const ranges: Array<[bigint, bigint]> = [
    [0n, 1000n],
    [20n, 1990n],
    [1400n, 1460n],
  ];
  for (const fn of ["count", "min", "max", "first", "last"] as const) {
    for (const shape of shapes) {
      for (const [start, stop] of ranges) {
        for (const series of [hosts("^h1$"), hosts("^h[02]$")]) {
          const fields = fn === "min" || fn === "max" ? ["f", "i", "u"] : undefined;
          out.push({ bucket: b, start, stop, series, ...(fields === undefined ? {} : { fields }), aggregate: { fn, ...shape }, descending: fn === "last" });
        }
      }
    }
  }
  return out;
}

async function expectSameAnswers(label: string): Promise<number> {
  let compared = 0;
  for (const request of requests()) {
    const text = `${label}: ${JSON.stringify(request, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v))}`;
    const want = describeBatches(await collect(plain, request));
    expect(describeBatches(await collect(cached, request)), text).toEqual(want);
    compared++;
  }
  return compared;
}

describe("series cache", () => {
  it("answers small window reads of compacted shards from memory, as DuckDB does", async () => {
    const before = { ...cached.seriesCache.stats };
    expect(await expectSameAnswers("first pass")).toBe(90);
    const filled = cached.seriesCache.stats.fills - before.fills;
    // Each (shard, series) is read from DuckDB once: 2 shards × 3 hosts.
    expect(filled).toBe(6);
    expect(await expectSameAnswers("second pass")).toBe(90);
    expect(cached.seriesCache.stats.fills - before.fills).toBe(filled);
    expect(cached.seriesCache.stats.hits - before.hits).toBeGreaterThan(150);
    expect(cached.seriesCache.bytes).toBeGreaterThan(0);
    // The engine without a cache never uses one.
    expect(plain.seriesCache.stats).toEqual({ hits: 0, fills: 0, statements: 0 });
  });

  it("never answers from rows a write or a delete has changed, and is refilled after compaction", async () => {
    await expectSameAnswers("warm");
    // A new largest value and an overwrite (the shard then needs dedup) in the first shard.
    await both((e) => e.write(b, [point("cpu", { host: "h1" }, { f: float(100) }, 420n), point("cpu", { host: "h2" }, { i: int(-9) }, 500n)]));
    await expectSameAnswers("after writes");
    const max = await collect(cached, { bucket: b, start: 0n, stop: 1000n, series: hosts("^h1$"), fields: ["f"], aggregate: { fn: "max" } });
    expect([...max[0]!.values.values]).toEqual([100]);
    await both((e) => e.compact(undefined, { all: true }));
    const fills = cached.seriesCache.stats.fills;
    await expectSameAnswers("compacted again");
    expect(cached.seriesCache.stats.fills).toBeGreaterThan(fills);
    const deletion: DeleteRequest = { start: 400n, stop: 1600n, measurement: "cpu", tags: [["host", "h1"]] };
    await both((e) => e.deleteRange(b, deletion));
    await expectSameAnswers("after a delete");
    const left = await collect(cached, { bucket: b, start: 0n, stop: 2000n, series: hosts("^h1$"), fields: ["f"], aggregate: { fn: "count" } });
    // 40 points, less the 25 of [400, 1600] (the write at 420 among them).
    expect([...left[0]!.values.values]).toEqual([15n]);
  });

  it("filters raw rows of few series from memory exactly as DuckDB does", async () => {
    await both((e) => e.compact(undefined, { all: true }));
    const cmp = (field: string, op: "=" | "!=" | "<" | "<=" | ">" | ">=", value: ValueLiteral): ValuePredicate => ({ kind: "compare", field, op, value });
    const filters: ValuePredicate[] = [
      cmp("f", ">", 3),
      cmp("f", ">=", 6), // NaN is above every number in DuckDB: h2's NaN passes
      cmp("f", "<", 2),
      cmp("f", "=", 4n),
      cmp("i", "!=", 2n),
      cmp("i", "<=", 1.5),
      cmp("u", ">", 1n), // the first shard has no `u`: nothing passes there
      cmp("s", "=", "s1"),
      cmp("s", "!=", "s1"), // rows without `s` are unknown, so they fail
      cmp("s", "<", "s2"), // string order: left to DuckDB
      cmp("ok", "=", true),
      cmp("f", ">", 2n ** 60n), // a huge integer against floats: left to DuckDB
      cmp("nope", "=", 1),
      cmp("s", ">", 1), // a number against a string column: false
      { kind: "and", operands: [cmp("f", ">", 1), cmp("i", "=", 2n)] },
      { kind: "or", operands: [cmp("s", "=", "s0"), cmp("ok", "=", false)] },
      { kind: "and", operands: [] },
      { kind: "or", operands: [] },
    ];
    const hits = cached.seriesCache.stats.hits;
    for (const values of filters) {
      for (const series of [hosts("^h2$"), hosts("^h[013]$")]) {
        for (const emptySeries of [false, true]) {
          for (const [start, stop] of [
            [0n, 2000n],
            [420n, 1480n],
          ] as const) {
            const request: ReadRequest = { bucket: b, start, stop, series, values, ...(emptySeries ? { emptySeries } : {}) };
            const text = JSON.stringify(request, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v));
            expect(describeBatches(await collect(cached, request)), text).toEqual(describeBatches(await collect(plain, request)));
          }
        }
      }
    }
    expect(cached.seriesCache.stats.hits - hits).toBeGreaterThan(100);
  });

  it("keeps within its byte budget, evicting the least recently used, and answers alike", async () => {
    const dirSmall = tempDir();
    const dirReference = tempDir();
    // One (shard, series) entry of `f` is ~20 rows × 16 bytes + overhead: a few fit, not all 8.
    const budget = 1500;
    const small = await StorageEngine.open({ path: dirSmall.path, readCacheBytes: budget });
    const reference = await StorageEngine.open({ path: dirReference.path, readCacheBytes: 0 });
    try {
      for (const e of [small, reference]) {
        await e.write(b, points());
        await e.compact(undefined, { all: true });
      }
      for (let round = 0; round < 2; round++) {
        for (let h = 0; h < HOSTS; h++) {
          const request: ReadRequest = { bucket: b, start: 0n, stop: 2000n, series: hosts(`^h${h}$`), fields: ["f"], aggregate: { fn: "max", every: 500n } };
          expect(describeBatches(await collect(small, request))).toEqual(describeBatches(await collect(reference, request)));
          expect(small.seriesCache.bytes).toBeLessThanOrEqual(budget);
          expect(small.seriesCache.bytes).toBeGreaterThan(0);
        }
      }
      // Eight entries read twice in turn through a budget that holds fewer: each read refills.
      expect(small.seriesCache.stats.fills).toBe(16);
      // Rows over a quarter of the budget in one read are not kept, and not read for it again.
      const statements = small.seriesCache.stats.statements;
      for (let round = 0; round < 3; round++) {
        const request: ReadRequest = { bucket: b, start: 0n, stop: 2000n, series: hosts("^h[0-3]$"), fields: ["f"], aggregate: { fn: "max", every: 500n } };
        expect(describeBatches(await collect(small, request))).toEqual(describeBatches(await collect(reference, request)));
      }
      expect(small.seriesCache.stats.statements - statements).toBe(1);
      expect(small.seriesCache.stats.fills).toBe(16);
    } finally {
      await small.close();
      await reference.close();
      dirSmall.cleanup();
      dirReference.cleanup();
    }
  });
});
