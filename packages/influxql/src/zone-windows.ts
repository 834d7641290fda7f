// GROUP BY time() in a zone whose offset changes inside the range: the storage engine computes
// fixed-length windows only, so it computes the aggregates over finer windows (a length dividing
// the interval, the offset and every UTC offset of the zone in the range), and these partial
// results are combined here into the local windows (23 or 25 hours long across a DST change).
import type { Value } from "./eval.js";
import { zoneOffsetNs, type Windows } from "./time.js";

/** One window's values, one per read call, with the chosen point's time for selectors. */
export interface PartialCell {
  values: Value[];
  pointTimes: Array<bigint | undefined>;
}

/** How a statement's call is read from the engine: itself, or a mean as a sum and a count. */
export interface CombinedCall {
  name: string;
  /** Indexes of the read calls: [self], or [sum, count] for a mean. */
  reads: number[];
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};

/**
 * The finest window length needed: the gcd of the interval, the offset and the zone's UTC offsets
 * from `start` to `stop` (sampled daily, which sees every change of the IANA rules in use).
 * Undefined when the range is too long to sample.
 */
export function subInterval(zone: string, every: bigint, offset: bigint, start: bigint, stop: bigint): bigint | undefined {
  const day = 86_400_000_000_000n;
  if (stop - start > 3660n * day) return undefined;
  let g = gcd(every, offset);
  for (let t = start; t < stop + day; t += day) g = gcd(g, zoneOffsetNs(zone, t));
  return g === 0n ? every : g;
}

const add = (a: Value, b: Value): Value =>
  a === null ? b : b === null ? a : typeof a === "bigint" && typeof b === "bigint" ? a + b : Number(a) + Number(b);
const less = (a: Value, b: Value): boolean => (typeof a === "bigint" && typeof b === "bigint" ? a < b : Number(a) < Number(b));

/** Combines the sub-window cells of one group into its local windows (calls among select.ts's MERGEABLE). */
export function combineIntoWindows(cells: ReadonlyMap<bigint, PartialCell>, calls: readonly CombinedCall[], windows: Windows): Map<bigint, PartialCell> {
  const out = new Map<bigint, { values: Value[]; pointTimes: Array<bigint | undefined>; sums: Value[]; counts: Value[] }>();
  const starts = [...cells.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const t of starts) {
    const part = cells.get(t)!;
    const w = windows.start(t);
    let acc = out.get(w);
    if (acc === undefined) {
      acc = { values: calls.map(() => null), pointTimes: calls.map(() => undefined), sums: calls.map(() => null), counts: calls.map(() => null) };
      out.set(w, acc);
    }
    calls.forEach((c, i) => {
      const v = part.values[c.reads[0]!] ?? null;
      const pt = part.pointTimes[c.reads[0]!];
      if (c.name === "mean") {
        acc.sums[i] = add(acc.sums[i]!, v);
        acc.counts[i] = add(acc.counts[i]!, part.values[c.reads[1]!] ?? null);
        return;
      }
      if (v === null) return;
      const current = acc.values[i]!;
      if (c.name === "count" || c.name === "sum") {
        acc.values[i] = add(current, v);
        return;
      }
      // Sub-windows come in time order: the first point stays, the last one moves on.
      const replace = current === null || (c.name === "min" ? less(v, current) : c.name === "max" ? less(current, v) : c.name === "last");
      if (replace) {
        acc.values[i] = v;
        acc.pointTimes[i] = pt;
      }
    });
  }
  const result = new Map<bigint, PartialCell>();
  for (const [w, acc] of out) {
    const values = calls.map((c, i) => (c.name === "mean" ? (acc.counts[i] ? Number(acc.sums[i]) / Number(acc.counts[i]) : null) : acc.values[i]!));
    result.set(w, { values, pointTimes: acc.pointTimes });
  }
  return result;
}
