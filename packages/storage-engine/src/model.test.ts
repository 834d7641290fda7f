import fc from "fast-check";
import type { FieldValue, Point } from "@fluxgate/line-protocol";
import { describe, expect, it } from "vitest";
import { StorageEngine } from "./engine.js";
import { bucket, collect, point, tempDir } from "./test-support/points.js";
import type { Batch, DeleteRequest, ReadRequest } from "./types.js";

/** Shard group duration of the test bucket: timestamps 0..39 span four shard groups. */
const SHARD = 10n;
const NOW = 100n;

type Op =
  | { kind: "write"; points: Point[] }
  | { kind: "delete"; request: DeleteRequest }
  | { kind: "retention"; retention: bigint }
  | { kind: "compact" }
  | { kind: "restart" }
  | { kind: "read"; query: ModelQuery };

/** A read shape both sides answer: host filter, grouping of all series, optional aggregate, value filter. */
interface ModelQuery {
  host?: { op: "=" | "!="; value: string };
  groupAll: boolean;
  fn?: "count" | "sum" | "min" | "max";
  above?: number;
}

const tagsArb = fc.record({ host: fc.constantFrom("a", "b", "") });
const fieldArb = fc.tuple(
  fc.constantFrom("x", "y"),
  fc.oneof(
    fc.integer({ min: -5, max: 5 }).map((v): FieldValue => ({ type: "float", value: v })),
    fc.integer({ min: -5, max: 5 }).map((v): FieldValue => ({ type: "integer", value: BigInt(v) })),
  ),
);
const pointArb = fc
  .record({
    measurement: fc.constantFrom("m1", "m2"),
    tags: tagsArb,
    fields: fc.uniqueArray(fieldArb, { minLength: 1, maxLength: 2, selector: ([k]) => k }),
    time: fc.integer({ min: 0, max: 39 }),
  })
  .map((p) =>
    point(
      p.measurement,
      p.tags.host === "" ? {} : { host: p.tags.host },
      Object.fromEntries(p.fields),
      BigInt(p.time),
    ),
  );
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.array(pointArb, { minLength: 1, maxLength: 8 }).map((points) => ({ kind: "write" as const, points })) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        start: fc.integer({ min: 0, max: 39 }),
        len: fc.integer({ min: 0, max: 20 }),
        measurement: fc.option(fc.constantFrom("m1", "m2"), { nil: undefined }),
        host: fc.option(fc.constantFrom("a", "b", ""), { nil: undefined }),
        field: fc.option(fc.constantFrom("x", "y"), { nil: undefined }),
      })
      .map(({ start, len, measurement, host, field }) => {
        const request: DeleteRequest = { start: BigInt(start), stop: BigInt(start + len) };
        if (measurement !== undefined) request.measurement = measurement;
        if (host !== undefined) request.tags = [["host", host]];
        if (field !== undefined) request.field = field;
        return { kind: "delete" as const, request };
      }),
  },
  { weight: 1, arbitrary: fc.integer({ min: 65, max: 100 }).map((r) => ({ kind: "retention" as const, retention: BigInt(r) })) },
  { weight: 1, arbitrary: fc.constant({ kind: "compact" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "restart" as const }) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        host: fc.option(fc.record({ op: fc.constantFrom("=" as const, "!=" as const), value: fc.constantFrom("a", "b", "") }), { nil: undefined }),
        groupAll: fc.boolean(),
        fn: fc.option(fc.constantFrom("count" as const, "sum" as const, "min" as const, "max" as const), { nil: undefined }),
        above: fc.option(fc.integer({ min: -5, max: 5 }), { nil: undefined }),
      })
      .map((q) => {
        const query: ModelQuery = { groupAll: q.groupAll };
        if (q.host !== undefined) query.host = q.host;
        if (q.fn !== undefined) query.fn = q.fn;
        if (q.above !== undefined) query.above = q.above;
        return { kind: "read" as const, query };
      }),
  },
);

function toRequest(q: ModelQuery): Omit<ReadRequest, "bucket"> {
  const request: Omit<ReadRequest, "bucket"> = { start: 0n, stop: 40n };
  if (q.host !== undefined) request.series = { kind: "tag", key: "host", match: q.host };
  if (q.groupAll) request.groupBy = [];
  if (q.fn !== undefined) request.aggregate = { fn: q.fn, every: 7n, offset: 3n };
  if (q.above !== undefined) request.values = { kind: "compare", op: ">", value: q.above };
  return request;
}

/** The reference: plain maps, InfluxDB's rules written as directly as possible. */
class Model {
  /** `${shard}|${measurement}|${field}` → type fixed in that shard group. */
  types = new Map<string, string>();
  /** `${seriesKey}|${time}` → row. */
  rows = new Map<string, { p: Point; fields: Map<string, FieldValue> }>();

  write(points: Point[]): number[] {
    const rejected: number[] = [];
    points.forEach((p, index) => {
      const shard = p.timestamp / SHARD;
      if (p.fields.some(([f, v]) => (this.types.get(`${shard}|${p.measurement}|${f}`) ?? v.type) !== v.type)) {
        rejected.push(index);
        return;
      }
      for (const [f, v] of p.fields) this.types.set(`${shard}|${p.measurement}|${f}`, v.type);
      const key = `${p.seriesKey}|${p.timestamp}`;
      const row = this.rows.get(key) ?? { p, fields: new Map() };
      for (const [f, v] of p.fields) row.fields.set(f, v);
      this.rows.set(key, row);
    });
    return rejected;
  }

  delete(r: DeleteRequest): void {
    for (const [key, row] of this.rows) {
      const t = row.p.timestamp;
      if (t < r.start || t > r.stop) continue;
      if (r.measurement !== undefined && row.p.measurement !== r.measurement) continue;
      const tags = new Map(row.p.tags);
      if ((r.tags ?? []).some(([k, v]) => (tags.get(k) ?? "") !== v)) continue;
      if (r.field !== undefined) row.fields.delete(r.field);
      if (r.field === undefined || row.fields.size === 0) this.rows.delete(key);
    }
  }

  retention(retention: bigint): void {
    const cutoff = NOW - retention;
    for (const [key, row] of this.rows) if ((row.p.timestamp / SHARD + 1n) * SHARD <= cutoff) this.rows.delete(key);
    for (const key of this.types.keys()) if ((BigInt(key.split("|")[0]!) + 1n) * SHARD <= cutoff) this.types.delete(key);
  }

  /** Window aggregates computed the slow, obvious way (windows of 7 ns shifted by 3). */
  aggregate(fn: "count" | "sum" | "min" | "max" | "first" | "last"): string[] {
    const groups = new Map<string, Array<{ t: bigint; v: number | bigint }>>();
    for (const { p, fields } of this.rows.values()) {
      for (const [f, v] of fields) {
        const ws = p.timestamp - ((((p.timestamp - 3n) % 7n) + 7n) % 7n);
        const key = `${p.seriesKey} ${f} ${v.type} ${ws}`;
        groups.set(key, [...(groups.get(key) ?? []), { t: p.timestamp, v: v.value as number | bigint }]);
      }
    }
    const out: string[] = [];
    for (const [key, points] of groups) {
      points.sort((a, b) => (a.t < b.t ? -1 : 1));
      const values = points.map((x) => x.v);
      const [series, field, type, ws] = key.split(" ");
      const resultType = fn === "count" ? "integer" : type;
      let value: number | bigint;
      if (fn === "count") value = BigInt(values.length);
      else if (fn === "first") value = values[0]!;
      else if (fn === "last") value = values[values.length - 1]!;
      else if (fn === "sum") value = values.reduce((a, b) => (a as number) + (b as number));
      else value = values.reduce((a, b) => ((fn === "min" ? b < a : b > a) ? b : a));
      out.push(`${series} ${field} ${resultType} ${ws}=${value}`);
    }
    return out.sort();
  }

  /** Answers a {@link ModelQuery} by brute force. */
  query(q: ModelQuery): string[] {
    const groups = new Map<string, Array<{ t: bigint; v: number | bigint }>>();
    for (const { p, fields } of this.rows.values()) {
      const host = new Map(p.tags).get("host") ?? "";
      if (q.host !== undefined && (host === q.host.value) !== (q.host.op === "=")) continue;
      for (const [f, v] of fields) {
        const value = v.value as number | bigint;
        if (q.above !== undefined && !(Number(value) > q.above)) continue;
        const series = q.groupAll ? p.measurement : p.seriesKey;
        const ws = q.fn === undefined ? p.timestamp : p.timestamp - ((((p.timestamp - 3n) % 7n) + 7n) % 7n);
        const key = `${series} ${f} ${v.type} ${ws}`;
        groups.set(key, [...(groups.get(key) ?? []), { t: p.timestamp, v: value }]);
      }
    }
    const out: string[] = [];
    for (const [key, points] of groups) {
      const [series, field, type, ws] = key.split(" ");
      const values = points.map((x) => x.v);
      if (q.fn === undefined) {
        for (const v of values) out.push(`${series} ${field} ${type} ${ws}=${v}`);
        continue;
      }
      let value: number | bigint;
      if (q.fn === "count") value = BigInt(values.length);
      else if (q.fn === "sum") value = values.reduce((a, b) => (a as number) + (b as number));
      else value = values.reduce((a, b) => ((q.fn === "min" ? b < a : b > a) ? b : a));
      out.push(`${series} ${field} ${q.fn === "count" ? "integer" : type} ${ws}=${value}`);
    }
    return out.sort();
  }

  lines(): string[] {
    const out: string[] = [];
    for (const { p, fields } of this.rows.values()) {
      for (const [f, v] of fields) out.push(`${p.seriesKey} ${f} ${v.type} ${p.timestamp}=${v.value}`);
    }
    return out.sort();
  }
}

function engineLines(batches: Batch[]): string[] {
  const out: string[] = [];
  for (const b of batches) {
    const key = b.measurement + b.tags.map(([k, v]) => `,${k}=${v}`).join("");
    b.times.forEach((t, i) => out.push(`${key} ${b.field} ${b.values.type} ${t}=${b.values.values[i]}`));
  }
  return out.sort();
}

describe("engine against a reference model", () => {
  it("agrees on every read after random writes, overwrites, conflicts, deletes, retention, compaction, restarts", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), async (ops) => {
        const dir = tempDir();
        const b = bucket("00000000000000aa", 0n, SHARD);
        let engine = await StorageEngine.open({ path: dir.path, now: () => NOW });
        const model = new Model();
        try {
          for (const op of ops) {
            if (op.kind === "write") {
              const result = await engine.write(b, op.points);
              expect(result.rejected.map((r) => r.index)).toEqual(model.write(op.points));
            } else if (op.kind === "delete") {
              await engine.deleteRange(b, op.request);
              model.delete(op.request);
            } else if (op.kind === "retention") {
              await engine.enforceRetention(b, op.retention, NOW);
              model.retention(op.retention);
            } else if (op.kind === "read") {
              const got = await collect(engine, { bucket: b, ...toRequest(op.query) });
              expect(engineLines(got), JSON.stringify(op.query)).toEqual(model.query(op.query));
              continue;
            } else if (op.kind === "compact") {
              await engine.compact();
            } else {
              await engine.close();
              engine = await StorageEngine.open({ path: dir.path, now: () => NOW });
            }
            expect(engineLines(await collect(engine, { bucket: b, start: 0n, stop: 40n }))).toEqual(model.lines());
          }
          for (const fn of ["count", "sum", "min", "max", "first", "last"] as const) {
            const got = await collect(engine, { bucket: b, start: 0n, stop: 40n, aggregate: { fn, every: 7n, offset: 3n } });
            expect(engineLines(got)).toEqual(model.aggregate(fn));
          }
        } finally {
          await engine.close();
          dir.cleanup();
        }
      }),
      { numRuns: Number(process.env.MODEL_RUNS ?? 6) },
    );
  }, 600_000);
});
