import type { DuckDBInstance } from "@duckdb/node-api";
import { BatchBuilder, emptyValues } from "./batch-builder.js";
import { pointsFrom } from "./dedup.js";
import {
  EmptyWindowFiller,
  MAX_BATCH_ROWS,
  type ReadUnit,
  type SeriesIdentity,
  aggregateSql,
  type SeriesIds,
  aggregateType,
  identityOf,
  seriesFilterSql,
  valueSql,
  windowStartSql,
} from "./read.js";
import { readRows } from "./rows.js";
import { combinedColumns, partialSelects, rollupFits, rollupSpan, rollupWorthIt } from "./rollup-read.js";
import { type RawColumns, gather, inSeriesTimeOrder, pickRows, rawColumns, seriesPoints, seriesTimeOrder } from "./raw-columns.js";
import { MAX_SMALL_ROWS, MAX_SMALL_SERIES, readSmall, smallAggregateFits, smallColumns, smallRows, windowsSmall } from "./small-aggregate.js";
import { type CacheRead, type SeriesCache, cachedPassingRows, cachedRows } from "./series-cache.js";
import { DUCK_TYPE, type Shard } from "./shard.js";
import { ident, int64, unionAll } from "./sql.js";
import type { Batch, BatchValues, FieldType, ReadRequest, ValuePredicate } from "./types.js";

type Connection = Awaited<ReturnType<DuckDBInstance["connect"]>>;

/** Most windows per group a wide read may buffer (it holds its whole, aggregated, result). */
const MAX_WIDE_WINDOWS = 10_000n;

/** Whether the units of one measurement may be aggregated in one statement (see {@link readWide}). */
export function wideReadFits(request: ReadRequest, start: bigint): boolean {
  const agg = request.aggregate;
  if (agg === undefined) return false;
  if (agg.every === undefined) return true;
  return (request.stop - start) / agg.every <= MAX_WIDE_WINDOWS;
}

/**
 * Aggregates every field of one measurement in ONE pass over its rows, instead of one statement
 * per field: each shard contributes one SELECT with a column per unit (NULL where the value is
 * missing or fails the value predicate), which that unit's aggregates skip.
 * The aggregated result is small (bounded by {@link MAX_WIDE_WINDOWS} per group), so it is read
 * whole and then emitted unit by unit in the order the per-field reads would have used.
 */
export async function* readWide(
  conn: Connection,
  request: ReadRequest,
  start: bigint,
  units: readonly ReadUnit[],
  identities: Map<number, SeriesIdentity>,
  seriesIds: SeriesIds,
  rollupMinBuckets: bigint,
  cache: SeriesCache | undefined,
): AsyncGenerator<Batch> {
  const agg = request.aggregate!;
  const groupBy = request.groupBy;
  const groupCols = (groupBy ?? []).map((_, i) => `g${i}`);
  const keyCols = groupBy === undefined ? ["series_id"] : groupBy.length === 0 ? ["g_all"] : groupCols;
  const measurement = units[0]!.measurement;
  // One SELECT per shard holding any of the units.
  const shards = unitsByShard(units);
  /** A shard's group columns (with `withGroups`) and the join to its series catalog they need. */
  const groupsOf = (shard: Shard, withGroups: boolean): { select: string[]; join: string } => {
    const select = (withGroups ? (groupBy ?? []) : []).map((key, i) => {
      const col = shard.committed.tagColumns.get(key);
      return col === undefined ? `NULL::VARCHAR AS g${i}` : `s.${ident(col)} AS g${i}`;
    });
    if (withGroups && groupBy?.length === 0) select.push("0 AS g_all");
    const join = withGroups && groupBy !== undefined && groupBy.length > 0 ? ` JOIN ${ident(shard.alias)}._series s ON s.series_id = p.series_id` : "";
    return { select, join };
  };
  const selectsFrom = (from: bigint, withGroups = true) => [...shards].map(([shard, { table, columns }]) => {
    const timeWhere = `time >= ${int64(from)} AND time < ${int64(request.stop)}`;
    const where = `${timeWhere} AND ${seriesFilterSql(shard, request, measurement, seriesIds)}`;
    const groups = groupsOf(shard, withGroups);
    const points = pointsFrom(shard, table, where, groups.join);
    const values = units.map((unit, i) => {
      const column = columns.get(i);
      if (column === undefined) return `NULL::${DUCK_TYPE[unit.type]} AS v${i}`;
      // Without a value predicate the column is used as is: aggregates skip its NULLs.
      if (request.values === undefined) return `p.${ident(column)} AS v${i}`;
      return `CASE WHEN p.${ident(column)} IS NOT NULL AND ${valueSql(request.values, table, column, unit.type)} THEN p.${ident(column)} END AS v${i}`;
    });
    return `SELECT ${["p.series_id AS series_id", "p.time AS time", ...values, ...groups.select].join(", ")} FROM ${points.from} WHERE ${points.where}`;
  });
  const seriesCount = matchingSeries(measurement, identities);
  // Rows with partial states (see rollup-read.ts) where the shards' rollups answer enough of the range.
  const rolled = rollupFits(request, units) && rollupWorthIt(seriesCount, [...shards].map(([shard, { table }]) => rollupSpan(shard, table, request, start)), rollupMinBuckets);
  const partialsFrom = (from: bigint) =>
    [...shards].flatMap(([shard, { table, columns }]) =>
      partialSelects(shard, table, request, units, columns, from, seriesFilterSql(shard, request, measurement, seriesIds), groupsOf(shard, true)),
    );
  const window = windowStartSql(request, start);
  // Per unit `n<i>` (its count) and `a<i>` (its value), then `t<i>` (the point's time) where asked.
  const columns: string[] = rolled ? combinedColumns(request, units) : [];
  const pointTimeAt: Array<number | undefined> = rolled ? units.map(() => undefined) : [];
  if (!rolled) {
    units.forEach((unit, i) => {
      const full = aggregateSql(agg.fn, unit.type, `v${i}`, true);
      const sql = agg.pointTimes === false ? { value: full.value } : full;
      columns.push(`count(v${i}) AS n${i}`, `${sql.value} AS a${i}`);
      pointTimeAt.push(sql.pointTime === undefined ? undefined : columns.length);
      if (sql.pointTime !== undefined) columns.push(`${sql.pointTime} AS t${i}`);
    });
  }
  const direction = request.descending === true ? "DESC" : "ASC";
  const sortHere = groupBy === undefined && resultBound(request, start, seriesCount) <= MAX_JS_SORT_ROWS;
  const order = sortHere ? "" : ` ORDER BY ${keyCols.map((c) => `${c} ASC NULLS FIRST`).join(", ")}, time ${direction}`;
  const statement = (from: bigint): string =>
    `SELECT ${keyCols.join(", ")}, ${window} AS time, ${columns.join(", ")} FROM (${(rolled ? partialsFrom(from) : selectsFrom(from)).join(" UNION ALL ")})` +
    ` GROUP BY ${keyCols.join(", ")}, ${window}${order}`;
  const base = keyCols.length + 1;
  const countColumn = (i: number): number => base + pointTimeAt.slice(0, i).filter((p) => p !== undefined).length + 2 * i;
  let rows: unknown[][] | undefined;
  let sorted = false;
  const types = units.map((u) => u.type);
  // Per-series rows in time order are read as columns and cut into batches by slicing.
  const columnar = groupBy === undefined && request.descending !== true;
  const unitColumns = units.map((unit, i) => ({ type: aggregateType(agg.fn, unit.type)!, count: countColumn(i) - base, pointTime: pointTimeAt[i] }));
  let read: RawColumns | undefined;
  // (A read that takes rollups spans too many points for raw rows to be worth computing here.)
  if (!rolled && smallAggregateFits(request, types, seriesCount)) {
    const withPointTime = pointTimeAt.map((at) => at !== undefined);
    // Rows of compacted shards come from the series cache, value predicates aside (DuckDB applies those).
    const fromCache = request.values === undefined ? cachedRows(cacheRead(cache, conn, shards, seriesIds, measurement, types, start, request.stop), MAX_SMALL_ROWS) : undefined;
    // A group of several series only from the cache: their raw rows often exceed MAX_SMALL_ROWS,
    // and finding that out by reading them costs a scan on top of the aggregate's.
    const chunks = await (fromCache ?? (groupBy !== undefined && seriesCount > 1 ? undefined : readSmall(conn, selectsFrom(start, false), types)));
    const small = chunks === undefined ? undefined : windowsSmall(chunks, request, types);
    if (small !== undefined && columnar) read = smallColumns(small, agg.fn, unitColumns.map((u) => u.type), withPointTime);
    else if (small !== undefined) {
      rows = smallRows(small, request, withPointTime, groupKey(groupBy, identities));
      sorted = rows !== undefined;
    }
  }
  if (columnar) {
    const columnTypes = unitColumns.flatMap(({ type, pointTime }): FieldType[] => (pointTime === undefined ? ["integer", type] : ["integer", type, "integer"]));
    const readFrom = async (from: bigint): Promise<RawColumns> => rawColumns(await conn.run(statement(from)), columnTypes);
    if (read === undefined && agg.fn === "last" && agg.every === undefined && request.limit === undefined) {
      read = await recentLasts(conn, readFrom, selectsFrom(start), start, unitColumns.map((u) => u.count), seriesCount, identities);
    }
    read ??= await readFrom(start);
    if (!inSeriesTimeOrder(read)) read = pickRows(read, seriesTimeOrder(read));
    for (let i = 0; i < units.length; i++) yield* seriesAggregates(read, unitColumns[i]!, units[i]!, request, identities);
    return;
  }
  rows ??= (await readRows(conn, statement(start))) as unknown[][];
  if (sortHere && !sorted) {
    const sign = request.descending === true ? -1 : 1;
    rows.sort((a, b) => (a[0] as number) - (b[0] as number) || sign * compareTimes(a[1] as bigint, b[1] as bigint));
  }
  // A series' rows are told apart by their series ID (a number) itself, a group's by its key columns' text.
  const keyOf = (row: readonly unknown[]): unknown => (groupBy === undefined ? row[0] : JSON.stringify(row.slice(0, keyCols.length)));
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    const resultType = aggregateType(agg.fn, unit.type)!;
    const pointAt = pointTimeAt[i];
    const countAt = countColumn(i);
    const fill = agg.createEmpty === true ? new EmptyWindowFiller(request, agg.fn) : undefined;
    let builder: BatchBuilder | undefined;
    let currentKey: unknown;
    let taken = 0;
    const finish = function* (b: BatchBuilder): Generator<Batch> {
      if (fill !== undefined) yield* fill.complete(b);
      else if (b.length > 0) yield b.take();
    };
    for (const row of rows) {
      if (Number(row[countAt]) === 0) continue;
      if (groupBy === undefined && !identities.has(row[0] as number)) continue;
      const key = keyOf(row);
      if (key !== currentKey) {
        if (builder !== undefined) yield* finish(builder);
        currentKey = key;
        taken = 0;
        builder = new BatchBuilder(identityOf(unit, groupBy, row.slice(0, keyCols.length), identities), resultType, pointAt !== undefined);
      }
      // The filler keeps the first `limit` windows itself; without it, rows past the limit are dropped here.
      if (fill === undefined && request.limit !== undefined && taken >= request.limit) continue;
      taken++;
      const value = row[countAt + 1] as number | bigint | string | boolean | null;
      builder!.push(row[keyCols.length] as bigint, value, pointAt === undefined ? undefined : (row[base + pointAt] as bigint));
      if (fill === undefined && builder!.length >= MAX_BATCH_ROWS) yield builder!.take();
    }
    if (builder !== undefined) yield* finish(builder);
  }
}

/**
 * One unit's batches from a per-series aggregate read as columns (`series_id, time, n0, a0[, t0],
 * n1, …` without the two key columns, rows by series then time ascending): each series' windows
 * with values are copied out of the columns into its batches.
 */
function* seriesAggregates(
  read: RawColumns,
  at: { type: FieldType; count: number; pointTime: number | undefined },
  unit: ReadUnit,
  request: ReadRequest,
  identities: Map<number, SeriesIdentity>,
): Generator<Batch> {
  const agg = request.aggregate!;
  const { ids, times } = read;
  const counts = read.values[at.count] as BigInt64Array;
  const values = read.values[at.count + 1]!;
  const nulls = read.nulls[at.count + 1];
  const pointTimes = at.pointTime === undefined ? undefined : (read.values[at.pointTime] as BigInt64Array);
  const fill = agg.createEmpty === true ? new EmptyWindowFiller(request, agg.fn) : undefined;
  // The filler keeps the first `limit` windows itself; without it, windows past the limit are dropped here.
  const limit = fill === undefined && request.limit !== undefined ? Math.max(0, Math.floor(request.limit)) : Infinity;
  for (let a = 0; a < read.length; ) {
    const id = ids[a]!;
    let b = a + 1;
    while (b < read.length && ids[b] === id) b++;
    const rows: number[] = [];
    for (let r = a; r < b && rows.length < limit; r++) if (counts[r] !== 0n) rows.push(r);
    a = b;
    if (rows.length === 0 || !identities.has(id)) continue;
    const builder = new BatchBuilder(identityOf(unit, undefined, [id], identities), at.type, pointTimes !== undefined);
    const step = fill === undefined ? MAX_BATCH_ROWS : rows.length;
    for (let s = 0; s < rows.length; s += step) {
      const piece = rows.slice(s, s + step);
      const pieceNulls = nulls === undefined ? undefined : gather(nulls, piece);
      builder.pushSegment({
        times: gather(times, piece),
        values: gather(values, piece),
        nulls: pieceNulls?.includes(1) === true ? pieceNulls : undefined,
        pointTimes: pointTimes === undefined ? undefined : gather(pointTimes, piece),
      });
      if (fill === undefined) yield builder.take();
    }
    if (fill !== undefined) yield* fill.complete(builder);
  }
}

/**
 * Most result rows a per-series wide read orders itself: an ORDER BY costs DuckDB a pipeline of
 * its own (~0.4 ms of a 2 ms query for one series), sorting a few thousand rows here much less.
 */
const MAX_JS_SORT_ROWS = 20_000;

/**
 * The group key columns of a series' rows, as the statement computes them (the series ID, a
 * constant for one group of everything, or the series' values of the `groupBy` tags, NULL where
 * it lacks one); undefined for a series the read did not resolve (its tags are unknown here).
 */
function groupKey(groupBy: readonly string[] | undefined, identities: Map<number, SeriesIdentity>): (id: number) => unknown[] | undefined {
  if (groupBy === undefined) return (id) => [id];
  if (groupBy.length === 0) return () => [0];
  return (id) => {
    const tags = identities.get(id)?.tags;
    return tags === undefined ? undefined : groupBy.map((key) => tags.find(([k]) => k === key)?.[1] ?? null);
  };
}

/** An upper bound of a per-series aggregate's rows: matching series × windows. */
function resultBound(request: ReadRequest, start: bigint, seriesCount: number): number {
  const every = request.aggregate?.every;
  const windows = every === undefined ? 1 : Number((request.stop - start) / every) + 2;
  return seriesCount * windows;
}

function matchingSeries(measurement: string, identities: Map<number, SeriesIdentity>): number {
  let series = 0;
  for (const identity of identities.values()) if (identity.measurement === measurement) series++;
  return series;
}

function compareTimes(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How far back from the newest point `last()` looks first. */
const RECENT_NS = 3_600_000_000_000n;

/**
 * `last()` per series without windows: the newest point of a series is almost always among the
 * newest points of the measurement, so the aggregate first runs over the last hour before the
 * newest point. When every series (of the read) has every unit there, that is the answer; else
 * the caller runs it over the whole range. Returns undefined in that case.
 */
async function recentLasts(
  conn: Connection,
  readFrom: (from: bigint) => Promise<RawColumns>,
  selects: readonly string[],
  start: bigint,
  /** Where each unit's count column is among the read's value columns. */
  countAt: readonly number[],
  /** The read's series of the measurement (each must have every unit in the recent rows). */
  expected: number,
  identities: Map<number, SeriesIdentity>,
): Promise<RawColumns | undefined> {
  const newest = (await readRows(conn, `SELECT max(time) FROM (${selects.join(" UNION ALL ")})`))[0]?.[0];
  if (typeof newest !== "bigint" || newest - RECENT_NS <= start) return undefined;
  const read = await readFrom(newest - RECENT_NS);
  for (const at of countAt) {
    const counts = read.values[at] as BigInt64Array;
    let found = 0;
    for (let r = 0; r < read.length; r++) if (counts[r] !== 0n && identities.has(read.ids[r]!)) found++;
    if (found !== expected) return undefined;
  }
  return read;
}

/**
 * For each unit of one measurement, the series (ascending IDs) with at least one value in the
 * range, whatever the value predicate: one grouped pass over the measurement's rows.
 */
export async function seriesWithValues(
  conn: Connection,
  request: ReadRequest,
  start: bigint,
  units: readonly ReadUnit[],
  seriesIds: SeriesIds,
): Promise<Map<ReadUnit, number[]>> {
  const timeWhere = `time >= ${int64(start)} AND time < ${int64(request.stop)}`;
  const byShard = unitsByShard(units);
  const measurement = units[0]!.measurement;
  const selects = [...byShard].map(([shard, { table, columns }]) => {
    const values = units.map((unit, i) => {
      const column = columns.get(i);
      return column === undefined ? `NULL::${DUCK_TYPE[unit.type]} AS v${i}` : `${ident(column)} AS v${i}`;
    });
    const points = pointsFrom(shard, table, `${timeWhere} AND ${seriesFilterSql(shard, request, measurement, seriesIds)}`);
    return `SELECT series_id, ${values.join(", ")} FROM ${points.from} WHERE ${points.where}`;
  });
  const counts = units.map((_, i) => `count(v${i})`).join(", ");
  const rows = await readRows(conn, `SELECT series_id, ${counts} FROM (${selects.join(" UNION ALL ")}) GROUP BY series_id ORDER BY series_id`);
  const out = new Map<ReadUnit, number[]>(units.map((unit) => [unit, []]));
  for (const row of rows) {
    units.forEach((unit, i) => {
      if (Number(row[i + 1]) > 0) out.get(unit)!.push(row[0] as number);
    });
  }
  return out;
}

/** Whether every comparison of the predicate names its field (none tests "the value returned"). */
function testsNamedFieldsOnly(predicate: ValuePredicate): boolean {
  return predicate.kind === "compare" ? predicate.field !== undefined : predicate.operands.every(testsNamedFieldsOnly);
}

/**
 * Whether a raw read filtered on named fields can read all fields of a measurement at once. Its
 * passing rows are held whole (see {@link readWideRaw}): the readers that filter on named fields
 * (a Flux pivot, InfluxQL) hold all they read anyway.
 */
export function wideRawFits(request: ReadRequest): boolean {
  return (
    request.aggregate === undefined &&
    request.groupBy === undefined &&
    request.limit === undefined &&
    request.descending !== true &&
    request.values !== undefined &&
    testsNamedFieldsOnly(request.values)
  );
}

/**
 * The raw rows of a read filtered on named fields: the rows passing the filter are the same for
 * every field, so ONE statement reads them with a column per unit, and each unit's batches are
 * cut from it. With `emptySeries`, a series with passing rows also gets an empty batch for each
 * unit with values in the range but none passing (what a pivot needs for its columns); DuckDB is
 * asked which series have values only when some series' passing rows lack a unit that exists.
 * Its callers (a pivot, InfluxQL) hold everything they read before answering, so holding the
 * passing rows here costs no more than they already hold.
 */
export async function* readWideRaw(
  conn: Connection,
  request: ReadRequest,
  start: bigint,
  units: readonly ReadUnit[],
  identities: Map<number, SeriesIdentity>,
  seriesIds: SeriesIds,
  cache: SeriesCache | undefined,
): AsyncGenerator<Batch> {
  const timeWhere = `time >= ${int64(start)} AND time < ${int64(request.stop)}`;
  const measurement = units[0]!.measurement;
  const byShard = unitsByShard(units);
  const passingRows = [...byShard].map(([shard, { table, columns }]) => {
    const values = units.map((unit, i) => {
      const column = columns.get(i);
      return column === undefined ? `NULL::${DUCK_TYPE[unit.type]} AS v${i}` : `p.${ident(column)} AS v${i}`;
    });
    const points = pointsFrom(shard, table, `${timeWhere} AND ${seriesFilterSql(shard, request, measurement, seriesIds)}`);
    // Named-field tests do not depend on the column returned: any column stands in for it.
    const passes = valueSql(request.values!, table, "time", "integer");
    return `SELECT p.series_id AS series_id, p.time AS time, ${values.join(", ")} FROM ${points.from} WHERE ${points.where} AND ${passes}`;
  });
  const types = units.map((u) => u.type);
  const fewSeries = matchingSeries(measurement, identities) <= MAX_SMALL_SERIES;
  // The rows of a few series are few: ordered here rather than by a sort pipeline in DuckDB.
  const order = fewSeries ? "" : " ORDER BY series_id, time";
  // The rows of a few series of compacted shards come from the series cache where the filter can be evaluated here.
  const fromCache = fewSeries ? cachedPassingRows(cacheRead(cache, conn, byShard, seriesIds, measurement, types, start, request.stop), request.values!) : undefined;
  let passing = (await fromCache) ?? rawColumns(await conn.run(`${unionAll(passingRows)}${order}`), types);
  if (fewSeries && !inSeriesTimeOrder(passing)) passing = pickRows(passing, seriesTimeOrder(passing));
  // Units no shard has a column for have no value anywhere: no empty batch is owed for them.
  const stored = units.flatMap((_, i) => ([...byShard.values()].some(({ columns }) => columns.has(i)) ? [i] : []));
  const existing = request.emptySeries === true && someSeriesLacks(passing, stored) ? await seriesWithValues(conn, request, start, units, seriesIds) : undefined;
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    const bySeries = seriesPoints(passing, i, unit.type);
    const ids = existing === undefined ? [...bySeries.keys()] : [...new Set([...existing.get(unit)!, ...bySeries.keys()])].sort((a, b) => a - b);
    for (const id of ids) {
      if (!identities.has(id)) continue;
      const got = bySeries.get(id) ?? { times: new BigInt64Array(0), values: { type: unit.type, values: emptyValues(unit.type, 0) } as BatchValues };
      const { measurement, tags, field } = identityOf(unit, undefined, [id], identities);
      yield { measurement, tags, field, times: got.times, values: got.values };
    }
  }
}

/** Whether some series of `rows` (ordered by series) has no value of one of the units `at`. */
function someSeriesLacks(rows: RawColumns, at: readonly number[]): boolean {
  for (let a = 0; a < rows.length; ) {
    let b = a + 1;
    while (b < rows.length && rows.ids[b] === rows.ids[a]) b++;
    for (const i of at) {
      const nulls = rows.nulls[i];
      if (nulls === undefined) continue;
      let r = a;
      while (r < b && nulls[r] === 1) r++;
      if (r === b) return true;
    }
    a = b;
  }
  return false;
}

/** A read of one measurement's units as the series cache takes it. */
function cacheRead(cache: SeriesCache | undefined, conn: Connection, shards: CacheRead["shards"], seriesIds: SeriesIds, measurement: string, types: readonly FieldType[], start: bigint, stop: bigint): CacheRead {
  return { cache, conn, shards, idsIn: (shard) => seriesIds.get(`${shard.alias}\u0000${measurement}`) ?? [], types, start, stop };
}

/** Per shard holding any of the units: its table and, by unit index, the unit's column there. */
function unitsByShard(units: readonly ReadUnit[]): Map<Shard, { table: ReadUnit["parts"][number]["table"]; columns: Map<number, string> }> {
  const shards = new Map<Shard, { table: ReadUnit["parts"][number]["table"]; columns: Map<number, string> }>();
  units.forEach((unit, i) => {
    for (const part of unit.parts) {
      let entry = shards.get(part.shard);
      if (entry === undefined) {
        entry = { table: part.table, columns: new Map() };
        shards.set(part.shard, entry);
      }
      entry.columns.set(i, part.column);
    }
  });
  return shards;
}
