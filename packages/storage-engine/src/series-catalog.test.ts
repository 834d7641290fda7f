import { readdirSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { StorageEngine } from "./engine.js";
import { BucketCatalog } from "./series-catalog.js";
import { selectInSql } from "./series-lookup.js";
import { Shard } from "./shard.js";
import { ident, str } from "./sql.js";
import { bucket, collect, float, point, tempDir } from "./test-support/points.js";
import type { BucketInfo, SeriesPredicate, StringMatch } from "./types.js";

const tag = (key: string, match: StringMatch): SeriesPredicate => ({ kind: "tag", key, match });
const measurement = (match: StringMatch): SeriesPredicate => ({ kind: "measurement", match });

/** One predicate of each kind the catalog evaluates, plus one regex it leaves to DuckDB. */
const predicates: Record<string, SeriesPredicate | undefined> = {
  all: undefined,
  eq: tag("host", { op: "=", value: "a" }),
  neq: tag("host", { op: "!=", value: "a" }),
  "eq missing tag": tag("rack", { op: "=", value: "" }),
  "neq missing tag": tag("rack", { op: "!=", value: "" }),
  "eq unknown value": tag("host", { op: "=", value: "zz" }),
  regex: tag("host", { op: "=~", pattern: "^[ab]" }),
  "regex caseless": tag("host", { op: "=~", pattern: "(?i)^A" }),
  "not regex": tag("host", { op: "!~", pattern: "a" }),
  "regex on special characters": tag("host", { op: "=~", pattern: "]x" }),
  and: { kind: "and", operands: [measurement({ op: "=", value: "cpu" }), tag("host", { op: "=", value: "c" })] },
  "or, not": { kind: "or", operands: [tag("host", { op: "=", value: "a" }), { kind: "not", operand: tag("region", { op: "!~", pattern: "u" }) }] },
  "measurement only": measurement({ op: "=~", pattern: "^(cpu|disk)$" }),
  "measurement neq": measurement({ op: "!=", value: "cpu" }),
  "tag key never seen, eq empty": tag("zone", { op: "=", value: "" }),
  "tag key never seen, regex": tag("zone", { op: "=~", pattern: "." }),
  "empty and": { kind: "and", operands: [] },
  "empty or": { kind: "or", operands: [] },
  "regex left to DuckDB": tag("host", { op: "=~", pattern: "^[[:alpha:]]$" }),
};

/** Every (series, field) of a read with its point count, as sorted strings. */
async function seriesRead(engine: StorageEngine, b: BucketInfo, series: SeriesPredicate | undefined): Promise<string[]> {
  const batches = await collect(engine, { bucket: b, start: 0n, stop: 300n, series, aggregate: { fn: "count" } });
  return batches.map((x) => `${x.measurement}${x.tags.map(([k, v]) => `,${k}=${v}`).join("")} ${x.field}=${x.values.values[0]}`).sort();
}

/** Reads and metadata answers (measurements, tag keys and values, field keys, cardinality). */
async function allReads(engine: StorageEngine, b: BucketInfo): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [name, series] of Object.entries(predicates)) {
    const scope = { bucket: b, start: 0n, stop: 300n, ...(series === undefined ? {} : { series }) };
    out[name] = [
      ...(await seriesRead(engine, b, series)),
      `measurements ${(await engine.measurements(scope)).join(" ")}`,
      `tag keys ${(await engine.tagKeys(scope)).join(" ")}`,
      `hosts ${(await engine.tagValues({ ...scope, key: "host" })).join(" ")}`,
      `fields ${(await engine.fieldKeys(scope)).map((f) => `${f.measurement}.${f.field}:${f.type}`).join(" ")}`,
      `series ${await engine.seriesCardinality(scope)}`,
      `in the first shard ${await engine.seriesCardinality({ ...scope, stop: 100n })}`,
    ];
  }
  return out;
}

const dir = tempDir();
afterAll(() => dir.cleanup());
const b = bucket("00000000000000ca", 0n, 100n);

describe("in-memory series catalog", () => {
  it("resolves every predicate kind as SQL does: live after writes and deletes, after compaction, after reopen", async () => {
    const live = await StorageEngine.open({ path: dir.path });
    let before: Record<string, string[]>;
    let compacted: Record<string, string[]>;
    try {
      const points = [];
      for (let t = 0; t < 300; t += 50) {
        points.push(point("cpu", { host: "a", region: "eu", rack: "1" }, { v: float(t) }, BigInt(t)));
        points.push(point("cpu", { host: "b", region: "eu", rack: "2" }, { v: float(t) }, BigInt(t)));
        points.push(point("cpu", { host: "c", region: "us" }, { v: float(t) }, BigInt(t)));
        if (t < 200) points.push(point("mem", { host: "a", kind: "x" }, { used: float(t) }, BigInt(t)));
      }
      points.push(point("cpu", { host: "d" }, { v: float(1) }, 5n));
      points.push(point("cpu", { host: "A]x y" }, { v: float(1) }, 105n));
      points.push(point("disk", {}, { free: float(1) }, 205n));
      await live.write(b, points);
      // Host b leaves shard 0's catalog, mem leaves every catalog (a drop of the measurement).
      await live.deleteRange(b, { start: 0n, stop: 150n, tags: [["host", "b"]] });
      await live.deleteRange(b, { start: -(2n ** 62n), stop: 2n ** 62n, measurement: "mem" });
      // ... and b comes back to shard 0 under the same series ID.
      await live.write(b, [point("cpu", { host: "b", region: "eu", rack: "2" }, { v: float(9) }, 10n)]);
      expect(live.seriesCatalogStats(b.id)).toEqual({ shards: 3, inMemory: 3, series: 11 });
      before = await allReads(live, b);
      await live.compact(b.id, { all: true });
      expect(live.seriesCatalogStats(b.id).inMemory).toBe(3);
      compacted = await allReads(live, b);
    } finally {
      await live.close();
    }
    expect(before.eq!.slice(0, 6)).toEqual([
      "cpu,host=a,rack=1,region=eu v=6",
      "measurements cpu",
      "tag keys host rack region",
      "hosts a",
      "fields cpu.v:float",
      "series 1",
    ]);
    expect(before["eq missing tag"]!.slice(0, 4)).toEqual(["cpu,host=A]x y v=1", "cpu,host=c,region=us v=6", "cpu,host=d v=1", "disk free=1"]);
    expect(before["regex caseless"]!.slice(0, 2)).toEqual(["cpu,host=A]x y v=1", "cpu,host=a,rack=1,region=eu v=6"]);
    expect(before.regex).toContain("cpu,host=b,rack=2,region=eu v=3");
    expect(before.all).toContain("hosts A]x y a b c d");
    expect(before.all).toContain("in the first shard 4");

    const sqlOnly = await StorageEngine.open({ path: dir.path, seriesCatalogLimit: 0 });
    let expected: Record<string, string[]>;
    try {
      expect(sqlOnly.seriesCatalogStats(b.id)).toEqual({ shards: 3, inMemory: 0, series: 0 });
      expected = await allReads(sqlOnly, b);
    } finally {
      await sqlOnly.close();
    }
    expect(before).toEqual(expected);
    expect(compacted).toEqual(expected);

    const reopened = await StorageEngine.open({ path: dir.path });
    try {
      expect(reopened.seriesCatalogStats(b.id)).toEqual({ shards: 3, inMemory: 3, series: 11 });
      expect(await allReads(reopened, b)).toEqual(expected);
    } finally {
      await reopened.close();
    }
  });

  it("loads from a shard file the same rows SQL selects, and declines regexes outside RE2's exact subset", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    try {
      const folder = join(dir.path, b.id);
      const files = readdirSync(folder).filter((f) => f.endsWith(".duckdb"));
      expect(files).toHaveLength(3);
      for (const [i, file] of files.entries()) {
        await conn.run(`ATTACH ${str(join(folder, file))} AS ${ident(`s${i}`)}`);
        const shard = await Shard.load(conn, `s${i}`, join(folder, file), new BucketCatalog(1_000_000));
        for (const [name, p] of Object.entries(predicates)) {
          const inMemory = shard.catalog.matching(p)?.map((id) => shard.catalog.bucket.series(id));
          if (name === "regex left to DuckDB") {
            expect(inMemory).toBeUndefined();
            continue;
          }
          const byId = (xs: Array<{ id: number }>) => [...xs].sort((x, y) => x.id - y.id);
          expect(byId(inMemory!), `${file}: ${name}`).toEqual(byId(await selectInSql(conn, shard, p)));
        }
        expect(shard.catalog.size).toBeGreaterThan(0);
      }
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });

  it("falls back to SQL for a bucket that grows past the limit, also when reopened", async () => {
    const d = tempDir();
    const r = bucket("00000000000000cb", 0n, 100n);
    try {
      const engine = await StorageEngine.open({ path: d.path, seriesCatalogLimit: 3 });
      const hosts = async (e: StorageEngine, series?: SeriesPredicate) =>
        (await collect(e, { bucket: r, start: 0n, stop: 300n, series })).map((x) => x.tags[0]![1]);
      try {
        await engine.write(r, [point("cpu", { host: "a" }, { v: float(1) }, 60n), point("cpu", { host: "b" }, { v: float(1) }, 160n)]);
        expect(engine.seriesCatalogStats(r.id)).toEqual({ shards: 2, inMemory: 2, series: 2 });
        await engine.write(r, ["c", "d"].map((h) => point("cpu", { host: h }, { v: float(1) }, 170n)));
        expect(engine.seriesCatalogStats(r.id)).toEqual({ shards: 2, inMemory: 0, series: 0 });
        expect(await hosts(engine)).toEqual(["a", "b", "c", "d"]);
        expect(await hosts(engine, tag("host", { op: "=~", pattern: "^[ad]$" }))).toEqual(["a", "d"]);
        expect(await engine.tagValues({ bucket: r, start: 0n, stop: 300n, key: "host" })).toEqual(["a", "b", "c", "d"]);
      } finally {
        await engine.close();
      }
      // No shard holds more than 3 series, the bucket does.
      const reopened = await StorageEngine.open({ path: d.path, seriesCatalogLimit: 3 });
      try {
        expect(reopened.seriesCatalogStats(r.id).inMemory).toBe(0);
        expect(await hosts(reopened, tag("host", { op: "!=", value: "b" }))).toEqual(["a", "c", "d"]);
      } finally {
        await reopened.close();
      }
    } finally {
      d.cleanup();
    }
  });

  it("shows a series to every read that starts after its write was acknowledged, while writes go on", async () => {
    const d = tempDir();
    const r = bucket("00000000000000cd", 0n, 1000n);
    const engine = await StorageEngine.open({ path: d.path });
    try {
      let acknowledged = 0;
      let writing = true;
      const writer = (async () => {
        for (let k = 0; k < 60; k++) {
          // Two new series per write, one of them in a new shard group every 10 writes.
          await engine.write(r, [point("cpu", { host: `h${k}` }, { v: float(k) }, BigInt(k)), point("cpu", { host: `g${k}` }, { v: float(k) }, BigInt(1000 * Math.floor(k / 10) + 500))]);
          acknowledged = k + 1;
        }
        writing = false;
      })();
      let reads = 0;
      while (writing) {
        // A read that finds nothing finishes without I/O: let the writer's callbacks run.
        await new Promise((resolve) => setImmediate(resolve));
        const known = acknowledged;
        const seen = new Set<string>();
        for await (const x of engine.read({ bucket: r, start: 0n, stop: 10_000n, series: tag("host", { op: "=~", pattern: "^[hg]" }), aggregate: { fn: "count" } })) {
          seen.add(x.tags[0]![1]);
          expect(x.values.values[0]).toBe(1n);
        }
        for (let k = 0; k < known; k++) {
          expect(seen.has(`h${k}`)).toBe(true);
          expect(seen.has(`g${k}`)).toBe(true);
        }
        reads++;
      }
      await writer;
      expect(reads).toBeGreaterThan(5);
      expect(engine.seriesCatalogStats(r.id)).toEqual({ shards: 6, inMemory: 6, series: 120 });
    } finally {
      await engine.close();
      d.cleanup();
    }
  });

  it("forgets the series of shard groups retention drops", async () => {
    const d = tempDir();
    const r = bucket("00000000000000cc", 200n, 100n);
    let now = 250n;
    const engine = await StorageEngine.open({ path: d.path, now: () => now });
    try {
      await engine.write(r, [point("cpu", { host: "a" }, { v: float(1) }, 60n), point("cpu", { host: "b" }, { v: float(1) }, 160n)]);
      const scope = { bucket: r, start: 0n, stop: 300n };
      const hosts = async (series?: SeriesPredicate) => (await collect(engine, { ...scope, series })).map((x) => x.tags[0]![1]);
      expect(await hosts(tag("host", { op: "=~", pattern: "." }))).toEqual(["a", "b"]);
      now = 350n;
      expect(await engine.enforceRetention(r, r.retentionNs, now)).toBe(1);
      expect(engine.seriesCatalogStats(r.id)).toEqual({ shards: 1, inMemory: 1, series: 1 });
      expect(await hosts(tag("host", { op: "=~", pattern: "." }))).toEqual(["b"]);
      expect(await hosts(tag("host", { op: "=", value: "a" }))).toEqual([]);
      expect(await engine.tagValues({ ...scope, start: 0n, key: "host" })).toEqual(["b"]);
      expect(await engine.seriesCardinality(scope)).toBe(1);
    } finally {
      await engine.close();
      d.cleanup();
    }
  });
});
