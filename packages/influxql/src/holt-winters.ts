// HOLT_WINTERS(agg, N, S) and HOLT_WINTERS_WITH_FIT as InfluxDB 1.x computes them: the windows'
// values placed on a regular grid (gaps as NaN), a damped multiplicative Holt-Winters model whose
// smoothing parameters and initial level, trend and seasonal factors are fitted by Nelder–Mead
// from a small grid of starting guesses, then N forecasts one interval apart.
import { QueryError } from "./eval.js";
import { minimize } from "./nelder-mead.js";

/** A forecast or fitted value. */
export interface Forecast {
  time: bigint;
  value: number;
}

/** Weight of the first values in the non-seasonal initial level and trend. */
const INITIAL_WEIGHT = 0.5;
const EPSILON = 1e-4;
/** Starting guesses for α, β, γ and φ: 0.3 and 0.7 each (16 starts). */
const GUESS_LOWER = 0.3;
const GUESS_UPPER = 1.0;
const GUESS_STEP = 0.4;
/** Same bound as the windows of one GROUP BY time() query. */
const MAX_FORECASTS = 1_000_000;

/** Rounds to the nearest multiple of `interval` (half-way rounds down), truncating like Go. */
function roundTime(t: bigint, interval: bigint): bigint {
  const remainder = t % interval;
  return remainder > interval / 2n ? (t / interval + 1n) * interval : (t / interval) * interval;
}

const bits = new DataView(new ArrayBuffer(8));
/** 2^e for e in [−1074, 1023], exact. */
const POW2 = Float64Array.from({ length: 2098 }, (_, i) => 2 ** (i - 1074));

/**
 * Powers x^t of one x for whole t ≥ 1, computed as Go's math.Pow computes whole powers in its
 * general path (1.x's Holt-Winters sums them): x's mantissa squared again and again, each square
 * renormalised into [½, 1) with the exponent kept apart, and the squares of t's set bits
 * multiplied in from the lowest. (Recent Go versions take another path for t ≤ 127; the results
 * differ in the last bits only.) The squares do not depend on t, so they are computed once per x;
 * Math.pow was most of the fit's time.
 */
export class Powers {
  private readonly fracs: number[] = [];
  private readonly exps: number[] = [];
  /** The square at which Go gives up on an exponent beyond ±4096 (the power is then 0). */
  private readonly limit: number;

  constructor(private readonly x: number) {
    if (!(x > 0 && x < 1)) {
      this.limit = 0;
      return;
    }
    bits.setFloat64(0, x);
    const high = bits.getUint32(0);
    let exp = ((high >>> 20) & 0x7ff) - 1022;
    bits.setUint32(0, (high & 0x800fffff) | (1022 << 20));
    let frac = bits.getFloat64(0);
    while (exp >= -4096 && this.fracs.length < 64) {
      this.fracs.push(frac);
      this.exps.push(exp);
      frac *= frac;
      exp *= 2;
      if (frac < 0.5) {
        frac += frac;
        exp--;
      }
    }
    this.limit = this.fracs.length;
  }

  of(t: number): number {
    const x = this.x;
    if (!(x > 0 && x < 1)) return x === 1 ? 1 : x === 0 ? 0 : x ** t;
    let result = 1;
    let exp = 0;
    // t counts model steps, far below 2^31: bit operations are safe.
    for (let i = t, k = 0; i !== 0; i >>>= 1, k++) {
      if (k === this.limit) return 0;
      if ((i & 1) === 1) {
        result *= this.fracs[k]!;
        exp += this.exps[k]!;
      }
    }
    // ldexp: exact for normal results; into the subnormal range with one rounding, as Go does.
    if (exp >= -1022) return result * POW2[exp + 1074]!;
    if (exp < -1074 - 53) return 0;
    return result * POW2[exp + 53 + 1074]! * POW2[1074 - 53]!;
  }
}

class Model {
  private readonly seasonal: boolean;
  /** The fitted values of one SSE evaluation, reused across the thousands of them. */
  private readonly buffer: Float64Array;

  constructor(
    private readonly y: readonly number[],
    private readonly season: number,
  ) {
    this.seasonal = season >= 2;
    this.buffer = new Float64Array(y.length);
  }

  /**
   * Runs the model over the data and `horizon` more steps with `params` = [α, β, γ, φ, level,
   * trend, seasonal factors…]. Like InfluxDB, it clamps α..φ into [0, 1] and leaves the last
   * seasonal factors in `params`, which the fit keeps.
   */
  run(horizon: number, params: number[]): number[] {
    return Array.from(this.fill(new Float64Array(this.y.length + horizon), params));
  }

  /** {@link run} into `out` (its length sets the horizon), allocating nothing. */
  private fill(out: Float64Array, params: number[]): Float64Array {
    for (let i = 0; i < 4; i++) params[i] = Math.min(1, Math.max(0, params[i]!));
    const [alpha, beta, gamma, phi] = params as [number, number, number, number];
    const keepLevel = 1 - alpha;
    const keepTrend = 1 - beta;
    const keepSeason = 1 - gamma;
    let y = this.y[0]!;
    let level = params[4]!;
    let trend = params[5]!;
    const m = this.season;
    let phiH = phi;
    const powers = new Powers(phi);
    out[0] = y;
    for (let t = 1; t < out.length; t++) {
      let stm = 1;
      let stmh = 1;
      // 1.x's ring of seasonal factors: step t reads and then replaces slot (2t − 2) mod m, and
      // forecasts with the slot h = t mod m further on.
      const slot = (2 * t - 2) % m;
      if (this.seasonal) {
        stm = params[6 + slot]!;
        stmh = params[6 + ((2 * t - 2 + (t % m)) % m)]!;
      }
      // Each step feeds on the previous step's forecast, as 1.x does.
      const damped = level + phi * trend;
      const nextLevel = alpha * (y / stm) + keepLevel * damped;
      const nextTrend = beta * (nextLevel - level) + keepTrend * phi * trend;
      const seasonFactor = gamma * (y / damped) + keepSeason * stm;
      y = (nextLevel + phiH * nextTrend) * stmh;
      level = nextLevel;
      trend = nextTrend;
      phiH += powers.of(t);
      if (this.seasonal) params[6 + slot] = seasonFactor;
      out[t] = y;
    }
    return out;
  }

  /** Sum of squared errors over the known values; a NaN forecast where a value is known loses. */
  sse(params: number[]): number {
    const fitted = this.fill(this.buffer, params);
    let sum = 0;
    for (let i = 0; i < fitted.length; i++) {
      const known = this.y[i]!;
      if (Number.isNaN(known)) continue;
      if (Number.isNaN(fitted[i]!)) return Infinity;
      const diff = fitted[i]! - known;
      sum += diff * diff;
    }
    return sum;
  }
}

/**
 * Forecasts `horizon` values after the windows `times`/`values` (window starts, ascending, one
 * interval apart with possible gaps). With `withFit`, the fitted values of the known windows come
 * first. Returns nothing when there is too little data, as 1.x does.
 */
export function holtWinters(times: readonly bigint[], values: readonly number[], horizon: number, season: number, withFit: boolean, interval: bigint): Forecast[] {
  // 1.x allocates N values up front; a bound keeps an absurd N from exhausting memory.
  if (horizon > MAX_FORECASTS) throw new QueryError(`holt_winters cannot forecast more than ${MAX_FORECASTS} points, got ${horizon}`);
  const seasonal = season >= 2;
  const n = values.length;
  if (n < 2 || (seasonal && n < season) || horizon <= 0 || interval <= 0n) return [];
  const start = roundTime(times[0]!, interval);
  const stop = roundTime(times[n - 1]!, interval);
  if ((stop - start) / interval <= 0n) return [];
  // The values on a regular grid: later values of one slot dropped, missing slots NaN.
  const y: number[] = [values[0]!];
  let t = start;
  for (let i = 1; i < n; i++) {
    const rounded = roundTime(times[i]!, interval);
    if (rounded <= t) continue;
    t += interval;
    while (rounded !== t) {
      y.push(NaN);
      t += interval;
    }
    y.push(values[i]!);
  }
  const at = (i: number): number => y[i] ?? NaN;

  let level = 0;
  let trend = 0;
  const factors: number[] = [];
  if (seasonal) {
    for (let i = 0; i < season; i++) if (!Number.isNaN(at(i))) level += (1 / season) * at(i);
    for (let i = 0; i < season && season + i < y.length; i++) {
      if (!Number.isNaN(at(i)) && !Number.isNaN(at(season + i))) trend += (1 / (season * season)) * (at(season + i) - at(i));
    }
    for (let i = 0; i < season; i++) factors.push(Number.isNaN(at(i)) ? 0 : at(i) / level);
  } else {
    level += INITIAL_WEIGHT * at(0);
    if (!Number.isNaN(at(1))) trend = INITIAL_WEIGHT * (at(1) - at(0));
  }

  const model = new Model(y, season);
  const start0 = [0, 0, 0, 0, level, trend, ...factors];
  let bestSse = Infinity;
  let best: number[] | undefined;
  for (let alpha = GUESS_LOWER; alpha < GUESS_UPPER; alpha += GUESS_STEP) {
    for (let beta = GUESS_LOWER; beta < GUESS_UPPER; beta += GUESS_STEP) {
      for (let gamma = GUESS_LOWER; gamma < GUESS_UPPER; gamma += GUESS_STEP) {
        for (let phi = GUESS_LOWER; phi < GUESS_UPPER; phi += GUESS_STEP) {
          start0[0] = alpha;
          start0[1] = beta;
          start0[2] = gamma;
          start0[3] = phi;
          const fit = minimize((p) => model.sse(p), start0, EPSILON, 1);
          if (fit.value < bestSse || best === undefined) {
            bestSse = fit.value;
            best = fit.point;
          }
        }
      }
    }
  }

  const forecast = model.run(horizon, best!);
  const out: Forecast[] = [];
  if (withFit) {
    forecast.forEach((value, i) => {
      if (Number.isFinite(value)) out.push({ time: times[0]! + interval * BigInt(i), value });
    });
  } else {
    const last = times[n - 1]!;
    forecast.slice(y.length).forEach((value, i) => {
      if (Number.isFinite(value)) out.push({ time: last + interval * BigInt(i + 1), value });
    });
  }
  return out;
}

/**
 * Rows of a GROUP BY time() result with Holt-Winters columns added: `forecasts` maps an output
 * column (0-based, after time) to its values by time; a forecast at a window's time fills that
 * row, one after the windows gets a row of its own.
 */
export function withForecasts<V>(rows: Array<Array<V | bigint | null>>, forecasts: ReadonlyMap<number, readonly Forecast[]>, width: number): Array<Array<V | bigint | number | null>> {
  if (forecasts.size === 0) return rows;
  const byTime = new Map<bigint, Array<V | bigint | number | null>>(rows.map((r) => [r[0] as bigint, r]));
  for (const [column, list] of forecasts) {
    for (const f of list) {
      let row = byTime.get(f.time);
      if (row === undefined) {
        row = [f.time, ...new Array<null>(width).fill(null)];
        byTime.set(f.time, row);
      }
      row[column + 1] = f.value;
    }
  }
  return [...byTime.values()].sort((a, b) => ((a[0] as bigint) < (b[0] as bigint) ? -1 : 1));
}
