/**
 * Flux tables: typed columns stored column by column, a group key (the columns whose value is the
 * same on every row, and which tell tables of one stream apart), and streams of tables.
 *
 * Cells are plain JS values by column type: `int`, `uint` and `time` hold bigints (int64/uint64
 * nanoseconds, exact), `float` numbers, `string` strings, `bool` booleans; `null` is a missing value.
 */

export type ColumnType = "int" | "uint" | "float" | "string" | "bool" | "time";

export type Cell = bigint | number | string | boolean | null;

export interface ColumnMeta {
  readonly label: string;
  readonly type: ColumnType;
}

export interface GroupKey {
  /** The key's columns, sorted by label (Flux orders group keys that way). */
  readonly columns: readonly ColumnMeta[];
  readonly values: readonly Cell[];
}

export interface Table {
  readonly key: GroupKey;
  readonly columns: readonly ColumnMeta[];
  /** `data[c][row]`: one array per column, all `length` long. */
  readonly data: readonly (readonly Cell[])[];
  readonly length: number;
}

/**
 * A stream of tables. Calling it starts a fresh run of the pipeline behind it, so a stream bound
 * to a variable can feed several consumers; each run yields tables one at a time.
 */
export type TableStream = () => AsyncIterable<Table>;
