// TSBS "cpu-only" over HTTP: measurement `cpu`, 10 tags, 10 float fields, 1,000 hosts at a 10 s
// interval, sent by 4 concurrent keep-alive clients as 5,000-line batches to POST /api/v2/write for
// a bounded time. Every figure is taken with durable acks (the 204 comes after the commit).
//
// Run with the others (`pnpm bench -- write`, once listed in index.ts) or alone:
//   pnpm --filter @fluxgate/bench exec tsx src/workloads/write.ts
// Env: WRITE_SECONDS (20), WRITE_CLIENTS (4), WRITE_BATCH (5000), WRITE_HOSTS (1000), WRITE_DECIMALS
//      (round values; default full-precision doubles),
//      WRITE_PROFILE=1 starts the server under `node --cpu-prof` (profile left in the data dir's parent).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request } from "node:http";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generateCpuOnly } from "@fluxgate/line-protocol";
import { onboard } from "../onboard.js";
import { repoRoot } from "../server.js";
import { percentile } from "../stats.js";
import type { Measurement, Workload } from "./workload.js";

const seconds = Number(process.env["WRITE_SECONDS"] ?? 20);
const clients = Number(process.env["WRITE_CLIENTS"] ?? 4);
const batchLines = Number(process.env["WRITE_BATCH"] ?? 5000);
const hosts = Number(process.env["WRITE_HOSTS"] ?? 1000);
const profile = process.env["WRITE_PROFILE"] === "1";
/** Round field values to this many decimals; default full-precision doubles (honest compression figures). */
const decimals = process.env["WRITE_DECIMALS"] === undefined ? undefined : Number(process.env["WRITE_DECIMALS"]);
/**
 * Distinct batches generated up front (enough to reach every host); later batches reuse their
 * values with shifted times.
 */
const templates = Math.max(48, Math.ceil(hosts / batchLines));
const FIELDS_PER_LINE = 10;
const INTERVAL_NS = 10_000_000_000n;
const serverMain = join(repoRoot, "apps/server/dist/main.js");

/**
 * A batch body whose timestamps can be moved without re-generating the text: the generator's
 * timestamps all have 19 digits, so a batch is a byte template plus the offsets of its times.
 */
interface BatchTemplate {
  bytes: Buffer;
  timeOffsets: Int32Array;
  times: BigInt64Array;
}

function buildTemplates(): { batches: BatchTemplate[]; span: bigint } {
  const lines = generateCpuOnly({ hosts, count: templates * batchLines, seed: 7, ...(decimals === undefined ? {} : { decimals }) });
  const batches: BatchTemplate[] = [];
  for (let t = 0; t < templates; t++) {
    const parts: string[] = [];
    for (let i = 0; i < batchLines; i++) parts.push(lines.next().value as string);
    const text = `${parts.join("\n")}\n`;
    const bytes = Buffer.from(text);
    const timeOffsets = new Int32Array(batchLines);
    const times = new BigInt64Array(batchLines);
    let end = -1;
    for (let i = 0; i < batchLines; i++) {
      const nl = bytes.indexOf(10, end + 1);
      const start = nl - 19;
      timeOffsets[i] = start;
      times[i] = BigInt(bytes.toString("latin1", start, nl));
      end = nl;
    }
    batches.push({ bytes, timeOffsets, times });
  }
  // Rounds of `hosts` lines the templates cover; batch n + templates lands one span later.
  const rounds = BigInt(Math.ceil((templates * batchLines) / hosts));
  return { batches, span: rounds * INTERVAL_NS };
}

/** Batch n's body: its template with every time moved by whole template spans. */
function body(batches: BatchTemplate[], span: bigint, n: number): Buffer {
  const template = batches[n % batches.length]!;
  const shift = BigInt(Math.floor(n / batches.length)) * span;
  const out = Buffer.from(template.bytes);
  for (let i = 0; i < template.timeOffsets.length; i++) {
    out.write(String(template.times[i]! + shift), template.timeOffsets[i]!, "latin1");
  }
  return out;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolvePort(port) : reject(new Error("no port"))));
    });
  });
}

interface Fluxgate {
  url: string;
  pid: number;
  enginePath: string;
  stop(): Promise<void>;
}

/** The built server, with its pid (for RSS) and engine folder (for bytes on disk) in reach. */
async function startFluxgate(dataDir: string): Promise<Fluxgate> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const enginePath = join(dataDir, "engine");
  const nodeArgs = profile ? ["--cpu-prof", "--cpu-prof-dir", join(dataDir, "..", "fluxgate-write-profile")] : [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, serverMain, "run", "--http-bind-address", `127.0.0.1:${port}`, "--data-dir", dataDir, "--log-level", "error"], {
    cwd: repoRoot,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-10_000)));
  const exit = new Promise<void>((done) => child.on("exit", () => done()));
  let exited = false;
  void exit.then(() => (exited = true));
  const stop = async () => {
    if (!exited) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exit;
      clearTimeout(timer);
    }
  };
  const deadline = performance.now() + 120_000;
  while (performance.now() < deadline) {
    if (exited) throw new Error(`the server exited before it was ready:\n${stderr}`);
    try {
      const res = await fetch(`${url}/ready`);
      await res.arrayBuffer();
      if (res.status === 200) return { url, pid: child.pid!, enginePath, stop };
    } catch {
      // not listening yet
    }
    await new Promise((wake) => setTimeout(wake, 20));
  }
  await stop();
  throw new Error(`the server was not ready within 120 s:\n${stderr}`);
}

function post(agent: Agent, url: URL, token: string, payload: Buffer): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const req = request(url, { agent, method: "POST", headers: { authorization: `Token ${token}`, "content-type": "text/plain; charset=utf-8", "content-length": payload.length } }, (res) => {
      res.on("data", () => undefined);
      res.on("end", () => resolveStatus(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/** Resident set size of a process in bytes, now and at its peak (Linux /proc). */
function rss(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN) * 1024;
  return { now: kb("VmRSS"), peak: kb("VmHWM") };
}

/** CPU time (user + system) a process has used so far, in seconds (Linux /proc, 100 ticks/s). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function diskBytes(path: string): number {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    total += entry.isDirectory() ? diskBytes(full) : statSync(full).size;
  }
  return total;
}

interface Engine {
  compact(bucketId?: string, options?: { all?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** The storage engine the server itself runs, opened on the stopped server's files to compact them. */
async function openEngine(path: string): Promise<Engine> {
  const fromServer = createRequire(join(repoRoot, "apps/server/package.json"));
  const module = (await import(pathToFileURL(fromServer.resolve("@fluxgate/storage-engine")).href)) as { StorageEngine: { open(o: { path: string }): Promise<Engine> } };
  return module.StorageEngine.open({ path });
}

/** Competing servers, when their Debian packages happen to be installed (never installed by us). */
function competitors(): string {
  const found = ["influxd", "victoria-metrics"].filter((bin) => spawnSync("which", [bin]).status === 0);
  return found.length === 0 ? "influxd and victoria-metrics not installed: no comparison run" : `installed but not yet driven by this workload: ${found.join(", ")}`;
}

export const write: Workload = {
  name: "write",
  description:
    `TSBS cpu-only (1 measurement, 10 tags, 10 float fields ${decimals === undefined ? "at full precision" : `rounded to ${decimals} decimals`}, ${hosts} hosts, 10 s interval) over HTTP: ${clients} keep-alive clients ` +
    `POST ${batchLines}-line batches to /api/v2/write for ${seconds} s, durable acks; built server, embedded defaults`,
  async run(): Promise<Measurement[]> {
    const { batches, span } = buildTemplates();
    const dataDir = await mkdtemp(join(tmpdir(), "fluxgate-bench-write-"));
    const server = await startFluxgate(dataDir);
    const agent = new Agent({ keepAlive: true, maxSockets: clients });
    try {
      const tenant = await onboard(server.url);
      const url = new URL(`${server.url}/api/v2/write?org=bench&bucket=bench&precision=ns`);
      let next = 0;
      const latencies: number[] = [];
      let bytesSent = 0;
      let failure: string | undefined;
      const serverCpu0 = cpuSeconds(server.pid);
      const clientCpu0 = process.cpuUsage();
      const began = performance.now();
      const deadline = began + seconds * 1000;
      let peakRss = 0;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, rss(server.pid).now)), 500);
      const loop = async () => {
        while (performance.now() < deadline && failure === undefined) {
          const payload = body(batches, span, next++);
          const start = performance.now();
          const status = await post(agent, url, tenant.token, payload);
          if (status !== 204) {
            failure = `HTTP ${status}`;
            return;
          }
          latencies.push(performance.now() - start);
          bytesSent += payload.length;
        }
      };
      await Promise.all(Array.from({ length: clients }, loop));
      const elapsedS = (performance.now() - began) / 1000;
      clearInterval(sampler);
      if (failure !== undefined) throw new Error(`a write failed: ${failure}`);
      const serverCpu = cpuSeconds(server.pid) - serverCpu0;
      const clientUsage = process.cpuUsage(clientCpu0);
      const clientCpu = (clientUsage.user + clientUsage.system) / 1e6;
      const memory = rss(server.pid);
      peakRss = Math.max(peakRss, memory.now);
      await server.stop();

      const lines = latencies.length * batchLines;
      const values = lines * FIELDS_PER_LINE;
      const rawBytes = diskBytes(server.enginePath);
      const engine = await openEngine(server.enginePath);
      await engine.compact(undefined, { all: true });
      await engine.close();
      const compactedBytes = diskBytes(server.enginePath);
      latencies.sort((a, b) => a - b);
      const detail = `${latencies.length} batches (${lines} lines) in ${elapsedS.toFixed(1)} s, ${clients} clients, ${(bytesSent / elapsedS / 1e6).toFixed(1)} MB/s of line protocol; ${competitors()}`;
      return [
        { workload: "write", metric: "lines/s", value: lines / elapsedS, unit: "lines/s", detail },
        { workload: "write", metric: "lines per server CPU-second", value: lines / serverCpu, unit: "lines/CPU-s", detail: `server ${serverCpu.toFixed(1)} CPU-s (all threads), bench client ${clientCpu.toFixed(1)} CPU-s, in ${elapsedS.toFixed(1)} s wall` },
        { workload: "write", metric: "field values/s", value: values / elapsedS, unit: "values/s", detail },
        { workload: "write", metric: "p50 batch latency", value: percentile(latencies, 50), unit: "ms", detail },
        { workload: "write", metric: "p99 batch latency", value: percentile(latencies, 99), unit: "ms", detail },
        { workload: "write", metric: "bytes on disk per value (as written)", value: rawBytes / values, unit: "B", detail: `${(rawBytes / 1e6).toFixed(1)} MB for ${values} values` },
        { workload: "write", metric: "bytes on disk per value (compacted)", value: compactedBytes / values, unit: "B", detail: `${(compactedBytes / 1e6).toFixed(1)} MB for ${values} values after compact({all:true})` },
        { workload: "write", metric: "server RSS at end", value: memory.now / 2 ** 20, unit: "MiB", detail: `peak ${(Math.max(memory.peak, peakRss) / 2 ** 20).toFixed(0)} MiB (VmHWM), ${hosts} series` },
      ];
    } finally {
      agent.destroy();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

// Standalone: `tsx src/workloads/write.ts` prints the figures without touching RESULTS.md.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  write.run().then(
    (measurements) => {
      for (const m of measurements) console.log(`${m.metric}: ${m.value.toFixed(2)} ${m.unit} — ${m.detail}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
