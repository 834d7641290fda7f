/**
 * Child process of the crash test: writes batches forever through 3 concurrent writers while
 * compacting the bucket in a loop, and prints `ACK <n>` after each batch's write promise
 * resolves. The parent SIGKILLs it.
 */
import { StorageEngine } from "../engine.js";
import { bucket, float, int, point } from "./points.js";

const dir = process.argv[2]!;
const engine = await StorageEngine.open({ path: dir });
const b = bucket("00000000000000cc", 0n, 60_000_000_000n);
let next = Number(process.argv[3] ?? 0);
// Compactions run all along, so kills also land mid-copy, mid-swap and between the two, with
// writes to the shard being copied (copy dropped) and to others (copy swapped in).
void (async () => {
  for (;;) await engine.compact(b.id, { all: true });
})();
await Promise.all(
  [0, 1, 2].map(async () => {
    for (;;) {
      const n = next++;
      const points = Array.from({ length: 500 }, (_, i) =>
        point("crash", { host: `h${i % 50}` }, { v: float(n), i: int(i) }, BigInt(n) * 1_000_000_000n + BigInt(i)),
      );
      await engine.write(b, points);
      process.stdout.write(`ACK ${n}\n`);
    }
  }),
);
