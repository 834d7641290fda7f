import { afterEach, describe, expect, it } from "vitest";
import { StorageEngine } from "./engine.js";
import { partialWriteMessage } from "./messages.js";
import { bucket, collect, float, int, point, rows, str, tempDir } from "./test-support/points.js";

const H = 3_600_000_000_000n;
let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function openEngine(now = 10n * H) {
  const dir = tempDir();
  const engine = await StorageEngine.open({ path: dir.path, now: () => now });
  cleanups.push(dir.cleanup, () => engine.close());
  return { engine, dir };
}

describe("StorageEngine", () => {
  it("writes and reads back points per series and field with exact ns timestamps", async () => {
    const { engine } = await openEngine();
    const b = bucket();
    const t = 1_700_000_000_123_456_789n;
    const result = await engine.write(b, [
      point("cpu", { host: "a" }, { usage: float(1.5), n: int(3) }, t),
      point("cpu", { host: "b" }, { usage: float(2.5) }, t + 1n),
      point("mem", { host: "a" }, { free: str("lots") }, t),
    ]);
    expect(result).toEqual({ written: 3, rejected: [] });
    const got = rows(await collect(engine, { bucket: b, start: 0n, stop: t + H }));
    expect(got.sort()).toEqual(
      [
        `cpu,host=a n ${t}=3`,
        `cpu,host=a usage ${t}=1.5`,
        `cpu,host=b usage ${t + 1n}=2.5`,
        `mem,host=a free ${t}=lots`,
      ].sort(),
    );
  });

  it("rejects field type conflicts per point, first type wins within a batch", async () => {
    const { engine } = await openEngine();
    const b = bucket();
    const result = await engine.write(b, [
      point("cpu", { host: "a" }, { x: float(1) }, 1n),
      point("cpu", { host: "a" }, { x: int(2) }, 2n),
      point("cpu", { host: "a" }, { x: float(3) }, 3n),
    ]);
    expect(result.written).toBe(2);
    expect(result.rejected.map((r) => r.index)).toEqual([1]);
    expect(partialWriteMessage(result)).toBe(
      'partial write: field type conflict: input field "x" on measurement "cpu" is type integer, already exists as type float dropped=1',
    );
    const later = await engine.write(b, [point("cpu", { host: "b" }, { x: int(1) }, 4n)]);
    expect(later.rejected).toHaveLength(1);
  });

  it("rejects points beyond retention and hides them in reads", async () => {
    const { engine } = await openEngine(10n * H);
    const b = bucket(undefined, 2n * H);
    const result = await engine.write(b, [
      point("cpu", {}, { v: float(1) }, 7n * H),
      point("cpu", {}, { v: float(2) }, 9n * H),
    ]);
    expect(partialWriteMessage(result)).toBe("partial write: points beyond retention policy dropped=1");
    expect(rows(await collect(engine, { bucket: b, start: 0n, stop: 11n * H }))).toEqual([`cpu v ${9n * H}=2`]);
  });

  it("merges overwrites field by field, last write wins, before and after compaction", async () => {
    const { engine } = await openEngine();
    const b = bucket();
    await engine.write(b, [point("cpu", { host: "a" }, { x: float(1), y: float(10) }, 100n)]);
    await engine.write(b, [point("cpu", { host: "a" }, { x: float(2) }, 100n), point("cpu", { host: "a" }, { x: float(0) }, 50n)]);
    const expected = ["cpu,host=a x 50=0", "cpu,host=a x 100=2", "cpu,host=a y 100=10"];
    expect(rows(await collect(engine, { bucket: b, start: 0n, stop: H }))).toEqual(expected);
    await engine.compact();
    expect(rows(await collect(engine, { bucket: b, start: 0n, stop: H }))).toEqual(expected);
  });

  it("deletes by time, measurement, tags and single field", async () => {
    const { engine } = await openEngine();
    const b = bucket();
    await engine.write(b, [
      point("cpu", { host: "a" }, { x: float(1), y: float(2) }, 10n),
      point("cpu", { host: "b" }, { x: float(3), y: float(4) }, 10n),
      point("cpu", { host: "a" }, { x: float(5) }, 20n),
    ]);
    await engine.deleteRange(b, { start: 0n, stop: 15n, measurement: "cpu", tags: [["host", "a"]], field: "x" });
    expect(rows(await collect(engine, { bucket: b, start: 0n, stop: H }))).toEqual([
      "cpu,host=a x 20=5",
      "cpu,host=a y 10=2",
      "cpu,host=b x 10=3",
      "cpu,host=b y 10=4",
    ]);
    await engine.deleteRange(b, { start: 0n, stop: 20n, tags: [["host", "a"]] });
    expect(await engine.tagValues({ bucket: b, start: 0n, stop: H, key: "host" })).toEqual(["b"]);
  });

  it("aggregates per window with grouping and createEmpty", async () => {
    const { engine } = await openEngine();
    const b = bucket();
    await engine.write(b, [
      point("cpu", { host: "a", dc: "x" }, { v: int(1) }, 0n),
      point("cpu", { host: "a", dc: "x" }, { v: int(2) }, 5n),
      point("cpu", { host: "b", dc: "x" }, { v: int(4) }, 6n),
      point("cpu", { host: "b", dc: "x" }, { v: int(8) }, 25n),
    ]);
    const sums = await collect(engine, {
      bucket: b,
      start: 0n,
      stop: 30n,
      groupBy: ["dc"],
      aggregate: { fn: "sum", every: 10n, createEmpty: true },
    });
    expect(rows(sums)).toEqual(["cpu,dc=x v 0=7", "cpu,dc=x v 10=null", "cpu,dc=x v 20=8"]);
    const last = await collect(engine, {
      bucket: b,
      start: 0n,
      stop: 30n,
      series: { kind: "tag", key: "host", match: { op: "=~", pattern: "^a$" } },
      aggregate: { fn: "last" },
    });
    expect(rows(last)).toEqual(["cpu,dc=x,host=a v 0=2"]);
    expect(last[0]?.pointTimes).toEqual(BigInt64Array.from([5n]));
    const mean = await collect(engine, { bucket: b, start: 0n, stop: 30n, aggregate: { fn: "mean" }, values: { kind: "compare", op: ">", value: 1 } });
    expect(rows(mean)).toEqual(["cpu,dc=x,host=a v 0=2", "cpu,dc=x,host=b v 0=6"]);
  });

  it("answers metadata from the catalog", async () => {
    const { engine } = await openEngine();
    const b = bucket();
    await engine.write(b, [
      point("cpu", { host: "a", region: "eu" }, { x: float(1) }, 1n),
      point("mem", { host: "b" }, { free: int(1) }, 2n),
    ]);
    const scope = { bucket: b, start: 0n, stop: H };
    expect(await engine.measurements(scope)).toEqual(["cpu", "mem"]);
    expect(await engine.tagKeys({ ...scope, series: { kind: "measurement", match: { op: "=", value: "mem" } } })).toEqual(["host"]);
    expect(await engine.fieldKeys(scope)).toEqual([
      { measurement: "cpu", field: "x", type: "float" },
      { measurement: "mem", field: "free", type: "integer" },
    ]);
    expect(await engine.seriesCardinality(scope)).toBe(2);
    expect(await engine.seriesCardinality({ ...scope, start: 2n * H, stop: 3n * H })).toBe(0);
  });

  it("recovers everything after restart and keeps series IDs stable", async () => {
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const b = bucket();
    const first = await StorageEngine.open({ path: dir.path });
    await first.write(b, [point("cpu", { host: "a" }, { x: float(1) }, 1n), point("cpu", { host: "b" }, { x: float(2) }, H + 1n)]);
    await first.close();
    const second = await StorageEngine.open({ path: dir.path });
    cleanups.push(() => second.close());
    const more = await second.write(b, [point("cpu", { host: "a" }, { x: float(3) }, 2n), point("cpu", { host: "a" }, { x: int(3) }, 3n)]);
    expect(more.rejected).toHaveLength(1);
    expect(rows(await collect(second, { bucket: b, start: 0n, stop: 2n * H }))).toEqual([
      "cpu,host=a x 1=1",
      "cpu,host=a x 2=3",
      `cpu,host=b x ${H + 1n}=2`,
    ]);
    expect(await second.seriesCardinality({ bucket: b, start: 0n, stop: 2n * H })).toBe(2);
  });

  it("drops expired shard groups and whole buckets", async () => {
    const { engine, dir } = await openEngine(100n * H);
    const b = bucket();
    await engine.write(b, [point("cpu", {}, { x: float(1) }, 1n), point("cpu", {}, { x: float(2) }, 50n * H)]);
    expect(await engine.enforceRetention(b, 60n * H, 100n * H)).toBe(1);
    expect(rows(await collect(engine, { bucket: b, start: 0n, stop: 100n * H }))).toEqual([`cpu x ${50n * H}=2`]);
    await engine.dropBucket(b.id);
    expect(await collect(engine, { bucket: b, start: 0n, stop: 100n * H })).toEqual([]);
    const { readdirSync } = await import("node:fs");
    expect(readdirSync(dir.path)).toEqual([]);
  });
});

describe("StorageEngine recovery edge cases", () => {
  it("discards an empty shard file left by a crash during shard creation", async () => {
    const dir = tempDir();
    try {
      const { DuckDBInstance } = await import("@duckdb/node-api");
      const { mkdirSync } = await import("node:fs");
      mkdirSync(`${dir.path}/0000000000000001`);
      const raw = await DuckDBInstance.create(`${dir.path}/0000000000000001/0.duckdb`);
      raw.closeSync();
      const engine = await StorageEngine.open({ path: dir.path });
      const b = bucket();
      expect((await engine.write(b, [point("cpu", {}, { x: float(1) }, 5n)])).written).toBe(1);
      expect(rows(await collect(engine, { bucket: b, start: 0n, stop: H }))).toEqual(["cpu x 5=1"]);
      await engine.close();
    } finally {
      dir.cleanup();
    }
  });
});

describe("reads during shard file swaps", () => {
  it("lets a running read finish before compaction or retention detaches its shard", async () => {
    const dir = tempDir();
    const engine = await StorageEngine.open({ path: dir.path });
    try {
      const b = bucket();
      const points = Array.from({ length: 20_000 }, (_, i) => point("cpu", { host: `h${i % 3}` }, { x: float(i) }, BigInt(i)));
      await engine.write(b, points);
      await engine.write(b, [point("cpu", { host: "h0" }, { x: float(-1) }, 0n)]);
      const iterator = engine.read({ bucket: b, start: 0n, stop: H })[Symbol.asyncIterator]();
      let seen = (await iterator.next()).value?.times.length ?? 0;
      let compacted = false;
      const compaction = engine.compact(b.id).then(() => (compacted = true));
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) break;
        seen += next.value.times.length;
      }
      expect(seen).toBe(20_000);
      await compaction;
      expect(compacted).toBe(true);
      expect(rows(await collect(engine, { bucket: b, start: 0n, stop: 1n }))).toEqual(["cpu,host=h0 x 0=-1"]);
    } finally {
      await engine.close();
      dir.cleanup();
    }
  });
});

describe("read connections", () => {
  it("are reused after a read stopped mid-stream, and then answer in full", async () => {
    const dir = tempDir();
    const engine = await StorageEngine.open({ path: dir.path });
    try {
      const b = bucket();
      await engine.write(b, Array.from({ length: 30_000 }, (_, i) => point("cpu", { host: `h${i % 2}` }, { x: float(i) }, BigInt(i))));
      for (let k = 0; k < 10; k++) {
        // A raw read streams its rows in batches: leave after the first one.
        for await (const batch of engine.read({ bucket: b, start: 0n, stop: H })) {
          expect(batch.times.length).toBe(8192);
          break;
        }
      }
      const all = await collect(engine, { bucket: b, start: 0n, stop: H });
      expect(all.reduce((n, x) => n + x.times.length, 0)).toBe(30_000);
      const counts = await collect(engine, { bucket: b, start: 0n, stop: H, aggregate: { fn: "count" } });
      expect(counts.map((x) => x.values.values[0])).toEqual([15_000n, 15_000n]);
    } finally {
      await engine.close();
      dir.cleanup();
    }
  });
});

describe("compaction beside writes", () => {
  it("never swaps a copy over points written while it was made, and ends compacted", async () => {
    const { engine } = await openEngine();
    const b = bucket();
    await engine.write(b, Array.from({ length: 5000 }, (_, i) => point("cpu", { host: `h${i % 10}` }, { x: float(i) }, BigInt(i))));
    // Writes land in the shard while it is copied (the copy must be dropped), including overwrites.
    const writes = (async () => {
      for (let k = 0; k < 30; k++) {
        await engine.write(b, Array.from({ length: 100 }, (_, i) => point("cpu", { host: `h${i % 10}` }, { x: float(-k) }, BigInt(5000 + k * 100 + i))));
        await engine.write(b, [point("cpu", { host: "h0" }, { x: float(1e6 + k) }, 0n)]);
      }
    })();
    const compactions = (async () => {
      for (let k = 0; k < 3; k++) await engine.compact(b.id, { all: true });
    })();
    await Promise.all([writes, compactions]);
    await engine.compact(b.id, { coldForMs: 0 });
    const batches = await collect(engine, { bucket: b, start: 0n, stop: H });
    const values = new Map<bigint, number>();
    for (const batch of batches) batch.times.forEach((t, i) => values.set(t, batch.values.values[i] as number));
    expect(values.size).toBe(8000);
    expect(values.get(0n)).toBe(1e6 + 29);
    expect(values.get(4999n)).toBe(4999);
    expect(values.get(5000n + 29n * 100n + 99n)).toBe(-29);
  });
});

describe("compaction selection", () => {
  it("compacts cold shards once, and again only after they are written", async () => {
    const { engine, dir } = await openEngine();
    const b = bucket();
    await engine.write(b, [point("cpu", {}, { x: float(1) }, 1n), point("cpu", {}, { x: float(2) }, H + 1n)]);
    const { statSync } = await import("node:fs");
    const file = (start: bigint) => `${dir.path}/${b.id}/${start}.duckdb`;
    const mtime = (start: bigint) => statSync(file(start)).mtimeMs;
    await engine.compact(b.id, { coldForMs: 0 });
    const first = [mtime(0n), mtime(H)];
    await new Promise((r) => setTimeout(r, 20));
    await engine.compact(b.id, { coldForMs: 0 });
    expect([mtime(0n), mtime(H)]).toEqual(first);
    await engine.write(b, [point("cpu", {}, { x: float(3) }, 2n)]);
    await engine.compact(b.id, { coldForMs: 0 });
    expect(mtime(0n)).toBeGreaterThan(first[0]!);
    expect(mtime(H)).toBe(first[1]);
    expect(rows(await collect(engine, { bucket: b, start: 0n, stop: 2n * H }))).toEqual(["cpu x 1=1", "cpu x 2=3", `cpu x ${H + 1n}=2`]);
  });
});

describe("names and types at the edges", () => {
  it("keeps keys that differ only in case, SQL-hostile names and extreme integers apart", async () => {
    const { engine } = await openEngine();
    const b = bucket();
    const big = 2n ** 64n - 1n;
    await engine.write(b, [
      point(`we'ird "m"`, { Host: "A", host: "a'b" }, { time: int(-(2n ** 63n)), series_id: { type: "unsigned", value: big } }, 7n),
      point(`we'ird "m"`, { Host: "A", host: "a'b" }, { Time: str(`x"y'z`) }, 8n),
    ]);
    const got = await collect(engine, {
      bucket: b,
      start: 0n,
      stop: H,
      series: { kind: "tag", key: "host", match: { op: "=", value: "a'b" } },
    });
    expect(rows(got)).toEqual([
      `we'ird "m",Host=A,host=a'b Time 8=x"y'z`,
      `we'ird "m",Host=A,host=a'b series_id 7=${big}`,
      `we'ird "m",Host=A,host=a'b time 7=${-(2n ** 63n)}`,
    ]);
    expect(await engine.tagKeys({ bucket: b, start: 0n, stop: H })).toEqual(["Host", "host"]);
  });

  it("returns a field written with different types in different shard groups as separate groups", async () => {
    const { engine } = await openEngine();
    const b = bucket();
    await engine.write(b, [point("cpu", {}, { x: float(1.5) }, 1n), point("cpu", {}, { x: int(2) }, H + 1n)]);
    const got = await collect(engine, { bucket: b, start: 0n, stop: 2n * H });
    expect(got.map((g) => [g.values.type, [...g.times]])).toEqual([
      ["float", [1n]],
      ["integer", [H + 1n]],
    ]);
    expect(await engine.fieldKeys({ bucket: b, start: 0n, stop: 2n * H })).toEqual([
      { measurement: "cpu", field: "x", type: "float" },
      { measurement: "cpu", field: "x", type: "integer" },
    ]);
    expect(await collect(engine, { bucket: b, start: 5n, stop: 5n })).toEqual([]);
  });
});

describe("reads racing schema changes", () => {
  it("never sees a column or table that is not committed yet", async () => {
    const { engine } = await openEngine();
    const b = bucket();
    await engine.write(b, [point("m0", { t0: "x" }, { f0: float(0) }, 0n)]);
    let writing = true;
    const writes = (async () => {
      for (let i = 1; i < 60; i++) {
        await engine.write(b, [
          point(`m${i % 7}`, { [`t${i}`]: "x" }, { [`f${i}`]: float(i), f0: float(i) }, BigInt(i)),
          point("m0", { t0: "x" }, { f0: float(i) }, BigInt(i)),
        ]);
      }
      writing = false;
    })();
    let reads = 0;
    while (writing) {
      await collect(engine, { bucket: b, start: 0n, stop: H, series: { kind: "tag", key: "t0", match: { op: "=", value: "x" } } });
      await engine.tagKeys({ bucket: b, start: 0n, stop: H });
      reads++;
    }
    await writes;
    expect(reads).toBeGreaterThan(0);
    // f1..f59 once each, f0 in each of the 7 measurements.
    expect((await engine.fieldKeys({ bucket: b, start: 0n, stop: H })).length).toBe(66);
  });
});
