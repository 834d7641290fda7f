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
import type { FieldValue } from "@fluxgate/line-protocol";
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

  /** Appends one point; its fields must already exist in `table` with matching types. */
  add(time: bigint, seriesId: number, fields: ReadonlyArray<readonly [string, FieldValue]>): void {
    if (this.rows === this.capacity) this.grow();
    const row = this.rows++;
    this.times[row] = time;
    this.seriesIds[row] = seriesId;
    for (const [key, field] of fields) {
      let column = this.columns.get(key);
      if (column === undefined) {
        column = new FieldColumnBuilder(field.type, this.capacity);
        this.columns.set(key, column);
      }
      column.values[row] = field.value;
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

  /** Sends all rows through `appender` (opened on this table), 2048 rows per data chunk. */
  appendTo(appender: DuckDBAppender): void {
    const fields = [...this.table.fields];
    const types = [BIGINT, INTEGER, ...fields.map(([, f]) => DUCK_TYPE_OBJECT[f.type])];
    for (let offset = 0; offset < this.rows; offset += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, this.rows - offset);
      const chunk = DuckDBDataChunk.create(types, n);
      const timeVector = chunk.getColumnVector(0) as DuckDBVector<bigint>;
      const idVector = chunk.getColumnVector(1) as DuckDBVector<number>;
      for (let i = 0; i < n; i++) {
        timeVector.setItem(i, this.times[offset + i]!);
        idVector.setItem(i, this.seriesIds[offset + i]!);
      }
      timeVector.flush();
      idVector.flush();
      fields.forEach(([key], index) => {
        const vector = chunk.getColumnVector(index + 2) as DuckDBVector<number | bigint | string | boolean>;
        const column = this.columns.get(key);
        for (let i = 0; i < n; i++) {
          const valid = column !== undefined && column.valid[offset + i] === 1;
          vector.setItem(i, valid ? (column.values[offset + i] as number | bigint | string | boolean) : null);
        }
        vector.flush();
      });
      appender.appendDataChunk(chunk);
    }
  }
}
