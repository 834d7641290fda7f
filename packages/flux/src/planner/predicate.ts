/**
 * Which parts of a `filter` predicate the storage read can evaluate exactly. A predicate is split
 * at its top-level `and`s; each conjunct is pushed when it is wholly about series (measurement and
 * tags), wholly about `_field` equalities, or wholly about `_value` (or, after a pivot, field
 * columns) compared with a value. Whatever is left stays a `filter` after the read.
 *
 * Exactness rests on how the interpreter evaluates predicates: a comparison with a missing column
 * (null) is null, `not null` is null, `and`/`or` treat null as false, and a filter keeps a row only
 * when its predicate is true. A missing tag is therefore never equal, unequal or matching; the
 * engine compares a missing tag as "", so every tag comparison is paired with "the tag is present".
 */
import type { Expression, FunctionExpression, MemberExpression, Operator } from "../ast/nodes.js";
import type { CompareOp, SeriesTemplate, StringOp, ValueTemplate } from "./plan.js";

/** Collects the expressions whose values fill a plan's slots. */
export class Operands {
  readonly expressions: Expression[] = [];
  add(expression: Expression): number {
    this.expressions.push(expression);
    return this.expressions.length - 1;
  }
}

export interface PushedPredicate {
  series?: SeriesTemplate;
  /** Each inner list: slots of `_field` names, OR-ed; the lists are AND-ed. */
  fields: number[][];
  values?: ValueTemplate;
  /** The conjuncts left to a filter after the read, in their order; undefined when all were pushed. */
  residual?: Expression;
}

/** Columns every raw read row has; any other column a predicate reads is a tag. */
const fixedColumns = new Set(["_measurement", "_field", "_value", "_time", "_start", "_stop"]);

function unwrap(expression: Expression): Expression {
  let e = expression;
  while (e.type === "ParenExpression") e = e.expression;
  return e;
}

function conjuncts(expression: Expression): Expression[] {
  const e = unwrap(expression);
  if (e.type === "LogicalExpression" && e.operator === "and") return [...conjuncts(e.left), ...conjuncts(e.right)];
  return [e];
}

/** Whether `expression` reads `name` anywhere (conservatively, ignoring shadowing inside it). */
export function mentions(expression: unknown, name: string): boolean {
  if (expression === null || typeof expression !== "object") return false;
  if (Array.isArray(expression)) return expression.some((e) => mentions(e, name));
  const node = expression as { type?: unknown; name?: unknown };
  if (node.type === "Identifier" && node.name === name) return true;
  for (const [key, value] of Object.entries(expression)) if (key !== "location" && mentions(value, name)) return true;
  return false;
}

/** `r.x` or `r["x"]`: the column name, when `expression` reads a column of the row parameter. */
function column(expression: Expression, row: string): string | undefined {
  const e = unwrap(expression);
  if (e.type !== "MemberExpression") return undefined;
  const object = unwrap((e as MemberExpression).object);
  if (object.type !== "Identifier" || object.name !== row) return undefined;
  return e.property.type === "Identifier" ? e.property.name : e.property.value;
}

const mirrored: Partial<Record<Operator, Operator>> = { "<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!=" };

/** A comparison `r.col OP operand` (either side), with the operator as seen from the column. */
function comparisonOf(expression: Expression, row: string): { name: string; op: Operator; operand: Expression } | undefined {
  const e = unwrap(expression);
  if (e.type !== "BinaryExpression") return undefined;
  const left = column(e.left, row);
  if (left !== undefined && !mentions(e.right, row)) return { name: left, op: e.operator, operand: e.right };
  const right = column(e.right, row);
  const op = mirrored[e.operator];
  if (right !== undefined && op !== undefined && !mentions(e.left, row)) return { name: right, op, operand: e.left };
  return undefined;
}

function stringOp(op: Operator): StringOp | undefined {
  return op === "==" ? "=" : op === "!=" ? "!=" : op === "=~" ? "=~" : op === "!~" ? "!~" : undefined;
}

function compareOp(op: Operator): CompareOp | undefined {
  return op === "==" ? "=" : op === "!=" || op === "<" || op === "<=" || op === ">" || op === ">=" ? op : undefined;
}

const negatedOp: Record<StringOp, StringOp> = { "=": "!=", "!=": "=", "=~": "!~", "!~": "=~" };

/** When the expression is true and when it is false (not null), as series conditions. */
interface Truth {
  whenTrue: SeriesTemplate;
  whenFalse: SeriesTemplate;
}

const not = (operand: SeriesTemplate): SeriesTemplate => ({ kind: "not", operand });

function seriesTruth(expression: Expression, row: string, operands: Operands): Truth | undefined {
  const e = unwrap(expression);
  if (e.type === "LogicalExpression") {
    const left = seriesTruth(e.left, row, operands);
    const right = left && seriesTruth(e.right, row, operands);
    if (left === undefined || right === undefined) return undefined;
    // `and`/`or` always give a bool: false is simply "not true".
    const whenTrue: SeriesTemplate = { kind: e.operator, operands: [left.whenTrue, right.whenTrue] };
    return { whenTrue, whenFalse: not(whenTrue) };
  }
  if (e.type === "UnaryExpression" && e.operator === "not") {
    const inner = seriesTruth(e.argument, row, operands);
    return inner && { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue };
  }
  if (e.type === "UnaryExpression" && e.operator === "exists") {
    const name = column(e.argument, row);
    if (name === undefined || fixedColumns.has(name)) return undefined;
    const has: SeriesTemplate = { kind: "has", key: name };
    return { whenTrue: has, whenFalse: not(has) };
  }
  const comparison = comparisonOf(e, row);
  if (comparison === undefined) return undefined;
  const op = stringOp(comparison.op);
  if (op === undefined) return undefined;
  if (comparison.name === "_measurement") {
    const slot = operands.add(comparison.operand);
    return { whenTrue: { kind: "measurement", op, slot }, whenFalse: { kind: "measurement", op: negatedOp[op], slot } };
  }
  if (fixedColumns.has(comparison.name)) return undefined;
  const key = comparison.name;
  const slot = operands.add(comparison.operand);
  const has: SeriesTemplate = { kind: "has", key };
  return {
    whenTrue: { kind: "and", operands: [{ kind: "tag", key, op, slot }, has] },
    whenFalse: { kind: "and", operands: [{ kind: "tag", key, op: negatedOp[op], slot }, has] },
  };
}

/** `r._field == a or r._field == b …`: the slots of the names. */
function fieldNames(expression: Expression, row: string, operands: Operands): number[] | undefined {
  const e = unwrap(expression);
  if (e.type === "LogicalExpression" && e.operator === "or") {
    const left = fieldNames(e.left, row, operands);
    const right = left && fieldNames(e.right, row, operands);
    return left && right && [...left, ...right];
  }
  const comparison = comparisonOf(e, row);
  if (comparison === undefined || comparison.name !== "_field" || comparison.op !== "==") return undefined;
  return [operands.add(comparison.operand)];
}

function isNumberOrBoolLiteral(expression: Expression): boolean {
  const e = unwrap(expression);
  if (e.type === "UnaryExpression" && e.operator === "-") return isNumberOrBoolLiteral(e.argument);
  return e.type === "FloatLiteral" || e.type === "IntegerLiteral" || e.type === "UnsignedIntegerLiteral" || e.type === "BooleanLiteral";
}

/**
 * `r._value OP x` trees; after a pivot, `r.<field> OP <number or bool literal>` (a literal, so a
 * string-valued tag column of that name cannot be what the query means).
 */
function valueTree(expression: Expression, row: string, operands: Operands, pivoted: boolean): ValueTemplate | undefined {
  const e = unwrap(expression);
  if (e.type === "LogicalExpression") {
    const left = valueTree(e.left, row, operands, pivoted);
    const right = left && valueTree(e.right, row, operands, pivoted);
    return left && right && { kind: e.operator, operands: [left, right] };
  }
  const comparison = comparisonOf(e, row);
  if (comparison === undefined) return undefined;
  const op = compareOp(comparison.op);
  if (op === undefined) return undefined;
  if (!pivoted) {
    if (comparison.name !== "_value") return undefined;
    return { kind: "compare", op, slot: operands.add(comparison.operand) };
  }
  if (comparison.name.startsWith("_") || !isNumberOrBoolLiteral(comparison.operand)) return undefined;
  return { kind: "compare", field: comparison.name, op, slot: operands.add(comparison.operand) };
}

/** The row parameter of a one-parameter function with an expression body. */
export function rowParameter(fn: FunctionExpression): string | undefined {
  if (fn.params.length !== 1 || fn.body.type === "Block") return undefined;
  const key = fn.params[0]?.key;
  return key?.type === "Identifier" ? key.name : undefined;
}

/** Splits a filter's predicate into what the read takes and what stays. */
export function pushPredicate(fn: FunctionExpression, operands: Operands, pivoted: boolean): PushedPredicate | undefined {
  const row = rowParameter(fn);
  if (row === undefined) return undefined;
  const pushed: PushedPredicate = { fields: [] };
  const series: SeriesTemplate[] = [];
  const values: ValueTemplate[] = [];
  const residual: Expression[] = [];
  for (const conjunct of conjuncts(fn.body as Expression)) {
    // Try each kind on a scratch operand list so a failed attempt leaves no slots behind.
    const attempt = <T>(analyse: (scratch: Operands) => T | undefined): T | undefined => {
      const scratch = new Operands();
      const result = analyse(scratch);
      if (result === undefined) return undefined;
      const base = operands.expressions.length;
      operands.expressions.push(...scratch.expressions);
      return shiftSlots(result, base);
    };
    if (!pivoted) {
      const truth = attempt((s) => seriesTruth(conjunct, row, s)?.whenTrue);
      if (truth !== undefined) {
        series.push(truth);
        continue;
      }
      const fields = attempt((s) => fieldNames(conjunct, row, s));
      if (fields !== undefined) {
        pushed.fields.push(fields);
        continue;
      }
    }
    const value = attempt((s) => valueTree(conjunct, row, s, pivoted));
    if (value !== undefined) {
      values.push(value);
      continue;
    }
    residual.push(conjunct);
  }
  if (series.length > 0) pushed.series = series.length === 1 ? (series[0] as SeriesTemplate) : { kind: "and", operands: series };
  if (values.length > 0) pushed.values = values.length === 1 ? (values[0] as ValueTemplate) : { kind: "and", operands: values };
  if (residual.length > 0) {
    pushed.residual = residual.reduce((left, right) => ({ type: "LogicalExpression", operator: "and", left, right }));
  }
  return pushed;
}

/** Renumbers the slots of a template built on a scratch operand list. */
function shiftSlots<T>(template: T, base: number): T {
  if (Array.isArray(template)) return template.map((t: unknown) => (typeof t === "number" ? t + base : shiftSlots(t, base))) as T;
  if (template === null || typeof template !== "object") return template;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) out[key] = key === "slot" && typeof value === "number" ? value + base : shiftSlots(value, base);
  return out as T;
}
