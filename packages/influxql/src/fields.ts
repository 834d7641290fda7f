// Expanding a SELECT list against one measurement's schema (wildcards, regexes, `mean(*)`),
// naming the output columns as InfluxDB does, and finding the aggregate calls in it.
import type { FieldType } from "@fluxgate/storage-engine";
import type { Expr, Field } from "./ast.js";
import { compileRegex, exprKey, QueryError, refsOf, type Value } from "./eval.js";
import { isAggregateName, MULTI_ROW, NOT_IMPLEMENTED, TRANSFORMS } from "./functions.js";
import { MATH_FUNCTIONS } from "./eval.js";
import { checkArity, checkTransformCall, HOLT_WINTERS, TECHNICAL } from "./transform-args.js";
import { exprText, formatDuration, integerValue } from "./expr-text.js";

export interface Schema {
  /** Field name → type (the first type seen when a field has several). */
  fields: Map<string, FieldType>;
  tagKeys: string[];
}

export interface OutputField {
  name: string;
  expr: Expr;
  /** A bare tag reference: it does not make a row worth keeping on its own. */
  isTag: boolean;
}

/** One aggregate or selector call, found once even if several columns use it. */
export interface AggregateCall {
  key: string;
  name: string;
  field: string;
  /** Literal arguments after the field. */
  args: Value[];
  /** Extra tag argument of top()/bottom() (the first of them). */
  tag?: string;
  /** Every tag argument of top()/bottom() (`top(x, host, path, 2)`): the best point per combination. */
  tagKeys?: string[];
  /** The type the field is read as (`max(x::integer)`): the engine cannot, so the call is computed here. */
  cast?: string;
}

export const NUMERIC_ONLY: ReadonlySet<string> = new Set([
  "mean",
  "median",
  "sum",
  "spread",
  "stddev",
  "integral",
  "percentile",
  "derivative",
  "difference",
  "moving_average",
  "cumulative_sum",
  "non_negative_derivative",
  "non_negative_difference",
  "top",
  "bottom",
  ...TECHNICAL,
  ...HOLT_WINTERS,
]);
const STRING_OK = (t: FieldType): boolean => t !== "string" && t !== "boolean";

function sortedNames(names: Iterable<string>): string[] {
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The name InfluxDB gives a column without an alias. */
export function columnName(expr: Expr): string {
  switch (expr.kind) {
    case "ref":
      return expr.name;
    case "call":
      return expr.name;
    case "paren":
      return columnName(expr.expr);
    case "binary": {
      const l = columnName(expr.left);
      const r = columnName(expr.right);
      if (l === "" || r === "") return l || r;
      return `${l}_${r}`;
    }
    default:
      return "";
  }
}

/** Replaces the first wildcard/regex argument of calls with `field`, recursively. */
function withField(expr: Expr, field: string): Expr {
  if (expr.kind === "call") {
    const [first, ...rest] = expr.args;
    if (first === undefined) return expr;
    const replaced = first.kind === "wildcard" || first.kind === "regex" ? ({ kind: "ref", name: field } as Expr) : withField(first, field);
    return { ...expr, args: [replaced, ...rest] };
  }
  return expr;
}

/** The wildcard or regex argument innermost in a call chain, if any. */
function wildcardArg(expr: Expr): Expr | undefined {
  if (expr.kind !== "call") return undefined;
  const first = expr.args[0];
  if (first === undefined) return undefined;
  if (first.kind === "wildcard" || first.kind === "regex") return first;
  return wildcardArg(first);
}

function outermostNames(expr: Expr): string[] {
  if (expr.kind !== "call") return [];
  return [expr.name, ...outermostNames(expr.args[0] ?? { kind: "string", value: "" })];
}

/** `time` in the SELECT list: not a column of its own (it names the time column when aliased). */
export const isTimeField = (f: Field): boolean => f.expr.kind === "ref" && f.expr.type === undefined && f.expr.name.toLowerCase() === "time";

/**
 * 1.x's first checks of a SELECT list, field by field before anything is read: a call of a
 * function it does not know (now() among them), and a field reading no field or tag at all
 * (`SELECT 5`), which 1.x refuses unless an aggregate's own argument check refuses it first.
 */
export function checkFieldVariables(fields: readonly Field[], limit = 0, hasInterval?: boolean): void {
  if (fields.every(isTimeField)) throw new QueryError("at least 1 non-time field must be queried");
  for (const f of fields) {
    if (isTimeField(f)) continue;
    let variable = false;
    let aggregate = false;
    // `mean(*)` and `mean(/re/)` expand only standing alone (in parentheses or not).
    let top = f.expr;
    while (top.kind === "paren") top = top.expr;
    const visit = (e: Expr, argOf?: Expr & { kind: "call" }): void => {
      switch (e.kind) {
        case "ref":
          variable = true;
          return;
        case "wildcard":
        case "regex":
          if (argOf !== undefined && top.kind !== "call") {
            throw new QueryError(`unsupported expression with ${e.kind === "wildcard" ? "wildcard" : "regex field"}: ${argOf.name}()`);
          }
          // `*` expands in any call; a regex only standing alone or in an aggregate (abs(/re/) reads nothing).
          if (argOf === undefined || e.kind === "wildcard" || isAggregateName(argOf.name) || TRANSFORMS.has(argOf.name)) variable = true;
          return;
        case "paren":
          visit(e.expr);
          return;
        case "binary":
          visit(e.left);
          visit(e.right);
          return;
        case "call":
          if (!isAggregateName(e.name) && !TRANSFORMS.has(e.name) && !(e.name in MATH_FUNCTIONS)) throw new QueryError(`undefined function ${e.name}()`);
          checkArity(e.name, e.args);
          if (isAggregateName(e.name) || TRANSFORMS.has(e.name)) aggregate = true;
          if (e.name === "integral" && e.args.length === 2) {
            // Its unit: a positive duration, checked before its field.
            const unit = e.args[1]!;
            if (unit.kind !== "duration") throw new QueryError("second argument must be a duration");
            if (unit.ns <= 0n) throw new QueryError(`duration argument must be positive, got ${formatDuration(unit.ns)}`);
          }
          // percentile()'s N: a number, checked before its field.
          if (e.name === "percentile" && e.args.length === 2 && e.args[1]!.kind !== "number" && e.args[1]!.kind !== "integer") {
            throw new QueryError("expected float argument in percentile()");
          }
          if (e.name === "top" || e.name === "bottom") checkTopBottom(e, limit);
          // A transformation's own arguments and its GROUP BY time come before what it wraps.
          else if (TRANSFORMS.has(e.name) && hasInterval !== undefined && e.args.length > 0) checkTransformCall(e.name, e.args, hasInterval);
          else if (FIELD_ARGUMENT.has(e.name)) {
            // 1.x wants a field (or a pattern) here and does not look inside another call.
            const first = e.args[0];
            const countDistinct = e.name === "count" && first?.kind === "call" && first.name === "distinct";
            if (first?.kind === "call" && !countDistinct) throw new QueryError(`expected field argument in ${e.name}()`);
            // distinct() takes no pattern (1.x does not expand one there).
            if (e.name === "distinct" && (first?.kind === "wildcard" || first?.kind === "regex")) throw new QueryError("expected field argument in distinct()");
          }
          for (const a of e.args) visit(a, e);
          return;
        default:
          return;
      }
    };
    visit(f.expr);
    if (!variable && !aggregate) throw new QueryError("field must contain at least one variable");
  }
}

/** Aggregates and selectors whose first argument 1.x wants to be a field. */
const FIELD_ARGUMENT: ReadonlySet<string> = new Set(["count", "sum", "mean", "median", "mode", "stddev", "spread", "min", "max", "first", "last", "percentile", "sample", "distinct", "integral"]);

/**
 * top()/bottom() as 1.x compiles them: the count last (a positive integer, no more than the
 * statement's LIMIT), then a field first, then fields or tags between; each refused in its words.
 */
function checkTopBottom(e: Expr & { kind: "call" }, limit: number): void {
  const last = e.args[e.args.length - 1];
  if (last === undefined) return;
  const n = integerValue(last);
  if (n === undefined) throw new QueryError(`expected integer as last argument in ${e.name}(), found ${exprText(last)}`);
  if (n <= 0n) throw new QueryError(`limit (${n}) in ${e.name} function must be at least 1`);
  if (limit > 0 && n > BigInt(limit)) throw new QueryError(`limit (${n}) in ${e.name} function can not be larger than the LIMIT (${limit}) in the select statement`);
  const first = e.args[0]!;
  if (first.kind !== "ref") throw new QueryError(`expected first argument to be a field in ${e.name}(), found ${exprText(first)}`);
  for (const a of e.args.slice(1, -1)) if (a.kind !== "ref") throw new QueryError(`only fields or tags are allowed in ${e.name}(), found ${exprText(a)}`);
}

/**
 * The `time` fields 1.x takes as the time column, as its loop removing them does: it steps over
 * the field right after each one removed (so `time, time` keeps the second). The time column is
 * named by the last one removed (its alias, else `time`).
 */
export function timeColumnFields(fields: readonly Field[]): { removed: Set<Field>; alias?: string } {
  const list = [...fields];
  const removed = new Set<Field>();
  let alias: string | undefined;
  for (let i = 0; i < list.length; i++) {
    const f = list[i]!;
    if (!isTimeField(f)) continue;
    removed.add(f);
    alias = f.alias;
    list.splice(i, 1);
  }
  return { removed, ...(alias !== undefined ? { alias } : {}) };
}

export function expandFields(fields: readonly Field[], schema: Schema, groupTags: ReadonlySet<string>): OutputField[] {
  const out: OutputField[] = [];
  const aliases = new Set<OutputField>();
  const { removed } = timeColumnFields(fields);
  for (const f of fields) {
    const e = f.expr;
    if (isTimeField(f)) {
      // A `time` 1.x keeps is a column of its own, which holds nothing (read here as the tag
      // `time`, which no series has).
      if (removed.has(f)) continue;
      const output: OutputField = { name: f.alias ?? (e as { name: string }).name, expr: { kind: "ref", name: (e as { name: string }).name, type: "tag" }, isTag: true };
      if (f.alias !== undefined) aliases.add(output);
      out.push(output);
      continue;
    }
    if (e.kind === "wildcard" || e.kind === "regex") {
      const re = e.kind === "regex" ? compileRegex(e.pattern) : undefined;
      const names: Array<{ name: string; tag: boolean }> = [];
      if (e.kind !== "wildcard" || e.type !== "tag") for (const name of schema.fields.keys()) names.push({ name, tag: false });
      if (e.kind !== "wildcard" || e.type !== "field") {
        for (const name of schema.tagKeys) if (!groupTags.has(name) && !schema.fields.has(name)) names.push({ name, tag: true });
      }
      for (const { name, tag } of names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        if (re !== undefined && !re.test(name)) continue;
        out.push({ name, expr: { kind: "ref", name, ...(tag ? { type: "tag" as const } : {}) }, isTag: tag });
      }
      continue;
    }
    const wild = wildcardArg(e);
    if (wild !== undefined) {
      const re = wild.kind === "regex" ? compileRegex(wild.pattern) : undefined;
      const fns = outermostNames(e);
      for (const name of sortedNames(schema.fields.keys())) {
        if (re !== undefined && !re.test(name)) continue;
        const type = schema.fields.get(name)!;
        // Numeric functions take only numeric fields; a math function only when it reads the fields
        // itself (abs(*)), not another call's results (floor(max(*)) keeps booleans, as max() does).
        if ((fns.some((fn) => NUMERIC_ONLY.has(fn)) || fns[fns.length - 1]! in MATH_FUNCTIONS) && !STRING_OK(type)) continue;
        // min() and max() of * take booleans but no strings.
        if (type === "string" && fns.some((fn) => fn === "min" || fn === "max")) continue;
        out.push({ name: `${f.alias ?? columnName(e)}_${name}`, expr: withField(e, name), isTag: false });
      }
      continue;
    }
    const isTag = e.kind === "ref" && (e.type === "tag" || (e.type !== "field" && !schema.fields.has(e.name) && schema.tagKeys.includes(e.name)));
    const o: OutputField = { name: f.alias ?? columnName(e), expr: e, isTag };
    if (f.alias !== undefined) aliases.add(o);
    out.push(o);
  }
  // As 1.x names columns: aliases as written (twice if written twice); a generated name already
  // taken gets the first free _1, _2… suffix.
  const taken = new Map<string, number>();
  for (const o of aliases) taken.set(o.name, 1);
  for (const o of out) {
    if (aliases.has(o)) continue;
    let name = o.name;
    let count = taken.get(name);
    if (count !== undefined) {
      for (;;) {
        const resolved = `${name}_${count}`;
        if (!taken.has(resolved)) {
          taken.set(name, count + 1);
          name = resolved;
          break;
        }
        count++;
      }
    }
    taken.set(name, (taken.get(name) ?? 0) + 1);
    o.name = name;
  }
  return out;
}

function literalValue(e: Expr): Value {
  switch (e.kind) {
    case "number":
      return e.value;
    case "integer":
      return e.value;
    case "duration":
      return e.ns;
    case "string":
      return e.value;
    case "boolean":
      return e.value;
    case "paren":
      return literalValue(e.expr);
    default:
      throw new QueryError("expected literal argument");
  }
}

export interface Analysis {
  calls: AggregateCall[];
  hasTransform: boolean;
  multiRow?: AggregateCall;
}

/** Finds aggregate calls; checks function names and argument shapes. */
export function analyze(outputs: readonly OutputField[], hasInterval = false): Analysis {
  const calls = new Map<string, AggregateCall>();
  let hasTransform = false;
  let multiRow: AggregateCall | undefined;
  const visit = (e: Expr, insideAggregate: boolean): void => {
    switch (e.kind) {
      case "paren":
        visit(e.expr, insideAggregate);
        return;
      case "binary":
        visit(e.left, insideAggregate);
        visit(e.right, insideAggregate);
        return;
      case "call": {
        const { name } = e;
        checkArity(name, e.args);
        if (NOT_IMPLEMENTED.has(name)) throw new QueryError(`function ${name}() is not supported by this server`);
        if (isAggregateName(name)) {
          if (insideAggregate) throw new QueryError(`invalid: nested aggregate ${name}()`);
          const first = e.args[0];
          if (first === undefined) throw new QueryError(`invalid number of arguments for ${name}, expected at least 1, got 0`);
          let field: string;
          let rest = e.args.slice(1);
          if (first.kind === "ref") field = first.name;
          else if (first.kind === "call" && first.name === "distinct" && name === "count" && first.args[0]?.kind === "ref") {
            field = first.args[0].name;
            const key = exprKey(e);
            if (!calls.has(key)) calls.set(key, { key, name: "count_distinct", field, args: [] });
            return;
          } else throw new QueryError(`expected field argument in ${name}()`);
          let tag: string | undefined;
          let tagKeys: string[] | undefined;
          const between = rest.slice(0, -1);
          if ((name === "top" || name === "bottom") && between.length > 0 && between.every((a) => a.kind === "ref")) {
            tagKeys = between.map((a) => (a as { name: string }).name);
            tag = tagKeys[0];
            rest = rest.slice(-1);
          }
          const key = exprKey(e);
          // A field read as a type (`max(x::integer)`); read as a tag it is nothing (select.ts's fieldAs).
          const cast = first.kind === "ref" && first.type !== undefined && first.type !== "field" ? first.type : undefined;
          // top()/bottom()'s count may be integer arithmetic (reduced as 1.x does).
          const counted = name === "top" || name === "bottom";
          const args = rest.map((a, i) => (counted && i === rest.length - 1 ? (integerValue(a) ?? literalValue(a)) : literalValue(a)));
          const call: AggregateCall = { key, name, field, args, ...(tag !== undefined ? { tag, tagKeys } : {}), ...(cast !== undefined ? { cast } : {}) };
          if (MULTI_ROW.has(name)) {
            // 1.x names the first of them.
            if (multiRow !== undefined && multiRow.key !== key) throw new QueryError(`selector function ${multiRow.name}() cannot be combined with other functions`);
            multiRow = call;
          }
          calls.set(key, call);
          return;
        }
        if (TRANSFORMS.has(name)) {
          hasTransform = true;
          const first = e.args[0];
          if (first === undefined) throw new QueryError(`invalid number of arguments for ${name}, expected at least 1, got 0`);
          checkTransformCall(name, e.args, hasInterval);
          visit(first, insideAggregate);
          return;
        }
        if (name in MATH_FUNCTIONS) {
          for (const a of e.args) visit(a, insideAggregate);
          return;
        }
        throw new QueryError(`undefined function ${name}()`);
      }
      default:
        return;
    }
  };
  for (const o of outputs) visit(o.expr, false);
  if (multiRow !== undefined && outputs.filter((o) => !o.isTag).length > 1) {
    throw new QueryError(`selector function ${multiRow.name}() cannot be combined with other functions`);
  }
  return { calls: [...calls.values()], hasTransform, ...(multiRow ? { multiRow } : {}) };
}

/** Field names an expression reads outside aggregate calls (raw queries). */
export function fieldRefs(exprs: readonly Expr[], schema: Schema): string[] {
  const names = new Set<string>();
  for (const e of exprs) {
    for (const r of refsOf(e)) if (r.type !== "tag" && (r.type === "field" || schema.fields.has(r.name))) names.add(r.name);
  }
  return [...names];
}
