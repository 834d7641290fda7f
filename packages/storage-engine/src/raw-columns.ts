import type { DuckDBMaterializedResult } from "@duckdb/node-api";
import { type Segment, nullFlags, numericColumn, valuesOf } from "./batch-builder.js";
import type { BatchValues, FieldType } from "./types.js";

type Values = Segment["values"];

/**
 * Raw rows `series_id, time, v0, v1, …` as whole columns: read from DuckDB's vectors without
 * making a JS value per cell (its `getRows()` boxes every one), and cut into per-series batches
 * by slicing.
 */
export interface RawColumns {
  length: number;
  ids: Int32Array;
  times: BigInt64Array;
  /** Per unit: its values (a null's slot holds the type's zero) and null flags (1 = null). */
  values: Values[];
  nulls: (Uint8Array | undefined)[];
}

/**
 * The columns of a result shaped `series_id, time, v0 … v(n-1)` (n = `types.length`), all chunks
 * joined.
 */
export function rawColumns(result: DuckDBMaterializedResult, types: readonly FieldType[]): RawColumns {
  const chunks: RawColumns[] = [];
  for (let c = 0, count = result.chunkCount; c < count; c++) {
    const chunk = result.getChunk(c);
    const n = chunk.rowCount;
    const vectors = types.map((_, i) => chunk.getColumnVector(i + 2));
    chunks.push({
      length: n,
      ids: numericColumn(chunk.getColumnVector(0), Int32Array, n),
      times: numericColumn(chunk.getColumnVector(1), BigInt64Array, n),
      values: vectors.map((vector, i) => valuesOf(vector, types[i]!, n)),
      nulls: vectors.map((vector) => nullFlags(vector, n)),
    });
  }
  return concatRaw(chunks, types);
}

/** The rows of `parts` one after another (a lone part as it is). */
export function concatRaw(parts: readonly RawColumns[], types: readonly FieldType[]): RawColumns {
  if (parts.length === 1) return parts[0]!;
  let length = 0;
  for (const part of parts) length += part.length;
  const ids = new Int32Array(length);
  const times = new BigInt64Array(length);
  let at = 0;
  for (const part of parts) {
    ids.set(part.ids, at);
    times.set(part.times, at);
    at += part.length;
  }
  const values = types.map((type, i) => joinValues(type, parts.map((p) => p.values[i]!), length));
  const nulls = types.map((_, i) => {
    if (parts.every((p) => p.nulls[i] === undefined)) return undefined;
    const all = new Uint8Array(length);
    let from = 0;
    for (const part of parts) {
      const flags = part.nulls[i];
      if (flags !== undefined) all.set(flags, from);
      from += part.length;
    }
    return all;
  });
  return { length, ids, times, values, nulls };
}

function joinValues(type: FieldType, parts: readonly Values[], length: number): Values {
  const typed = type === "float" ? new Float64Array(length) : type === "integer" ? new BigInt64Array(length) : type === "unsigned" ? new BigUint64Array(length) : undefined;
  if (typed === undefined) return parts.flatMap((values) => values as (string | boolean)[]);
  let at = 0;
  for (const values of parts) {
    (typed as Float64Array).set(values as Float64Array, at);
    at += values.length;
  }
  return typed;
}

/** The rows whose index is in `rows`, in that order. */
export function pickRows(columns: RawColumns, rows: ArrayLike<number>): RawColumns {
  return {
    length: rows.length,
    ids: gather(columns.ids, rows),
    times: gather(columns.times, rows),
    values: columns.values.map((v) => gather(v, rows)),
    nulls: columns.nulls.map((flags) => (flags === undefined ? undefined : gather(flags, rows))),
  };
}

/** The entries of `from` at the indexes in `rows`, in that order, in an array of the same kind. */
export function gather<T extends Values | Int32Array | Uint8Array>(from: T, rows: ArrayLike<number>): T {
  const n = rows.length;
  const out = (ArrayBuffer.isView(from) ? new (from.constructor as Float64ArrayConstructor)(n) : new Array<unknown>(n)) as unknown as unknown[];
  const source = from as unknown as unknown[];
  for (let r = 0; r < n; r++) out[r] = source[rows[r]!];
  return out as unknown as T;
}

/** The row indexes ordered by series, then time (a stable order for equal pairs). */
export function seriesTimeOrder(columns: RawColumns): Uint32Array {
  const order = new Uint32Array(columns.length);
  for (let r = 0; r < order.length; r++) order[r] = r;
  const { ids, times } = columns;
  return order.sort((a, b) => ids[a]! - ids[b]! || (times[a]! < times[b]! ? -1 : times[a]! > times[b]! ? 1 : a - b));
}

/** Whether the rows are already by series, then time. */
export function inSeriesTimeOrder(columns: RawColumns): boolean {
  const { ids, times } = columns;
  for (let r = 1; r < columns.length; r++) {
    const d = ids[r]! - ids[r - 1]!;
    if (d < 0 || (d === 0 && times[r]! < times[r - 1]!)) return false;
  }
  return true;
}

/**
 * Per series (rows must be by series), unit `unit`'s non-null points: runs without a null are
 * sliced whole, others copied point by point.
 */
export function seriesPoints(columns: RawColumns, unit: number, type: FieldType): Map<number, { times: BigInt64Array; values: BatchValues }> {
  const out = new Map<number, { times: BigInt64Array; values: BatchValues }>();
  const { ids, times } = columns;
  const values = columns.values[unit]!;
  const nulls = columns.nulls[unit];
  for (let a = 0; a < columns.length; ) {
    const id = ids[a]!;
    let b = a + 1;
    while (b < columns.length && ids[b] === id) b++;
    let kept = b - a;
    if (nulls !== undefined) for (let r = a; r < b; r++) kept -= nulls[r]!;
    if (kept > 0) {
      if (kept === b - a) {
        out.set(id, { times: times.slice(a, b), values: { type, values: values.slice(a, b) } as BatchValues });
      } else {
        const rows: number[] = [];
        for (let r = a; r < b; r++) if (nulls![r] === 0) rows.push(r);
        out.set(id, { times: gather(times, rows), values: { type, values: gather(values, rows) } as BatchValues });
      }
    }
    a = b;
  }
  return out;
}
