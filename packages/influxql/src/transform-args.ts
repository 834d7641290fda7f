// Argument checks of InfluxQL's transformations, with InfluxDB 1.x's error messages, and the
// options of the technical analysis functions read from their literal arguments.
import type { Expr } from "./ast.js";
import { QueryError, type Value } from "./eval.js";
import type { Warmup } from "./technical.js";

/** EXPONENTIAL_MOVING_AVERAGE and the functions sharing its arguments (period, hold, warm-up). */
const EMA_LIKE: ReadonlySet<string> = new Set([
  "exponential_moving_average",
  "double_exponential_moving_average",
  "triple_exponential_moving_average",
  "relative_strength_index",
  "triple_exponential_derivative",
]);
const KAUFMANS: ReadonlySet<string> = new Set(["kaufmans_efficiency_ratio", "kaufmans_adaptive_moving_average"]);
export const CMO = "chande_momentum_oscillator";
export const HOLT_WINTERS: ReadonlySet<string> = new Set(["holt_winters", "holt_winters_with_fit"]);
/** Every technical analysis function fed value by value (all but Holt-Winters). */
export const TECHNICAL: ReadonlySet<string> = new Set([...EMA_LIKE, ...KAUFMANS, CMO]);

const fail = (message: string): never => {
  throw new QueryError(message);
};

/** Checks period, hold period and warm-up type of a technical analysis call. */
function checkTechnical(name: string, args: readonly Expr[]): void {
  const max = KAUFMANS.has(name) ? 3 : 4;
  if (args.length < 2 || args.length > max) fail(`invalid number of arguments for ${name}, expected at least 2 but no more than ${max}, got ${args.length}`);
  const period = args[1]!;
  if (period.kind !== "integer") fail(`${name} period must be an integer`);
  else if (period.value < 1n) fail(`${name} period must be greater than or equal to 1`);
  const hold = args[2];
  if (hold !== undefined) {
    if (hold.kind !== "integer") fail(`${name} hold period must be an integer`);
    else if (name === "triple_exponential_derivative" && hold.value < 1n && hold.value !== -1n) fail(`${name} hold period must be greater than or equal to 1`);
    else if (hold.value < 0n && hold.value !== -1n) fail(`${name} hold period must be greater than or equal to 0`);
  }
  const warmup = args[3];
  if (warmup !== undefined) {
    const allowed = name === CMO ? ["none", "exponential", "simple"] : ["exponential", "simple"];
    if (warmup.kind !== "string") fail(`${name} warmup type must be a string`);
    else if (!allowed.includes(warmup.value)) fail(`${name} warmup type must be one of: ${allowed.map((w) => `'${w}'`).join(" ")}`);
  }
}

function checkHoltWinters(name: string, args: readonly Expr[], hasInterval: boolean): void {
  if (args.length !== 3) fail(`invalid number of arguments for ${name}, expected 3, got ${args.length}`);
  const [inner, n, s] = args as [Expr, Expr, Expr];
  if (n.kind !== "integer") fail(`expected integer argument as second arg in ${name}`);
  else if (n.value <= 0n) fail(`second arg to ${name} must be greater than 0, got ${n.value}`);
  if (s.kind !== "integer") fail(`expected integer argument as third arg in ${name}`);
  else if (s.value < 0n) fail(`third arg to ${name} cannot be negative, got ${s.value}`);
  if (inner.kind !== "call") fail(`must use aggregate function with ${name}`);
  if (!hasInterval) fail(`${name} aggregate requires a GROUP BY interval`);
}

/** How many arguments each function takes, as 1.x counts them: [least, most] (most -1: no limit).
 * Technical analysis and Holt-Winters functions check theirs with their options. */
const ARITY: ReadonlyMap<string, readonly [number, number]> = new Map<string, readonly [number, number]>([
  ...["count", "mean", "median", "mode", "spread", "stddev", "sum", "first", "last", "max", "min"].map((n) => [n, [1, 1]] as const),
  ...["difference", "non_negative_difference", "cumulative_sum"].map((n) => [n, [1, 1]] as const),
  ...["abs", "acos", "asin", "atan", "ceil", "cos", "exp", "floor", "ln", "log2", "log10", "round", "sin", "sqrt", "tan"].map((n) => [n, [1, 1]] as const),
  ...["pow", "log", "atan2", "percentile", "sample", "moving_average"].map((n) => [n, [2, 2]] as const),
  ...["integral", "derivative", "non_negative_derivative", "elapsed"].map((n) => [n, [1, 2]] as const),
  ...["top", "bottom"].map((n) => [n, [2, -1]] as const),
]);

/** Refuses a call with the wrong number of arguments, in 1.x's words. */
export function checkArity(name: string, args: readonly Expr[]): void {
  if (name === "distinct") {
    if (args.length !== 1) fail("distinct function can only have one argument");
    return;
  }
  const arity = ARITY.get(name);
  if (arity === undefined) return;
  const [least, most] = arity;
  const got = args.length;
  if (got >= least && (most < 0 || got <= most)) return;
  if (least === most) fail(`invalid number of arguments for ${name}, expected ${least}, got ${got}`);
  if (most < 0) fail(`invalid number of arguments for ${name}, expected at least ${least}, got ${got}`);
  fail(`invalid number of arguments for ${name}, expected at least ${least} but no more than ${most}, got ${got}`);
}

/**
 * Checks a transformation call as 1.x compiles it: its literal arguments, then that it wraps an
 * aggregate exactly when the statement groups by time.
 */
export function checkTransformCall(name: string, args: readonly Expr[], hasInterval: boolean): void {
  if (HOLT_WINTERS.has(name)) return checkHoltWinters(name, args, hasInterval);
  if (TECHNICAL.has(name)) checkTechnical(name, args);
  const first = args[0];
  if (first === undefined) return;
  if (first.kind === "call") {
    if (!hasInterval) fail(`${name} aggregate requires a GROUP BY interval`);
  } else {
    if (hasInterval) fail(`aggregate function required inside the call to ${name}`);
    if (TECHNICAL.has(name) && first.kind !== "ref" && first.kind !== "wildcard" && first.kind !== "regex") fail(`expected field argument in ${name}()`);
  }
}

/** A technical analysis call's options, from its literal arguments after the field. */
export interface TechnicalOptions {
  period: number;
  /** Values swallowed before the first output; -1 = the function's own warm-up count. */
  hold: number;
  warmup: Warmup | "none";
}

export function technicalOptions(name: string, args: readonly Value[]): TechnicalOptions {
  const int = (v: Value | undefined, fallback: number): number => (typeof v === "bigint" ? Number(v) : typeof v === "number" ? Math.trunc(v) : fallback);
  const w = args[2];
  // CMO without a warm-up type is the unsmoothed oscillator; the others default to exponential.
  const warmup: Warmup | "none" = w === "simple" || w === "exponential" || w === "none" ? w : name === CMO ? "none" : "exponential";
  return { period: int(args[0], 1), hold: int(args[1], -1), warmup };
}
