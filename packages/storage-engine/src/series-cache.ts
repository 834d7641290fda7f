/**
 * Series rows of compacted shards, kept in memory for small reads.
 *
 * A one-host read (a dashboard panel of one machine) is a few hundred rows, yet each costs DuckDB
 * a statement: ~0.4 ms of fixed cost, the scan, and two hops to its threads and back. A compacted
 * shard does not change until it is written or deleted from again (both clear
 * `Shard.compacted` before touching a row, and compaction swaps in a new `Shard` object), so its
 * rows of one series can be read once, whole and in time order, and later reads of that series
 * slice them by time instead of asking DuckDB.
 *
 * Entries are per (shard object, point table, series) and hold the times and the columns read so
 * far; they are kept while they fit in the byte budget, least recently used first out.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { type Segment, emptyValues } from "./batch-builder.js";
import type { MeasurementTable, Shard } from "./shard.js";
import type { RowChunk } from "./small-aggregate.js";
import { ident } from "./sql.js";
import { type RawColumns, concatRaw, pickRows, rawColumns } from "./raw-columns.js";
import type { FieldType, ValuePredicate } from "./types.js";
import { type CompiledTest, compileValueTest, passes } from "./value-test.js";

/** One column of a series' rows: its values and null flags (1 = null; absent without nulls). */
export interface SeriesColumn {
  values: Segment["values"];
  nulls: Uint8Array | undefined;
}

/** A compacted shard's rows of one series in one point table, in time order. */
export interface CachedSeries {
  times: BigInt64Array;
  /** Point-table column → its values, for the columns read so far. */
  columns: Map<string, SeriesColumn>;
}

interface Entry extends CachedSeries {
  bytes: number;
  /** The series' rows did not fit (see {@link MAX_CACHED_ROWS}): reads of it go to DuckDB. */
  tooLarge?: true;
}

/** Rows one entry may hold: a series longer than this in one shard is left to DuckDB. */
export const MAX_CACHED_ROWS = 1 << 18;

/** The default byte budget (`StorageEngineOptions.readCacheBytes`). */
export const DEFAULT_READ_CACHE_BYTES = 128 * 1024 * 1024;

/** Whether a shard's rows may come from the cache: compacted, not written since, nothing to merge. */
export function cacheable(shard: Shard): boolean {
  return shard.compacted && !shard.needsDedup;
}

let objectIds = 0;
const shardIds = new WeakMap<Shard, number>();
/** A number per Shard object: the one a compaction swaps in for the same file gets a new one. */
function shardId(shard: Shard): number {
  let id = shardIds.get(shard);
  if (id === undefined) shardIds.set(shard, (id = ++objectIds));
  return id;
}

export class SeriesCache {
  /** In use order, least recent first (a Map iterates in insertion order). */
  readonly #entries = new Map<string, Entry>();
  /** Per shard object and point table: the fewest series whose rows together went over the budget. */
  readonly #overBudget = new WeakMap<Shard, Map<string, number>>();
  #bytes = 0;
  /** Since open: entries served from memory, entries read from DuckDB, statements run to read them. */
  readonly stats = { hits: 0, fills: 0, statements: 0 };

  constructor(readonly maxBytes: number) {}

  get bytes(): number {
    return this.#bytes;
  }

  /**
   * The rows of `ids` in `table` of a {@link cacheable} shard, with at least `columns`, reading
   * what is missing in one statement. Undefined when a series has more than
   * {@link MAX_CACHED_ROWS} rows there, or would not fit in the budget: the caller asks DuckDB.
   */
  async series(
    conn: DuckDBConnection,
    shard: Shard,
    table: MeasurementTable,
    ids: readonly number[],
    columns: ReadonlyArray<{ column: string; type: FieldType }>,
  ): Promise<Map<number, CachedSeries> | undefined> {
    const prefix = `${shardId(shard)}\u0000${table.table}\u0000`;
    const found = new Map<number, CachedSeries>();
    const missing: number[] = [];
    const wanted = new Map<string, FieldType>();
    for (const id of ids) {
      const key = prefix + id;
      const entry = this.#entries.get(key);
      if (entry?.tooLarge === true) return undefined;
      const lacking = columns.filter((c) => entry?.columns.has(c.column) !== true);
      if (entry !== undefined && lacking.length === 0) {
        // Most recently used: to the end.
        this.#entries.delete(key);
        this.#entries.set(key, entry);
        found.set(id, entry);
        continue;
      }
      missing.push(id);
      for (const c of entry === undefined ? columns : lacking) wanted.set(c.column, c.type);
    }
    this.stats.hits += found.size;
    if (missing.length === 0) return found;
    if (missing.length >= (this.#overBudget.get(shard)?.get(table.table) ?? Infinity)) return undefined;
    const filled = await this.fill(conn, shard, table, missing, wanted);
    if ((filled === "over budget" || filled === undefined) && missing.length > 1) {
      // Several series that did not fit together (a grouped read of many): each may still fit
      // alone, so none is marked; sets at least as large skip the statement from now on.
      let tables = this.#overBudget.get(shard);
      if (tables === undefined) this.#overBudget.set(shard, (tables = new Map()));
      tables.set(table.table, Math.min(tables.get(table.table) ?? Infinity, missing.length));
      return undefined;
    }
    if (filled === undefined || filled === "over budget") {
      // Remembered, so that each later read does not pay for a statement whose rows are dropped.
      for (const id of missing) this.put(prefix + id, { times: new BigInt64Array(0), columns: new Map(), bytes: 64, tooLarge: true });
      this.evict();
      return undefined;
    }
    for (const id of missing) {
      const key = prefix + id;
      // `fill` gives every series asked for an entry, empty where it has no rows.
      const read = filled.get(id)!;
      let entry = this.#entries.get(key);
      // Entries of an unchanged shard have the same rows whenever they are read; should the row
      // count differ anyway, the new read replaces the old entry.
      if (entry === undefined || entry.times.length !== read.times.length) {
        entry = { times: read.times, columns: new Map(), bytes: read.times.byteLength + 64 };
        this.put(key, entry);
      }
      for (const [column, values] of read.columns) {
        if (entry.columns.has(column)) continue;
        entry.columns.set(column, values);
        const size = sizeOf(values);
        entry.bytes += size;
        this.#bytes += size;
      }
      found.set(id, entry);
    }
    this.stats.fills += missing.length;
    this.evict();
    // An entry replaced because its rows changed holds only the columns just read: DuckDB answers.
    for (const id of missing) if (columns.some((c) => !found.get(id)!.columns.has(c.column))) return undefined;
    // An answer must not depend on what the budget kept: the entries found are used as they are.
    return found;
  }

  private async fill(
    conn: DuckDBConnection,
    shard: Shard,
    table: MeasurementTable,
    ids: readonly number[],
    wanted: ReadonlyMap<string, FieldType>,
  ): Promise<Map<number, CachedSeries> | "over budget" | undefined> {
    const names = [...wanted.keys()];
    const types = [...wanted.values()];
    const select = ["series_id", "time", ...names.map(ident)].join(", ");
    const limit = MAX_CACHED_ROWS * ids.length;
    this.stats.statements++;
    const result = await conn.run(
      `SELECT ${select} FROM ${ident(shard.alias)}.${ident(table.table)} WHERE series_id IN (${ids.join(", ")}) ORDER BY series_id, time LIMIT ${limit + 1}`,
    );
    if (result.rowCount > limit) return undefined;
    const n = result.rowCount;
    if (n * (8 + 8 * names.length) > this.maxBytes / 4) return "over budget";
    const rows = rawColumns(result, types);
    const out = new Map<number, CachedSeries>();
    for (let from = 0; from < n; ) {
      const id = rows.ids[from]!;
      let to = from + 1;
      while (to < n && rows.ids[to] === id) to++;
      if (to - from > MAX_CACHED_ROWS) return undefined;
      const series: CachedSeries = { times: rows.times.slice(from, to), columns: new Map() };
      names.forEach((name, i) => series.columns.set(name, sliceColumn({ values: rows.values[i]!, nulls: rows.nulls[i] }, from, to)));
      out.set(id, series);
      from = to;
    }
    // Series without rows here still get (empty) entries, so they are not read again.
    for (const id of ids) {
      if (out.has(id)) continue;
      const columnsOf = new Map<string, SeriesColumn>();
      for (const [name, type] of wanted) columnsOf.set(name, { values: emptyValues(type, 0), nulls: undefined });
      out.set(id, { times: new BigInt64Array(0), columns: columnsOf });
    }
    return out;
  }

  /** Adds or replaces an entry, as the most recently used. */
  private put(key: string, entry: Entry): void {
    const old = this.#entries.get(key);
    if (old !== undefined) this.remove(key, old);
    this.#entries.set(key, entry);
    this.#bytes += entry.bytes;
  }

  private evict(): void {
    for (const [key, entry] of this.#entries) {
      if (this.#bytes <= this.maxBytes) return;
      this.remove(key, entry);
    }
  }

  private remove(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }
}

function sizeOf(column: SeriesColumn): number {
  const values = column.values;
  let bytes = column.nulls?.byteLength ?? 0;
  if (!Array.isArray(values)) return bytes + values.byteLength;
  // Strings and booleans: a pointer each, and the characters of strings.
  for (const v of values) bytes += 8 + (typeof v === "string" ? 2 * v.length : 0);
  return bytes;
}

/** Rows [from, to) of a column, as views where the values are typed (no copy). */
export function sliceColumn(column: SeriesColumn, from: number, to: number): SeriesColumn {
  const { values, nulls } = column;
  const part = Array.isArray(values) ? values.slice(from, to) : values.subarray(from, to);
  return { values: part, nulls: nulls?.subarray(from, to) };
}

/** The first index of sorted `times` at or after `t`. */
export function lowerBound(times: BigInt64Array, t: bigint): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What a small read takes from one shard: its point table and, per unit index, the unit's column there. */
export interface ShardColumns {
  table: MeasurementTable;
  columns: ReadonlyMap<number, string>;
}

/** A read of the units of one measurement, asked of the cache. */
export interface CacheRead {
  cache: SeriesCache | undefined;
  conn: DuckDBConnection;
  /** The shards holding any of the units. */
  shards: ReadonlyMap<Shard, ShardColumns>;
  /** The read's series in a shard. */
  idsIn: (shard: Shard) => readonly number[];
  /** Per unit index, its type. */
  types: readonly FieldType[];
  start: bigint;
  stop: bigint;
}

/** One series' rows of one shard in a read: the rows [from, to) of `series` are in its range. */
interface Slice {
  shard: Shard;
  id: number;
  series: CachedSeries;
  /** Per unit index, the unit's column in this shard. */
  columns: ReadonlyMap<number, string>;
  from: number;
  to: number;
}

/** A slice's rows with a value column per unit (all null where the shard lacks the unit's column). */
function sliceRows({ id, series, columns, from, to }: Slice, types: readonly FieldType[]): RowChunk {
  const n = to - from;
  const values = types.map((type, unit): SeriesColumn => {
    const column = columns.get(unit);
    if (column === undefined) return { values: emptyValues(type, n), nulls: new Uint8Array(n).fill(1) };
    return sliceColumn(series.columns.get(column)!, from, to);
  });
  return { ids: new Int32Array(n).fill(id), times: series.times.subarray(from, to), values };
}

/** Whether the cache may answer `read` at all (before anything is read). */
function usable(read: CacheRead): read is CacheRead & { cache: SeriesCache } {
  if (read.cache === undefined || read.cache.maxBytes === 0) return false;
  for (const shard of read.shards.keys()) if (!cacheable(shard)) return false;
  return true;
}

/**
 * The read's non-empty slices, per shard then series, with the units' columns and `also(shard)`'s
 * in the cache; undefined when the cache cannot hold some series.
 */
async function slices(read: CacheRead & { cache: SeriesCache }, also: (shard: Shard) => ReadonlyArray<{ column: string; type: FieldType }> = () => []): Promise<Slice[] | undefined> {
  const out: Slice[] = [];
  for (const [shard, { table, columns }] of read.shards) {
    const ids = read.idsIn(shard);
    if (ids.length === 0) continue;
    const wanted = new Map<string, FieldType>(also(shard).map((c) => [c.column, c.type]));
    for (const [unit, column] of columns) wanted.set(column, read.types[unit]!);
    const found = await read.cache.series(read.conn, shard, table, ids, [...wanted].map(([column, type]) => ({ column, type })));
    if (found === undefined) return undefined;
    for (const [id, series] of found) {
      const from = lowerBound(series.times, read.start);
      const to = lowerBound(series.times, read.stop);
      if (to > from) out.push({ shard, id, series, columns, from, to });
    }
  }
  return out;
}

/**
 * The rows of `read` from the cache, as {@link readSmall} gives them from DuckDB (undefined
 * beyond `maxRows` rows). Undefined at once, with nothing read, when the cache cannot answer (off,
 * or a shard not {@link cacheable}): the caller asks DuckDB.
 */
export function cachedRows(read: CacheRead, maxRows: number): Promise<RowChunk[] | undefined> | undefined {
  if (!usable(read)) return undefined;
  return (async () => {
    const found = await slices(read);
    if (found === undefined) return undefined;
    const chunks: RowChunk[] = [];
    let rows = 0;
    for (const slice of found) {
      rows += slice.to - slice.from;
      if (rows > maxRows) return undefined;
      chunks.push(sliceRows(slice, read.types));
    }
    return chunks;
  })();
}

/**
 * The rows of `read` that pass `predicate` (on named fields), with a value column per unit, as
 * `readWideRaw`'s statement gives them from DuckDB, taken from the cache instead. Undefined at
 * once, with nothing read, when the cache cannot answer or the predicate must be left to DuckDB.
 */
export function cachedPassingRows(read: CacheRead, predicate: ValuePredicate): Promise<RawColumns | undefined> | undefined {
  if (!usable(read)) return undefined;
  const tests = new Map<Shard, CompiledTest>();
  for (const [shard, { table }] of read.shards) {
    const compiled = compileValueTest(predicate, table);
    if (compiled === undefined) return undefined;
    tests.set(shard, compiled);
  }
  return (async () => {
    const found = await slices(read, (shard) => tests.get(shard)!.columns);
    if (found === undefined) return undefined;
    // Per slice, its rows that pass, picked from the slice's columns.
    const parts = found.map((slice): RawColumns => {
      const test = tests.get(slice.shard)!.test;
      const rows: number[] = [];
      for (let r = slice.from; r < slice.to; r++) if (passes(test(slice.series.columns, r))) rows.push(r - slice.from);
      const { ids, times, values } = sliceRows(slice, read.types);
      return pickRows({ length: ids.length, ids, times, values: values.map((v) => v.values), nulls: values.map((v) => v.nulls) }, rows);
    });
    return concatRaw(parts, read.types);
  })();
}
