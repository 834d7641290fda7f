/** Moving between table cells and interpreter values (what row functions see in `r`). */
import { type RecordValue, type Value, nullValue } from "../values/value.js";
import type { Cell, ColumnMeta, ColumnType, Table } from "./types.js";

export function cellToValue(cell: Cell, type: ColumnType): Value {
  if (cell === null) return nullValue;
  switch (type) {
    case "int":
      return { kind: "int", value: cell as bigint };
    case "uint":
      return { kind: "uint", value: cell as bigint };
    case "time":
      return { kind: "time", value: cell as bigint };
    case "float":
      return { kind: "float", value: cell as number };
    case "string":
      return { kind: "string", value: cell as string };
    case "bool":
      return { kind: "bool", value: cell as boolean };
  }
}

/** The column type that holds a value, or undefined for values a column cannot hold. */
export function columnTypeOf(value: Value): ColumnType | undefined {
  switch (value.kind) {
    case "int":
    case "uint":
    case "float":
    case "string":
    case "bool":
    case "time":
      return value.kind;
    default:
      return undefined;
  }
}

export function valueToCell(value: Value): Cell {
  switch (value.kind) {
    case "int":
    case "uint":
    case "float":
    case "string":
    case "bool":
    case "time":
      return value.value;
    default:
      return null;
  }
}

/**
 * The fields of one table row, read from the columns when asked for: a row function that looks
 * at two columns of a wide table builds two values, not one per column.
 */
class RowFields implements ReadonlyMap<string, Value> {
  constructor(
    private readonly table: Table,
    private readonly index: ReadonlyMap<string, number>,
    private readonly row: number,
  ) {}

  get size(): number {
    return this.table.columns.length;
  }

  get(label: string): Value | undefined {
    const c = this.index.get(label);
    if (c === undefined) return undefined;
    return cellToValue((this.table.data[c] as readonly Cell[])[this.row] ?? null, (this.table.columns[c] as ColumnMeta).type);
  }

  has(label: string): boolean {
    return this.index.has(label);
  }

  entries(): MapIterator<[string, Value]> {
    const out: [string, Value][] = [];
    for (let c = 0; c < this.table.columns.length; c++) {
      const meta = this.table.columns[c] as ColumnMeta;
      out.push([meta.label, cellToValue((this.table.data[c] as readonly Cell[])[this.row] ?? null, meta.type)]);
    }
    return out[Symbol.iterator]();
  }

  *keys(): MapIterator<string> {
    for (const meta of this.table.columns) yield meta.label;
  }

  *values(): MapIterator<Value> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[string, Value]> {
    return this.entries();
  }

  forEach(callback: (value: Value, key: string, map: ReadonlyMap<string, Value>) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }
}

const columnIndexes = new WeakMap<Table, ReadonlyMap<string, number>>();

/** Row `row` of `table` as a record, fields in column order. */
export function rowRecord(table: Table, row: number): RecordValue {
  let index = columnIndexes.get(table);
  if (index === undefined) {
    index = new Map(table.columns.map((c, i) => [c.label, i]));
    columnIndexes.set(table, index);
  }
  return { kind: "record", fields: new RowFields(table, index, row) };
}
