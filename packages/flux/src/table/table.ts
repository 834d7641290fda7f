/** Building, reading and comparing tables and group keys. */
import { compareText } from "@fluxgate/line-protocol";
import type { Cell, ColumnMeta, ColumnType, GroupKey, Table } from "./types.js";

export const emptyKey: GroupKey = { columns: [], values: [] };

export function columnIndex(table: { readonly columns: readonly ColumnMeta[] }, label: string): number {
  return table.columns.findIndex((c) => c.label === label);
}

/** A group key made of `labels` (those the table has), sorted by label. */
export function keyOf(columns: readonly ColumnMeta[], row: (index: number) => Cell, labels: Iterable<string>): GroupKey {
  const wanted = new Set(labels);
  const picked: { meta: ColumnMeta; value: Cell }[] = [];
  columns.forEach((meta, i) => {
    if (wanted.has(meta.label)) picked.push({ meta, value: row(i) });
  });
  picked.sort((a, b) => (a.meta.label < b.meta.label ? -1 : a.meta.label > b.meta.label ? 1 : 0));
  return { columns: picked.map((p) => p.meta), values: picked.map((p) => p.value) };
}

/** Identity of a group key, for grouping tables in a map. */
export function keyId(key: GroupKey): string {
  let id = "";
  for (let i = 0; i < key.columns.length; i++) {
    const meta = key.columns[i] as ColumnMeta;
    const value = key.values[i] ?? null;
    id += `${meta.label}\u0000${meta.type}\u0000${value === null ? "\u0001" : String(value)}\u0000`;
  }
  return id;
}

export function keyValue(key: GroupKey, label: string): Cell | undefined {
  const i = key.columns.findIndex((c) => c.label === label);
  return i < 0 ? undefined : (key.values[i] ?? null);
}

export function isKeyColumn(key: GroupKey, label: string): boolean {
  return key.columns.some((c) => c.label === label);
}

/** Orders cells of one type; null sorts after every value (last ascending, first descending, as Flux's sort). */
export function compareCells(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === "number" && typeof b === "number" && Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
  // Strings as Go compares them: by UTF-8 bytes.
  if (typeof a === "string" && typeof b === "string") return compareText(a, b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Flux's order of column types, used when two keys hold a label with different types. */
const typeRank: Record<ColumnType, number> = { bool: 1, int: 2, uint: 3, float: 4, string: 5, time: 6 };

/** Indexes of a key's columns sorted by label (keys are mostly built sorted already). */
function byLabel(key: GroupKey): number[] {
  const order = key.columns.map((_, i) => i);
  return order.sort((i, j) => compareText(key.columns[i]!.label, key.columns[j]!.label));
}

/**
 * Orders group keys as Flux does when it keeps tables by key (`group()`'s output): column by
 * column in label order; where the labels differ, the key lacking the smaller label comes first;
 * then by type, then by value, a null before any value; a key that runs out first comes first.
 */
export function compareKeys(a: GroupKey, b: GroupKey): number {
  const ai = byLabel(a);
  const bi = byLabel(b);
  const n = Math.min(ai.length, bi.length);
  for (let k = 0; k < n; k++) {
    const ca = a.columns[ai[k]!]!;
    const cb = b.columns[bi[k]!]!;
    if (ca.label !== cb.label) return compareText(cb.label, ca.label);
    if (ca.type !== cb.type) return typeRank[ca.type] - typeRank[cb.type];
    const va = a.values[ai[k]!] ?? null;
    const vb = b.values[bi[k]!] ?? null;
    if (va === vb) continue;
    if (va === null) return -1;
    if (vb === null) return 1;
    const c = typeof va === "string" && typeof vb === "string" ? compareText(va, vb) : va < vb ? -1 : va > vb ? 1 : 0;
    if (c !== 0) return c;
  }
  return ai.length - bi.length;
}


/**
 * A table of `columns` filled row by row or column by column. Builders are transient: the table
 * they build is charged to the query's memory account when a stream yields it (runtime/memory.ts),
 * once per table rather than per appended cell.
 */
export class TableBuilder {
  readonly columns: ColumnMeta[];
  readonly data: Cell[][];

  constructor(
    readonly key: GroupKey,
    columns: readonly ColumnMeta[],
  ) {
    this.columns = [...columns];
    this.data = columns.map(() => []);
  }

  get length(): number {
    return this.data[0]?.length ?? 0;
  }

  /** Adds a column (filled with nulls for rows already added); returns its index. */
  addColumn(meta: ColumnMeta): number {
    const existing = this.columns.findIndex((c) => c.label === meta.label);
    if (existing >= 0) return existing;
    this.columns.push(meta);
    this.data.push(new Array<Cell>(this.length).fill(null));
    return this.columns.length - 1;
  }

  appendRow(cells: readonly Cell[]): void {
    for (let c = 0; c < this.data.length; c++) (this.data[c] as Cell[]).push(cells[c] ?? null);
  }

  build(): Table {
    return { key: this.key, columns: this.columns, data: this.data, length: this.length };
  }
}

/** A table with the same rows and a subset/reordering of columns, as `keep`/`drop` produce. */
export function selectColumns(table: Table, indexes: readonly number[], key: GroupKey): Table {
  return {
    key,
    columns: indexes.map((i) => table.columns[i] as ColumnMeta),
    data: indexes.map((i) => table.data[i] as readonly Cell[]),
    length: table.length,
  };
}

/** A table holding the given rows (by index) of `table`. */
export function takeRows(table: Table, rows: readonly number[], key: GroupKey = table.key): Table {
  return {
    key,
    columns: table.columns,
    data: table.data.map((column) => rows.map((r) => column[r] ?? null)),
    length: rows.length,
  };
}

/** The key's values as a full column of `length` rows. */
export function constantColumn(value: Cell, length: number): Cell[] {
  return new Array<Cell>(length).fill(value);
}

/** Flux's type names in annotated CSV `#datatype`. */
export function csvTypeName(type: ColumnType): string {
  switch (type) {
    case "int":
      return "long";
    case "uint":
      return "unsignedLong";
    case "float":
      return "double";
    case "bool":
      return "boolean";
    case "time":
      return "dateTime:RFC3339";
    case "string":
      return "string";
  }
}
