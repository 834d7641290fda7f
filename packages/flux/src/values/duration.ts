/**
 * Flux durations. A duration keeps months apart from nanoseconds because a month has no fixed
 * length: `1mo` added to January 31 lands on the last day of February. Magnitudes are int64 in
 * Flux, so they are bigints here; the sign is kept separately and applies to both parts.
 */
import type { Duration as DurationPart } from "../ast/nodes.js";

export interface Duration {
  months: bigint;
  nanoseconds: bigint;
  negative: boolean;
}

export const zeroDuration: Duration = { months: 0n, nanoseconds: 0n, negative: false };

const nanosecondsPerUnit: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  "\u00b5s": 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
  w: 604_800_000_000_000n,
};

const monthsPerUnit: Readonly<Record<string, bigint>> = { mo: 1n, y: 12n };

export class DurationError extends Error {}

/** Builds a duration from magnitude/unit pairs, as written in a literal like `1y2mo3d`. */
export function durationFromParts(parts: readonly DurationPart[]): Duration {
  const first = parts[0];
  if (first === undefined) return zeroDuration;
  const negative = first.magnitude < 0;
  let months = 0n;
  let nanoseconds = 0n;
  for (const { magnitude, unit } of parts) {
    if (magnitude < 0 !== negative) {
      throw new DurationError("duration magnitudes must be the same sign");
    }
    const size = BigInt(Math.abs(magnitude));
    const perMonth = monthsPerUnit[unit];
    const perNanosecond = nanosecondsPerUnit[unit];
    if (perMonth !== undefined) months += size * perMonth;
    else if (perNanosecond !== undefined) nanoseconds += size * perNanosecond;
    else throw new DurationError(`invalid duration unit ${JSON.stringify(unit)}`);
  }
  return { months, nanoseconds, negative };
}

const durationPart = /(\d+)(mo|ms|us|\u00b5s|ns|y|w|d|h|m|s)/y;

/** Parses duration text such as `-1h30m`, exactly (magnitudes may exceed 2^53). */
export function parseDuration(text: string): Duration {
  const negative = text.startsWith("-");
  const body = negative ? text.slice(1) : text;
  let months = 0n;
  let nanoseconds = 0n;
  durationPart.lastIndex = 0;
  let consumed = 0;
  for (let match = durationPart.exec(body); match !== null; match = durationPart.exec(body)) {
    const [, digits = "0", unit = "ns"] = match;
    const size = BigInt(digits);
    const perMonth = monthsPerUnit[unit];
    if (perMonth !== undefined) months += size * perMonth;
    else nanoseconds += size * (nanosecondsPerUnit[unit] ?? 1n);
    consumed = durationPart.lastIndex;
  }
  if (consumed === 0 || consumed !== body.length) throw new DurationError(`invalid duration ${JSON.stringify(text)}`);
  const duration = { months, nanoseconds, negative };
  return isZeroDuration(duration) ? zeroDuration : duration;
}

export function negateDuration(d: Duration): Duration {
  return isZeroDuration(d) ? d : { ...d, negative: !d.negative };
}

export function isZeroDuration(d: Duration): boolean {
  return d.months === 0n && d.nanoseconds === 0n;
}

export function durationsEqual(a: Duration, b: Duration): boolean {
  return a.negative === b.negative && a.months === b.months && a.nanoseconds === b.nanoseconds;
}

/** Multiplies each part by `scale`; a negative scale flips the sign. */
export function scaleDuration(d: Duration, scale: bigint): Duration {
  if (isZeroDuration(d) || scale === 0n) return zeroDuration;
  const magnitude = scale < 0n ? -scale : scale;
  return { months: d.months * magnitude, nanoseconds: d.nanoseconds * magnitude, negative: d.negative !== scale < 0n };
}

/**
 * The duration in nanoseconds, counting a month as 1/12 of 365.25 days. Only for places that
 * cannot be month-aware (Flux itself approximates the same way there).
 */
export function approximateNanoseconds(d: Duration): bigint {
  const nanosecondsPerMonth = (36525n * 24n * 3_600_000_000_000n) / 1200n;
  const total = d.nanoseconds + d.months * nanosecondsPerMonth;
  return d.negative ? -total : total;
}

const unitsLargestFirst: readonly [string, bigint][] = [
  ["w", 604_800_000_000_000n],
  ["d", 86_400_000_000_000n],
  ["h", 3_600_000_000_000n],
  ["m", 60_000_000_000n],
  ["s", 1_000_000_000n],
  ["ms", 1_000_000n],
  ["us", 1_000n],
  ["ns", 1n],
];

/** Flux's text for a duration: largest units first (`1y2mo1w3d`), `0ns` for zero. */
export function formatDuration(d: Duration): string {
  if (isZeroDuration(d)) return "0ns";
  let text = d.negative ? "-" : "";
  const years = d.months / 12n;
  const months = d.months % 12n;
  if (years > 0n) text += `${years}y`;
  if (months > 0n) text += `${months}mo`;
  let rest = d.nanoseconds;
  for (const [unit, size] of unitsLargestFirst) {
    const count = rest / size;
    rest %= size;
    if (count > 0n) text += `${count}${unit}`;
  }
  return text;
}
