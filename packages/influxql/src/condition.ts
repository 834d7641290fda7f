// Splitting a WHERE clause into what the storage read can do (time range, series predicate on
// measurement/tags, value predicate on fields) and what is left to evaluate per row.
import type { SeriesPredicate, ValueLiteral, ValuePredicate } from "@fluxgate/storage-engine";
import type { Expr } from "./ast.js";
import { isTimeRef, QueryError, timeValue } from "./eval.js";
import { MAX_TIME, MIN_TIME } from "./time.js";

export interface ConditionPlan {
  /** Inclusive lower bound, ns. */
  start: bigint;
  /** Exclusive upper bound, ns. */
  stop: bigint;
  hasStart: boolean;
  hasStop: boolean;
  series?: SeriesPredicate;
  values?: ValuePredicate;
  /** Conjuncts the storage read cannot express; evaluated on each row. */
  residual?: Expr;
}

/** Is this identifier a field of the measurement (else a tag)? */
export type FieldTest = (name: string, type?: string) => boolean;

const unparen = (e: Expr): Expr => (e.kind === "paren" ? unparen(e.expr) : e);

export function conjuncts(e: Expr | undefined, out: Expr[] = []): Expr[] {
  if (e === undefined) return out;
  const x = unparen(e);
  if (x.kind === "binary" && x.op === "AND") {
    conjuncts(x.left, out);
    conjuncts(x.right, out);
  } else out.push(x);
  return out;
}

const and = (parts: Expr[]): Expr | undefined =>
  parts.reduce<Expr | undefined>((acc, p) => (acc === undefined ? p : { kind: "binary", op: "AND", left: acc, right: p }), undefined);

const FLIP: Record<string, string> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!=" };

/** `zone`: the statement's tz(), in which time literals without an offset are read. */
export function planCondition(condition: Expr | undefined, isField: FieldTest, now: bigint, zone?: string): ConditionPlan {
  const plan: ConditionPlan = { start: MIN_TIME, stop: MAX_TIME, hasStart: false, hasStop: false };
  const seriesParts: SeriesPredicate[] = [];
  const valueParts: ValuePredicate[] = [];
  const residual: Expr[] = [];
  const times: Expr[] = [];
  const rest = withoutTime(condition, times);
  for (const c of [...times, ...conjuncts(rest)]) {
    if (c.kind === "boolean" && c.value) continue;
    if (c.kind === "binary" && (isTimeRef(c.left) || isTimeRef(c.right))) {
      const timeOnLeft = isTimeRef(c.left);
      const op = timeOnLeft ? c.op : FLIP[c.op];
      const other = timeOnLeft ? c.right : c.left;
      const t = timeValue(other, now, zone);
      if (t === undefined || op === undefined || op === "!=") {
        if (t === undefined) throw new QueryError(`invalid operation: time and *influxql.${other.kind === "regex" ? "RegexLiteral" : "StringLiteral"} are not compatible`);
        if (op === "!=") throw new QueryError("invalid time comparison operator: !=");
        residual.push(c);
        continue;
      }
      if (op === ">" || op === ">=" || op === "=") {
        const s = op === ">" ? t + 1n : t;
        if (!plan.hasStart || s > plan.start) plan.start = s;
        plan.hasStart = true;
      }
      if (op === "<" || op === "<=" || op === "=") {
        const s = op === "<" ? t : t + 1n;
        if (!plan.hasStop || s < plan.stop) plan.stop = s;
        plan.hasStop = true;
      }
      continue;
    }
    const series = seriesPredicate(c, isField);
    if (series !== undefined) {
      seriesParts.push(series);
      continue;
    }
    const values = valuePredicate(c, isField);
    if (values !== undefined) {
      valueParts.push(values);
      continue;
    }
    residual.push(c);
  }
  if (seriesParts.length > 0) plan.series = seriesParts.length === 1 ? seriesParts[0]! : { kind: "and", operands: seriesParts };
  if (valueParts.length > 0) plan.values = valueParts.length === 1 ? valueParts[0]! : { kind: "and", operands: valueParts };
  const leftover = and(residual);
  if (leftover !== undefined) plan.residual = leftover;
  return plan;
}

/**
 * The condition without its time comparisons, which go to `times`. 1.x takes every time comparison
 * as part of the time range, even under OR (`host = 'a' OR time > x` reads host a after x): the
 * side of an AND or OR left empty disappears with it.
 */
function withoutTime(e: Expr | undefined, times: Expr[]): Expr | undefined {
  if (e === undefined) return undefined;
  const x = unparen(e);
  if (x.kind === "binary" && (x.op === "AND" || x.op === "OR")) {
    const left = withoutTime(x.left, times);
    const right = withoutTime(x.right, times);
    if (left === undefined) return right;
    if (right === undefined) return left;
    return left === x.left && right === x.right ? e : { kind: "binary", op: x.op, left, right };
  }
  if (x.kind === "binary" && x.op in FLIP && (isTimeRef(x.left) || isTimeRef(x.right))) {
    times.push(x);
    return undefined;
  }
  return e;
}

/** A condition only on tags (=, !=, =~, !~ against strings and regexes), as a series predicate. */
export function seriesPredicate(e: Expr, isField: FieldTest): SeriesPredicate | undefined {
  const x = unparen(e);
  if (x.kind !== "binary") return undefined;
  if (x.op === "AND" || x.op === "OR") {
    const l = seriesPredicate(x.left, isField);
    const r = seriesPredicate(x.right, isField);
    if (l === undefined || r === undefined) return undefined;
    return { kind: x.op === "AND" ? "and" : "or", operands: [l, r] };
  }
  let ref = unparen(x.left);
  let other = unparen(x.right);
  if (ref.kind !== "ref") [ref, other] = [other, ref];
  if (ref.kind !== "ref" || isTimeRef(ref) || isField(ref.name, ref.type)) return undefined;
  const key = ref.name;
  if ((x.op === "=" || x.op === "!=") && other.kind === "string") return { kind: "tag", key, match: { op: x.op, value: other.value } };
  if ((x.op === "=~" || x.op === "!~") && other.kind === "regex") return { kind: "tag", key, match: { op: x.op, pattern: other.pattern } };
  return undefined;
}

function literal(e: Expr): ValueLiteral | undefined {
  switch (e.kind) {
    case "number":
      return e.value;
    case "integer":
      return e.value;
    case "string":
      return e.value;
    case "boolean":
      return e.value;
    default:
      return undefined;
  }
}

/** A condition only on fields compared with literals, as a value predicate. */
function valuePredicate(e: Expr, isField: FieldTest): ValuePredicate | undefined {
  const x = unparen(e);
  if (x.kind !== "binary") return undefined;
  if (x.op === "AND" || x.op === "OR") {
    const l = valuePredicate(x.left, isField);
    const r = valuePredicate(x.right, isField);
    if (l === undefined || r === undefined) return undefined;
    return { kind: x.op === "AND" ? "and" : "or", operands: [l, r] };
  }
  if (!["=", "!=", "<", "<=", ">", ">="].includes(x.op)) return undefined;
  let left = unparen(x.left);
  let right = unparen(x.right);
  let op = x.op as "=" | "!=" | "<" | "<=" | ">" | ">=";
  if (left.kind !== "ref") {
    [left, right] = [right, left];
    op = FLIP[op] as typeof op;
  }
  if (left.kind !== "ref" || isTimeRef(left) || !isField(left.name, left.type)) return undefined;
  // A field read as a type (`x::integer = 46`) is compared converted: evaluated here, not pushed.
  if (left.type !== undefined && left.type !== "field") return undefined;
  const value = literal(right);
  if (value === undefined) return undefined;
  // An ordering of strings or booleans holds for no row in 1.x: left to the row filter (eval's compare).
  if ((typeof value === "string" || typeof value === "boolean") && op !== "=" && op !== "!=") return undefined;
  // Integer literals compare exactly with integer fields; the engine casts for float fields.
  return { kind: "compare", field: left.name, op, value };
}
