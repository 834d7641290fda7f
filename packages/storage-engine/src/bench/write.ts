/**
 * TSBS "cpu-only" write benchmark straight into the engine (no HTTP, no parsing):
 * measurement cpu, 10 tags, 10 float fields, HOSTS hosts at a 10 s interval, 5,000-point
 * batches from 4 concurrent writers, durable acks.
 *
 *   pnpm --filter @fluxgate/storage-engine exec tsx src/bench/write.ts
 * Env: ROWS (default 2,000,000), HOSTS (1000), WRITERS (4), BATCH (5000), DATA_DIR (temp dir).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Point } from "@fluxgate/line-protocol";
import { StorageEngine } from "../engine.js";
import type { BucketInfo } from "../types.js";

const ROWS = Number(process.env.ROWS ?? 2_000_000);
const HOSTS = Number(process.env.HOSTS ?? 1000);
const WRITERS = Number(process.env.WRITERS ?? 4);
const BATCH = Number(process.env.BATCH ?? 5000);
const FIELDS = ["usage_user", "usage_system", "usage_idle", "usage_nice", "usage_iowait", "usage_irq", "usage_softirq", "usage_steal", "usage_guest", "usage_guest_nice"];
const START = 1_700_000_000_000_000_000n;
const INTERVAL = 10_000_000_000n;

function hostTags(h: number): Array<[string, string]> {
  const tags: Array<[string, string]> = [
    ["arch", ["x64", "x86"][h % 2]!],
    ["datacenter", `eu-west-1${"abc"[h % 3]}`],
    ["hostname", `host_${h}`],
    ["os", ["Ubuntu16.10", "Ubuntu16.04LTS", "Ubuntu15.10"][h % 3]!],
    ["rack", String(h % 100)],
    ["region", ["eu-west-1", "us-east-1", "ap-south-1"][h % 3]!],
    ["service", String(h % 20)],
    ["service_environment", ["production", "staging", "test"][h % 3]!],
    ["service_version", String(h % 2)],
    ["team", ["SF", "NYC", "LON", "CHI"][h % 4]!],
  ];
  return tags;
}

function template(h: number) {
  const tags = hostTags(h);
  return { tags, seriesKey: `cpu${tags.map(([k, v]) => `,${k}=${v}`).join("")}` };
}
/** Series templates; above 100k hosts built per point so the benchmark's own RSS stays small. */
const cached = HOSTS <= 100_000 ? Array.from({ length: HOSTS }, (_, h) => template(h)) : undefined;
const templateOf = (h: number) => cached?.[h] ?? template(h);

/**
 * Point objects are reused across batches (a pool per writer) so the benchmark measures the
 * engine, not object allocation: batch `n` rewrites timestamps (BATCH consecutive rows of the
 * time-major, then host, sequence) and moves each value by a random walk step, as TSBS does.
 */
const walk = new Float64Array(Math.min(HOSTS, 100_000) * FIELDS.length).map(() => Math.random() * 100);
function newBatch(): Point[] {
  return Array.from({ length: BATCH }, (_, i) => ({
    measurement: "cpu",
    seriesKey: "",
    tags: [],
    fields: FIELDS.map((f) => [f, { type: "float", value: 0 }] as const),
    timestamp: 0n,
  }));
}
function fillBatch(points: Point[], n: number): void {
  for (let i = 0; i < BATCH; i++) {
    const row = n * BATCH + i;
    const host = row % HOSTS;
    const p = points[i] as { timestamp: bigint; seriesKey: string; tags: Point["tags"]; fields: Point["fields"] };
    p.timestamp = START + BigInt(Math.floor(row / HOSTS)) * INTERVAL;
    const t = templateOf(host);
    p.seriesKey = t.seriesKey;
    p.tags = t.tags;
    for (let f = 0; f < FIELDS.length; f++) {
      const k = (host % 100_000) * FIELDS.length + f;
      const v = Math.min(100, Math.max(0, walk[k]! + (Math.random() - 0.5)));
      walk[k] = v;
      (p.fields[f]![1] as { value: number }).value = Math.round(v * 1e4) / 1e4;
    }
  }
}

const dir = process.env.DATA_DIR ?? mkdtempSync(join(tmpdir(), "fluxgate-bench-"));
const engine = await StorageEngine.open({ path: dir, memoryLimit: process.env.MEMORY_LIMIT ?? "512MB", threads: Number(process.env.THREADS ?? 2), checkpointThreshold: process.env.CHECKPOINT ?? "64MB" });
const bucket: BucketInfo = { id: "00000000000000be", retentionNs: 0n, shardGroupDurationNs: 24n * 3600n * 1_000_000_000n };
const totalBatches = Math.ceil(ROWS / BATCH);
let next = 0;
const latencies: number[] = [];
let written = 0;
/**
 * Wall time spent generating points (the workload, not the engine) on the same thread. On a
 * loaded machine it also counts time the thread was descheduled, so the engine-only figure
 * derived from it is an estimate.
 */
let generatorMs = 0;
let peakRss = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await Promise.all(
  Array.from({ length: WRITERS }, async () => {
    const points = newBatch();
    for (;;) {
      const n = next++;
      if (n >= totalBatches) return;
      const g0 = performance.now();
      fillBatch(points, n);
      generatorMs += performance.now() - g0;
      const s = performance.now();
      const result = await engine.write(bucket, points);
      latencies.push(performance.now() - s);
      written += result.written;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
  }),
);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
latencies.sort((a, b) => a - b);
const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
const sizeOf = () => {
  let bytes = 0;
  for (const b of readdirSync(dir)) for (const f of readdirSync(join(dir, b))) bytes += statSync(join(dir, b, f)).size;
  return bytes;
};
// Read side: one field of every series raw, then a 1-minute mean of all ten fields.
const range = { bucket, start: START, stop: START + BigInt(Math.ceil(ROWS / HOSTS) + 1) * INTERVAL };
let r0 = performance.now();
let rawValues = 0;
for await (const batch of engine.read({ ...range, fields: ["usage_user"] })) rawValues += batch.times.length;
const rawSeconds = (performance.now() - r0) / 1000;
r0 = performance.now();
let windows = 0;
for await (const batch of engine.read({ ...range, aggregate: { fn: "mean", every: 60_000_000_000n } })) windows += batch.times.length;
const aggSeconds = (performance.now() - r0) / 1000;
const before = sizeOf();
const c0 = performance.now();
await engine.compact(undefined, { all: true });
const compactSeconds = (performance.now() - c0) / 1000;
const after = sizeOf();
const values = written * FIELDS.length;
console.log(
  JSON.stringify(
    {
      rows: written,
      seconds: Number(seconds.toFixed(2)),
      rowsPerSecond: Math.round(written / seconds),
      valuesPerSecond: Math.round(values / seconds),
      cpuSeconds: Number(cpuSeconds.toFixed(2)),
      /** Throughput if the process had both cores to itself: the shared machine's load skews wall time. */
      rowsPerCpuSecond: Math.round(written / cpuSeconds),
      generatorCpuSeconds: Number((generatorMs / 1000).toFixed(2)),
      /** Estimated rows per CPU-second of the engine alone (process CPU minus the generator). */
      engineRowsPerCpuSecond: Math.round(written / (cpuSeconds - generatorMs / 1000)),
      batchLatencyMs: { p50: p(0.5), p99: p(0.99), max: p(1) },
      readRawValuesPerSecond: Math.round(rawValues / rawSeconds),
      readMeanWindows: windows,
      readMeanSeconds: Number(aggSeconds.toFixed(2)),
      bytesOnDiskBeforeCompaction: before,
      bytesOnDiskAfterCompaction: after,
      bytesPerValueAfterCompaction: Number((after / values).toFixed(3)),
      compactSeconds: Number(compactSeconds.toFixed(2)),
      peakRssMB: Math.round(peakRss / 2 ** 20),
      heapUsedMBAtEnd: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    },
    null,
    2,
  ),
);
await engine.close();
if (process.env.DATA_DIR === undefined) rmSync(dir, { recursive: true, force: true });
