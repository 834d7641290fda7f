// Evaluating expressions on one row: literals, arithmetic with InfluxQL's integer/float rules,
// comparisons, regexes, and the math functions.
import type { Expr } from "./ast.js";
import { goRegExp } from "./regex-check.js";
import { parseTimeLiteral } from "./time.js";

/** A cell: float, integer (bigint), string, boolean, or null. */
export type Value = number | bigint | string | boolean | null;

/** What an expression sees of a row. */
export interface Scope {
  time: bigint;
  /** A field or tag value; undefined when the row has neither. */
  lookup(name: string, type?: string): Value | undefined;
}

export class QueryError extends Error {}

const regexCache = new Map<string, RegExp>();
export function compileRegex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = goRegExp(pattern);
    } catch {
      throw new QueryError(`invalid regular expression /${pattern}/`);
    }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

export const toNumber = (v: Value): number | undefined =>
  typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : undefined;

/** A time expression (`now() - 1h`, `'2020-01-01T00:00:00Z'`, `1500000000s`, ns integers) → ns. */
export function timeValue(expr: Expr, now: bigint, zone?: string): bigint | undefined {
  switch (expr.kind) {
    case "paren":
      return timeValue(expr.expr, now, zone);
    case "string":
      return parseTimeLiteral(expr.value, zone);
    case "integer":
      return expr.value;
    case "number":
      return BigInt(Math.trunc(expr.value));
    case "duration":
      return expr.ns;
    case "call":
      return expr.name === "now" && expr.args.length === 0 ? now : undefined;
    case "binary": {
      if (expr.op !== "+" && expr.op !== "-") return undefined;
      const l = timeValue(expr.left, now, zone);
      const r = timeValue(expr.right, now, zone);
      if (l === undefined || r === undefined) return undefined;
      return expr.op === "+" ? l + r : l - r;
    }
    default:
      return undefined;
  }
}

/**
 * A value read as `name::type` reads it in 1.x: a number as the other numeric type (a float
 * truncated to an integer), anything else only as its own type; a value of another type is none.
 */
export function castTo(v: Value | undefined, type: string | undefined): Value | undefined {
  if (v === undefined || v === null) return v;
  switch (type) {
    case "float":
      return typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : null;
    case "integer":
    case "unsigned":
      return typeof v === "bigint" ? v : typeof v === "number" && Number.isFinite(v) ? BigInt(Math.trunc(v)) : null;
    case "string":
      return typeof v === "string" ? v : null;
    case "boolean":
      return typeof v === "boolean" ? v : null;
    default:
      return v;
  }
}

export function arithmetic(op: string, a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (typeof a === "bigint" && typeof b === "bigint") {
    switch (op) {
      case "+":
        return a + b;
      case "-":
        return a - b;
      case "*":
        return a * b;
      case "/":
        return b === 0n ? 0 : Number(a) / Number(b);
      case "%":
        // 1.x answers 0 for an integer modulo 0 (a float one is NaN, shown as null).
        return b === 0n ? 0n : a % b;
      case "&":
        return a & b;
      case "|":
        return a | b;
      case "^":
        return a ^ b;
    }
  }
  if (typeof a === "boolean") {
    // 1.x answers false for a boolean and anything else bitwise, and nothing for other operators.
    if (typeof b !== "boolean") return op === "&" || op === "|" || op === "^" ? false : null;
    if (op === "&") return a && b;
    if (op === "|") return a || b;
    if (op === "^") return a !== b;
    return null;
  }
  if (typeof a === "string" && typeof b === "string" && op === "+") return a + b;
  const x = toNumber(a);
  const y = toNumber(b);
  if (x === undefined || y === undefined) return null;
  switch (op) {
    case "+":
      return x + y;
    case "-":
      return x - y;
    case "*":
      return x * y;
    case "/":
      return y === 0 ? 0 : x / y;
    case "%":
      return y === 0 ? null : x % y;
    default:
      return null;
  }
}

export function compare(op: string, a: Value, b: Value): boolean {
  if (a === null || b === null) return false;
  if (typeof a === "string" || typeof b === "string" || typeof a === "boolean" || typeof b === "boolean") {
    if (typeof a !== typeof b) return op === "!=";
    // Strings and booleans are only equal or not in 1.x: an ordering of them holds for no row.
    switch (op) {
      case "=":
        return a === b;
      case "!=":
        return a !== b;
    }
    return false;
  }
  const x = typeof a === "bigint" && typeof b === "bigint" ? a : toNumber(a)!;
  const y = typeof a === "bigint" && typeof b === "bigint" ? b : toNumber(b)!;
  switch (op) {
    case "=":
      return x === y;
    case "!=":
      return x !== y;
    case "<":
      return x < y;
    case "<=":
      return x <= y;
    case ">":
      return x > y;
    case ">=":
      return x >= y;
  }
  return false;
}

/** Math functions applied to one value (InfluxQL's transformations that need no neighbours). */
export const MATH_FUNCTIONS: Record<string, (args: Value[]) => Value> = {
  abs: ([v]) => (typeof v === "bigint" ? (v < 0n ? -v : v) : num1(v, Math.abs)),
  acos: ([v]) => num1(v, Math.acos),
  asin: ([v]) => num1(v, Math.asin),
  atan: ([v]) => num1(v, Math.atan),
  atan2: ([y, x]) => {
    const a = toNumber(y ?? null);
    const b = toNumber(x ?? null);
    return a === undefined || b === undefined ? null : Math.atan2(a, b);
  },
  ceil: ([v]) => (typeof v === "bigint" ? Number(v) : num1(v, Math.ceil)),
  floor: ([v]) => (typeof v === "bigint" ? Number(v) : num1(v, Math.floor)),
  round: ([v]) => (typeof v === "bigint" ? Number(v) : num1(v, roundHalfAway)),
  cos: ([v]) => num1(v, Math.cos),
  sin: ([v]) => num1(v, Math.sin),
  tan: ([v]) => num1(v, Math.tan),
  exp: ([v]) => num1(v, Math.exp),
  ln: ([v]) => num1(v, Math.log),
  log2: ([v]) => num1(v, Math.log2),
  log10: ([v]) => num1(v, Math.log10),
  sqrt: ([v]) => num1(v, Math.sqrt),
  log: ([v, base]) => {
    const a = toNumber(v ?? null);
    const b = toNumber(base ?? null);
    return a === undefined || b === undefined ? null : Math.log(a) / Math.log(b);
  },
  pow: ([v, e]) => {
    const a = toNumber(v ?? null);
    const b = toNumber(e ?? null);
    return a === undefined || b === undefined ? null : Math.pow(a, b);
  },
};

/** Go's math.Round: halves away from zero (JS rounds them up). */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

function num1(v: Value | undefined, f: (x: number) => number): Value {
  const x = toNumber(v ?? null);
  if (x === undefined) return null;
  const r = f(x);
  return Number.isNaN(r) ? null : r;
}

/**
 * Evaluates `expr` on a row. `call` answers function calls the caller computed already
 * (aggregates); math functions are applied here.
 */
export function evaluate(expr: Expr, scope: Scope, now: bigint, call?: (e: Expr & { kind: "call" }) => Value | undefined): Value | undefined {
  switch (expr.kind) {
    case "number":
      return expr.value;
    case "integer":
      return expr.value;
    case "string":
      return expr.value;
    case "boolean":
      return expr.value;
    case "duration":
      return expr.ns;
    case "regex":
      return null;
    case "wildcard":
      return undefined;
    case "paren":
      return evaluate(expr.expr, scope, now, call);
    case "ref":
      if (expr.name.toLowerCase() === "time" && expr.type === undefined) return scope.time;
      return castTo(scope.lookup(expr.name, expr.type), expr.type);
    case "call": {
      const precomputed = call?.(expr);
      if (precomputed !== undefined) return precomputed;
      if (expr.name === "now") return now;
      const f = MATH_FUNCTIONS[expr.name];
      if (f === undefined) throw new QueryError(`undefined function ${expr.name}()`);
      const args = expr.args.map((a) => evaluate(a, scope, now, call));
      if (args[0] === undefined) return undefined;
      return f(args.map((a) => a ?? null));
    }
    case "binary": {
      const { op } = expr;
      if (op === "AND" || op === "OR") {
        const l = truthy(evaluate(expr.left, scope, now, call));
        if (op === "AND" && !l) return false;
        if (op === "OR" && l) return true;
        return truthy(evaluate(expr.right, scope, now, call));
      }
      if (op === "=~" || op === "!~") {
        const v = evaluate(expr.left, scope, now, call);
        const pattern = expr.right.kind === "regex" ? expr.right.pattern : undefined;
        if (pattern === undefined) return false;
        const s = typeof v === "string" ? v : v === undefined ? "" : null;
        if (s === null) return false;
        const matched = compileRegex(pattern).test(s);
        return op === "=~" ? matched : !matched;
      }
      if (op === "=" || op === "!=" || op === "<" || op === "<=" || op === ">" || op === ">=") {
        if (isTimeRef(expr.left) || isTimeRef(expr.right)) {
          const l = isTimeRef(expr.left) ? scope.time : timeValue(expr.left, now);
          const r = isTimeRef(expr.right) ? scope.time : timeValue(expr.right, now);
          if (l === undefined || r === undefined) return false;
          return compare(op, l, r);
        }
        let l = evaluate(expr.left, scope, now, call);
        let r = evaluate(expr.right, scope, now, call);
        // A missing tag compares as the empty string.
        if (l === undefined) l = expr.left.kind === "ref" ? "" : null;
        if (r === undefined) r = expr.right.kind === "ref" ? "" : null;
        return compare(op, l, r);
      }
      const l = evaluate(expr.left, scope, now, call);
      const r = evaluate(expr.right, scope, now, call);
      if (l === undefined || r === undefined) return undefined;
      return arithmetic(op, l, r);
    }
  }
}

export const isTimeRef = (e: Expr): boolean => e.kind === "ref" && e.name.toLowerCase() === "time" && e.type === undefined;

export function truthy(v: Value | undefined): boolean {
  return v === true;
}

/** Every identifier an expression refers to (not `time`). */
export function refsOf(expr: Expr, out: Array<{ name: string; type?: string }> = []): Array<{ name: string; type?: string }> {
  switch (expr.kind) {
    case "ref":
      if (!isTimeRef(expr)) out.push(expr.type === undefined ? { name: expr.name } : { name: expr.name, type: expr.type });
      break;
    case "paren":
      refsOf(expr.expr, out);
      break;
    case "call":
      for (const a of expr.args) refsOf(a, out);
      break;
    case "binary":
      refsOf(expr.left, out);
      refsOf(expr.right, out);
      break;
    default:
      break;
  }
  return out;
}

/** Keys of expressions already seen: the planner and each output row ask for the same calls' keys. */
const keys = new WeakMap<Expr, string>();

/** A stable key for an expression (bigint literals included). */
export function exprKey(e: Expr): string {
  let key = keys.get(e);
  if (key === undefined) {
    key = JSON.stringify(e, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
    keys.set(e, key);
  }
  return key;
}
