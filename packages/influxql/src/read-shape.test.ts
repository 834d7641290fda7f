// The storage reads the eight TSBS benchmark queries send (the real engine, its requests
// recorded): each must be ONE read doing the most work in the engine (window aggregates of every
// field at once, WHERE on a field as a row filter of a wide raw read, no selected-point times when
// windows are shown). Each answer is also checked against the same question asked so that
// nothing is pushed down (a subquery or a filter the engine cannot take), computed in TypeScript.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpuFieldKeys, generateCpuOnly } from "@fluxgate/line-protocol";
import type { Batch, ReadRequest } from "@fluxgate/storage-engine";
import type { StatementResult } from "./result.js";
import type { QuerySource } from "./source.js";
import { openFixture, type Fixture } from "./test-support/fixture.js";
import { withRead } from "./test-support/store.js";

const start = 1_451_606_400_000_000_000n; // 2016-01-01T00:00:00Z
const interval = 10_000_000_000n;
const hosts = 4;
const rounds = 720; // 2 h

let f: Fixture;
let reads: ReadRequest[] = [];
let recording: QuerySource;

beforeAll(async () => {
  f = await openFixture(["bench"]);
  await f.write("bench", [...generateCpuOnly({ hosts, count: hosts * rounds, start, interval, seed: 3 })].join("\n"));
  const engine = f.engine;
  recording = {
    ...f.source,
    store: withRead(engine, (request: ReadRequest): AsyncIterable<Batch> => {
      reads.push(request);
      return engine.read(request);
    }),
  };
}, 60_000);
afterAll(async () => f?.close());

/** Runs `q`, returning its one result and the reads it sent. */
async function traced(q: string): Promise<{ result: StatementResult; reads: ReadRequest[] }> {
  reads = [];
  const out = await f.run(q, { source: recording });
  expect(out).toHaveLength(1);
  expect(out[0]!.error).toBeUndefined();
  return { result: out[0]!, reads };
}

const rowsOf = (r: StatementResult) => r.series?.map((s) => ({ tags: s.tags, columns: s.columns, values: s.values })) ?? [];

const RANGE = "time >= '2016-01-01T00:10:00Z' AND time < '2016-01-01T01:40:00Z'";
const five = cpuFieldKeys.slice(0, 5);
const hostIs = (host: string) => ({ kind: "tag", key: "hostname", match: { op: "=", value: host } });

describe("reads of the TSBS queries", () => {
  it("single-groupby-1-1-1: one window aggregate without selected-point times", async () => {
    const { result, reads } = await traced(`SELECT max(usage_user) FROM cpu WHERE hostname = 'host_1' AND ${RANGE} GROUP BY time(1m)`);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ fields: ["usage_user"], aggregate: { fn: "max", every: 60_000_000_000n, pointTimes: false } });
    expect(reads[0]!.series).toMatchObject({ kind: "and", operands: [{ kind: "measurement" }, hostIs("host_1")] });
    expect(reads[0]!.groupBy).toBeUndefined();
    const computed = await traced(`SELECT max(usage_user) FROM (SELECT usage_user FROM cpu GROUP BY hostname) WHERE hostname = 'host_1' AND ${RANGE} GROUP BY time(1m)`);
    expect(computed.reads[0]!.aggregate).toBeUndefined();
    expect(rowsOf(result)[0]!.values).toHaveLength(90);
    expect(rowsOf(result)).toEqual(rowsOf(computed.result));
  });

  it("single-groupby-5-1-12: the five fields' maxima in one wide read", async () => {
    const select = five.map((x) => `max(${x})`).join(", ");
    const { result, reads } = await traced(`SELECT ${select} FROM cpu WHERE hostname = 'host_2' AND ${RANGE} GROUP BY time(1m)`);
    expect(reads).toHaveLength(1);
    expect([...reads[0]!.fields!].sort()).toEqual([...five].sort());
    expect(reads[0]).toMatchObject({ aggregate: { fn: "max", every: 60_000_000_000n, pointTimes: false } });
    const computed = await traced(`SELECT ${select} FROM (SELECT ${five.join(", ")} FROM cpu GROUP BY hostname) WHERE hostname = 'host_2' AND ${RANGE} GROUP BY time(1m)`);
    expect(rowsOf(result)).toEqual(rowsOf(computed.result));
  });

  it("double-groupby-1: means per series (one host per group), one read", async () => {
    const { result, reads } = await traced(`SELECT mean(usage_user) FROM cpu WHERE ${RANGE} GROUP BY time(1h), hostname`);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ fields: ["usage_user"], aggregate: { fn: "mean", every: 3_600_000_000_000n } });
    expect(reads[0]!.groupBy).toBeUndefined();
    const computed = await traced(`SELECT mean(usage_user) FROM (SELECT usage_user FROM cpu GROUP BY hostname) WHERE ${RANGE} GROUP BY time(1h), hostname`);
    expect(rowsOf(result)).toHaveLength(hosts);
    expect(rowsOf(result)).toEqual(rowsOf(computed.result));
  });

  it("double-groupby-all: every field's mean in one read", async () => {
    const select = cpuFieldKeys.map((x) => `mean(${x})`).join(", ");
    const { result, reads } = await traced(`SELECT ${select} FROM cpu WHERE ${RANGE} GROUP BY time(1h), hostname`);
    expect(reads).toHaveLength(1);
    expect([...reads[0]!.fields!].sort()).toEqual([...cpuFieldKeys].sort());
    expect(reads[0]).toMatchObject({ aggregate: { fn: "mean", every: 3_600_000_000_000n } });
    const computed = await traced(`SELECT ${select} FROM (SELECT ${cpuFieldKeys.join(", ")} FROM cpu GROUP BY hostname) WHERE ${RANGE} GROUP BY time(1h), hostname`);
    const pushed = rowsOf(result);
    const reference = rowsOf(computed.result);
    expect(pushed.map((s) => [s.tags, s.columns, s.values.map((r) => r[0])])).toEqual(reference.map((s) => [s.tags, s.columns, s.values.map((r) => r[0])]));
    // Means summed in another order may differ in the last bits.
    pushed.forEach((s, i) => s.values.forEach((row, j) => row.slice(1).forEach((v, k) => expect(v as number).toBeCloseTo(reference[i]!.values[j]![k + 1] as number, 9))));
  });

  it.each([
    ["high-cpu-1", "AND hostname = 'host_3' "],
    ["high-cpu-all", ""],
  ])("%s: SELECT * filtered on a field is one wide raw read", async (_name, host) => {
    const { result, reads } = await traced(`SELECT * FROM cpu WHERE usage_user > 90.0 ${host}AND ${RANGE}`);
    expect(reads).toHaveLength(1);
    expect([...reads[0]!.fields!].sort()).toEqual([...cpuFieldKeys].sort());
    expect(reads[0]).toMatchObject({ values: { kind: "compare", field: "usage_user", op: ">", value: 90 } });
    // No empty batches for series without passing rows: InfluxQL shows only rows.
    expect(reads[0]!.emptySeries).toBeUndefined();
    expect(reads[0]!.aggregate).toBeUndefined();
    expect(reads[0]!.limit).toBeUndefined();
    // The same rows filtered row by row in TypeScript (the engine cannot take `usage_user + 0`).
    const computed = await traced(`SELECT * FROM cpu WHERE usage_user + 0 > 90.0 ${host}AND ${RANGE}`);
    expect(computed.reads[0]!.values).toBeUndefined();
    const rows = rowsOf(result);
    expect(rows[0]!.values.length).toBeGreaterThan(0);
    expect(rows).toEqual(rowsOf(computed.result));
  });

  it.each([
    ["a field not selected", "SELECT usage_system, hostname FROM cpu WHERE usage_user > 90.0", "SELECT usage_system, hostname FROM cpu WHERE usage_user + 0 > 90.0", ""],
    ["two fields, OR", "SELECT usage_idle FROM cpu WHERE (usage_user > 95 OR usage_system < 5)", "SELECT usage_idle FROM cpu WHERE (usage_user + 0 > 95 OR usage_system + 0 < 5)", ""],
    ["a field, grouped by host", "SELECT usage_user, usage_nice FROM cpu WHERE usage_nice >= 50", "SELECT usage_user, usage_nice FROM cpu WHERE usage_nice + 0 >= 50", " GROUP BY hostname"],
  ])("a WHERE on %s reads the same rows as filtering them here", async (_what, pushed, computed, groupBy) => {
    const a = await traced(`${pushed} AND ${RANGE}${groupBy}`);
    expect(a.reads[0]!.values).toBeDefined();
    const b = await traced(`${computed} AND ${RANGE}${groupBy}`);
    expect(b.reads[0]!.values).toBeUndefined();
    expect(rowsOf(a.result).length).toBeGreaterThan(0);
    expect(rowsOf(a.result)).toEqual(rowsOf(b.result));
  });

  it("a WHERE naming tag values reads per series and merges them into the one group", async () => {
    const where = `(hostname = 'host_1' OR hostname = 'host_2') AND ${RANGE}`;
    const calls = "count(usage_user), sum(usage_user), min(usage_user), max(usage_user), first(usage_user), last(usage_user)";
    const { result, reads } = await traced(`SELECT ${calls} FROM cpu WHERE ${where} GROUP BY time(10m)`);
    expect(reads.every((r) => r.groupBy === undefined)).toBe(true);
    expect(reads.map((r) => r.aggregate!.fn).sort()).toEqual(["count", "first", "last", "max", "min", "sum"]);
    const got = rowsOf(result)[0]!.values;
    const computed = await traced(`SELECT ${calls} FROM (SELECT usage_user FROM cpu GROUP BY hostname) WHERE ${where} GROUP BY time(10m)`);
    const reference = rowsOf(computed.result)[0]!.values;
    expect(got.map((r) => r[0])).toEqual(reference.map((r) => r[0]));
    got.forEach((row, i) =>
      row.slice(1, 5).forEach((v, k) => {
        const want = reference[i]![k + 1];
        if (typeof v === "bigint") expect(v).toBe(want);
        else expect(v as number).toBeCloseTo(want as number, 9);
      }),
    );
    // The hosts write at the same times: first and last keep the greater value, as 1.x does.
    const raw = rowsOf((await traced(`SELECT usage_user FROM cpu WHERE ${where}`)).result)[0]!.values;
    got.forEach((row) => {
      const window = raw.filter((r) => (r[0] as bigint) >= (row[0] as bigint) && (r[0] as bigint) < (row[0] as bigint) + 600_000_000_000n);
      const at = (t: bigint) => Math.max(...window.filter((r) => r[0] === t).map((r) => r[1] as number));
      expect(row[5]).toBe(at(window[0]![0] as bigint));
      expect(row[6]).toBe(at(window[window.length - 1]![0] as bigint));
    });
    // Means and spreads are not merged here: the engine groups the two series itself.
    for (const call of ["mean(usage_user)", "spread(usage_user)"]) {
      const grouped = await traced(`SELECT ${call} FROM cpu WHERE ${where} GROUP BY time(10m)`);
      expect(grouped.reads.map((r) => r.groupBy)).toEqual([[]]);
      const here = await traced(`SELECT ${call} FROM (SELECT usage_user FROM cpu GROUP BY hostname) WHERE ${where} GROUP BY time(10m)`);
      const want = rowsOf(here.result)[0]!.values;
      rowsOf(grouped.result)[0]!.values.forEach((row, i) => {
        expect(row[0]).toBe(want[i]![0]);
        expect(row[1] as number).toBeCloseTo(want[i]![1] as number, 9);
      });
    }
  });

  it("lastpoint: every field's last value in one read, with the points' times", async () => {
    const { result, reads } = await traced(`SELECT last(*) FROM cpu GROUP BY hostname`);
    expect(reads).toHaveLength(1);
    expect([...reads[0]!.fields!].sort()).toEqual([...cpuFieldKeys].sort());
    expect(reads[0]!.aggregate).toEqual({ fn: "last" });
    const computed = await traced(`SELECT last(*) FROM (SELECT ${cpuFieldKeys.join(", ")} FROM cpu GROUP BY hostname) GROUP BY hostname`);
    expect(rowsOf(result)).toHaveLength(hosts);
    expect(rowsOf(result)).toEqual(rowsOf(computed.result));
  });

  it("groupby-orderby-limit: the newest five windows of one group, limited in the engine", async () => {
    const q = (from: string) => `SELECT max(usage_user) FROM ${from} WHERE ${RANGE} GROUP BY time(1m) ORDER BY time DESC LIMIT 5`;
    const { result, reads } = await traced(q("cpu"));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ fields: ["usage_user"], groupBy: [], limit: 5, descending: true, aggregate: { fn: "max", every: 60_000_000_000n, pointTimes: false } });
    const computed = await traced(q("(SELECT usage_user FROM cpu)"));
    expect(rowsOf(result)[0]!.values).toHaveLength(5);
    expect(rowsOf(result)).toEqual(rowsOf(computed.result));
  });
});

describe("tags and fields from the shard groups a statement reads", () => {
  it("SELECT * lists the fields of its time range, as 1.x maps only those shards", async () => {
    // Two shard groups (7 days each by default): `old` written in January only, `new` in March.
    await f.write("bench", ["sensor,room=a old=1 1577836800", "sensor,room=a new=2 1583020800", "sensor,room=b,floor=2 new=3 1583020801"].join("\n"), "s");
    const march = await traced(`SELECT * FROM sensor WHERE time >= '2020-02-01T00:00:00Z'`);
    expect(rowsOf(march.result)[0]!.columns).toEqual(["time", "floor", "new", "room"]);
    const january = await traced(`SELECT * FROM sensor WHERE time < '2020-02-01T00:00:00Z'`);
    expect(rowsOf(january.result)[0]!.columns).toEqual(["time", "old", "room"]);
    const all = await traced(`SELECT * FROM sensor`);
    expect(rowsOf(all.result)[0]!.columns).toEqual(["time", "floor", "new", "old", "room"]);
    // A tag of the range's series is still a tag.
    const byFloor = await traced(`SELECT new FROM sensor WHERE floor = '2' AND time >= '2020-02-01T00:00:00Z'`);
    expect(byFloor.reads[0]!.series).toMatchObject({ operands: [{ kind: "measurement" }, { kind: "tag", key: "floor" }] });
    expect(rowsOf(byFloor.result)[0]!.values).toEqual([[1_583_020_801_000_000_000n, 3]]);
  });
});
