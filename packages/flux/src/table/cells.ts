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

/** Row `row` of `table` as a record, fields in column order. */
export function rowRecord(table: Table, row: number): RecordValue {
  const fields = new Map<string, Value>();
  for (let c = 0; c < table.columns.length; c++) {
    const meta = table.columns[c] as ColumnMeta;
    fields.set(meta.label, cellToValue((table.data[c] as readonly Cell[])[row] ?? null, meta.type));
  }
  return { kind: "record", fields };
}
