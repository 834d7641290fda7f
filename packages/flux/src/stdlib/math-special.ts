/**
 * The `math` package's special functions JavaScript lacks: the error function and its inverses,
 * Bessel functions of the first and second kind, and pow10. They follow Go's math package (which
 * Flux calls) in value and special cases; results agree with Go's to about 1e-14 relative (erf,
 * Jn) or 1e-11 (Yn), not always to the last bit.
 */
import { type Members, builtin } from "../runtime/builtin.js";
import { type Value, float } from "../values/value.js";

const twoOverSqrtPi = 2 / Math.sqrt(Math.PI);

/** erf(x) for |x| < 3 from the series e^(-x²)·Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1)), whose terms are all positive. */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  const x2 = x * x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
  }
  return twoOverSqrtPi * Math.exp(-x2) * sum;
}

/** erfc(x) for x ≥ 3 from its continued fraction (evaluated bottom-up). */
function erfcFraction(x: number): number {
  let f = 0;
  for (let k = 60; k >= 1; k--) f = k / 2 / (x + f);
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / (x + f);
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x === Number.POSITIVE_INFINITY) return 1;
  if (x === Number.NEGATIVE_INFINITY) return -1;
  if (Math.abs(x) < 3) return erfSeries(x);
  const tail = erfcFraction(Math.abs(x));
  return x > 0 ? 1 - tail : tail - 1;
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x === Number.POSITIVE_INFINITY) return 0;
  if (x === Number.NEGATIVE_INFINITY) return 2;
  if (x >= 3) return erfcFraction(x);
  if (x <= -3) return 2 - erfcFraction(-x);
  // Below 0.5 1 - erf loses nothing; between 0.5 and 3 the series still has 15 digits to spare.
  return 1 - erfSeries(x);
}

/** Newton steps on `f(y) = target` from `start`, with the derivative 2/√π·e^(-y²) up to `sign`. */
function invert(target: number, start: number, f: (y: number) => number, sign: number): number {
  let y = start;
  for (let i = 0; i < 60; i++) {
    const step = (f(y) - target) / (sign * twoOverSqrtPi * Math.exp(-y * y));
    y -= step;
    if (Math.abs(step) <= Math.abs(y) * 1e-16) break;
  }
  return y;
}

export function erfinv(x: number): number {
  if (Number.isNaN(x) || x < -1 || x > 1) return Number.NaN;
  if (x === 1) return Number.POSITIVE_INFINITY;
  if (x === -1) return Number.NEGATIVE_INFINITY;
  if (x === 0) return x;
  // A starting point from the logarithmic approximation, then Newton on erf.
  const w = -Math.log((1 - x) * (1 + x));
  const start = Math.sign(x) * Math.sqrt(Math.max(0, w - Math.log(w) / 2 - 0.5));
  return invert(x, Math.abs(x) < 0.9 ? x * 0.886 : start, erf, 1);
}

/** Go (so Flux) computes erfcinv(x) as erfinv(1 - x): below about 1e-16 that is +Inf. */
export function erfcinv(x: number): number {
  return erfinv(1 - x);
}

/** Jn(x) = (1/π)∫₀^π cos(nτ − x·sin τ) dτ: a periodic integrand, so the trapezoid rule converges geometrically. */
export function besselJ(n: number, x: number): number {
  if (Number.isNaN(x)) return x;
  if (!Number.isFinite(x)) return 0;
  const points = Math.max(64, Math.ceil(Math.abs(x) + Math.abs(n)) * 2 + 64);
  const h = Math.PI / points;
  let sum = (1 + Math.cos(n * Math.PI)) / 2;
  for (let k = 1; k < points; k++) {
    const tau = k * h;
    sum += Math.cos(n * tau - x * Math.sin(tau));
  }
  return (sum * h) / Math.PI;
}

/** Composite Simpson's rule of `f` over [a, b] with `intervals` (even) pieces. */
function simpson(f: (t: number) => number, a: number, b: number, intervals: number): number {
  const h = (b - a) / intervals;
  let sum = f(a) + f(b);
  for (let k = 1; k < intervals; k++) sum += (k % 2 === 1 ? 4 : 2) * f(a + k * h);
  return (sum * h) / 3;
}

/**
 * Yn(x) for x > 0 = (1/π)∫₀^π sin(x·sin θ − nθ) dθ − (1/π)∫₀^∞ (e^(nt) + (−1)ⁿe^(−nt))·e^(−x·sinh t) dt;
 * the second integral is cut where its integrand has fallen below 1e-18 of its start.
 */
export function besselY(n: number, x: number): number {
  if (Number.isNaN(x) || x < 0) return Number.NaN;
  if (x === 0) return Number.NEGATIVE_INFINITY;
  if (x === Number.POSITIVE_INFINITY) return 0;
  const first = simpson((t) => Math.sin(x * Math.sin(t) - n * t), 0, Math.PI, 4000);
  const sign = n % 2 === 0 ? 1 : -1;
  let end = 1;
  while (x * Math.sinh(end) - Math.abs(n) * end < 45) end += 0.5;
  const second = simpson((t) => (Math.exp(n * t) + sign * Math.exp(-n * t)) * Math.exp(-x * Math.sinh(t)), 0, end, 20000);
  return (first - second) / Math.PI;
}

/** 10ⁿ, exact where a float can hold it (as Go's table), 0 below 1e-323 and +Inf above 1e308. */
export function pow10(n: number): number {
  if (n < -323) return 0;
  if (n > 308) return Number.POSITIVE_INFINITY;
  return Number(`1e${n}`);
}

const unary = (name: string, fn: (x: number) => number) => [name, builtin(`math.${name}`, (a) => float(fn(a.number("x"))))] as const;
const ofOrder = (name: string, fn: (n: number, x: number) => number) => [name, builtin(`math.${name}`, (a) => float(fn(Number(a.int("n")), a.number("x"))))] as const;

export const specialMath: Members = new Map<string, Value>([
  unary("erf", erf),
  unary("erfc", erfc),
  unary("erfinv", erfinv),
  unary("erfcinv", erfcinv),
  unary("j0", (x) => besselJ(0, x)),
  unary("j1", (x) => besselJ(1, x)),
  unary("y0", (x) => besselY(0, x)),
  unary("y1", (x) => besselY(1, x)),
  ofOrder("jn", besselJ),
  ofOrder("yn", besselY),
  ["pow10", builtin("math.pow10", (a) => float(pow10(Number(a.int("n")))))],
]);
