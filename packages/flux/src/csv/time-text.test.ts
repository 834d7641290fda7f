import { describe, expect, it } from "vitest";
import { formatTime } from "../values/time.js";
import { ByteChunks } from "@fluxgate/line-protocol";
import { timeByteWriter } from "./time-text.js";

describe("timeByteWriter", () => {
  it("writes what formatTime writes, across minutes, hours, days, fractions, negative times and wide years", () => {
    const times: bigint[] = [0n, -1n, 1n, 59_999_999_999n, 60_000_000_000n, -60_000_000_000n, -86_400_000_000_000n - 1n];
    // Sequential runs (the common case) then random jumps, some far outside 0000…9999.
    for (let i = 0n; i < 500n; i++) times.push(1_451_606_400_000_000_000n + i * 7_000_000_123n);
    for (let i = 0n; i < 200n; i++) times.push(1_451_606_400_000_000_000n + i * 60_000_000_000n, -3_600_000_000_000n + i * 59_000_000_001n);
    // Window times table after table: the same twelve hours, across a midnight, again and again.
    for (let table = 0n; table < 30n; table++) for (let h = 0n; h < 12n; h++) times.push(1_451_678_400_000_000_000n + h * 3_600_000_000_000n + table);
    let seed = 12345;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 2000; i++) {
      const scale = [1e9, 1e13, 1e17, 9.2e18][i % 4] as number;
      times.push(BigInt(Math.floor((random() * 2 - 1) * scale)));
    }
    times.push(-(2n ** 63n), 2n ** 63n - 1n);
    const out = new ByteChunks();
    const write = timeByteWriter();
    for (const t of times) {
      write(out, t);
      out.byte(10);
    }
    expect(Buffer.concat(out.end()).toString("utf8")).toBe(times.map((t) => `${formatTime(t)}\n`).join(""));
  });
});
