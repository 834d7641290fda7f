// The Flux issue's eight TSBS queries in InfluxQL, run in-process (parse → plan → storage reads →
// 1.x JSON bytes, the chunks the server writes) over the cpu-only data set: 100 hosts × 1 day at
// 10 s by default. No HTTP: these figures are the engine's share of a /query request.
// Env: HOSTS (100), HOURS (24), ITER (20 timed runs per query), COMPACT (1: compact before querying),
// QUERIES (comma-separated names: only those), DATA (a folder kept between runs: loaded once, then
// reused), PROFILE (a .cpuprofile path: the query phase only is profiled), REPLAY (1: each query's
// storage reads are recorded once and replayed from memory, so the figures are InfluxQL's own
// JavaScript: planning, joins and merges, encoding; ten draws per query, timed in turn).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cpuFieldKeys, generateCpuOnly, parse, prng } from "@fluxgate/line-protocol";
import { StorageEngine, type Batch, type BucketInfo, type ReadRequest } from "@fluxgate/storage-engine";
import { columnarRowsOf } from "../columnar.js";
import { executeQuery } from "../execute.js";
import { resultsJsonChunks } from "../format.js";
import type { StatementResult } from "../result.js";
import { DatabaseNotFoundError, type InfluxQLStore, type QuerySource } from "../source.js";
import { withRead } from "../test-support/store.js";

const hosts = Number(process.env.HOSTS ?? 100);
const hours = Number(process.env.HOURS ?? 24);
const iterations = Number(process.env.ITER ?? 20);
const start = 1_451_606_400_000_000_000n; // 2016-01-01T00:00:00Z, the generator's default
const interval = 10_000_000_000n;
const rounds = (hours * 3600) / 10;
const stop = start + BigInt(rounds) * interval;

const minute = 60_000_000_000n;
const hour = 60n * minute;
const rfc3339 = (ns: bigint): string => new Date(Number(ns / 1_000_000n)).toISOString().replace(".000Z", "Z");


const window = (draw: () => number, span: bigint): [string, string] => {
  const minutes = Number((stop - start - span) / minute);
  const from = start + BigInt(Math.floor(draw() * (minutes + 1))) * minute;
  return [rfc3339(from), rfc3339(from + span)];
};
const host = (draw: () => number): string => `host_${Math.floor(draw() * hosts)}`;
const five = cpuFieldKeys.slice(0, 5);

const kinds: Array<{ name: string; targetMs: number; make(draw: () => number): string }> = [
  { name: "single-groupby-1-1-1", targetMs: 5, make: (d) => { const [a, b] = window(d, hour); return `SELECT max(usage_user) FROM cpu WHERE hostname = '${host(d)}' AND time >= '${a}' AND time < '${b}' GROUP BY time(1m)`; } },
  { name: "single-groupby-5-1-12", targetMs: 10, make: (d) => { const [a, b] = window(d, 12n * hour); return `SELECT ${five.map((f) => `max(${f})`).join(", ")} FROM cpu WHERE hostname = '${host(d)}' AND time >= '${a}' AND time < '${b}' GROUP BY time(1m)`; } },
  { name: "double-groupby-1", targetMs: 30, make: (d) => { const [a, b] = window(d, 12n * hour); return `SELECT mean(usage_user) FROM cpu WHERE time >= '${a}' AND time < '${b}' GROUP BY time(1h), hostname`; } },
  { name: "double-groupby-all", targetMs: 80, make: (d) => { const [a, b] = window(d, 12n * hour); return `SELECT ${cpuFieldKeys.map((f) => `mean(${f})`).join(", ")} FROM cpu WHERE time >= '${a}' AND time < '${b}' GROUP BY time(1h), hostname`; } },
  { name: "high-cpu-1", targetMs: 8, make: (d) => { const [a, b] = window(d, 12n * hour); return `SELECT * FROM cpu WHERE usage_user > 90.0 AND hostname = '${host(d)}' AND time >= '${a}' AND time < '${b}'`; } },
  { name: "high-cpu-all", targetMs: 400, make: (d) => { const [a, b] = window(d, 12n * hour); return `SELECT * FROM cpu WHERE usage_user > 90.0 AND time >= '${a}' AND time < '${b}'`; } },
  { name: "lastpoint", targetMs: 100, make: () => `SELECT last(*) FROM cpu GROUP BY hostname` },
  { name: "groupby-orderby-limit", targetMs: 30, make: (d) => { const [a, b] = window(d, 5n * minute); return `SELECT max(usage_user) FROM cpu WHERE time >= '${a}' AND time < '${b}' GROUP BY time(1m) ORDER BY time DESC LIMIT 5`; } },
];

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;

const kept = process.env.DATA;
const reuse = kept !== undefined && existsSync(join(kept, "loaded"));
const dir = kept ?? mkdtempSync(join(tmpdir(), "influxql-bench-"));
if (kept !== undefined) mkdirSync(kept, { recursive: true });
const engine = await StorageEngine.open({ path: dir });
const bucket: BucketInfo = { id: "00000000000000be", retentionNs: 0n };
try {
  if (!reuse) await load();
  else console.log(`reusing ${dir}`);
  await queries();
} finally {
  await engine.close();
  if (kept === undefined) rmSync(dir, { recursive: true, force: true });
}

async function load(): Promise<void> {
  const loadStart = performance.now();
  let batch: string[] = [];
  let lines = 0;
  for (const line of generateCpuOnly({ hosts, count: hosts * rounds, start, interval })) {
    batch.push(line);
    if (batch.length === 20_000) {
      await engine.write(bucket, parse(batch.join("\n")));
      lines += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) {
    await engine.write(bucket, parse(batch.join("\n")));
    lines += batch.length;
  }
  if (process.env.COMPACT !== "0") await engine.compact(bucket.id, { all: true });
  console.log(`loaded ${lines} lines (${hosts} hosts × ${hours} h) in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);
  if (kept !== undefined) writeFileSync(join(kept, "loaded"), `${hosts} ${hours}\n`);
}

async function queries(): Promise<void> {
  const replay = process.env.REPLAY === "1";
  const source: QuerySource = {
    store: replay ? replayingStore(engine) : engine,
    bucket: async (db) => (db === "bench" ? bucket : Promise.reject(new DatabaseNotFoundError(db))),
    writableBucket: async (db) => (db === "bench" ? bucket : Promise.reject(new DatabaseNotFoundError(db))),
    databases: async () => ["bench"],
    retentionPolicies: async () => [],
  };
  const run = async (q: string): Promise<{ ms: number; rows: number }> => {
    const t0 = performance.now();
    const results: StatementResult[] = [];
    for await (const r of executeQuery(q, { source, db: "bench" })) results.push(r);
    if (results[0]?.error !== undefined) throw new Error(`${q}: ${results[0].error}`);
    // The bytes the server writes (its chunks), not a string of the whole answer.
    let bytes = 0;
    for (const chunk of resultsJsonChunks(results, { epoch: "ns" })) bytes += chunk.length;
    const ms = performance.now() - t0;
    void bytes;
    // Counted from the columns when a series has them: reading `values` would build its rows.
    return { ms, rows: results.reduce((n, r) => n + (r.series ?? []).reduce((m, s) => m + (columnarRowsOf(s)?.times.length ?? s.values.length), 0), 0) };
  };

  const profile = process.env.PROFILE;
  const session = new Session();
  if (profile !== undefined) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  }
  // CPU ms: user + system time of the process (JS and DuckDB's threads) per query, which other
  // work on a shared machine disturbs far less than the wall-clock percentiles.
  console.log(`\n| query | p50 ms | p99 ms | min ms | CPU ms | rows | target p50 |\n|---|---|---|---|---|---|---|`);
  const only = process.env.QUERIES?.split(",");
  for (const kind of kinds) {
    if (only !== undefined && !only.includes(kind.name)) continue;
    const draw = prng(42);
    // Replaying: a fixed set of draws, each run once untimed to record its reads.
    const drawn = replay ? Array.from({ length: 10 }, () => kind.make(draw)) : [];
    for (const q of drawn) await run(q);
    for (let i = 0; i < 2; i++) await run(replay ? drawn[i]! : kind.make(draw));
    const times: number[] = [];
    let rows = 0;
    const cpu = process.cpuUsage();
    for (let i = 0; i < iterations; i++) {
      const r = await run(replay ? drawn[i % drawn.length]! : kind.make(draw));
      times.push(r.ms);
      rows = r.rows;
    }
    const used = process.cpuUsage(cpu);
    times.sort((a, b) => a - b);
    const cpuMs = (used.user + used.system) / 1000 / iterations;
    console.log(`| ${kind.name} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 99).toFixed(1)} | ${times[0]!.toFixed(1)} | ${cpuMs.toFixed(1)} | ${rows} | < ${kind.targetMs} |`);
  }
  if (profile !== undefined) {
    const { profile: data } = await session.post("Profiler.stop");
    writeFileSync(profile, JSON.stringify(data));
    session.disconnect();
  }
}

/** The engine, with each read's batches kept the first time and replayed after (same request, same batches). */
function replayingStore(store: StorageEngine): InfluxQLStore {
  const recorded = new Map<string, Batch[]>();
  const keyOf = (r: ReadRequest): string => JSON.stringify(r, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
  return withRead(store, (request) => {
    const key = keyOf(request);
    const known = recorded.get(key);
    if (known !== undefined) return (async function* () { yield* known; })();
    const batches: Batch[] = [];
    recorded.set(key, batches);
    return (async function* () {
      for await (const b of store.read(request)) {
        batches.push(b);
        yield b;
      }
    })();
  });
}
