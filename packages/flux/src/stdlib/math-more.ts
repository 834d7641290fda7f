/** The rest of the `math` package: inverse hyperbolics, float decomposition, gamma, rounding to even. */
import { type Members, builtin } from "../runtime/builtin.js";
import { type Value, float, int, record, uint } from "../values/value.js";

const unary = (name: string, fn: (x: number) => number) => [name, builtin(`math.${name}`, (a) => float(fn(a.number("x"))))] as const;
const binary = (name: string, fn: (x: number, y: number) => number) => [name, builtin(`math.${name}`, (a) => float(fn(a.number("x"), a.number("y"))))] as const;

const view = new DataView(new ArrayBuffer(8));
const bitsOf = (f: number): bigint => (view.setFloat64(0, f), view.getBigUint64(0));
const fromBits = (b: bigint): number => (view.setBigUint64(0, BigInt.asUintN(64, b)), view.getFloat64(0));

/** frac · 2^exp = f with ½ ≤ |frac| < 1 (frac = f, exp = 0 for 0, ±Inf and NaN). */
function frexp(f: number): [number, number] {
  if (f === 0 || !Number.isFinite(f)) return [f, 0];
  let exp = Math.max(-1073, Math.floor(Math.log2(Math.abs(f))) + 1);
  let frac = f * 2 ** -exp;
  while (Math.abs(frac) < 0.5) {
    frac *= 2;
    exp -= 1;
  }
  while (Math.abs(frac) >= 1) {
    frac /= 2;
    exp += 1;
  }
  return [frac, exp];
}

const lanczos = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

/** Γ(x) by the Lanczos approximation (g = 7), with the reflection formula below ½. */
function gamma(x: number): number {
  if (Number.isInteger(x) && x <= 0) return Number.NaN;
  if (Number.isInteger(x) && x < 172) {
    // Exact for whole numbers, as Go's math.Gamma is.
    let product = 1;
    for (let i = 2; i < x; i++) product *= i;
    return product;
  }
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const z = x - 1;
  let a = lanczos[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (lanczos[i] as number) / (z + i);
  return Math.sqrt(2 * Math.PI) * t ** (z + 0.5) * Math.exp(-t) * a;
}

/**
 * ln|Γ(x)| and the sign of Γ(x), in log form so large x stay finite (Γ overflows past 171, its
 * logarithm does not): the Lanczos sum's logarithm above ½, the reflection formula below.
 */
function logGamma(x: number): [number, number] {
  if (Number.isInteger(x) && x <= 0) return [Number.POSITIVE_INFINITY, 1];
  if (!Number.isFinite(x)) return [Number.isNaN(x) ? x : Number.POSITIVE_INFINITY, 1];
  if (Number.isInteger(x) && x < 172) return [Math.log(gamma(x)), 1];
  if (x < 0.5) {
    const s = Math.sin(Math.PI * x);
    const [rest] = logGamma(1 - x);
    return [Math.log(Math.PI / Math.abs(s)) - rest, s < 0 ? -1 : 1];
  }
  const z = x - 1;
  let a = lanczos[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (lanczos[i] as number) / (z + i);
  return [0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a), 1];
}

function roundToEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function nextAfter(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  if (x === y) return x;
  if (x === 0) return y > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  const bits = bitsOf(x);
  return fromBits((y > x) === (x > 0) ? bits + 1n : bits - 1n);
}

export const moreMath: Members = new Map<string, Value>([
  unary("acosh", Math.acosh),
  unary("asinh", Math.asinh),
  unary("atanh", Math.atanh),
  unary("gamma", gamma),
  unary("logb", (x) => (x === 0 ? -Infinity : Number.isFinite(x) ? (frexp(x)[1] - 1) : Math.abs(x))),
  unary("roundtoeven", roundToEven),
  binary("copysign", (x, y) => (Math.sign(y) < 0 || Object.is(y, -0) ? -Math.abs(x) : Math.abs(x))),
  binary("remainder", (x, y) => x - y * roundToEven(x / y)),
  binary("nextafter", nextAfter),
  ["ilogb", builtin("math.ilogb", (a) => int(BigInt(frexp(a.number("x"))[1] - 1)))],
  ["float64bits", builtin("math.float64bits", (a) => uint(bitsOf(a.number("f"))))],
  ["float64frombits", builtin("math.float64frombits", (a) => { const b = a.get("b"); return float(fromBits(b?.kind === "uint" || b?.kind === "int" ? b.value : a.fail("b must be a uint"))); })],
  ["frexp", builtin("math.frexp", (a) => { const [frac, exp] = frexp(a.number("f")); return record([["frac", float(frac)], ["exp", int(BigInt(exp))]]); })],
  ["ldexp", builtin("math.ldexp", (a) => float(a.number("frac") * 2 ** Number(a.int("exp"))))],
  ["modf", builtin("math.modf", (a) => { const f = a.number("f"); const i = Math.trunc(f); return record([["int", float(i)], ["frac", float(Number.isFinite(f) ? f - i : Number.NaN)]]); })],
  ["lgamma", builtin("math.lgamma", (a) => { const [value, sign] = logGamma(a.number("x")); return record([["lgamma", float(value)], ["sign", int(BigInt(sign))]]); })],
  ["sincos", builtin("math.sincos", (a) => { const x = a.number("x"); return record([["sin", float(Math.sin(x))], ["cos", float(Math.cos(x))]]); })],
]);
