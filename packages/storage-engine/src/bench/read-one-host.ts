/**
 * One-host read benchmark (TSBS single-groupby-1-1-1 at the storage API): the cpu-only workload,
 * HOSTS hosts × 1 day at 10 s, compacted; then READS reads of max(usage_user) of one random host
 * over a random hour in 1-minute windows. Prints p50/p90 of the whole read, of the series
 * lookup alone (a read of a field no series has, which does nothing else), and of the
 * single-groupby-5-1-12 shape (five fields of one host over 12 h) every fourth read.
 *
 *   pnpm --filter @fluxgate/storage-engine exec tsx src/bench/read-one-host.ts
 * Env: HOSTS (100), READS (200), DATA_DIR (kept and reused when given; temp dir otherwise).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCpuOnly, parse } from "@fluxgate/line-protocol";
import { StorageEngine } from "../engine.js";
import type { BucketInfo, ReadRequest } from "../types.js";

const HOSTS = Number(process.env.HOSTS ?? 100);
const READS = Number(process.env.READS ?? 200);
const START = 1_451_606_400_000_000_000n;
const HOUR = 3_600_000_000_000n;
const keep = process.env.DATA_DIR !== undefined;
const dir = process.env.DATA_DIR ?? mkdtempSync(join(tmpdir(), "read-one-host-"));
const bucket: BucketInfo = { id: "00000000000000b1", retentionNs: 0n };

const engine = await StorageEngine.open({ path: dir });
try {
  const existing = await engine.seriesCardinality({ bucket, start: START, stop: START + 24n * HOUR });
  if (existing === 0) {
    const t0 = performance.now();
    let batch: string[] = [];
    for (const line of generateCpuOnly({ hosts: HOSTS, count: HOSTS * 8640, start: START })) {
      batch.push(line);
      if (batch.length === 20_000) {
        await engine.write(bucket, parse(batch.join("\n")));
        batch = [];
      }
    }
    if (batch.length > 0) await engine.write(bucket, parse(batch.join("\n")));
    await engine.compact(bucket.id, { all: true });
    console.log(`loaded and compacted ${HOSTS * 8640} lines in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const requestFor = (i: number): ReadRequest => {
    const host = `host_${(i * 37) % HOSTS}`;
    const start = START + BigInt((i * 7) % 23) * HOUR;
    return {
      bucket,
      start,
      stop: start + HOUR,
      series: {
        kind: "and",
        operands: [
          { kind: "measurement", match: { op: "=", value: "cpu" } },
          { kind: "tag", key: "hostname", match: { op: "=", value: host } },
        ],
      },
      fields: ["usage_user"],
      aggregate: { fn: "max", every: 60_000_000_000n, createEmpty: false, pointTimes: false },
    };
  };
  const timeRead = async (i: number): Promise<number> => {
    const t0 = performance.now();
    let rows = 0;
    for await (const b of engine.read(requestFor(i))) rows += b.times.length;
    if (rows !== 60) throw new Error(`expected 60 windows, got ${rows}`);
    return performance.now() - t0;
  };
  // single-groupby-5-1-12: five fields of one host over 12 h, 1-minute windows.
  const five = ["usage_user", "usage_system", "usage_idle", "usage_nice", "usage_iowait"];
  const timeFive = async (i: number): Promise<number> => {
    const request = requestFor(i);
    const start = START + BigInt(i % 12) * HOUR;
    const t0 = performance.now();
    let rows = 0;
    for await (const b of engine.read({ ...request, start, stop: start + 12n * HOUR, fields: five })) rows += b.times.length;
    if (rows !== 5 * 720) throw new Error(`expected 3600 windows, got ${rows}`);
    return performance.now() - t0;
  };
  // A read of a field no series has: all its work is resolving the series predicate.
  const timeLookup = async (i: number): Promise<number> => {
    const t0 = performance.now();
    for await (const b of engine.read({ ...requestFor(i), fields: ["no such field"] })) throw new Error(`unexpected batch ${b.field}`);
    return performance.now() - t0;
  };
  for (let i = 0; i < 20; i++) await timeRead(i);
  const reads: number[] = [];
  const lookups: number[] = [];
  const fives: number[] = [];
  for (let i = 0; i < READS; i++) {
    reads.push(await timeRead(i));
    lookups.push(await timeLookup(i));
    if (i % 4 === 0) fives.push(await timeFive(i));
  }
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)]!.toFixed(3);
  console.log(`one-host read  p50 ${pct(reads, 0.5)} ms  p90 ${pct(reads, 0.9)} ms  (${READS} reads)`);
  console.log(`five fields, 12 h  p50 ${pct(fives, 0.5)} ms  p90 ${pct(fives, 0.9)} ms  (${fives.length} reads)`);
  console.log(`series lookup  p50 ${pct(lookups, 0.5)} ms  p90 ${pct(lookups, 0.9)} ms  (a read of a missing field: series lookup only)`);
} finally {
  await engine.close();
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
