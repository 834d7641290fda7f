import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { StorageEngine } from "./engine.js";
import { bucket, collect, tempDir } from "./test-support/points.js";
import type { SeriesPredicate } from "./types.js";

const child = fileURLToPath(new URL("./test-support/crash-writer.ts", import.meta.url));

/** Starts the writer, waits for `acks` acknowledgements, SIGKILLs it, returns the acked batches. */
function writeThenKill(dir: string, acks: number, offset: number): Promise<Set<number>> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", child, dir, String(offset)], { stdio: ["ignore", "pipe", "pipe"] });
    const acked = new Set<number>();
    let buffer = "";
    let stderr = "";
    proc.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    proc.stdout.on("data", (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop()!;
      for (const line of lines) if (line.startsWith("ACK ")) acked.add(Number(line.slice(4)));
      if (acked.size >= acks && !proc.killed) proc.kill("SIGKILL");
    });
    proc.on("exit", (_code, signal) => {
      if (signal === "SIGKILL") resolve(acked);
      else reject(new Error(`writer exited on its own: ${stderr}`));
    });
  });
}

/** Point counts per series and shard-crossing window for a few series predicates. */
async function predicateReads(engine: StorageEngine): Promise<string[]> {
  const b = bucket("00000000000000cc", 0n, 60_000_000_000n);
  const predicates: SeriesPredicate[] = [
    { kind: "tag", key: "host", match: { op: "=", value: "h7" } },
    { kind: "tag", key: "host", match: { op: "=~", pattern: "^h1" } },
    { kind: "and", operands: [{ kind: "measurement", match: { op: "=", value: "crash" } }, { kind: "tag", key: "host", match: { op: "!=", value: "h12" } }] },
  ];
  const out: string[] = [];
  for (const series of predicates) {
    const batches = await collect(engine, { bucket: b, start: 0n, stop: 10n ** 15n, fields: ["i"], series, aggregate: { fn: "count", every: 30_000_000_000n } });
    for (const x of batches) x.times.forEach((t, i) => out.push(`${JSON.stringify(series)} ${x.tags[0]![1]} ${t}=${x.values.values[i]}`));
  }
  return out;
}

describe("durability", () => {
  it("keeps every acknowledged point after kill -9, across repeated crashes", async () => {
    const dir = tempDir();
    try {
      const b = bucket("00000000000000cc", 0n, 60_000_000_000n);
      let inMemory: string[] = [];
      const acked = new Set<number>();
      // The second run recovers the first one's WAL, then appends to the same and to new shards.
      for (const offset of [0, 40]) {
        for (const n of await writeThenKill(dir.path, 40, offset)) acked.add(n);
      }
      const engine = await StorageEngine.open({ path: dir.path });
      try {
        const batches = await collect(engine, { bucket: b, start: 0n, stop: 10n ** 15n, fields: ["i"] });
        const count = new Map<number, number>();
        for (const batch of batches) {
          for (const t of batch.times) {
            const n = Number(t / 1_000_000_000n);
            count.set(n, (count.get(n) ?? 0) + 1);
          }
        }
        expect(acked.size).toBeGreaterThanOrEqual(70);
        const missing = [...acked].filter((n) => count.get(n) !== 500);
        expect(missing).toEqual([]);
        inMemory = await predicateReads(engine);
        expect(inMemory.length).toBeGreaterThan(50);
        expect(engine.seriesCatalogStats(b.id).inMemory).toBeGreaterThan(0);
      } finally {
        await engine.close();
      }
      // The catalogs recovered in memory resolve series as the recovered `_series` tables do.
      const sqlOnly = await StorageEngine.open({ path: dir.path, seriesCatalogLimit: 0 });
      try {
        expect(await predicateReads(sqlOnly)).toEqual(inMemory);
      } finally {
        await sqlOnly.close();
      }
    } finally {
      dir.cleanup();
    }
  });
});
