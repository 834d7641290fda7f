import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { StorageEngine } from "./engine.js";
import { bucket, collect, tempDir } from "./test-support/points.js";

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

describe("durability", () => {
  it("keeps every acknowledged point after kill -9, across repeated crashes", async () => {
    const dir = tempDir();
    try {
      const b = bucket("00000000000000cc", 0n, 60_000_000_000n);
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
      } finally {
        await engine.close();
      }
    } finally {
      dir.cleanup();
    }
  });
});
