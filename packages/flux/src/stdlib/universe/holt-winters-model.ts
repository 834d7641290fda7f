/**
 * The damped Holt-Winters model Flux (and InfluxQL before it) uses, reproduced step for step so
 * forecasts agree with theirs to the digit:
 *
 * - parameters are [alpha, beta, gamma, phi, level0, trend0, season0…]; all of them, initial level,
 *   trend and seasons included, are fitted by a Nelder-Mead search started from a 2×2×2×2 grid of
 *   smoothing guesses (0.3 and 0.7), keeping the fit with the smallest squared error;
 * - the recursion feeds each step's own prediction back in as the next observation (only the
 *   error compares predictions with the data), seasons are multiplicative;
 * - evaluating a parameter vector clamps its smoothing parameters into [0, 1] and writes the
 *   season ring into it, in place, exactly as Flux's optimizer sees it.
 */

/** Weight of the first value and first difference in the non-seasonal starting guesses. */
const startWeight = 0.5;
const epsilon = 1e-4;
const guessLower = 0.3;
const guessUpper = 1.0;
const guessStep = 0.4;
const seasonsAt = 6;

/** `x ** n` for a whole `n >= 1` the way Go's math.Pow computes it (repeated squaring of the mantissa). */
export function goPowWhole(x: number, n: number): number {
  if (x === 1 || n === 0) return 1;
  if (n === 1) return x;
  if (x === 0 || !Number.isFinite(x)) return x ** n;
  let exponent = Math.floor(Math.log2(Math.abs(x))) + 1;
  let mantissa = x / 2 ** exponent;
  // Normalise into [0.5, 1) exactly as frexp does (log2 can be off by one at powers of two).
  while (Math.abs(mantissa) >= 1) {
    mantissa /= 2;
    exponent++;
  }
  while (Math.abs(mantissa) < 0.5) {
    mantissa *= 2;
    exponent--;
  }
  let product = 1;
  let productExponent = 0;
  for (let i = n; i !== 0; i = Math.floor(i / 2)) {
    if (i % 2 === 1) {
      product *= mantissa;
      productExponent += exponent;
    }
    mantissa *= mantissa;
    exponent *= 2;
    if (mantissa < 0.5) {
      mantissa += mantissa;
      exponent--;
    }
  }
  return product * 2 ** productExponent;
}

export class HoltWinters {
  private readonly seasonal: boolean;

  /** `values` are evenly spaced, null where a bucket had no value; the first is never null. */
  constructor(
    private readonly values: readonly (number | null)[],
    private readonly horizon: number,
    private readonly seasonality: number,
    private readonly withFit: boolean,
  ) {
    this.seasonal = seasonality >= 2;
  }

  /** The forecast (after the fitted values when withFit), or nothing when there is too little data. */
  run(): number[] {
    const vs = this.values;
    const m = this.seasonality;
    if (vs.length < 2 || (this.seasonal && vs.length < m) || this.horizon <= 0) return [];
    const value = (i: number): number => vs[i] ?? 0;
    let level = 0;
    let trend = 0;
    if (this.seasonal) {
      for (let i = 0; i < m; i++) if (vs[i] !== null) level += (1 / m) * value(i);
      for (let i = 0; i < m && m + i < vs.length; i++) if (vs[i] !== null && vs[m + i] !== null) trend += (1 / (m * m)) * (value(m + i) - value(i));
    } else {
      level += startWeight * value(0);
      if (vs[1] !== null) trend = startWeight * (value(1) - value(0));
    }
    const start = new Float64Array(seasonsAt + (this.seasonal ? m : 0));
    start[4] = level;
    start[5] = trend;
    if (this.seasonal) for (let i = 0; i < m; i++) start[seasonsAt + i] = vs[i] === null ? 0 : value(i) / level;

    let best: Float64Array | undefined;
    let bestError = Number.POSITIVE_INFINITY;
    for (let alpha = guessLower; alpha < guessUpper; alpha += guessStep)
      for (let beta = guessLower; beta < guessUpper; beta += guessStep)
        for (let gamma = guessLower; gamma < guessUpper; gamma += guessStep)
          for (let phi = guessLower; phi < guessUpper; phi += guessStep) {
            start[0] = alpha;
            start[1] = beta;
            start[2] = gamma;
            start[3] = phi;
            const [error, params] = nelderMead((p) => this.squaredError(p), start);
            if (error < bestError || best === undefined) {
              bestError = error;
              best = params;
            }
          }
    return this.forecast(best as Float64Array, false);
  }

  private squaredError(params: Float64Array): number {
    const fitted = this.forecast(params, true);
    let sum = 0;
    for (let i = 0; i < fitted.length; i++) {
      const actual = this.values[i] ?? null;
      if (actual === null) continue;
      const f = fitted[i] as number;
      if (Number.isNaN(f)) return Number.POSITIVE_INFINITY;
      const diff = f - actual;
      sum += diff * diff;
    }
    return sum;
  }

  /** Runs the recursion over the data (and `horizon` steps past it unless `onlyFit`); mutates `params`. */
  private forecast(params: Float64Array, onlyFit: boolean): number[] {
    const h = onlyFit ? 0 : this.horizon;
    for (let i = 0; i < 4; i++) params[i] = Math.min(1, Math.max(0, params[i] as number));
    const [alpha, beta, gamma, phi] = [params[0] as number, params[1] as number, params[2] as number, params[3] as number];
    let y = this.values[0] ?? 0;
    let phiH = phi;
    let level = params[4] as number;
    let trend = params[5] as number;
    let m = 0;
    let offset = 0;
    if (this.seasonal) {
      m = params.length - seasonsAt;
      if (m === 1) params[seasonsAt] = 1;
      offset = m - 1;
    }
    const l = this.values.length;
    const out: number[] = [];
    if (onlyFit || this.withFit) out.push(y);
    let stm = 1;
    let stmh = 1;
    for (let t = 1; t < l + h; t++) {
      if (this.seasonal) {
        stm = params[seasonsAt + ((t - m + offset) % m)] as number;
        stmh = params[seasonsAt + ((t - m + (t % m) + offset) % m)] as number;
      }
      const damped = level + phi * trend;
      const nextLevel = alpha * (y / stm) + (1 - alpha) * damped;
      const nextTrend = beta * (nextLevel - level) + (1 - beta) * phi * trend;
      const season = gamma * (y / damped) + (1 - gamma) * stm;
      y = (nextLevel + phiH * nextTrend) * stmh;
      level = nextLevel;
      trend = nextTrend;
      phiH += goPowWhole(phi, t);
      if (this.seasonal) {
        params[seasonsAt + ((t + offset) % m)] = season;
        offset++;
      }
      if (onlyFit || (this.withFit && t < l) || t >= l) out.push(y);
    }
    return out;
  }
}

/**
 * Nelder-Mead minimisation in the classic formulation (reflection 1, contraction ½, expansion 2,
 * a regular starting simplex of edge `scale`), stopping when the spread of the vertices' values
 * falls below `epsilon` or after 1000 iterations. Returns the best value and a copy of its vertex.
 */
function nelderMead(objective: (p: Float64Array) => number, start: Float64Array, scale = 1): [number, Float64Array] {
  const n = start.length;
  const v = Array.from({ length: n + 1 }, () => new Float64Array(n));
  const f = new Float64Array(n + 1);
  const reflected = new Float64Array(n);
  const expanded = new Float64Array(n);
  const contracted = new Float64Array(n);
  const centroid = new Float64Array(n);
  const pn = (scale * (Math.sqrt(n + 1) - 1 + n)) / (n * Math.SQRT2);
  const qn = (scale * (Math.sqrt(n + 1) - 1)) / (n * Math.SQRT2);
  const vertex = (i: number): Float64Array => v[i] as Float64Array;
  vertex(0).set(start);
  for (let i = 1; i <= n; i++) for (let j = 0; j < n; j++) vertex(i)[j] = (i - 1 === j ? pn : qn) + (start[j] as number);
  for (let j = 0; j <= n; j++) f[j] = objective(vertex(j));

  for (let iteration = 1; iteration <= 1000; iteration++) {
    let worst = 0;
    let best = 0;
    for (let i = 0; i <= n; i++) {
      if ((f[i] as number) > (f[worst] as number)) worst = i;
      if ((f[i] as number) < (f[best] as number)) best = i;
    }
    let second = best;
    for (let i = 0; i <= n; i++) if ((f[i] as number) > (f[second] as number) && (f[i] as number) < (f[worst] as number)) second = i;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let k = 0; k <= n; k++) if (k !== worst) sum += vertex(k)[i] as number;
      centroid[i] = sum / n;
    }
    const w = vertex(worst);
    for (let i = 0; i < n; i++) reflected[i] = (centroid[i] as number) + 1.0 * ((centroid[i] as number) - (w[i] as number));
    const fr = objective(reflected);
    if (fr < (f[second] as number) && fr >= (f[best] as number)) {
      w.set(reflected);
      f[worst] = fr;
    }
    if (fr < (f[best] as number)) {
      for (let i = 0; i < n; i++) expanded[i] = (centroid[i] as number) + 2.0 * ((reflected[i] as number) - (centroid[i] as number));
      const fe = objective(expanded);
      if (fe < fr) {
        w.set(expanded);
        f[worst] = fe;
      } else {
        w.set(reflected);
        f[worst] = fr;
      }
    }
    if (fr >= (f[second] as number)) {
      if (fr < (f[worst] as number) && fr >= (f[second] as number)) {
        for (let i = 0; i < n; i++) contracted[i] = (centroid[i] as number) + 0.5 * ((reflected[i] as number) - (centroid[i] as number));
      } else {
        for (let i = 0; i < n; i++) contracted[i] = (centroid[i] as number) - 0.5 * ((centroid[i] as number) - (w[i] as number));
      }
      const fc = objective(contracted);
      if (fc < (f[worst] as number)) {
        w.set(contracted);
        f[worst] = fc;
      } else {
        // Shrink towards the best vertex; like the original, only two vertices are re-evaluated.
        const b = vertex(best);
        for (let row = 0; row <= n; row++) {
          if (row === best) continue;
          const r = vertex(row);
          for (let i = 0; i < n; i++) r[i] = (b[i] as number) + ((r[i] as number) - (b[i] as number)) / 2.0;
        }
        f[worst] = objective(vertex(worst));
        f[second] = objective(vertex(second));
      }
    }
    let total = 0;
    for (let i = 0; i <= n; i++) total += f[i] as number;
    const mean = total / (n + 1);
    let spread = 0;
    for (let i = 0; i <= n; i++) spread += ((f[i] as number) - mean) ** 2 / n;
    if (Math.sqrt(spread) < epsilon) break;
  }
  let best = 0;
  for (let i = 0; i <= n; i++) if ((f[i] as number) < (f[best] as number)) best = i;
  const params = Float64Array.from(vertex(best));
  return [objective(vertex(best)), params];
}
