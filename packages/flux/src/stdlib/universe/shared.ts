/** Small helpers shared by universe functions built from other universe functions. */
import type { SourceLocation } from "../../ast/nodes.js";
import type { Members } from "../../runtime/builtin.js";
import type { Cell, ColumnMeta, Table, TableStream } from "../../table/types.js";
import { type StreamValue, type Value, array, string } from "../../values/value.js";

/** Calls the function `name` of `members` with named arguments. */
export function callMember(members: Members, name: string, args: Record<string, Value>, site: SourceLocation | undefined): Value {
  const fn = members.get(name);
  if (fn?.kind !== "function") throw new Error(`${name} is unavailable`);
  return fn.call(new Map(Object.entries(args)), site);
}

export function streamOf(tables: TableStream): StreamValue {
  return { kind: "stream", stream: tables };
}

export const strings = (labels: readonly string[]): Value => array(labels.map(string));

/** A table of the group key columns (in table order) followed by `extra` columns, one row per entry of `rows`. */
export function keyedTable(table: Table, extra: readonly ColumnMeta[], rows: readonly (readonly Cell[])[]): Table {
  const extraLabels = new Set(extra.map((c) => c.label));
  const keyColumns = table.columns.filter((c) => table.key.columns.some((k) => k.label === c.label) && !extraLabels.has(c.label));
  for (const k of table.key.columns) if (!keyColumns.some((c) => c.label === k.label) && !extraLabels.has(k.label)) keyColumns.push(k);
  const keyCells = keyColumns.map((c) => table.key.values[table.key.columns.findIndex((k) => k.label === c.label)] ?? null);
  const columns = [...keyColumns, ...extra];
  const data: Cell[][] = columns.map((_, i) => (i < keyColumns.length ? rows.map(() => keyCells[i] ?? null) : rows.map((r) => r[i - keyColumns.length] ?? null)));
  return { key: table.key, columns, data, length: rows.length };
}

/** Numeric cells of a column as floats (null stays null). */
export function floats(table: Table, index: number): (number | null)[] {
  return (table.data[index] as readonly Cell[]).map((c) => (c === null ? null : Number(c)));
}
