// Query latency, Flux (issue #4 §6) and InfluxQL (issue #5 §5): the cpu-only data set (QUERY_HOSTS =
// 100 hosts × 1 day at 10 s: 864,000 lines, 8.64M values) is written through POST /api/v2/write into a
// fresh built server, then each of the eight TSBS-style queries (./query-set.ts) runs QUERY_RUNS times
// (or until QUERY_SECONDS per query) with a random host and window per run, one at a time, end to end
// over HTTP: the annotated CSV is read to its last byte. Then the InfluxQL form of each query runs the
// same way against Fluxgate's 1.x /query (./influxql-compare.ts). When Debian's influxd 1.x is
// installed, the same data goes to a private influxd through /write first; the InfluxQL statements run
// against both servers with the same draws, runs alternating, the warm-up answers are compared, and
// the p50 ratios are given (influxd ÷ Fluxgate-Flux as before, and Fluxgate-InfluxQL ÷ influxd, whose
// target is ≤ 0.5).
//
// Alone: `pnpm --filter @fluxgate/bench exec tsx src/workloads/query.ts`.
// Env: QUERY_INFLUXD=0 (skip influxd), QUERY_HOSTS (100), QUERY_RUNS (40), QUERY_SECONDS (8), QUERY_PROFILE=1 (server under --cpu-prof,
// the profile left in $TMPDIR/fluxgate-query-profile), QUERY_ONLY=name,name (a subset of the queries),
// QUERY_COMPACT_WAIT_S (80: the least wait after loading, then until the server's quiet-shard
// compaction has replaced every shard file; 0 times the unsorted shards at once),
// QUERY_CHECKS (2: warm-up draws per query, whose InfluxQL answers are compared between the servers),
// QUERY_SERVER_WARMUP_S (30: before anything is timed, Fluxgate answers every query kind in Flux and
// in InfluxQL, round after round on warm-up draws, each kind for 100 ms a round; over HTTP, a
// single-groupby-1-1-1 loop right after the compaction took 10 ms a query in its first 5 s and settled
// near 5.7 ms only after 20–30 s, the server's CPU per query falling alike (V8 tiering up), so ~200
// runs of the first kind left it timed cold; influxd, compiled Go, keeps its per-kind warm-up only;
// the first 3 rounds' p50 per kind is reported as the cold server),
// QUERY_WARMUPS (200: untimed runs per query and server on other draws first, at most QUERY_SECONDS long;
// in-process, a single-groupby-1-1-1 run took 8.1 ms of CPU over runs 20–60 and 3.4 ms after run 300,
// so 20 warm-ups left the timed runs in V8's tier-up).
import { readdir, stat } from "node:fs/promises";
import { Agent } from "node:http";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateCpuOnly } from "@fluxgate/line-protocol";
import { calibrationMs, cpuTicks, stolenPercent, type CpuTicks } from "../calibration.js";
import { influxdInstalled, startInfluxd } from "../influxd.js";
import { onboard } from "../onboard.js";
import { type BenchServer, startServer } from "../server.js";
import { percentile } from "../stats.js";
import { askInfluxQL, compareInfluxQL, pingFloor, type QueryEndpoint } from "./influxql-compare.js";
import { type QueryKind, queryKinds } from "./query-set.js";
import { send, time, type Timing, type TimingPlan, warmUpServer, type WarmUpAsk } from "./query-run.js";
import type { Measurement, Workload } from "./workload.js";

const hosts = Number(process.env["QUERY_HOSTS"] ?? 100);
const runs = Number(process.env["QUERY_RUNS"] ?? 40);
const secondsPerQuery = Number(process.env["QUERY_SECONDS"] ?? 8);
const profile = process.env["QUERY_PROFILE"] === "1";
const only = process.env["QUERY_ONLY"]?.split(",");
/** Warm-up draws per query kind; the InfluxQL part compares both servers' answers on these. */
const checks = Math.max(1, Number(process.env["QUERY_CHECKS"] ?? 2));
const serverWarmUpS = Number(process.env["QUERY_SERVER_WARMUP_S"] ?? 30);
/** Rounds of the server-wide warm-up whose latencies are reported as the cold server's. */
const coldRounds = 3;
/** Each kind's turn in a warm-up round. */
const warmUpSliceMs = 100;
const plan: TimingPlan = { jitWarmups: Number(process.env["QUERY_WARMUPS"] ?? 200), warmups: checks, runs, seconds: secondsPerQuery };
const interval = 10_000_000_000n;
const start = 1_451_606_400_000_000_000n; // 2016-01-01T00:00:00Z, the generator's default
const rounds = 8640; // one day at 10 s
const batchLines = 5000;
/**
 * One writer: batches then arrive in time order, as a collector sends them. (Concurrent writers
 * can commit a later batch first, which leaves the shard holding out-of-order rows to merge at
 * read time until it is compacted, a different benchmark.)
 */
const loaders = 1;

/** The data set as 5,000-line bodies. */
function batches(): Buffer[] {
  const out: Buffer[] = [];
  let lines: string[] = [];
  for (const line of generateCpuOnly({ hosts, count: hosts * rounds, seed: 7 })) {
    lines.push(line);
    if (lines.length === batchLines) {
      out.push(Buffer.from(`${lines.join("\n")}\n`));
      lines = [];
    }
  }
  if (lines.length > 0) out.push(Buffer.from(`${lines.join("\n")}\n`));
  return out;
}

async function load(agent: Agent, url: URL, headers: Record<string, string>, bodies: readonly Buffer[], ok: number): Promise<number> {
  const began = performance.now();
  let next = 0;
  const loop = async (): Promise<void> => {
    while (next < bodies.length) {
      const body = bodies[next++] as Buffer;
      const answer = await send(agent, url, "POST", { ...headers, "content-type": "text/plain; charset=utf-8" }, body);
      if (answer.status !== ok) throw new Error(`write answered ${answer.status}: ${answer.text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: loaders }, loop));
  return (performance.now() - began) / 1000;
}

/** The shard files of a server's data folder (`engine/<bucket>/<shard>.duckdb`) and their inodes. */
async function shardFiles(dataDir: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const engine = join(dataDir, "engine");
  for (const bucket of await readdir(engine, { withFileTypes: true })) {
    if (!bucket.isDirectory()) continue;
    for (const file of await readdir(join(engine, bucket.name))) {
      if (file.endsWith(".duckdb")) out.set(join(engine, bucket.name, file), (await stat(join(engine, bucket.name, file))).ino);
    }
  }
  return out;
}

/**
 * Waits `minS` seconds, then until every shard file has been replaced by its compacted copy (a new
 * inode: compaction writes the sorted copy beside it and renames it over the original). The timed
 * queries then never overlap the compaction's last seconds, which a fixed wait did when the check
 * that starts it (every 15 s, once a shard has been quiet 60 s) came late. Returns the seconds waited.
 */
async function waitForCompaction(dataDir: string, minS: number): Promise<number> {
  const began = performance.now();
  const before = await shardFiles(dataDir);
  await new Promise((done) => setTimeout(done, minS * 1000));
  for (;;) {
    const now = await shardFiles(dataDir);
    if ([...before].every(([path, ino]) => now.get(path) !== ino)) return (performance.now() - began) / 1000;
    if (performance.now() - began > (minS + 120) * 1000) throw new Error("the loaded shards were not compacted within 2 minutes of the wait");
    await new Promise((done) => setTimeout(done, 1000));
  }
}

export const query: Workload = {
  name: "query",
  description: `Flux and InfluxQL over HTTP: TSBS cpu-only, ${hosts} hosts × 1 day at 10 s (${hosts * rounds} lines) written through /api/v2/write, then ${serverWarmUpS} s of every query in both languages round after round to warm the server, then the eight queries of issue #4 §6 one at a time (answers read to the end), each first warmed up with up to ${plan.jitWarmups} untimed runs on other draws, p50/p99 each, in Flux (/api/v2/query) and in InfluxQL (/query); the InfluxQL statements also against Debian's influxd 1.x when installed, answers compared and p50 ratios given`,
  async run(): Promise<Measurement[]> {
    const data = { start, stop: start + BigInt(rounds) * interval, hosts };
    const kinds = queryKinds(data).filter((k) => only === undefined || only.includes(k.name));
    const calibrationDetail = "median of 9 JSON round trips of a fixed 0.6 MB document in the bench's own process: the machine's speed, to tell its drift between runs from a change in the code";
    const calibratedAtStart = calibrationMs();
    const bodies = batches();
    const out: Measurement[] = [];
    const ours = new Map<string, Timing>();
    const agent = new Agent({ keepAlive: true, maxSockets: loaders });
    const influxAgent = new Agent({ keepAlive: true, maxSockets: loaders });
    // influxd is loaded first, so its own post-write work (cache snapshots, level compactions) runs
    // during Fluxgate's load and compaction wait rather than during the timed queries.
    const influxd = influxdInstalled() && process.env["QUERY_INFLUXD"] !== "0" ? await startInfluxd("bench") : undefined;
    let server: BenchServer | undefined;
    try {
      if (influxd !== undefined) {
        const loadS = await load(influxAgent, influxd.writeUrl, {}, bodies, 204);
        console.log(`  ${influxd.name}: loaded ${hosts * rounds} lines in ${loadS.toFixed(1)} s`);
      }
      server = await startServer(profile ? ["--cpu-prof", "--cpu-prof-dir", join(tmpdir(), "fluxgate-query-profile")] : []);
      const tenant = await onboard(server.url);
      const auth = { authorization: `Token ${tenant.token}` };
      const loadS = await load(agent, new URL(`${server.url}/api/v2/write?org=bench&bucket=bench&precision=ns`), auth, bodies, 204);
      console.log(`  fluxgate: loaded ${hosts * rounds} lines in ${loadS.toFixed(1)} s`);
      // The server rewrites a shard sorted by (series, time) once it has been quiet for
      // COMPACTION.coldForMs (checked every intervalMs); queries are timed on that layout, as a
      // shard a collector has moved past would be. QUERY_COMPACT_WAIT_S=0 times the unsorted one.
      const waitS = Number(process.env["QUERY_COMPACT_WAIT_S"] ?? 80);
      if (waitS > 0) {
        console.log(`  fluxgate: waiting at least ${waitS} s for the quiet shard's compaction`);
        const seenS = await waitForCompaction(server.dataDir, waitS);
        console.log(`  fluxgate: every shard file rewritten after ${seenS.toFixed(0)} s`);
      }
      const queryUrl = new URL(`${server.url}/api/v2/query?org=bench`);
      const askFlux = (kind: QueryKind, draw: () => number) =>
        send(agent, queryUrl, "POST", { ...auth, "content-type": "application/json", accept: "application/csv" }, JSON.stringify({ query: kind.make(draw).flux, type: "flux", dialect: { annotations: ["datatype", "group", "default"] } }));
      const fluxgateEndpoint: QueryEndpoint = { name: "Fluxgate", agent, base: server.url, headers: auth };
      const influxdEndpoint: QueryEndpoint | undefined = influxd === undefined ? undefined : { name: influxd.name, agent: influxAgent, base: influxd.writeUrl.origin, headers: {} };
      if (serverWarmUpS > 0) {
        const label = (language: string, kind: QueryKind): string => `Fluxgate ${language} ${kind.name}`;
        const asks: WarmUpAsk[] = kinds.flatMap((kind) => [
          { label: label("flux", kind), ask: (draw) => askFlux(kind, draw) },
          { label: label("influxql", kind), ask: (draw) => askInfluxQL(fluxgateEndpoint, kind.make(draw).influxql, "csv") },
        ]);
        const warm = await warmUpServer(serverWarmUpS, asks, coldRounds, warmUpSliceMs);
        console.log(`  warm-up: ${warm.runs} queries in ${warm.rounds} rounds of ${asks.length} kinds, ≥ ${serverWarmUpS} s; cold p50 (first ${coldRounds} rounds):`);
        for (const [label, latencies] of warm.cold) console.log(`    ${label}: ${percentile(latencies, 50).toFixed(1)} ms`);
        // One row per language on the cold server: its value is the first kind's, the detail lists all.
        for (const language of ["Flux", "InfluxQL"]) {
          const cold = kinds.map((kind) => [kind.name, percentile(warm.cold.get(label(language.toLowerCase(), kind)) ?? [], 50)] as const);
          const [first] = cold;
          if (first === undefined) continue;
          const detail = `p50 of the first ${coldRounds} rounds of the server's warm-up (each kind ${warmUpSliceMs} ms a round), right after the compaction, not timed against the targets: ${cold.map(([name, ms]) => `${name} ${ms.toFixed(1)} ms`).join(", ")}`;
          out.push({ workload: "query", metric: `cold server: ${language} ${first[0]} p50`, value: first[1], unit: "ms", detail });
        }
      }
      const stealRow = (language: string, from: CpuTicks | undefined): void => {
        const value = stolenPercent(from, cpuTicks());
        if (value === undefined) return;
        const detail = "share of the VM's CPU time (both cores, idle included) that its hypervisor gave to others, from /proc/stat: latencies rise with it";
        out.push({ workload: "query", metric: `CPU stolen while ${language} was timed`, value, unit: "%", detail });
      };
      const fluxStarted = cpuTicks();
      for (const kind of kinds) {
        const timing = await time(kind.name, plan, (draw) => askFlux(kind, draw));
        ours.set(kind.name, timing);
        const p50 = percentile(timing.latencies, 50);
        const detail = `${timing.latencies.length} runs, ${(timing.bytes / 1024).toFixed(1)} KiB of CSV per answer; target p50 < ${kind.targetMs} ms (${kind.what})`;
        out.push({ workload: "query", metric: `${kind.name} p50`, value: p50, unit: "ms", detail });
        out.push({ workload: "query", metric: `${kind.name} p99`, value: percentile(timing.latencies, 99), unit: "ms", detail });
        console.log(`  fluxgate ${kind.name}: p50 ${p50.toFixed(1)} ms, p99 ${percentile(timing.latencies, 99).toFixed(1)} ms`);
      }
      stealRow("Flux", fluxStarted);
      const influxqlStarted = cpuTicks();
      for (const kind of kinds) {
        const outcome = await compareInfluxQL(kind, plan, fluxgateEndpoint, influxdEndpoint);
        const theirs = outcome.theirs;
        if (influxd !== undefined && theirs !== undefined) {
          // The rows the Flux comparison has always had: influxd's InfluxQL against Fluxgate's Flux.
          const p50 = percentile(theirs.latencies, 50);
          const detail = `${theirs.latencies.length} runs, ${(theirs.bytes / 1024).toFixed(1)} KiB of CSV per answer, InfluxQL`;
          out.push({ workload: "query", metric: `${influxd.name}: ${kind.name} p50`, value: p50, unit: "ms", detail });
          out.push({ workload: "query", metric: `${influxd.name}: ${kind.name} p99`, value: percentile(theirs.latencies, 99), unit: "ms", detail });
          const mine = ours.get(kind.name);
          if (mine !== undefined) {
            const ratio = p50 / percentile(mine.latencies, 50);
            out.push({ workload: "query", metric: `${kind.name} speed-up vs ${influxd.name}`, value: ratio, unit: "×", detail: `${influxd.name} p50 ÷ Fluxgate p50 (${p50.toFixed(1)} ÷ ${percentile(mine.latencies, 50).toFixed(1)} ms)` });
          }
        }
        out.push(...outcome.measurements);
      }
      stealRow("InfluxQL", influxqlStarted);
      const pingRuns = 500;
      for (const [endpoint, p50] of await pingFloor([fluxgateEndpoint, ...(influxdEndpoint === undefined ? [] : [influxdEndpoint])], pingRuns)) {
        const detail = `${pingRuns} runs, servers alternating: a request answered without work (parse, route, reply), the floor under every query latency above`;
        out.push({ workload: "query", metric: `${endpoint.name}: GET /ping p50`, value: p50, unit: "ms", detail });
      }
      out.push({ workload: "query", metric: "machine calibration at the start", value: calibratedAtStart, unit: "ms", detail: calibrationDetail });
      out.push({ workload: "query", metric: "machine calibration at the end", value: calibrationMs(), unit: "ms", detail: calibrationDetail });
    } finally {
      agent.destroy();
      influxAgent.destroy();
      await server?.stop();
      if (influxd !== undefined) {
        await influxd.stop();
        await influxd.remove();
      }
    }
    return out;
  },
};

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  query.run().then(
    (measurements) => {
      for (const m of measurements) console.log(`${m.metric}: ${m.value.toFixed(2)} ${m.unit} — ${m.detail}`);
      const [load1 = 0] = loadavg();
      console.log(`load average at the end: ${load1.toFixed(1)} (1 min)`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
