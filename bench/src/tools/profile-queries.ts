// Profiling aid for the query workload, without HTTP: the cpu-only day is written straight into a
// storage engine in QPROF_DIR (kept between runs), then each query of ./workloads/query-set.ts runs
// through Flux's execute() and the annotated CSV encoder, and its median time is printed.
// Run with the packages' TypeScript sources:
//   node --conditions=fluxgate-source --import tsx [--cpu-prof] src/tools/profile-queries.ts [name…]
// QPROF_RUNS (7) timed runs per query, after QPROF_WARMUPS (0) untimed ones on other draws;
// QPROF_READ_CACHE_BYTES sets the engine's series cache (0 = off); QPROF_SHOW=1 prints each storage read request, QPROF_SQL=1 each
// SQL statement DuckDB runs with its time in ms.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { generateCpuOnly, parse } from "@fluxgate/line-protocol";
import { repoRoot } from "../server.js";
import { queryKinds } from "../workloads/query-set.js";

interface Engine {
  write(bucket: unknown, points: unknown): Promise<unknown>;
  read(request: unknown): AsyncIterable<unknown>;
  compact(bucketId?: string, options?: { all?: boolean }): Promise<void>;
  close(): Promise<void>;
}
type FluxModule = {
  execute(source: string, options: Record<string, unknown>): { results: unknown[]; plans: { calls: string[] }[] };
  annotatedCSVBytes(results: unknown[], dialect: Record<string, unknown>): AsyncIterable<Uint8Array>;
};

const fromServer = createRequire(join(repoRoot, "apps/server/package.json"));
const load = async <T>(name: string): Promise<T> => (await import(pathToFileURL(fromServer.resolve(name)).href)) as T;
const { StorageEngine } = await load<{ StorageEngine: { open(o: { path: string; readCacheBytes?: number }): Promise<Engine> } }>("@fluxgate/storage-engine");
const fluxModule = await load<FluxModule>("@fluxgate/flux");
if (process.env["QPROF_SQL"]) {
  type Run = (this: unknown, sql: string, ...rest: unknown[]) => Promise<unknown>;
  const api = (await import(pathToFileURL(createRequire(join(repoRoot, "packages/storage-engine/package.json")).resolve("@duckdb/node-api")).href)) as { DuckDBConnection: { prototype: { run: Run } } };
  const orig = api.DuckDBConnection.prototype.run;
  api.DuckDBConnection.prototype.run = async function (sql: string, ...rest: unknown[]) {
    const began = performance.now();
    const result = await orig.call(this, sql, ...rest);
    console.log(`${(performance.now() - began).toFixed(3)} ms: ${sql}`);
    return result;
  };
}

const dir = process.env["QPROF_DIR"] ?? "/tmp/fluxgate-qprof";
const hosts = 100;
const rounds = 8640;
const start = 1_451_606_400_000_000_000n;
const bucket = { id: "00000000000000bb", retentionNs: 0n };
const fresh = !existsSync(dir);
const cacheBytes = process.env["QPROF_READ_CACHE_BYTES"];
const engine = await StorageEngine.open({ path: dir, ...(cacheBytes === undefined ? {} : { readCacheBytes: Number(cacheBytes) }) });
if (fresh) {
  const began = performance.now();
  let lines: string[] = [];
  for (const line of generateCpuOnly({ hosts, count: hosts * rounds, seed: 7 })) {
    lines.push(line);
    if (lines.length === 5000) {
      await engine.write(bucket, parse(lines.join("\n")));
      lines = [];
    }
  }
  // Compacted, as the bench's server has its shard when the queries are timed.
  await engine.compact(undefined, { all: true });
  console.log(`loaded and compacted in ${((performance.now() - began) / 1000).toFixed(1)} s`);
}
/** Time spent inside the engine's iterator (SQL and batch building), per query run. */
let engineMs = 0;
const source = {
  computesAggregates: true,
  async *read(request: Record<string, unknown>) {
    if (process.env["QPROF_SHOW"]) console.log(request);
    const it = engine.read({ ...request, bucket })[Symbol.asyncIterator]();
    for (;;) {
      const began = performance.now();
      const next = await it.next();
      engineMs += performance.now() - began;
      if (next.done === true) return;
      yield next.value;
    }
  },
};
const names = process.argv.slice(2);
const kinds = queryKinds({ start, stop: start + BigInt(rounds) * 10_000_000_000n, hosts }).filter((k) => names.length === 0 || names.includes(k.name));
/** Runs `kind`'s query once and drains its CSV; returns the plan and the CSV's size. */
async function runOnce(flux: string): Promise<{ plans: string; bytes: number }> {
  const run = fluxModule.execute(flux, { source });
  let bytes = 0;
  for await (const chunk of fluxModule.annotatedCSVBytes(run.results, { annotations: ["datatype", "group", "default"] })) bytes += chunk.length;
  return { plans: run.plans.map((p) => p.calls.join("|>")).join("; "), bytes };
}
for (const kind of kinds) {
  // Untimed runs on draws of their own first, as the bench's warm-up (JIT, the engine's series cache).
  let warm = 0.5;
  for (let i = 0; i < Number(process.env["QPROF_WARMUPS"] ?? 0); i++) await runOnce(kind.make(() => ((warm = (warm * 7919 + 0.137) % 1), warm)).flux);
  let draw = 0;
  const times: number[] = [];
  const engineTimes: number[] = [];
  /** CPU time of the whole process (every thread, DuckDB's included) per run: steadier than wall time on a busy machine. */
  const cpuTimes: number[] = [];
  let bytes = 0;
  let plans = "";
  for (let i = 0; i < Number(process.env["QPROF_RUNS"] ?? 7); i++) {
    const q = kind.make(() => ((draw = (draw * 7919 + 0.137) % 1), draw));
    engineMs = 0;
    const began = performance.now();
    const cpuBefore = process.cpuUsage();
    ({ plans, bytes } = await runOnce(q.flux));
    times.push(performance.now() - began);
    const cpu = process.cpuUsage(cpuBefore);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    engineTimes.push(engineMs);
  }
  times.sort((a, b) => a - b);
  engineTimes.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  console.log(`${kind.name}: median ${times[Math.floor(times.length / 2)]?.toFixed(1)} ms (engine ${engineTimes[Math.floor(times.length / 2)]?.toFixed(1)}, CPU ${cpuTimes[Math.floor(times.length / 2)]?.toFixed(1)}), min ${times[0]?.toFixed(1)} ms, p10 ${times[Math.floor(times.length / 10)]?.toFixed(1)}, p90 ${times[Math.floor(times.length * 0.9)]?.toFixed(1)}, ${(bytes / 1024).toFixed(0)} KiB; plan ${plans}`);
}
await engine.close();
