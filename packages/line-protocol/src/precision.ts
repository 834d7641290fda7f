import type { Precision } from "./point.js";

/** Nanoseconds per unit of each precision, v2 and v1 spellings alike. */
const nanosPerUnit: Readonly<Record<Precision, bigint>> = {
  ns: 1n,
  n: 1n,
  us: 1_000n,
  u: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

export function isPrecision(value: string): value is Precision {
  return Object.prototype.hasOwnProperty.call(nanosPerUnit, value);
}

export function precisionMultiplier(precision: Precision): bigint {
  if (!isPrecision(precision)) throw new RangeError(`unknown precision '${String(precision)}'`);
  return nanosPerUnit[precision];
}

/**
 * InfluxDB keeps two values of int64 for itself, so valid times are [MinInt64 + 2, MaxInt64 - 1)
 * as its `models.MinNanoTime` / `MaxNanoTime`.
 */
export const minNanoTime = -(2n ** 63n) + 2n;
export const maxNanoTime = 2n ** 63n - 2n;
export const timeOutOfRangeReason = `time outside range ${minNanoTime} - ${maxNanoTime}`;
