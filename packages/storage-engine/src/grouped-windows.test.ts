import { type Point, compareText } from "@fluxgate/line-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StorageEngine } from "./engine.js";
import { MAX_SMALL_GROUPED_SERIES, combinesAcrossSeries, groupedRows } from "./grouped-windows.js";
import { type RowChunk, windowsSmall } from "./small-aggregate.js";
import { bucket, collect, float, int, point, tempDir } from "./test-support/points.js";
import type { AggregateFn, Batch, FieldType, ReadRequest } from "./types.js";

// Two shards of 1,000 ns. `engine` has the series cache, `plain` the same data without it.
const b = bucket("00000000000000e1", 0n, 1000n);
const dir = tempDir();
const plainDir = tempDir();
let engine: StorageEngine;
let plain: StorageEngine;
// More series than are ever combined here: the engine's grouped reads of all of them are DuckDB's.
const HOSTS = MAX_SMALL_GROUPED_SERIES + 3;
const fields = ["f", "i"] as const;
const types: FieldType[] = ["float", "integer"];

/** The test's points, written alike into every engine. */
async function collectPoints(): Promise<Point[]> {
  const points: Point[] = [];
  for (let t = 0; t < 2000; t += 50) {
    for (let h = 0; h < HOSTS; h++) {
      // Few distinct values (ties across series), a NaN, missing values, hosts without a rack (a
      // NULL group key) and racks named so that UTF-16 and byte order differ.
      const f = h === 2 && t === 450 ? Number.NaN : ((t / 50) * (h + 1)) % 5;
      const values = { ...(h === 4 && t % 200 === 0 ? {} : { f: float(f) }), ...(h % 3 === 1 ? {} : { i: int(((t / 50) * 7 + h) % 4) }) };
      const rack: Record<string, string> = h % 4 === 0 ? {} : { rack: ["r\u{1F600}", "r\uFF5E", "ra"][h % 3]! };
      points.push(point("cpu", { host: `h${h}`, ...rack }, values, BigInt(t)));
    }
  }
  return points;
}

beforeAll(async () => {
  engine = await StorageEngine.open({ path: dir.path });
  const points = await collectPoints();
  plain = await StorageEngine.open({ path: plainDir.path, readCacheBytes: 0 });
  for (const e of [engine, plain]) {
    await e.write(b, points);
    await e.compact(b.id, { all: true });
  }
});
afterAll(async () => {
  await engine.close();
  await plain.close();
  dir.cleanup();
  plainDir.cleanup();
});

/** The raw rows of `request`'s range as small-aggregate's row chunks (one per series and field), and each series' tags by the ID given here. */
async function rawChunks(request: ReadRequest): Promise<{ chunks: RowChunk[]; tagsOf: Map<number, Batch["tags"]> }> {
  const ids = new Map<string, number>();
  const tagsOf = new Map<number, Batch["tags"]>();
  const chunks: RowChunk[] = [];
  for (const batch of await collect(engine, { bucket: b, start: request.start, stop: request.stop })) {
    const key = JSON.stringify(batch.tags);
    let id = ids.get(key);
    if (id === undefined) {
      ids.set(key, (id = ids.size + 1));
      tagsOf.set(id, batch.tags);
    }
    const n = batch.times.length;
    const unit = fields.indexOf(batch.field as (typeof fields)[number]);
    chunks.push({
      ids: new Int32Array(n).fill(id),
      times: batch.times,
      values: types.map((type, i) =>
        i === unit ? { values: batch.values.values, nulls: batch.nulls } : { values: type === "float" ? new Float64Array(n) : new BigInt64Array(n), nulls: new Uint8Array(n).fill(1) },
      ),
    });
  }
  return { chunks, tagsOf };
}

/** Rows of {@link groupedRows} as the grouped read's batches would carry them: per group and unit, the windows with values. */
function rowsAsGroups(rows: unknown[][], groupBy: readonly string[]): string[] {
  const keys = groupBy.length === 0 ? 1 : groupBy.length;
  const out: string[] = [];
  fields.forEach((field, i) => {
    let current = "";
    let cells: string[] = [];
    const flush = () => {
      if (cells.length > 0) out.push(`${current} ${field}: ${cells.join(" ")}`);
      cells = [];
    };
    for (const row of rows) {
      // A batch's tags: the group's non-NULL keys, by key.
      const tags = groupBy.flatMap((k, g) => (row[g] === null ? [] : [[k, String(row[g])] as const])).sort(([x], [y]) => compareText(x, y));
      const key = tags.map(([k, v]) => `${k}=${v}`).join(",");
      if (key !== current) flush();
      current = key;
      const n = row[keys + 1 + 2 * i] as bigint;
      if (n > 0n) cells.push(`${String(row[keys])}=${String(row[keys + 2 + 2 * i])}`);
    }
    flush();
  });
  return out;
}

function batchesAsGroups(batches: Batch[]): string[] {
  const out: string[] = [];
  for (const field of fields) {
    for (const x of batches.filter((y) => y.field === field)) {
      out.push(`${x.tags.map(([k, v]) => `${k}=${v}`).join(",")} ${field}: ${[...x.times].map((t, i) => `${t}=${String(x.values.values[i])}`).join(" ")}`);
    }
  }
  return out;
}

describe("grouped windows combined across series", () => {
  it("give what DuckDB's grouped aggregate gives, groups and windows in its order", async () => {
    let compared = 0;
    for (const fn of ["count", "min", "max"] as const) {
      for (const groupBy of [[], ["rack"], ["rack", "host"]]) {
        for (const descending of [false, true]) {
          for (const window of [{ every: 300n }, { every: 200n, offset: 70n }, {}]) {
            const request: ReadRequest = { bucket: b, start: 20n, stop: 1990n, fields: [...fields], groupBy, aggregate: { fn, pointTimes: false, ...window }, descending };
            const { chunks, tagsOf } = await rawChunks(request);
            expect(combinesAcrossSeries(request, types)).toBe(true);
            const keyOf = (id: number): unknown[] =>
              groupBy.length === 0 ? [0] : groupBy.map((key) => tagsOf.get(id)!.find(([k]) => k === key)?.[1] ?? null);
            const rows = groupedRows(windowsSmall(chunks, request, types), request, keyOf)!;
            const label = JSON.stringify({ fn, groupBy, descending, window }, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v));
            expect(rowsAsGroups(rows, groupBy), label).toEqual(batchesAsGroups(await collect(engine, request)));
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(54);
  });

  it("order group keys NULL first, then by UTF-8 bytes", async () => {
    const request: ReadRequest = { bucket: b, start: 0n, stop: 2000n, fields: [...fields], groupBy: ["rack"], aggregate: { fn: "count", pointTimes: false } };
    const { chunks, tagsOf } = await rawChunks(request);
    const rows = groupedRows(windowsSmall(chunks, request, types), request, (id) => [tagsOf.get(id)!.find(([k]) => k === "rack")?.[1] ?? null])!;
    const keys = rows.map((r) => r[0]);
    expect(keys).toEqual([null, "ra", "r\uFF5E", "r\u{1F600}"]);
    expect([...keys.slice(1)].sort((x, y) => compareText(x as string, y as string))).toEqual(keys.slice(1));
  });

  it("give up when a series' group key is unknown", async () => {
    const request: ReadRequest = { bucket: b, start: 0n, stop: 2000n, fields: [...fields], groupBy: ["rack"], aggregate: { fn: "max", pointTimes: false } };
    const { chunks } = await rawChunks(request);
    expect(groupedRows(windowsSmall(chunks, request, types), request, (id) => (id === 3 ? undefined : ["x"]))).toBeUndefined();
  });

  it("give up on aggregates that depend on the order series are met in", async () => {
    const request: ReadRequest = { bucket: b, start: 0n, stop: 2000n, fields: [...fields], groupBy: [], aggregate: { fn: "max", every: 500n, pointTimes: false } };
    const { chunks } = await rawChunks(request);
    expect(groupedRows(windowsSmall(chunks, request, types), request, () => [0])).toHaveLength(4);
    for (const aggregate of [{ fn: "max", every: 500n }, { fn: "first", every: 500n, pointTimes: false }] as const) {
      const other = { ...request, aggregate };
      expect(groupedRows(windowsSmall(chunks, other, types), other, () => [0]), aggregate.fn).toBeUndefined();
    }
  });

  it("are taken only for aggregates whose answer does not depend on the order series are met in", () => {
    const request = (fn: AggregateFn, pointTimes?: boolean, groupBy: readonly string[] | "none" = []): ReadRequest => ({
      bucket: b,
      start: 0n,
      stop: 10n,
      ...(groupBy === "none" ? {} : { groupBy }),
      aggregate: { fn, every: 5n, ...(pointTimes === undefined ? {} : { pointTimes }) },
    });
    expect(combinesAcrossSeries(request("count"), ["string"])).toBe(true);
    expect(combinesAcrossSeries(request("max", false), ["float", "integer", "unsigned"])).toBe(true);
    expect(combinesAcrossSeries(request("min", false, ["host"]), ["float"])).toBe(true);
    // The selected point's time: equal times of two series tie.
    expect(combinesAcrossSeries(request("max"), ["float"])).toBe(false);
    expect(combinesAcrossSeries(request("min", true), ["float"])).toBe(false);
    expect(combinesAcrossSeries(request("max", false), ["string"])).toBe(false);
    for (const fn of ["first", "last", "sum", "mean", "spread", "stddev", "median"] as const) expect(combinesAcrossSeries(request(fn, false), ["float"]), fn).toBe(false);
    // Per-series reads are not grouped.
    expect(combinesAcrossSeries(request("max", false, "none"), ["float"])).toBe(false);
  });
  it("answer a grouped read of several series alike with the series cache and without it (DuckDB)", async () => {
    const batchText = (batches: Batch[]) =>
      batches.map((x) => `${x.tags.map(([k, v]) => `${k}=${v}`).join(",")} ${x.field}: ${[...x.times].map((t, i) => `${t}=${x.nulls?.[i] === 1 ? "null" : String(x.values.values[i])}${x.pointTimes === undefined ? "" : `@${x.pointTimes[i]}`}`).join(" ")}`);
    let compared = 0;
    // 11 series (h1, h10-h19) and MAX_SMALL_GROUPED_SERIES of them (h0-h127).
    for (const pattern of ["^h1\\d?$", `^h(\\d|\\d\\d|1[01]\\d|12[0-7])$`]) {
      const series = { kind: "tag", key: "host", match: { op: "=~", pattern } } as const;
      // count, min and max without point times combine across series; max with them and mean do not.
      for (const aggregate of [{ fn: "count" }, { fn: "min", pointTimes: false }, { fn: "max", pointTimes: false }, { fn: "max" }, { fn: "mean" }] as const) {
        for (const groupBy of [[], ["rack"]]) {
          for (const shape of [{ every: 300n }, { every: 200n, offset: 70n, createEmpty: true }, {}] as const) {
            for (const extra of [{}, { descending: true, limit: 2 }] as const) {
              const request: ReadRequest = { bucket: b, start: 20n, stop: 1990n, series, fields: [...fields], groupBy, aggregate: { ...aggregate, ...shape }, ...extra };
              const label = JSON.stringify(request, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v));
              const want = batchText(await collect(plain, request));
              expect(want.length, label).toBeGreaterThan(0);
              expect(batchText(await collect(engine, request)), label).toEqual(want);
              compared++;
            }
          }
        }
      }
    }
    expect(compared).toBe(120);
  });
  it("leave the series cache usable for each series when many of them together go over its budget", async () => {
    // A quarter of 64 KiB holds one host's rows of a shard (20 rows of f and i), not 128 hosts'.
    const tightDir = tempDir();
    const tight = await StorageEngine.open({ path: tightDir.path, readCacheBytes: 64 * 1024 });
    try {
      await tight.write(b, await collectPoints());
      await tight.compact(b.id, { all: true });
      const many: ReadRequest = {
        bucket: b,
        start: 20n,
        stop: 1990n,
        series: { kind: "tag", key: "host", match: { op: "=~", pattern: `^h(\\d|\\d\\d|1[01]\\d|12[0-7])$` } },
        fields: [...fields],
        groupBy: [],
        aggregate: { fn: "max", every: 300n, pointTimes: false },
      };
      const want = batchesAsGroups(await collect(plain, many));
      expect(batchesAsGroups(await collect(tight, many))).toEqual(want);
      // Asked again, the set known to be over the budget costs no statement.
      const statements = tight.seriesCache.stats.statements;
      expect(batchesAsGroups(await collect(tight, many))).toEqual(want);
      expect(tight.seriesCache.stats.statements).toBe(statements);
      // One host of that set is still read into the cache (not marked as too large).
      const fills = tight.seriesCache.stats.fills;
      const { groupBy: _, ...perSeries } = many;
      const one: ReadRequest = { ...perSeries, series: { kind: "tag", key: "host", match: { op: "=", value: "h5" } } };
      expect(batchesAsGroups(await collect(tight, one))).toEqual(batchesAsGroups(await collect(plain, one)));
      expect(tight.seriesCache.stats.fills).toBeGreaterThan(fills);
    } finally {
      await tight.close();
      tightDir.cleanup();
    }
  });
});
