/**
 * A value predicate on named fields (`ReadRequest.values`) evaluated in JS, row by row, exactly as
 * `valueSql` has DuckDB evaluate it: SQL's three-valued logic (a comparison with a missing value
 * is unknown, and only rows whose predicate is true pass), NaN above every other number and equal
 * to itself, integers compared with a float literal as floats. Comparisons whose result DuckDB
 * could give differently (strings ordered by bytes, huge integers met with floats) are not
 * compiled: the read asks DuckDB instead.
 */
import type { SeriesColumn } from "./series-cache.js";
import type { MeasurementTable } from "./shard.js";
import type { FieldType, ValuePredicate } from "./types.js";
import { compareValues } from "./value-order.js";

/** True, false or unknown (SQL NULL). */
type Truth = 0 | 1 | 2;
const FALSE: Truth = 0;
const TRUE: Truth = 1;
const UNKNOWN: Truth = 2;

/** The truth of the predicate for row `row` of a series' columns (point-table column → values). */
export type RowTest = (columns: ReadonlyMap<string, SeriesColumn>, row: number) => Truth;

export interface CompiledTest {
  test: RowTest;
  /** The point-table columns the test reads, with their types. */
  columns: Array<{ column: string; type: FieldType }>;
}

/** `predicate` over the rows of `table`, or undefined when DuckDB must evaluate it. */
export function compileValueTest(predicate: ValuePredicate, table: MeasurementTable): CompiledTest | undefined {
  const columns = new Map<string, FieldType>();
  const test = compile(predicate, table, columns);
  return test === undefined ? undefined : { test, columns: [...columns].map(([column, type]) => ({ column, type })) };
}

/** Passes `TRUE` only. */
export function passes(truth: Truth): boolean {
  return truth === TRUE;
}

type Op = "=" | "!=" | "<" | "<=" | ">" | ">=";

function compile(p: ValuePredicate, table: MeasurementTable, columns: Map<string, FieldType>): RowTest | undefined {
  if (p.kind !== "compare") {
    const parts: RowTest[] = [];
    for (const operand of p.operands) {
      const part = compile(operand, table, columns);
      if (part === undefined) return undefined;
      parts.push(part);
    }
    // AND: false wins, then unknown; OR: true wins, then unknown. No operands: AND true, OR false.
    const decisive = p.kind === "and" ? FALSE : TRUE;
    const otherwise = p.kind === "and" ? TRUE : FALSE;
    return (cols, row) => {
      let out = otherwise;
      for (const part of parts) {
        const t = part(cols, row);
        if (t === decisive) return decisive;
        if (t === UNKNOWN) out = UNKNOWN;
      }
      return out;
    };
  }
  if (p.field === undefined) return undefined;
  const target = table.fields.get(p.field);
  // A field the table lacks, or a literal of another kind: `valueSql` writes FALSE.
  if (target === undefined) return () => FALSE;
  const { column, type } = target;
  const literal = p.value;
  const numeric = type === "float" || type === "integer" || type === "unsigned";
  const order = orderOf(p.op);
  let compare: ((v: unknown) => number) | undefined;
  if (typeof literal === "number") {
    if (!numeric || !Number.isFinite(literal)) return () => FALSE;
    // BIGINT and UBIGINT meet a DOUBLE literal as DOUBLE (rounded to nearest, as Number() does).
    compare = type === "float" ? (v) => compareValues(v as number, literal) : (v) => compareValues(Number(v as bigint), literal);
  } else if (typeof literal === "bigint") {
    if (!numeric) return () => FALSE;
    if (type === "float") {
      // A HUGEINT literal meets a DOUBLE as DOUBLE: exact only while it is.
      if (literal > 2n ** 53n || literal < -(2n ** 53n)) return undefined;
      const asFloat = Number(literal);
      compare = (v) => compareValues(v as number, asFloat);
    } else compare = (v) => ((v as bigint) < literal ? -1 : (v as bigint) > literal ? 1 : 0);
  } else if (typeof literal === "string") {
    if (type !== "string") return () => FALSE;
    // DuckDB orders strings by their UTF-8 bytes, JS by UTF-16 units: only equality is the same.
    if (p.op !== "=" && p.op !== "!=") return undefined;
    compare = (v) => (v === literal ? 0 : 1);
  } else {
    if (type !== "boolean") return () => FALSE;
    compare = (v) => Number(v as boolean) - Number(literal);
  }
  columns.set(column, type);
  const test = compare;
  return (cols, row) => {
    const values = cols.get(column)!;
    if (values.nulls?.[row] === 1) return UNKNOWN;
    return order(test(values.values[row])) ? TRUE : FALSE;
  };
}

function orderOf(op: Op): (c: number) => boolean {
  switch (op) {
    case "=":
      return (c) => c === 0;
    case "!=":
      return (c) => c !== 0;
    case "<":
      return (c) => c < 0;
    case "<=":
      return (c) => c <= 0;
    case ">":
      return (c) => c > 0;
    case ">=":
      return (c) => c >= 0;
  }
}
