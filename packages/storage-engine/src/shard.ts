import type { DuckDBConnection } from "@duckdb/node-api";
import { type BucketCatalog, SeriesCatalog } from "./series-catalog.js";
import type { FieldType } from "./types.js";
import { ident, int64, str } from "./sql.js";

/** DuckDB column type of each InfluxDB field type. */
export const DUCK_TYPE: Record<FieldType, string> = {
  float: "DOUBLE",
  integer: "BIGINT",
  unsigned: "UBIGINT",
  string: "VARCHAR",
  boolean: "BOOLEAN",
};

const FIELD_TYPES = new Set<string>(Object.keys(DUCK_TYPE));

export interface FieldColumn {
  /** Column name in the point table (`f0`, `f1`, …): DuckDB identifiers are case-insensitive, field keys are not. */
  column: string;
  type: FieldType;
}

export interface MeasurementTable {
  /** Table name (`m0`, `m1`, …), for the same reason as field columns. */
  table: string;
  /** Field key → column, in column order. */
  fields: Map<string, FieldColumn>;
}

const NO_TIME = -(2n ** 63n);

/**
 * Per series, per `every`-long bucket of time (floor-aligned), each numeric field's count, sum,
 * min and max: columns `c<k>`, `s<k>`, `lo<k>`, `hi<k>` for field column `f<k>`.
 */
export interface Rollup {
  table: string;
  every: bigint;
}

/** The schema as committed to the file: what reads may reference. */
export interface ShardSchema {
  readonly measurements: ReadonlyMap<string, MeasurementTable>;
  /** Tag key → catalog column. */
  readonly tagColumns: ReadonlyMap<string, string>;
}

/**
 * One shard group: a DuckDB file attached under `alias`, its schema mirrored in memory.
 *
 * Layout inside the file:
 * - `_shard(start, stop, needs_dedup, compacted)`: one row; `needs_dedup` is set in the same transaction that
 *   appended an older-or-equal timestamp to some series.
 * - `_schema(kind, measurement, name, col, type)`: maps user names to the safe column/table names.
 * - `_series(series_id, series_key, measurement, t0, t1, …)`: the series catalog.
 * - `m<i>(time, series_id, f0, f1, …)`: one point table per measurement.
 * - `r<i>(series_id, time, c<k>, s<k>, lo<k>, hi<k>, …)`: a compacted point table's {@link Rollup}
 *   (`_schema` row of kind `rollup`: name = rollup table, col = point table, type = bucket length;
 *   every compaction also writes one row of kind `rollups`).
 */
export class Shard {
  /**
   * The writer's schema: includes columns of staged commits that may not be committed yet.
   * Only the writer (and tasks of its queue, which run with nothing staged) may use it.
   */
  readonly measurements = new Map<string, MeasurementTable>();
  /** Tag key → catalog column (writer's view, see `measurements`). */
  readonly tagColumns = new Map<string, string>();
  /**
   * Rollups of the point tables, made by compaction (see maintenance.ts `ROLLUP_NS`): point table →
   * its rollup table. They describe the rows as compacted, so reads use them only while
   * {@link compacted} holds (any write or delete clears it).
   */
  rollups = new Map<string, Rollup>();
  /** The committed schema, for reads; replaced (never mutated) after each commit that changes it. */
  committed: ShardSchema = { measurements: new Map(), tagColumns: new Map() };
  needsDedup = false;
  /** The file was rewritten by compaction and not written since. */
  compacted = false;
  /**
   * Bumped by every write staged into the shard and every delete in it: a compaction that copied
   * the shard outside the writer queue swaps its copy in only if this has not moved since.
   */
  generation = 0;
  /** Wall-clock ms of the last write staged into this shard in this process (0 = none). */
  lastWriteMs = 0;
  /** The committed series catalog in memory, for reads (unless the bucket's is over its limit). */
  catalog: SeriesCatalog;
  /** Write-side state, loaded on the first write after open (reads never need it). */
  private members: Uint32Array | undefined;
  private maxTimes: BigInt64Array | undefined;

  constructor(
    readonly alias: string,
    readonly path: string,
    readonly start: bigint,
    readonly stop: bigint,
    /** The bucket's series identities, which {@link catalog} refers to (`catalog.bucket`). */
    bucketCatalog: BucketCatalog,
  ) {
    this.catalog = new SeriesCatalog(bucketCatalog);
  }

  /** A copy of the writer's schema as it stands now. */
  snapshot(): ShardSchema {
    const measurements = new Map<string, MeasurementTable>();
    for (const [name, t] of this.measurements) measurements.set(name, { table: t.table, fields: new Map(t.fields) });
    return { measurements, tagColumns: new Map(this.tagColumns) };
  }

  get writeStateLoaded(): boolean {
    return this.members !== undefined;
  }

  /** Creates the bookkeeping tables of a new, empty shard file. */
  static async initialize(conn: DuckDBConnection, alias: string, start: bigint, stop: bigint): Promise<void> {
    const a = ident(alias);
    await conn.run(`BEGIN`);
    await conn.run(`CREATE TABLE ${a}._shard(start BIGINT, stop BIGINT, needs_dedup BOOLEAN, compacted BOOLEAN)`);
    await conn.run(`INSERT INTO ${a}._shard VALUES (${int64(start)}, ${int64(stop)}, false, false)`);
    await conn.run(`CREATE TABLE ${a}._schema(kind VARCHAR, measurement VARCHAR, name VARCHAR, col VARCHAR, type VARCHAR)`);
    await conn.run(`CREATE TABLE ${a}._series(series_id INTEGER, series_key VARCHAR, measurement VARCHAR)`);
    await conn.run(`COMMIT`);
  }

  /** Reads an attached shard's bounds, schema and series catalog. */
  static async load(conn: DuckDBConnection, alias: string, path: string, bucketCatalog: BucketCatalog): Promise<Shard> {
    const a = ident(alias);
    const head = (await conn.runAndReadAll(`SELECT start, stop, needs_dedup, compacted FROM ${a}._shard`)).getRows()[0];
    if (!head) throw new Error(`shard file ${path} has no _shard row`);
    const shard = new Shard(alias, path, head[0] as bigint, head[1] as bigint, bucketCatalog);
    shard.needsDedup = head[2] === true;
    shard.compacted = head[3] === true;
    const rows = (await conn.runAndReadAll(`SELECT kind, measurement, name, col, type FROM ${a}._schema ORDER BY rowid`)).getRows();
    let rollupsMade = false;
    for (const [kind, measurement, name, col, type] of rows as string[][]) {
      if (kind === "measurement") shard.measurements.set(name!, { table: col!, fields: new Map() });
      else if (kind === "tag") shard.tagColumns.set(name!, col!);
      else if (kind === "rollup") shard.rollups.set(col!, { table: name!, every: BigInt(type!) });
      else if (kind === "rollups") rollupsMade = true;
    }
    // A file compacted before compaction made rollups counts as not compacted: the background
    // compaction rewrites it once it is cold, with them.
    shard.compacted &&= rollupsMade;
    for (const [kind, measurement, name, col, type] of rows as string[][]) {
      if (kind !== "field") continue;
      if (!FIELD_TYPES.has(type!)) throw new Error(`shard ${path}: unknown field type ${type}`);
      shard.measurements.get(measurement!)?.fields.set(name!, { column: col!, type: type as FieldType });
    }
    shard.committed = shard.snapshot();
    shard.catalog = await SeriesCatalog.load(conn, alias, shard.tagColumns, bucketCatalog);
    return shard;
  }

  contains(time: bigint): boolean {
    return time >= this.start && time < this.stop;
  }

  /** Loads which series the catalog holds and each series' newest time (for overwrite detection). */
  async loadWriteState(conn: DuckDBConnection, seriesIdBound: number): Promise<void> {
    const a = ident(this.alias);
    this.members = new Uint32Array(Math.ceil((seriesIdBound + 1) / 32) + 1);
    this.maxTimes = new BigInt64Array(seriesIdBound + 1).fill(NO_TIME);
    for (const [id] of (await conn.runAndReadAll(`SELECT series_id FROM ${a}._series`)).getRows()) {
      this.markMember(id as number);
    }
    for (const { table } of this.measurements.values()) {
      const rows = (
        await conn.runAndReadAll(`SELECT series_id, max(time) FROM ${a}.${ident(table)} GROUP BY series_id`)
      ).getRows();
      for (const [id, max] of rows) this.noteTime(id as number, max as bigint);
    }
  }

  /** Forgets write-side state (after a failed commit, or to free memory of a cold shard). */
  dropWriteState(): void {
    this.members = undefined;
    this.maxTimes = undefined;
  }

  isMember(seriesId: number): boolean {
    const m = this.members!;
    const word = seriesId >>> 5;
    return word < m.length && (m[word]! & (1 << (seriesId & 31))) !== 0;
  }

  markMember(seriesId: number): void {
    const word = seriesId >>> 5;
    if (word >= this.members!.length) {
      const grown = new Uint32Array(Math.max(word + 1, this.members!.length * 2));
      grown.set(this.members!);
      this.members = grown;
    }
    this.members![word]! |= 1 << (seriesId & 31);
  }

  unmarkMember(seriesId: number): void {
    if (!this.members) return;
    const word = seriesId >>> 5;
    if (word < this.members.length) this.members[word]! &= ~(1 << (seriesId & 31));
  }

  /**
   * Records that `time` was written for a series. Returns false when the series already had a
   * point at or after `time`, i.e. the shard now may hold duplicates or out-of-order rows.
   */
  noteTime(seriesId: number, time: bigint): boolean {
    let times = this.maxTimes!;
    if (seriesId >= times.length) {
      const grown = new BigInt64Array(Math.max(seriesId + 1, times.length * 2)).fill(NO_TIME);
      grown.set(times);
      this.maxTimes = times = grown;
    }
    if (time > times[seriesId]!) {
      times[seriesId] = time;
      return true;
    }
    return false;
  }

  /** SQL to record a new measurement table; mutates the in-memory schema. */
  addMeasurement(measurement: string): { table: MeasurementTable; ddl: string[] } {
    const table: MeasurementTable = { table: `m${this.measurements.size}`, fields: new Map() };
    this.measurements.set(measurement, table);
    const a = ident(this.alias);
    return {
      table,
      ddl: [
        `CREATE TABLE ${a}.${ident(table.table)}(time BIGINT NOT NULL, series_id INTEGER NOT NULL)`,
        `INSERT INTO ${a}._schema VALUES ('measurement', ${str(measurement)}, ${str(measurement)}, ${str(table.table)}, NULL)`,
      ],
    };
  }

  /** SQL to add a field column; mutates the in-memory schema. */
  addField(measurement: string, table: MeasurementTable, field: string, type: FieldType): string[] {
    const column = `f${table.fields.size}`;
    table.fields.set(field, { column, type });
    const a = ident(this.alias);
    return [
      `ALTER TABLE ${a}.${ident(table.table)} ADD COLUMN ${ident(column)} ${DUCK_TYPE[type]}`,
      `INSERT INTO ${a}._schema VALUES ('field', ${str(measurement)}, ${str(field)}, ${str(column)}, ${str(type)})`,
    ];
  }

  /** SQL to add a tag column to the catalog; mutates the in-memory schema. */
  addTagKey(key: string): string[] {
    const column = `t${this.tagColumns.size}`;
    this.tagColumns.set(key, column);
    const a = ident(this.alias);
    return [
      `ALTER TABLE ${a}._series ADD COLUMN ${ident(column)} VARCHAR`,
      `INSERT INTO ${a}._schema VALUES ('tag', NULL, ${str(key)}, ${str(column)}, NULL)`,
    ];
  }
}
