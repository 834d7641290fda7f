import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  INTEGER,
  UBIGINT,
  VARCHAR,
  type DuckDBAppender,
  type DuckDBType,
  type DuckDBVector,
} from "@duckdb/node-api";
import type { FieldLayout, PointBatch } from "@fluxgate/line-protocol";
import type { MeasurementTable } from "./shard.js";
import type { FieldType } from "./types.js";

const DUCK_TYPE_OBJECT: Record<FieldType, DuckDBType> = {
  float: DOUBLE,
  integer: BIGINT,
  unsigned: UBIGINT,
  string: VARCHAR,
  boolean: BOOLEAN,
};

/** DuckDB's vector size: one data chunk carries at most this many rows. */
const CHUNK_ROWS = 2048;

type ColumnValues = Float64Array | BigInt64Array | BigUint64Array | Array<string | boolean | undefined>;

class FieldColumnBuilder {
  values: ColumnValues;
  /** 1 where a value was set; rows of points without this field stay 0 (null). */
  valid: Uint8Array;

  constructor(
    readonly type: FieldType,
    capacity: number,
  ) {
    this.values = allocate(type, capacity);
    this.valid = new Uint8Array(capacity);
  }

  grow(capacity: number): void {
    const values = allocate(this.type, capacity);
    if (Array.isArray(values)) {
      const old = this.values as Array<string | boolean | undefined>;
      for (let i = 0; i < old.length; i++) values[i] = old[i];
    } else {
      (values as Float64Array).set(this.values as Float64Array);
    }
    this.values = values;
    const valid = new Uint8Array(capacity);
    valid.set(this.valid);
    this.valid = valid;
  }
}

function allocate(type: FieldType, capacity: number): ColumnValues {
  switch (type) {
    case "float":
      return new Float64Array(capacity);
    case "integer":
      return new BigInt64Array(capacity);
    case "unsigned":
      return new BigUint64Array(capacity);
    default:
      return new Array<string | boolean | undefined>(capacity);
  }
}

/**
 * Rows bound for one point table in one commit, kept column by column so they reach DuckDB as
 * data chunks (no per-row SQL, no tag strings).
 */
export class TableBuilder {
  rows = 0;
  private capacity = 1024;
  private times = new BigInt64Array(this.capacity);
  private seriesIds = new Int32Array(this.capacity);
  private readonly columns = new Map<string, FieldColumnBuilder>();

  constructor(readonly table: MeasurementTable) {}

  /** Column builders of the fields of `layout`, reused while rows keep that layout. */
  private layout: FieldLayout | undefined;
  private layoutColumns: FieldColumnBuilder[] = [];

  /** Appends row `index` of `batch`; its fields must already exist in `table` with matching types. */
  add(time: bigint, seriesId: number, batch: PointBatch, index: number): void {
    if (this.rows === this.capacity) this.grow();
    const row = this.rows++;
    this.times[row] = time;
    this.seriesIds[row] = seriesId;
    const layout = batch.layouts[index]!;
    if (layout !== this.layout) {
      this.layout = layout;
      this.layoutColumns = layout.keys.map((key, k) => {
        let column = this.columns.get(key);
        if (column === undefined) {
          column = new FieldColumnBuilder(layout.types[k]!, this.capacity);
          this.columns.set(key, column);
        }
        return column;
      });
    }
    const columns = this.layoutColumns;
    const n = columns.length;
    const start = batch.valueStart[index]!;
    const floats = batch.floatValues;
    if (layout.others === 0) {
      for (let k = 0; k < n; k++) {
        const column = columns[k]!;
        (column.values as Float64Array)[row] = floats[start + k]!;
        column.valid[row] = 1;
      }
      return;
    }
    let other = batch.otherStart[index]!;
    const types = layout.types;
    for (let k = 0; k < n; k++) {
      const column = columns[k]!;
      if (types[k] === "float") (column.values as Float64Array)[row] = floats[start + k]!;
      else (column.values as unknown[])[row] = batch.otherValues[other++];
      column.valid[row] = 1;
    }
  }

  private grow(): void {
    this.capacity *= 2;
    const times = new BigInt64Array(this.capacity);
    times.set(this.times);
    this.times = times;
    const ids = new Int32Array(this.capacity);
    ids.set(this.seriesIds);
    this.seriesIds = ids;
    for (const column of this.columns.values()) column.grow(this.capacity);
  }

  /** Column layout of the table as of this commit; later commits may add columns. */
  private frozenFields: Array<[string, FieldType]> | undefined;

  /**
   * Records the table's columns now: the table this builder's rows go to has exactly these
   * columns when its commit runs, even if a later, already staged commit adds more.
   */
  freeze(): void {
    this.frozenFields = [...this.table.fields].map(([key, f]) => [key, f.type]);
  }

  /** Sends all rows through `appender` (opened on this table), 2048 rows per data chunk. */
  appendTo(appender: DuckDBAppender): void {
    const fields = this.frozenFields ?? [...this.table.fields].map(([key, f]): [string, FieldType] => [key, f.type]);
    const types = [BIGINT, INTEGER, ...fields.map(([, type]) => DUCK_TYPE_OBJECT[type])];
    for (let offset = 0; offset < this.rows; offset += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, this.rows - offset);
      const chunk = DuckDBDataChunk.create(types, n);
      fillNumeric(chunk.getColumnVector(0), this.times.subarray(offset, offset + n), undefined);
      fillNumeric(chunk.getColumnVector(1), this.seriesIds.subarray(offset, offset + n), undefined);
      fields.forEach(([key], index) => {
        const vector = chunk.getColumnVector(index + 2);
        const column = this.columns.get(key);
        if (column === undefined) {
          for (let i = 0; i < n; i++) vector.setItem(i, null);
          vector.flush();
        } else if (Array.isArray(column.values)) {
          const values = column.values;
          const valid = column.valid;
          for (let i = 0; i < n; i++) {
            vector.setItem(i, valid[offset + i] === 1 ? (values[offset + i] as string | boolean) : null);
          }
          vector.flush();
        } else {
          fillNumeric(vector, column.values.subarray(offset, offset + n), column.valid.subarray(offset, offset + n));
        }
      });
      appender.appendDataChunk(chunk);
    }
  }
}

type NumericArray = Float64Array | BigInt64Array | BigUint64Array | Int32Array;

/**
 * Copies a typed array into a vector in one `set` when the vector exposes its backing typed
 * array of the same kind (true of @duckdb/node-api's numeric vectors, whose `items` field is
 * private in its typings), else value by value; then marks the invalid (null) rows.
 */
function fillNumeric(vector: DuckDBVector, values: NumericArray, valid: Uint8Array | undefined): void {
  const items = (vector as unknown as { items?: unknown }).items;
  if (items !== undefined && Object.getPrototypeOf(items) === Object.getPrototypeOf(values)) {
    (items as NumericArray).set(values as never);
  } else {
    for (let i = 0; i < values.length; i++) vector.setItem(i, values[i]! as never);
  }
  if (valid !== undefined) {
    for (let i = 0; i < values.length; i++) if (valid[i] !== 1) vector.setItem(i, null);
  }
  vector.flush();
}
