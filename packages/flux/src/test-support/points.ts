/** Test data as line-protocol-like tuples for the in-memory source. */
import type { Point } from "../runtime/memory-source.js";

/** `m0,k=k0 f=<v>i <t s>` for each (seconds, value) pair: the series InfluxDB's own read tests use. */
export function m0Points(pairs: readonly (readonly [seconds: number, value: number])[]): Point[] {
  return pairs.map(([seconds, value]) => ({ measurement: "m0", tags: { k: "k0" }, field: "f", time: BigInt(seconds) * 1_000_000_000n, value: BigInt(value) }));
}

/** Values 0,1,2,3,4,5,6,5,0,6,6,7,5,8,9,5 at seconds 0…15. */
export const sixteenPoints = m0Points([0, 1, 2, 3, 4, 5, 6, 5, 0, 6, 6, 7, 5, 8, 9, 5].map((v, i) => [i, v] as const));
