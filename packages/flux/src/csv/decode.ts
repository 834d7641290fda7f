/**
 * Annotated CSV → tables (what `csv.from(csv:)` reads). Annotations `#datatype`, `#group` and
 * `#default` start a new schema; a change in the `table` column starts a new table.
 */
import { keyOf } from "../table/table.js";
import type { Cell, ColumnMeta, ColumnType, Table } from "../table/types.js";
import { parseTime } from "../values/time.js";
import { parseRecords } from "./records.js";

export class CSVDecodeError extends Error {}

function columnType(datatype: string): ColumnType | undefined {
  switch (datatype) {
    case "string":
      return "string";
    case "long":
      return "int";
    case "unsignedLong":
      return "uint";
    case "double":
      return "float";
    case "boolean":
      return "bool";
    case "dateTime":
    case "dateTime:RFC3339":
    case "dateTime:RFC3339Nano":
      return "time";
    default:
      return undefined;
  }
}

export function parseCell(text: string, type: ColumnType): Cell {
  switch (type) {
    case "string":
      return text;
    case "int":
      if (!/^[+-]?\d+$/.test(text)) throw new CSVDecodeError(`invalid long value "${text}"`);
      return BigInt.asIntN(64, BigInt(text));
    case "uint":
      if (!/^\+?\d+$/.test(text)) throw new CSVDecodeError(`invalid unsignedLong value "${text}"`);
      return BigInt.asUintN(64, BigInt(text));
    case "float": {
      const special: Record<string, number> = { "+Inf": Infinity, Inf: Infinity, "-Inf": -Infinity, NaN: Number.NaN };
      const value = special[text] ?? Number(text);
      if (Number.isNaN(value) && text !== "NaN") throw new CSVDecodeError(`invalid double value "${text}"`);
      return value;
    }
    case "bool":
      if (text === "true") return true;
      if (text === "false") return false;
      throw new CSVDecodeError(`invalid boolean value "${text}"`);
    case "time":
      return parseTime(text);
  }
}

interface Schema {
  types: (ColumnType | undefined)[];
  group: boolean[];
  defaults: string[];
  labels?: string[];
}

/** Decodes annotated CSV into tables, dropping the `result` and `table` columns. */
export function decodeAnnotatedCSV(text: string): Table[] {
  const tables: Table[] = [];
  let annotations: { datatype?: string[]; group?: string[]; default?: string[] } = {};
  let schema: Schema | undefined;
  let current: { id: string; rows: Cell[][] } | undefined;
  const flush = (): void => {
    if (schema === undefined || current === undefined || schema.labels === undefined) return;
    tables.push(buildTable(schema, current.rows));
    current = undefined;
  };
  for (const record of parseRecords(text)) {
    if (record.length === 0 || (record.length === 1 && record[0] === "")) {
      flush();
      continue;
    }
    const first = record[0] as string;
    if (first.startsWith("#")) {
      if (schema?.labels !== undefined) {
        flush();
        schema = undefined;
        annotations = {};
      }
      const name = first.slice(1) as "datatype" | "group" | "default";
      if (name === "datatype" || name === "group" || name === "default") annotations[name] = record.slice(1);
      continue;
    }
    if (schema === undefined) {
      const datatypes = annotations.datatype;
      if (datatypes === undefined) throw new CSVDecodeError("missing #datatype annotation");
      schema = {
        types: datatypes.map(columnType),
        group: datatypes.map((_, i) => annotations.group?.[i] === "true"),
        defaults: datatypes.map((_, i) => annotations.default?.[i] ?? ""),
      };
      schema.labels = record.slice(1);
      continue;
    }
    const cells = record.slice(1);
    const tableColumn = schema.labels?.indexOf("table") ?? -1;
    const id = tableColumn >= 0 ? (cells[tableColumn] || schema.defaults[tableColumn] || "") : "";
    if (current !== undefined && current.id !== id) flush();
    current ??= { id, rows: [] };
    current.rows.push(
      cells.map((text, i) => {
        const type = schema?.types[i];
        const value = text === "" ? (schema?.defaults[i] ?? "") : text;
        if (type === undefined || value === "") return null;
        return parseCell(value, type);
      }),
    );
  }
  flush();
  return tables;
}

function buildTable(schema: Schema, rows: readonly Cell[][]): Table {
  const labels = schema.labels ?? [];
  const kept: number[] = [];
  labels.forEach((label, i) => {
    if (label !== "result" && label !== "table" && schema.types[i] !== undefined) kept.push(i);
  });
  const columns: ColumnMeta[] = kept.map((i) => ({ label: labels[i] as string, type: schema.types[i] as ColumnType }));
  const data = kept.map((i) => rows.map((row) => row[i] ?? null));
  const keyLabels = kept.filter((i) => schema.group[i]).map((i) => labels[i] as string);
  const firstRow = (c: number): Cell => data[c]?.[0] ?? defaultCell(schema, kept[c] as number);
  return { key: keyOf(columns, firstRow, keyLabels), columns, data, length: rows.length };
}

function defaultCell(schema: Schema, i: number): Cell {
  const text = schema.defaults[i] ?? "";
  const type = schema.types[i];
  return text === "" || type === undefined ? null : parseCell(text, type);
}

/** Raw mode: the first row names the columns; every value is a string; one table, empty key. */
export function decodeRawCSV(text: string): Table[] {
  const records = parseRecords(text).filter((r) => r.length > 0);
  const header = records[0];
  if (header === undefined) return [];
  const rows = records.slice(1);
  const columns: ColumnMeta[] = header.map((label) => ({ label, type: "string" }));
  return [{ key: { columns: [], values: [] }, columns, data: columns.map((_, i) => rows.map((r) => r[i] ?? null)), length: rows.length }];
}
