// Flux query latency (issue #4 §6): the cpu-only data set (QUERY_HOSTS = 100 hosts × 1 day at 10 s:
// 864,000 lines, 8.64M values) is written through POST /api/v2/write into a fresh built server, then
// each of the eight TSBS-style queries (./query-set.ts) runs QUERY_RUNS times (or until QUERY_SECONDS
// per query) with a random host and window per run, one at a time, end to end over HTTP: the annotated
// CSV is read to its last byte. When Debian's influxd 1.x is installed, the same data goes to a private
// influxd through /write and the InfluxQL equivalents run the same way against /query (CSV answers),
// and each p50 ratio is printed.
//
// Alone: `pnpm --filter @fluxgate/bench exec tsx src/workloads/query.ts`.
// Env: QUERY_INFLUXD=0 (skip influxd), QUERY_HOSTS (100), QUERY_RUNS (40), QUERY_SECONDS (8), QUERY_PROFILE=1 (server under --cpu-prof,
// the profile left in $TMPDIR/fluxgate-query-profile), QUERY_ONLY=name,name (a subset of the queries),
// QUERY_COMPACT_WAIT_S (80: the wait after loading for the server's quiet-shard compaction).
import { Agent, request } from "node:http";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateCpuOnly } from "@fluxgate/line-protocol";
import { influxdInstalled, startInfluxd } from "../influxd.js";
import { onboard } from "../onboard.js";
import { startServer } from "../server.js";
import { percentile } from "../stats.js";
import { type QueryKind, queryKinds } from "./query-set.js";
import type { Measurement, Workload } from "./workload.js";

const hosts = Number(process.env["QUERY_HOSTS"] ?? 100);
const runs = Number(process.env["QUERY_RUNS"] ?? 40);
const secondsPerQuery = Number(process.env["QUERY_SECONDS"] ?? 8);
const profile = process.env["QUERY_PROFILE"] === "1";
const only = process.env["QUERY_ONLY"]?.split(",");
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

interface Answer {
  status: number;
  bytes: number;
  text: string;
}

function send(agent: Agent, url: URL, method: string, headers: Record<string, string>, body?: Buffer | string): Promise<Answer> {
  return new Promise((resolveAnswer, reject) => {
    const req = request(url, { agent, method, headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const all = Buffer.concat(chunks);
        resolveAnswer({ status: res.statusCode ?? 0, bytes: all.length, text: all.length < 4096 || (res.statusCode ?? 0) >= 300 ? all.toString("utf8") : "" });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

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

/** Mulberry32, so both servers get the same hosts and windows. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Timing {
  latencies: number[];
  bytes: number;
}

/** Runs `ask` twice to warm up, then up to `runs` times or `secondsPerQuery`; latencies sorted. */
async function time(kind: QueryKind, ask: (draw: () => number) => Promise<Answer>): Promise<Timing> {
  const draw = prng(42);
  for (let i = 0; i < 2; i++) await ask(draw);
  const latencies: number[] = [];
  let bytes = 0;
  const deadline = performance.now() + secondsPerQuery * 1000;
  while (latencies.length < runs && (latencies.length < 5 || performance.now() < deadline)) {
    const began = performance.now();
    const answer = await ask(draw);
    latencies.push(performance.now() - began);
    if (answer.status !== 200) throw new Error(`${kind.name} answered ${answer.status}: ${answer.text.slice(0, 500)}`);
    bytes += answer.bytes;
  }
  latencies.sort((a, b) => a - b);
  return { latencies, bytes: bytes / latencies.length };
}

export const query: Workload = {
  name: "query",
  description: `Flux over HTTP: TSBS cpu-only, ${hosts} hosts × 1 day at 10 s (${hosts * rounds} lines) written through /api/v2/write, then the eight queries of issue #4 §6 one at a time (annotated CSV read to the end), p50/p99 each; InfluxQL equivalents against Debian's influxd 1.x when installed`,
  async run(): Promise<Measurement[]> {
    const data = { start, stop: start + BigInt(rounds) * interval, hosts };
    const kinds = queryKinds(data).filter((k) => only === undefined || only.includes(k.name));
    const bodies = batches();
    const out: Measurement[] = [];
    const ours = new Map<string, Timing>();
    const agent = new Agent({ keepAlive: true, maxSockets: loaders });
    const server = await startServer(profile ? ["--cpu-prof", "--cpu-prof-dir", join(tmpdir(), "fluxgate-query-profile")] : []);
    try {
      const tenant = await onboard(server.url);
      const auth = { authorization: `Token ${tenant.token}` };
      const loadS = await load(agent, new URL(`${server.url}/api/v2/write?org=bench&bucket=bench&precision=ns`), auth, bodies, 204);
      console.log(`  fluxgate: loaded ${hosts * rounds} lines in ${loadS.toFixed(1)} s`);
      // The server rewrites a shard sorted by (series, time) once it has been quiet for
      // COMPACTION.coldForMs (checked every intervalMs); queries are timed on that layout, as a
      // shard a collector has moved past would be. QUERY_COMPACT_WAIT_S=0 times the unsorted one.
      const waitS = Number(process.env["QUERY_COMPACT_WAIT_S"] ?? 80);
      if (waitS > 0) {
        console.log(`  fluxgate: waiting ${waitS} s for the quiet shard's compaction`);
        await new Promise((done) => setTimeout(done, waitS * 1000));
      }
      const queryUrl = new URL(`${server.url}/api/v2/query?org=bench`);
      for (const kind of kinds) {
        const timing = await time(kind, (draw) =>
          send(agent, queryUrl, "POST", { ...auth, "content-type": "application/json", accept: "application/csv" }, JSON.stringify({ query: kind.make(draw).flux, type: "flux", dialect: { annotations: ["datatype", "group", "default"] } })),
        );
        ours.set(kind.name, timing);
        const p50 = percentile(timing.latencies, 50);
        const detail = `${timing.latencies.length} runs, ${(timing.bytes / 1024).toFixed(1)} KiB of CSV per answer; target p50 < ${kind.targetMs} ms (${kind.what})`;
        out.push({ workload: "query", metric: `${kind.name} p50`, value: p50, unit: "ms", detail });
        out.push({ workload: "query", metric: `${kind.name} p99`, value: percentile(timing.latencies, 99), unit: "ms", detail });
        console.log(`  fluxgate ${kind.name}: p50 ${p50.toFixed(1)} ms, p99 ${percentile(timing.latencies, 99).toFixed(1)} ms`);
      }
    } finally {
      agent.destroy();
      await server.stop();
    }
    if (!influxdInstalled() || process.env["QUERY_INFLUXD"] === "0") return out;
    const influxd = await startInfluxd("bench");
    const influxAgent = new Agent({ keepAlive: true, maxSockets: loaders });
    try {
      const base = influxd.writeUrl.origin;
      const loadS = await load(influxAgent, influxd.writeUrl, {}, bodies, 204);
      console.log(`  ${influxd.name}: loaded ${hosts * rounds} lines in ${loadS.toFixed(1)} s`);
      for (const kind of kinds) {
        const timing = await time(kind, (draw) => send(influxAgent, new URL(`${base}/query?db=bench&q=${encodeURIComponent(kind.make(draw).influxql)}`), "GET", { accept: "application/csv" }));
        const p50 = percentile(timing.latencies, 50);
        const detail = `${timing.latencies.length} runs, ${(timing.bytes / 1024).toFixed(1)} KiB of CSV per answer, InfluxQL`;
        out.push({ workload: "query", metric: `${influxd.name}: ${kind.name} p50`, value: p50, unit: "ms", detail });
        out.push({ workload: "query", metric: `${influxd.name}: ${kind.name} p99`, value: percentile(timing.latencies, 99), unit: "ms", detail });
        const mine = ours.get(kind.name);
        if (mine !== undefined) {
          const ratio = p50 / percentile(mine.latencies, 50);
          out.push({ workload: "query", metric: `${kind.name} speed-up vs ${influxd.name}`, value: ratio, unit: "×", detail: `${influxd.name} p50 ÷ Fluxgate p50 (${p50.toFixed(1)} ÷ ${percentile(mine.latencies, 50).toFixed(1)} ms)` });
        }
        console.log(`  ${influxd.name} ${kind.name}: p50 ${p50.toFixed(1)} ms, p99 ${percentile(timing.latencies, 99).toFixed(1)} ms`);
      }
    } finally {
      influxAgent.destroy();
      await influxd.stop();
      await influxd.remove();
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
