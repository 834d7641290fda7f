import type { FieldValue } from "@fluxgate/line-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StorageEngine } from "./engine.js";
import { MAX_SMALL_ROWS, MAX_SMALL_SERIES } from "./small-aggregate.js";
import { bucket, collect, float, int, point, str, tempDir } from "./test-support/points.js";
import type { Batch, ReadRequest, WindowAggregate } from "./types.js";

const b = bucket("00000000000000da", 0n, 1000n);
const dir = tempDir();
let engine: StorageEngine;
const HOSTS = MAX_SMALL_SERIES + 4;

beforeAll(async () => {
  engine = await StorageEngine.open({ path: dir.path });
  const points = [];
  for (let t = 0; t < 2000; t += 50) {
    for (let h = 0; h < HOSTS; h++) {
      // Few distinct values, so windows hold ties; a NaN, a -0 (tied with 0s, in the shard scanned in
      // time order: which of two equal values DuckDB returns depends on scan order) and nulls.
      const f = h === 2 && t === 450 ? Number.NaN : h === 3 && t === 1100 ? -0 : ((t / 50) * (h + 1)) % 5;
      const fields = { f: float(f), i: int(((t / 50) * 7 + h) % 4), u: { type: "unsigned" as const, value: BigInt((t / 50 + h) % 3) } };
      const extra: Record<string, FieldValue> = t % 100 === 0 ? { s: str(`s${(t / 50 + h) % 3}`), ok: { type: "boolean" as const, value: (t / 50 + h) % 2 === 0 } } : {};
      points.push(point("cpu", { host: `h${h}` }, { ...fields, ...extra }, BigInt(t)));
    }
  }
  await engine.write(b, points);
  // Overwrites: the first shard now needs dedup (merged per field, last write wins).
  await engine.write(b, [point("cpu", { host: "h1" }, { f: float(9) }, 300n), point("cpu", { host: "h2" }, { i: int(-5) }, 350n)]);
});
afterAll(async () => {
  await engine.close();
  dir.cleanup();
});

const describeBatches = (batches: Batch[]) =>
  batches.map((x) => ({
    id: `${x.measurement} ${x.tags.map(([k, v]) => `${k}=${v}`).join(",")} ${x.field} ${x.values.type}`,
    times: [...x.times].map(String),
    values: [...x.values.values].map((v, i) => (x.nulls?.[i] === 1 ? "null" : Object.is(v, -0) ? "-0" : String(v))),
    pointTimes: x.pointTimes === undefined ? undefined : [...x.pointTimes].map(String),
  }));

const few = ["h1", "h2", "h3"];

describe("selector windows computed from raw rows", () => {
  it("match DuckDB's aggregates for every selector, shape and type", async () => {
    const shapes: Array<Omit<WindowAggregate, "fn"> & Pick<ReadRequest, "limit" | "values">> = [
      { every: 300n },
      { every: 300n, offset: 70n, createEmpty: true, limit: 3 },
      {},
      { every: 500n, values: { kind: "compare", field: "f", op: ">", value: 1 } },
    ];
    let compared = 0;
    for (const fn of ["count", "min", "max", "first", "last"] as const) {
      for (const shape of shapes) {
        for (const pointTimes of [true, false]) {
          for (const descending of [false, true]) {
            const { limit, values, ...window } = shape;
            const request: ReadRequest = {
              bucket: b,
              start: 20n,
              stop: 1990n,
              aggregate: { fn, pointTimes, ...window },
              descending,
              ...(limit === undefined ? {} : { limit }),
              ...(values === undefined ? {} : { values }),
            };
            // Few series take the raw-row path; all of them take DuckDB's aggregate.
            const small = await collect(engine, { ...request, series: { kind: "tag", key: "host", match: { op: "=~", pattern: "^h[123]$" } } });
            const all = await collect(engine, request);
            const label = JSON.stringify({ fn, shape, pointTimes, descending }, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v));
            expect(describeBatches(small), label).toEqual(describeBatches(all.filter((x) => few.includes(x.tags[0]![1]))));
            expect(small.length, label).toBeGreaterThan(0);
            // Grouped reads of one series take the raw-row path too.
            const h2 = all.filter((x) => x.tags[0]![1] === "h2");
            const one = { ...request, series: { kind: "tag", key: "host", match: { op: "=", value: "h2" } } } as const;
            expect(describeBatches(await collect(engine, { ...one, groupBy: ["host"] })), label).toEqual(describeBatches(h2));
            const untagged = describeBatches(h2.map((x) => ({ ...x, tags: [] })));
            expect(describeBatches(await collect(engine, { ...one, groupBy: [] })), label).toEqual(untagged);
            expect(describeBatches(await collect(engine, { ...one, groupBy: ["rack"] })), label).toEqual(untagged);
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(80);
  });

  it("reads raw rows filtered on named fields alike for few and many series, with and without emptySeries", async () => {
    const filters: ReadRequest["values"][] = [
      { kind: "compare", field: "f", op: ">", value: 3 },
      { kind: "or", operands: [{ kind: "compare", field: "i", op: "=", value: 2n }, { kind: "compare", field: "s", op: "=", value: "s1" }] },
      { kind: "compare", field: "ok", op: "=", value: true },
      { kind: "compare", field: "f", op: ">", value: 100 },
    ];
    for (const values of filters) {
      const request: ReadRequest = { bucket: b, start: 20n, stop: 1990n, emptySeries: true, values };
      const small = await collect(engine, { ...request, series: { kind: "tag", key: "host", match: { op: "=~", pattern: "^h[123]$" } } });
      const all = await collect(engine, request);
      const label = JSON.stringify(values, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v));
      expect(describeBatches(small), label).toEqual(describeBatches(all.filter((x) => few.includes(x.tags[0]![1]))));
      // Without emptySeries: the same batches less the empty ones, a few series ordered here
      // (rows of two shards), many by DuckDB.
      const { emptySeries: _, ...plain } = request;
      const smallPlain = await collect(engine, { ...plain, series: { kind: "tag", key: "host", match: { op: "=~", pattern: "^h[123]$" } } });
      expect(describeBatches(smallPlain), label).toEqual(describeBatches(small.filter((x) => x.times.length > 0)));
      // With it, each series with a passing row has a batch for each of its five fields (all have
      // values in the range); a series without any may be left out.
      const passingHosts = new Set(smallPlain.map((x) => x.tags[0]![1]));
      for (const host of passingHosts) expect(small.filter((x) => x.tags[0]![1] === host), label).toHaveLength(5);
      expect(small.every((x) => passingHosts.has(x.tags[0]![1]) || x.times.length === 0), label).toBe(true);
      const allPlain = await collect(engine, plain);
      expect(describeBatches(allPlain), label).toEqual(describeBatches(all.filter((x) => x.times.length > 0)));
    }
  });

  it("gives a series with passing rows an empty batch for a field its passing rows all lack", async () => {
    const sparse = bucket("00000000000000dc", 0n, 10n ** 9n);
    await engine.write(sparse, [
      point("m", { host: "z" }, { a: float(1), b: str("x") }, 0n),
      point("m", { host: "z" }, { a: float(5) }, 10n),
      point("m", { host: "y" }, { a: float(1), b: str("w") }, 0n),
    ]);
    const request: ReadRequest = { bucket: sparse, start: 0n, stop: 100n, emptySeries: true, values: { kind: "compare", field: "a", op: ">", value: 3 } };
    const want = [
      { id: "m host=z a float", times: ["10"], values: ["5"], pointTimes: undefined },
      { id: "m host=z b string", times: [], values: [], pointTimes: undefined },
    ];
    // Few series (read whole, then split here) and many (the same statement ordered by DuckDB).
    expect(describeBatches(await collect(engine, request)).filter((x) => x.id.includes("host=z"))).toEqual(want);
    const { emptySeries: _, ...plain } = request;
    expect(describeBatches(await collect(engine, plain))).toEqual([want[0]]);
  });

  it("leaves reads with more raw rows than the limit to DuckDB", async () => {
    const big = bucket("00000000000000db", 0n, 10n ** 9n);
    const n = MAX_SMALL_ROWS + 100;
    await engine.write(big, Array.from({ length: n }, (_, t) => point("m", { host: "x" }, { v: float(t % 1000) }, BigInt(t))));
    const out = await collect(engine, { bucket: big, start: 0n, stop: BigInt(n), aggregate: { fn: "max", every: 5000n } });
    expect(describeBatches(out)[0]!.values).toEqual(["999", "999", "999", "999"]);
    expect([...out[0]!.pointTimes!]).toEqual([999n, 5999n, 10999n, 15999n]);
    const counts = await collect(engine, { bucket: big, start: 0n, stop: BigInt(n), aggregate: { fn: "count" } });
    expect(counts[0]!.values.values[0]).toBe(BigInt(n));
  });
});
