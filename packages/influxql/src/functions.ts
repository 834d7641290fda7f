// InfluxQL's functions over a window of points (aggregates and selectors) and over a sequence of
// rows (transformations), computed in TypeScript where the storage read cannot push them down.
import { goSort } from "./go-sort.js";
import type { AggregateFn } from "@fluxgate/storage-engine";
import { QueryError, toNumber, type Value } from "./eval.js";
import { DROPS_INFINITY, indicatorOf } from "./technical.js";
import { TECHNICAL, technicalOptions } from "./transform-args.js";

/** Points of one field inside one window, in time order, nulls removed. */
export interface WindowPoints {
  times: bigint[];
  values: Value[];
}

/** One output of an aggregate: its value and, for selectors, the time of the chosen point. */
export interface Aggregated {
  value: Value;
  time?: bigint;
}

/** A row of a multi-row selector: always at a time. */
export interface TimedValue {
  value: Value;
  time: bigint;
}

export const AGGREGATES = new Set(["count", "distinct", "integral", "mean", "median", "mode", "spread", "stddev", "sum"]);
export const SELECTORS = new Set(["bottom", "first", "last", "max", "min", "percentile", "sample", "top"]);
/** Functions returning several rows per window. */
export const MULTI_ROW = new Set(["top", "bottom", "sample", "distinct"]);
export const TRANSFORMS = new Set([
  "derivative",
  "non_negative_derivative",
  "difference",
  "non_negative_difference",
  "cumulative_sum",
  "moving_average",
  "elapsed",
  "exponential_moving_average",
  "double_exponential_moving_average",
  "triple_exponential_moving_average",
  "relative_strength_index",
  "chande_momentum_oscillator",
  "kaufmans_efficiency_ratio",
  "kaufmans_adaptive_moving_average",
  "triple_exponential_derivative",
  "holt_winters",
  "holt_winters_with_fit",
]);
export const NOT_IMPLEMENTED = new Set(["histogram"]);
/** What the storage engine computes itself. */
export const PUSHDOWN: ReadonlySet<string> = new Set<AggregateFn>(["count", "sum", "mean", "min", "max", "first", "last", "spread", "stddev", "median"]);

export const isAggregateName = (name: string): boolean => AGGREGATES.has(name) || SELECTORS.has(name);

const numeric = (values: Value[]): number[] => values.map(toNumber).filter((v): v is number => v !== undefined);

function sumOf(values: Value[]): Value {
  if (values.length === 0) return null;
  if (values.every((v) => typeof v === "bigint")) return (values as bigint[]).reduce((a, b) => a + b, 0n);
  const nums = numeric(values);
  return nums.length === 0 ? null : nums.reduce((a, b) => a + b, 0);
}

function cmp(a: Value, b: Value): number {
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return (toNumber(a) ?? 0) - (toNumber(b) ?? 0);
}

/** 1.x's order of two values of one type for ties of first()/last(): true above false. */
const greaterThan = (a: Value, b: Value): boolean => (typeof a === "boolean" ? a && !b : cmp(a, b) > 0);

function selectIndex(points: WindowPoints, better: (candidate: Value, best: Value) => boolean): number {
  let best = -1;
  points.values.forEach((v, i) => {
    if (best < 0 || better(v, points.values[best]!)) best = i;
  });
  return best;
}

const literalNumber = (args: Value[], i: number, what: string): number => {
  const v = toNumber(args[i] ?? null);
  if (v === undefined) throw new QueryError(`expected ${what}`);
  return v;
};

/**
 * A single-row aggregate or selector over one window. `args` are the literal arguments after the
 * field (percentile's N, integral's unit…).
 */
export function aggregate(name: string, points: WindowPoints, args: Value[], intervalNs: bigint | undefined): Aggregated {
  const { times, values } = points;
  const n = values.length;
  switch (name) {
    case "count":
      return { value: BigInt(n) };
    case "count_distinct":
      return { value: BigInt(new Set(values.map((v) => `${typeof v}:${String(v)}`)).size) };
    case "sum":
      return { value: sumOf(values) };
    case "mean": {
      const nums = numeric(values);
      return { value: nums.length === 0 ? null : nums.reduce((a, b) => a + b, 0) / nums.length };
    }
    case "median": {
      const nums = numeric(values).sort((a, b) => a - b);
      if (nums.length === 0) return { value: null };
      const mid = nums.length >> 1;
      return { value: nums.length % 2 === 1 ? nums[mid]! : (nums[mid - 1]! + nums[mid]!) / 2 };
    }
    case "mode": {
      if (n === 0) return { value: null };
      // 1.x's walk over the points sorted by value (Go's unstable sort: see go-sort.ts): a value
      // is counted from its second point on, and a tie goes to the value ahead unless the current
      // one's first point in that order comes no later than the latest point counted for it.
      const points = values.map((value, i) => ({ value, time: times[i]! }));
      goSort(points, (a, b) => cmp(a.value, b.value) < 0);
      let mostFreq = 0;
      let currFreq = 0;
      let currMode = points[0]!.value;
      let mostMode = currMode;
      let mostTime = points[0]!.time;
      let currTime = mostTime;
      for (const p of points) {
        if (cmp(p.value, currMode) !== 0) {
          currFreq = 1;
          currMode = p.value;
          currTime = p.time;
          continue;
        }
        currFreq++;
        if (mostFreq > currFreq || (mostFreq === currFreq && currTime > mostTime)) continue;
        mostFreq = currFreq;
        mostMode = p.value;
        mostTime = p.time;
      }
      return { value: mostMode };
    }
    case "spread": {
      if (n === 0) return { value: null };
      let lo: Value = values[0]!;
      let hi: Value = values[0]!;
      for (const v of values) {
        if (cmp(v, lo) < 0) lo = v;
        if (cmp(v, hi) > 0) hi = v;
      }
      return { value: typeof lo === "bigint" && typeof hi === "bigint" ? hi - lo : (toNumber(hi) ?? 0) - (toNumber(lo) ?? 0) };
    }
    case "stddev": {
      const nums = numeric(values);
      if (nums.length < 2) return { value: null };
      const mean = nums.reduce((a, b) => a + b, 0) / nums.length;
      const variance = nums.reduce((a, b) => a + (b - mean) ** 2, 0) / (nums.length - 1);
      return { value: Math.sqrt(variance) };
    }
    case "integral": {
      // Strings and booleans have no area: no value (1.x refuses their type).
      if (values.some((v) => typeof v === "string" || typeof v === "boolean")) return { value: null };
      const unit = args.length > 0 ? BigInt(literalNumber(args, 0, "duration")) : 1_000_000_000n;
      let area = 0;
      for (let i = 1; i < n; i++) {
        const a = toNumber(values[i - 1]!) ?? 0;
        const b = toNumber(values[i]!) ?? 0;
        area += ((a + b) / 2) * (Number(times[i]! - times[i - 1]!) / Number(unit));
      }
      return { value: n === 0 ? null : area };
    }
    case "first":
    case "last": {
      if (n === 0) return { value: null };
      // Points in time order; of several at the first (last) time, 1.x keeps the greatest value.
      const edge = name === "first" ? 0 : n - 1;
      const t = times[edge]!;
      let best = edge;
      const step = name === "first" ? 1 : -1;
      for (let i = edge + step; i >= 0 && i < n && times[i] === t; i += step) {
        if (greaterThan(values[i]!, values[best]!) || (name === "last" && cmp(values[i]!, values[best]!) === 0)) best = i;
      }
      return { value: values[best]!, time: t };
    }
    case "max": {
      const i = selectIndex(points, (c, b) => cmp(c, b) > 0);
      return i < 0 ? { value: null } : { value: values[i]!, time: times[i]! };
    }
    case "min": {
      const i = selectIndex(points, (c, b) => cmp(c, b) < 0);
      return i < 0 ? { value: null } : { value: values[i]!, time: times[i]! };
    }
    case "percentile": {
      // Of strings and booleans no point (1.x refuses their type).
      if (values.some((v) => typeof v === "string" || typeof v === "boolean")) return { value: null };
      const p = literalNumber(args, 0, "number for percentile()");
      // Nearest rank, as InfluxDB computes it, over the points in Go's (unstable) sort order: the
      // time of a value held by several points is the one 1.x picks.
      const rank = Math.floor((n * p) / 100 + 0.5) - 1;
      if (n === 0 || rank < 0 || rank >= n) return { value: null };
      const order = values.map((_, i) => i);
      goSort(order, (a, b) => cmp(values[a]!, values[b]!) < 0);
      const i = order[rank]!;
      return { value: values[i]!, time: times[i]! };
    }
    default:
      void intervalNs;
      throw new QueryError(`unsupported call: ${name}`);
  }
}

/**
 * INTEGRAL per GROUP BY time window as 1.x computes it: one pass over the group's points in time
 * order, the area up to a window's end closed with the value interpolated there, and the next
 * window's area starting from that value at that end (across empty windows too, whose area goes
 * to the window the next point is in). For an integer field, 1.x pairs that value with the point
 * before the window's end rather than the one after it, and so does this. Returns window start →
 * area, for the windows holding points.
 */
export function integralByWindow(
  times: readonly bigint[],
  values: readonly number[],
  unitNs: bigint,
  windowStart: (t: bigint) => bigint,
  windowEnd: (start: bigint) => bigint,
  integer: boolean,
): Map<bigint, number> {
  const out = new Map<bigint, number>();
  if (times.length === 0) return out;
  const unit = Number(unitNs);
  let start = windowStart(times[0]!);
  let end = windowEnd(start);
  let prevTime = times[0]!;
  let prevValue = values[0]!;
  let sum = 0;
  for (let i = 1; i < times.length; i++) {
    const t = times[i]!;
    const v = values[i]!;
    if (t === prevTime) {
      prevValue = v;
      continue;
    }
    if (t < end) {
      sum += 0.5 * (v + prevValue) * (Number(t - prevTime) / unit);
    } else {
      const atEnd = ((v - prevValue) / Number(t - prevTime)) * Number(end - prevTime) + prevValue;
      sum += 0.5 * (atEnd + prevValue) * (Number(end - prevTime) / unit);
      out.set(start, sum);
      // The area from the window's end on (across empty windows too) is the next window's.
      const from = end;
      start = windowStart(t);
      end = windowEnd(start);
      sum = 0.5 * (atEnd + (integer ? prevValue : v)) * (Number(t - from) / unit);
    }
    prevTime = t;
    prevValue = v;
  }
  out.set(start, sum);
  return out;
}

/** 1.x's order of a reducer's points (floatPoints and its kin): by time, then value. */
const byTimeThenValue = (a: TimedValue, b: TimedValue): number => (a.time < b.time ? -1 : a.time > b.time ? 1 : cmp(a.value, b.value));

/** Functions producing several (time, value) rows per window. */
export function multiRow(name: string, points: WindowPoints, args: Value[], windowTime: bigint, descending = false): TimedValue[] {
  const { times, values } = points;
  switch (name) {
    case "distinct": {
      // Each value with the time of the point 1.x meets it at first (the earliest, or under
      // ORDER BY time DESC the latest), in the order of those times, then of the values.
      const seen = new Map<string, { value: Value; time: bigint }>();
      const n = values.length;
      for (let j = 0; j < n; j++) {
        const i = descending ? n - 1 - j : j;
        const v = values[i]!;
        const key = `${typeof v}:${String(v)}`;
        if (!seen.has(key)) seen.set(key, { value: v, time: times[i]! });
      }
      return [...seen.values()].sort(byTimeThenValue).map((p) => ({ value: p.value, time: windowTime }));
    }
    case "top":
    case "bottom": {
      const count = literalNumber(args, args.length - 1, "integer for top()/bottom()");
      const dir = name === "top" ? -1 : 1;
      const order = values.map((_, i) => i).sort((a, b) => dir * cmp(values[a]!, values[b]!) || (times[a]! < times[b]! ? -1 : 1));
      // In time order; points at one time best first (a stable sort of the best-first list).
      const chosen = order.slice(0, Math.max(0, Math.trunc(count))).sort((a, b) => (times[a]! < times[b]! ? -1 : times[a]! > times[b]! ? 1 : 0));
      return chosen.map((i) => ({ value: values[i]!, time: times[i]! }));
    }
    case "sample": {
      const count = Math.max(0, Math.trunc(literalNumber(args, 0, "integer for sample()")));
      // Deterministic reservoir: every k-th point, so the same query answers the same rows.
      // 1.x's reservoir is random: only a sample of every point is comparable. Its points are
      // sorted by time, then value.
      if (values.length <= count) return values.map((v, i) => ({ value: v, time: times[i]! })).sort(byTimeThenValue);
      const step = values.length / count;
      const out: TimedValue[] = [];
      for (let k = 0; k < count; k++) {
        const i = Math.floor(k * step);
        out.push({ value: values[i]!, time: times[i]! });
      }
      return out;
    }
    default:
      throw new QueryError(`unsupported call: ${name}`);
  }
}

/** A column of one group: a value per row, or `undefined` where the row has none. */
export type Column = Array<Value | undefined>;

/**
 * A transformation over a group's rows in time order. Rows without a value keep none; rows the
 * function cannot produce (the first row of derivative…) get `undefined`.
 */
export function transform(name: string, column: Column, times: bigint[], args: Value[], interval: bigint | undefined, descending = false): Column {
  const out: Column = new Array<Value | undefined>(column.length).fill(undefined);
  const present: number[] = [];
  column.forEach((v, i) => {
    if (v !== undefined && v !== null) present.push(i);
  });
  const unitArg = (fallback: bigint): bigint => (args[0] === undefined || args[0] === null ? fallback : BigInt(toNumber(args[0]) ?? 1));
  // Every transformation but elapsed() needs numbers: 1.x refuses a string or boolean field (one
  // type per field, so the first value tells).
  const sample = present.length > 0 ? column[present[0]!] : undefined;
  if (name !== "elapsed" && (typeof sample === "string" || typeof sample === "boolean")) {
    throw new QueryError(`unsupported ${name.replaceAll("_", " ")} iterator type: *query.${typeof sample === "string" ? "string" : "boolean"}InterruptIterator`);
  }
  // 1.x feeds transformations in the statement's time order: newest first under ORDER BY time DESC.
  const order = descending ? [...present].reverse() : present;
  switch (name) {
    case "derivative":
    case "non_negative_derivative": {
      const unit = unitArg(interval ?? 1_000_000_000n);
      for (let k = 1; k < order.length; k++) {
        const i = order[k]!;
        const j = order[k - 1]!;
        const dv = (toNumber(column[i]!) ?? 0) - (toNumber(column[j]!) ?? 0);
        // Newest first (DESC), 1.x divides by the positive time step: the sign is the older value's.
        const dt = (descending ? Number(times[j]! - times[i]!) : Number(times[i]! - times[j]!)) / Number(unit);
        if (dt === 0) continue;
        const d = dv / dt;
        if (name === "non_negative_derivative" && d < 0) continue;
        out[i] = d;
      }
      return out;
    }
    case "difference":
    case "non_negative_difference": {
      for (let k = 1; k < order.length; k++) {
        const a = column[order[k]!]!;
        const b = column[order[k - 1]!]!;
        const d = typeof a === "bigint" && typeof b === "bigint" ? a - b : (toNumber(a) ?? 0) - (toNumber(b) ?? 0);
        if (name === "non_negative_difference" && d < 0) continue;
        out[order[k]!] = d;
      }
      return out;
    }
    case "cumulative_sum": {
      let acc: Value = null;
      for (const i of order) {
        const v = column[i]!;
        acc = acc === null ? v : typeof acc === "bigint" && typeof v === "bigint" ? acc + v : (toNumber(acc) ?? 0) + (toNumber(v) ?? 0);
        out[i] = acc;
      }
      return out;
    }
    case "moving_average": {
      const n = Math.trunc(toNumber(args[0] ?? null) ?? 0);
      if (n < 1) throw new QueryError("moving_average window must be greater than 1, got 0");
      let sum = 0;
      for (let k = 0; k < order.length; k++) {
        sum += toNumber(column[order[k]!]!) ?? 0;
        if (k >= n) sum -= toNumber(column[order[k - n]!]!) ?? 0;
        if (k >= n - 1) out[order[k]!] = sum / n;
      }
      return out;
    }
    case "elapsed": {
      const unit = unitArg(1n);
      for (let k = 1; k < order.length; k++) out[order[k]!] = (times[order[k]!]! - times[order[k - 1]!]!) / unit;
      return out;
    }
    default:
      // 1.x feeds these in the statement's time order, newest first under ORDER BY time DESC.
      if (TECHNICAL.has(name)) return technical(name, out, column, order, args);
      throw new QueryError(`unsupported call: ${name}`);
  }
}

/**
 * A technical analysis function over the rows that have a value, written into `out` (all
 * undefined): the first `hold` outputs are warm-up and not shown; NaN (0/0) shows as null, and
 * infinities are dropped where 1.x drops them.
 */
function technical(name: string, out: Column, column: Column, present: readonly number[], args: Value[]): Column {
  const options = technicalOptions(name, args);
  const indicator = indicatorOf(name, options.period, options.warmup, present.length);
  const hold = options.hold === -1 ? indicator.warmCount : options.hold;
  let seen = 0;
  for (const i of present) {
    const value = toNumber(column[i]!);
    // Strings and booleans are not values of these functions.
    if (value === undefined) continue;
    const v = indicator.add(value);
    if (++seen <= hold) continue;
    if (Number.isNaN(v)) out[i] = null;
    else if (Number.isFinite(v) || !DROPS_INFINITY.has(name)) out[i] = v;
  }
  return out;
}
