// A series whose rows are kept as columns: times in a BigInt64Array, floats in Float64Arrays. Raw
// selects of large answers (SELECT * over many series) would otherwise hold one array per row and
// one heap number per float until the answer is written, which the garbage collector copies and
// scans again and again. The JSON encoder writes straight from the columns; anything else reading
// `values` gets the rows, built once on first use.
import type { Value } from "./eval.js";
import type { Series } from "./result.js";

/** A column constant within each series merged into the rows (a tag): row i holds `values[member[i]]`. */
export interface ByMember {
  member: Int32Array;
  values: Value[];
}

/** One output column: floats without nulls, any values (null where the row has none), or per series. */
export type RowColumn = Float64Array | Value[] | ByMember;

/** Row i's cell of a column. */
export const cellAt = (col: RowColumn, i: number): Value => (col instanceof Float64Array ? col[i]! : Array.isArray(col) ? (col[i] ?? null) : (col.values[col.member[i]!] ?? null));

export interface ColumnarRows {
  /** ns, one per row. */
  times: BigInt64Array;
  /** The cells after the time, one column per output. */
  columns: RowColumn[];
}

const columnsOf = new WeakMap<Series, ColumnarRows>();

/** The columns behind a series made by {@link columnarSeries}, if it is one. */
export const columnarRowsOf = (s: Series): ColumnarRows | undefined => columnsOf.get(s);

/** Rows `[time, ...cells]` of columns, as the row path makes them. */
function rowsOf(data: ColumnarRows): Value[][] {
  const { times, columns } = data;
  const rows = new Array<Value[]>(times.length);
  for (let i = 0; i < times.length; i++) {
    const row = new Array<Value>(columns.length + 1);
    row[0] = times[i]!;
    for (let c = 0; c < columns.length; c++) row[c + 1] = cellAt(columns[c]!, i);
    rows[i] = row;
  }
  return rows;
}

/** A series with a time column whose `values` are built from `data` when first read. */
export function columnarSeries(base: { name: string; tags?: Record<string, string>; columns: string[] }, data: ColumnarRows): Series {
  let rows: Value[][] | undefined;
  const series: Series = {
    name: base.name,
    ...(base.tags !== undefined ? { tags: base.tags } : {}),
    columns: base.columns,
    // An own enumerable property, so the series compares and spreads as a plain one does.
    get values(): Value[][] {
      rows ??= rowsOf(data);
      return rows;
    },
    timeColumn: true,
  };
  columnsOf.set(series, data);
  return series;
}
