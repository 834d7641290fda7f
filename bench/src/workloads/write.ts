// TSBS "cpu-only" over HTTP: measurement `cpu`, 10 tags, 10 float fields, 1,000 hosts at a 10 s
// interval, sent by 4 concurrent keep-alive clients as 5,000-line batches to POST /api/v2/write for
// a bounded time. Every figure is taken with durable acks (the 204 comes after the commit).
//
// Run with the others (`pnpm bench -- write`) or alone:
//   pnpm --filter @fluxgate/bench exec tsx src/workloads/write.ts
// Env: WRITE_SECONDS (20), WRITE_CLIENTS (4), WRITE_BATCH (5000), WRITE_HOSTS (1000), WRITE_DECIMALS
//      (round values; default full-precision doubles),
//      WRITE_PROFILE=1 starts the server under `node --cpu-prof` (profile left in the data dir's parent).
// When Debian's `influxdb` (1.x, `influxd`) is installed, the same batches are then sent for the same
// time to a private influxd (own temp config, folders and loopback ports; see ../influxd.ts) through its
// v1 `/write`, and its figures and the Fluxgate ÷ influxd lines/s ratio follow Fluxgate's.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request } from "node:http";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generateCpuOnly } from "@fluxgate/line-protocol";
import { influxdInstalled, startInfluxd, type WriteTarget } from "../influxd.js";
import { onboard } from "../onboard.js";
import { cpuSeconds, diskBytes, freePort, rss } from "../process-stats.js";
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

function post(agent: Agent, url: URL, headers: Readonly<Record<string, string>>, payload: Buffer): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const req = request(url, { agent, method: "POST", headers: { ...headers, "content-type": "text/plain; charset=utf-8", "content-length": payload.length } }, (res) => {
      res.on("data", () => undefined);
      res.on("end", () => resolveStatus(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(payload);
  });
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

/** What the driver needs of a server: where and how to write, and which process to watch. */
type Writable = Pick<WriteTarget, "writeUrl" | "headers" | "okStatus" | "pid">;

interface Drive {
  lines: number;
  values: number;
  /** Batch latencies in ms, sorted. */
  latencies: number[];
  elapsedS: number;
  bytesSent: number;
  serverCpu: number;
  clientCpu: number;
  rssNow: number;
  rssPeak: number;
}

/**
 * The workload proper, identical for every server: `clients` keep-alive loops POST batch 0, 1, 2 …
 * (the same bytes for every server) until `seconds` have passed; a batch not acknowledged with the
 * server's success status stops the run.
 */
async function drive(target: Writable, batches: BatchTemplate[], span: bigint): Promise<Drive> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  try {
    let next = 0;
    const latencies: number[] = [];
    let bytesSent = 0;
    let failure: string | undefined;
    const serverCpu0 = cpuSeconds(target.pid);
    const clientCpu0 = process.cpuUsage();
    const began = performance.now();
    const deadline = began + seconds * 1000;
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rss(target.pid).now)), 500);
    const loop = async () => {
      while (performance.now() < deadline && failure === undefined) {
        const payload = body(batches, span, next++);
        const start = performance.now();
        const status = await post(agent, target.writeUrl, target.headers, payload);
        if (status !== target.okStatus) {
          failure = `HTTP ${status}`;
          return;
        }
        latencies.push(performance.now() - start);
        bytesSent += payload.length;
      }
    };
    try {
      await Promise.all(Array.from({ length: clients }, loop));
    } finally {
      clearInterval(sampler);
    }
    const elapsedS = (performance.now() - began) / 1000;
    if (failure !== undefined) throw new Error(`a write failed: ${failure}`);
    const clientUsage = process.cpuUsage(clientCpu0);
    const memory = rss(target.pid);
    latencies.sort((a, b) => a - b);
    const lines = latencies.length * batchLines;
    return {
      lines,
      values: lines * FIELDS_PER_LINE,
      latencies,
      elapsedS,
      bytesSent,
      serverCpu: cpuSeconds(target.pid) - serverCpu0,
      clientCpu: (clientUsage.user + clientUsage.system) / 1e6,
      rssNow: memory.now,
      rssPeak: Math.max(memory.peak, peakRss, memory.now),
    };
  } finally {
    agent.destroy();
  }
}

/** The figures every server gets, each metric prefixed with `who` ("" for Fluxgate, as before). */
function rows(who: string, run: Drive, rawBytes: number, notes: { run: string; disk: string }): Measurement[] {
  const prefix = who === "" ? "" : `${who}: `;
  const detail = `${run.latencies.length} batches (${run.lines} lines) in ${run.elapsedS.toFixed(1)} s, ${clients} clients, ${(run.bytesSent / run.elapsedS / 1e6).toFixed(1)} MB/s of line protocol`;
  const m = (metric: string, value: number, unit: string, how = detail): Measurement => ({ workload: "write", metric: `${prefix}${metric}`, value, unit, detail: how });
  return [
    m("lines/s", run.lines / run.elapsedS, "lines/s", `${detail}${notes.run}`),
    m("lines per server CPU-second", run.lines / run.serverCpu, "lines/CPU-s", `server ${run.serverCpu.toFixed(1)} CPU-s (all threads), bench client ${run.clientCpu.toFixed(1)} CPU-s, in ${run.elapsedS.toFixed(1)} s wall`),
    m("field values/s", run.values / run.elapsedS, "values/s"),
    m("p50 batch latency", percentile(run.latencies, 50), "ms"),
    m("p99 batch latency", percentile(run.latencies, 99), "ms"),
    m("bytes on disk per value (as written)", rawBytes / run.values, "B", `${(rawBytes / 1e6).toFixed(1)} MB for ${run.values} values, measured after a clean stop${notes.disk}`),
    m("server RSS at end", run.rssNow / 2 ** 20, "MiB", `peak ${(run.rssPeak / 2 ** 20).toFixed(0)} MiB (VmHWM), ${hosts} series`),
  ];
}

/** Fluxgate's run: its figures plus the compacted size, which only our engine can be asked for. */
async function runFluxgate(batches: BatchTemplate[], span: bigint, note: string): Promise<{ run: Drive; rows: Measurement[] }> {
  const dataDir = await mkdtemp(join(tmpdir(), "fluxgate-bench-write-"));
  const server = await startFluxgate(dataDir);
  try {
    const tenant = await onboard(server.url);
    const run = await drive(
      { writeUrl: new URL(`${server.url}/api/v2/write?org=bench&bucket=bench&precision=ns`), headers: { authorization: `Token ${tenant.token}` }, okStatus: 204, pid: server.pid },
      batches,
      span,
    );
    await server.stop();
    const rawBytes = diskBytes(server.enginePath);
    const engine = await openEngine(server.enginePath);
    await engine.compact(undefined, { all: true });
    await engine.close();
    const compactedBytes = diskBytes(server.enginePath);
    const measured = rows("", run, rawBytes, { run: note, disk: "" });
    measured.splice(6, 0, {
      workload: "write",
      metric: "bytes on disk per value (compacted)",
      value: compactedBytes / run.values,
      unit: "B",
      detail: `${(compactedBytes / 1e6).toFixed(1)} MB for ${run.values} values after compact({all:true})`,
    });
    return { run, rows: measured };
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** A competitor's run on the same batches: its figures and the Fluxgate ÷ competitor ratios. */
async function runCompetitor(target: WriteTarget, batches: BatchTemplate[], span: bigint, fluxgate: Drive): Promise<Measurement[]> {
  try {
    const run = await drive(target, batches, span);
    await target.stop();
    const sizes = target.dataPaths.map((path) => ({ folder: basename(path), bytes: diskBytes(path) }));
    const rawBytes = sizes.reduce((sum, size) => sum + size.bytes, 0);
    const measured = rows(target.name, run, rawBytes, {
      run: "; the same batches as Fluxgate's run, sent after it",
      disk: ` (${sizes.map((size) => `${size.folder} ${(size.bytes / 1e6).toFixed(1)} MB`).join(", ")})`,
    });
    const fluxgateRate = fluxgate.lines / fluxgate.elapsedS;
    const theirRate = run.lines / run.elapsedS;
    measured.push({
      workload: "write",
      metric: `ratio lines/s fluxgate ÷ ${target.name}`,
      value: fluxgateRate / theirRate,
      unit: "×",
      detail: `${fluxgateRate.toFixed(0)} ÷ ${theirRate.toFixed(0)} lines/s; per server CPU-second ${(fluxgate.lines / fluxgate.serverCpu / (run.lines / run.serverCpu)).toFixed(2)}×; p99 ${percentile(fluxgate.latencies, 99).toFixed(0)} vs ${percentile(run.latencies, 99).toFixed(0)} ms`,
    });
    return measured;
  } finally {
    await target.stop();
    await target.remove();
  }
}

/** Competitors on PATH (their Debian packages; never installed by the bench), and a note on each. */
function competitors(): { influxd: boolean; note: string } {
  const influxd = influxdInstalled();
  const victoria = spawnSync("which", ["victoria-metrics"]).status === 0;
  const notes = [
    influxd ? "influxd installed: same workload run against it below" : "influxd (Debian influxdb) not installed: no InfluxDB comparison",
    victoria ? "victoria-metrics installed but not driven by this workload" : "victoria-metrics not installed",
  ];
  return { influxd, note: `; ${notes.join("; ")}` };
}

export const write: Workload = {
  name: "write",
  description:
    `TSBS cpu-only (1 measurement, 10 tags, 10 float fields ${decimals === undefined ? "at full precision" : `rounded to ${decimals} decimals`}, ${hosts} hosts, 10 s interval) over HTTP: ${clients} keep-alive clients ` +
    `POST ${batchLines}-line batches to /api/v2/write for ${seconds} s, durable acks; built server, embedded defaults; ` +
    `then, when Debian's influxdb (1.x) is installed, the same batches to its /write for ${seconds} s and the lines/s ratio`,
  async run(): Promise<Measurement[]> {
    const { batches, span } = buildTemplates();
    const found = competitors();
    const fluxgate = await runFluxgate(batches, span, found.note);
    if (!found.influxd) return fluxgate.rows;
    return [...fluxgate.rows, ...(await runCompetitor(await startInfluxd("bench"), batches, span, fluxgate.run))];
  },
};

// Standalone: `tsx src/workloads/write.ts` prints the figures without touching RESULTS.md.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  write.run().then(
    (measurements) => {
      for (const m of measurements) console.log(`${m.metric}: ${m.value.toFixed(2)} ${m.unit} — ${m.detail}`);
      const [load1 = 0, load5 = 0] = loadavg();
      console.log(`load average at the end: ${load1.toFixed(1)} (1 min), ${load5.toFixed(1)} (5 min) on a shared machine`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
