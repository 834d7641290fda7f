import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { ConnectionPool } from "./connection-pool.js";
import { BatchBuilder, nullFlags, numericColumn, valuesOf } from "./batch-builder.js";
import { pointsFrom } from "./dedup.js";
import { seriesPredicateSql } from "./predicate.js";
import { resolveSeries, type SeriesIdentity, type SeriesIds } from "./series-lookup.js";
import { readWide, readWideRaw, seriesWithValues, wideRawFits, wideReadFits } from "./read-wide.js";
import { compareText } from "@fluxgate/line-protocol";
import { inSeriesOrder, seriesRanks } from "./series-order.js";
import type { SeriesCache } from "./series-cache.js";
import { DUCK_TYPE, type MeasurementTable, type Shard } from "./shard.js";
import { ident, int64, str, unionAll } from "./sql.js";
export type { SeriesIdentity, SeriesIds } from "./series-lookup.js";
import type { AggregateFn, Batch, FieldType, ReadRequest, SeriesPredicate, ValueLiteral, ValuePredicate } from "./types.js";

/** What a read needs from the engine: a connection source and the bucket's shards. */
export interface ReadContext {
  connections: ConnectionPool;
  shards: readonly Shard[];
  /** Points before this are past retention and hidden even if their shard still exists. */
  retentionCutoff: bigint | undefined;
  /** See `StorageEngineOptions.rollupMinBuckets`. */
  rollupMinBuckets: bigint;
  /** Series rows of compacted shards for small reads (see series-cache.ts); none when absent. */
  seriesCache?: SeriesCache;
}

/** Rows per emitted batch (a group larger than this spans consecutive batches). */
export const MAX_BATCH_ROWS = 8192;

/** One (measurement, field, type) read across the shards that hold it. */
export interface ReadUnit {
  measurement: string;
  field: string;
  type: FieldType;
  parts: Array<{ shard: Shard; table: MeasurementTable; column: string }>;
}

/** Result type of an aggregate over a field type; undefined when SQL cannot compute it. */
export function aggregateType(fn: AggregateFn, type: FieldType): FieldType | undefined {
  switch (fn) {
    case "count":
      return "integer";
    case "first":
    case "last":
      return type;
    case "min":
    case "max":
    case "sum":
    case "spread":
      return type === "string" || type === "boolean" ? undefined : type;
    case "mean":
    case "stddev":
    case "median":
      return type === "string" || type === "boolean" ? undefined : "float";
  }
}

/**
 * SQL of the start of the window a row's `time` falls in (the range's start without `every`).
 * Rows of a read have `time >= start`: from an offset at or before it, `time - offset` is never
 * negative and one remainder finds the window; before that, a floor-aligned remainder is needed.
 */
export function windowStartSql(request: ReadRequest, start: bigint): string {
  const agg = request.aggregate!;
  if (agg.every === undefined) return int64(request.start);
  const offset = agg.offset ?? 0n;
  const every = int64(agg.every);
  if (start >= offset) return `(time - ((time - ${int64(offset)}) % ${every}))`;
  return `(time - ((((time - ${int64(offset)}) % ${every}) + ${every}) % ${every}))`;
}

/**
 * SQL of an aggregate over the column `v` (and `time`). With `nullable` the column may hold NULLs
 * (a wide read aggregates several fields in one pass, each NULL where its field has no value):
 * the aggregates skip NULL values themselves, and the point's time is taken over non-NULL rows
 * only by masking its ordering key to NULL, which DuckDB's arg_min/arg_max/min/max skip. (A
 * `FILTER (WHERE v IS NOT NULL)` clause per aggregate gives the same answer at twice the cost of
 * the whole statement: measured 22 ms against 10 ms for last() of ten fields over 100 series.)
 */
export function aggregateSql(fn: AggregateFn, type: FieldType, v = "v", nullable = false): { value: string; pointTime?: string } {
  const cast = type === "integer" ? "::BIGINT" : type === "unsigned" ? "::UBIGINT" : "";
  const where = (key: string): string => (nullable ? `CASE WHEN ${v} IS NOT NULL THEN ${key} END` : key);
  switch (fn) {
    case "count":
      return { value: `count(${v})` };
    case "sum":
      return { value: `sum(${v})${cast}` };
    case "mean":
      return { value: `avg(${v})::DOUBLE` };
    case "min":
      // Among equal values the earliest point wins, as Flux's selectors pick the first in time order.
      return { value: `min(${v})`, pointTime: `arg_min(time, ${where(`(${v}, time)`)})` };
    case "max":
      return { value: `max(${v})`, pointTime: `arg_max(time, ${where(`(${v}, -time)`)})` };
    // arg_min/arg_max skip rows whose value is NULL, as min/max do.
    case "first":
      return { value: `arg_min(${v}, time)`, pointTime: `min(${where("time")})` };
    case "last":
      return { value: `arg_max(${v}, time)`, pointTime: `max(${where("time")})` };
    case "spread":
      return { value: `(max(${v}) - min(${v}))` };
    case "stddev":
      return { value: `stddev_samp(${v})::DOUBLE` };
    case "median":
      return { value: `quantile_cont(${v}, 0.5)::DOUBLE` };
  }
}

function mentionsTags(predicate: SeriesPredicate): boolean {
  switch (predicate.kind) {
    case "and":
    case "or":
      return predicate.operands.some(mentionsTags);
    case "not":
      return mentionsTags(predicate.operand);
    case "measurement":
      return false;
    case "tag":
      return true;
  }
}

/**
 * Which rows of a measurement's point table the series predicate keeps. A point table holds one
 * measurement's series only, so a predicate on measurements alone keeps them all (no filter);
 * a few matching series are listed (a plain filter DuckDB applies while scanning); many go
 * through the catalog as a semi-join.
 */
export function seriesFilterSql(shard: Shard, request: ReadRequest, measurement: string, seriesIds: SeriesIds): string {
  if (request.series === undefined || !mentionsTags(request.series)) return "TRUE";
  const ids = seriesIds.get(`${shard.alias}\u0000${measurement}`) ?? [];
  if (ids.length === 0) return "FALSE";
  if (ids.length <= 256) return `series_id IN (${ids.join(", ")})`;
  const where = `${seriesPredicateSql(shard, request.series)} AND measurement = ${str(measurement)}`;
  return `series_id IN (SELECT series_id FROM ${ident(shard.alias)}._series WHERE ${where})`;
}

/** Streams the batches answering `request`; see {@link ReadRequest} for the semantics. */
export async function* runRead(ctx: ReadContext, request: ReadRequest): AsyncGenerator<Batch> {
  const start =
    ctx.retentionCutoff !== undefined && ctx.retentionCutoff > request.start ? ctx.retentionCutoff : request.start;
  if (start >= request.stop) return;
  const shards = ctx.shards.filter((s) => s.start < request.stop && s.stop > start);
  if (shards.length === 0) return;
  // A connection only once DuckDB is needed: a read of series or fields that do not exist, or
  // of shards whose catalogs are in memory, may not need one.
  let taken: DuckDBConnection | undefined;
  const connection = async (): Promise<DuckDBConnection> => (taken ??= await ctx.connections.take());
  try {
    // 1. Resolve the series predicate in each shard's catalog (in memory unless too large).
    const { identities, seriesIds, measurementsIn } = await resolveSeries(shards, request.series, connection);
    // 2. One unit per (measurement, field, type).
    const units = new Map<string, ReadUnit>();
    for (const shard of shards) {
      for (const measurement of measurementsIn.get(shard)!) {
        const table = shard.committed.measurements.get(measurement);
        if (table === undefined) continue;
        for (const [field, { column, type }] of table.fields) {
          if (request.fields !== undefined && !request.fields.includes(field)) continue;
          if (request.aggregate !== undefined && aggregateType(request.aggregate.fn, type) === undefined) continue;
          const key = JSON.stringify([measurement, field, type]);
          let unit = units.get(key);
          if (unit === undefined) {
            unit = { measurement, field, type, parts: [] };
            units.set(key, unit);
          }
          unit.parts.push({ shard, table, column });
        }
      }
    }
    // Measurements, then fields, in byte order (a field stored with two types: its types by name).
    const ordered = [...units.values()].sort(
      (a, b) => compareText(a.measurement, b.measurement) || compareText(a.field, b.field) || compareText(a.type, b.type),
    );
    if (ordered.length === 0) return;
    const conn = await connection();
    // 3. Per measurement, one SQL statement for all its units (a grouped read not made in one pass: one per unit).
    const wide = wideReadFits(request, start);
    const markEmpty = request.emptySeries === true && request.aggregate === undefined && request.groupBy === undefined;
    const wideRaw = wideRawFits(request);
    // A read of one series (one host's fields) has nothing to reorder.
    const oneSeries = identities.size <= 1;
    // Per measurement: the per-series reads come series by series in series-key order; the
    // grouped reads (`groupBy`) unit by unit, each in group key order.
    for (let i = 0; i < ordered.length; ) {
      let j = i + 1;
      while (j < ordered.length && ordered[j]!.measurement === ordered[i]!.measurement) j++;
      const measurementUnits = ordered.slice(i, j);
      i = j;
      if (wideRaw) {
        const batches = readWideRaw(conn, request, start, measurementUnits, identities, seriesIds, ctx.seriesCache);
        yield* oneSeries ? batches : inSeriesOrder(batches);
      } else if (wide) {
        const batches = readWide(conn, request, start, measurementUnits, identities, seriesIds, ctx.rollupMinBuckets, ctx.seriesCache);
        yield* oneSeries || request.groupBy !== undefined ? batches : inSeriesOrder(batches);
      } else if (request.groupBy !== undefined) {
        for (const unit of measurementUnits) yield* readUnits(conn, request, start, [unit], identities, seriesIds);
      } else {
        const existing = markEmpty ? await seriesWithValues(conn, request, start, measurementUnits, seriesIds) : undefined;
        yield* readUnits(conn, request, start, measurementUnits, identities, seriesIds, existing);
      }
    }
  } finally {
    if (taken !== undefined) ctx.connections.give(taken);
  }
}

/**
 * The batches of `units` read one statement at a time. Without `groupBy`, `units` are all the units
 * of one measurement and ONE statement reads them, ordered series by series in series-key order and
 * within a series field by field (InfluxDB's table order; see series-order.ts), streamed. With
 * `groupBy`, `units` is one unit, its groups in key order.
 */
async function* readUnits(
  conn: Awaited<ReturnType<DuckDBInstance["connect"]>>,
  request: ReadRequest,
  start: bigint,
  units: readonly ReadUnit[],
  identities: Map<number, SeriesIdentity>,
  seriesIds: SeriesIds,
  /** Per unit, the series with values of it in the range: each gets a batch, empty if need be. */
  existing?: Map<ReadUnit, number[]>,
): AsyncGenerator<Batch> {
  const groupBy = request.groupBy;
  const groupCols = (groupBy ?? []).map((_, i) => `g${i}`);
  // An empty groupBy makes one group of everything: a constant key column stands for it.
  const keyCols = groupBy === undefined ? ["series_id"] : groupBy.length === 0 ? ["g_all"] : groupCols;
  const timeWhere = `time >= ${int64(start)} AND time < ${int64(request.stop)}`;
  const direction = request.descending === true ? "DESC" : "ASC";
  const agg = request.aggregate;
  // Selectors also give the selected point's time (the function decides, whatever the type).
  const hasPointTime = agg !== undefined && agg.pointTimes !== false && aggregateSql(agg.fn, "float").pointTime !== undefined;
  const resultTypes = units.map((unit) => (agg === undefined ? unit.type : aggregateType(agg.fn, unit.type)!));
  /** One unit's rows: its key columns, `time`, `v` and, for selectors, `pt` (unordered). */
  const unitSql = (unit: ReadUnit): string => {
    const union = unit.parts
      .map(({ shard, table, column }) => {
        const a = ident(shard.alias);
        const where = `${timeWhere} AND ${seriesFilterSql(shard, request, unit.measurement, seriesIds)}`;
        const groupSelect = (groupBy ?? []).map((key, i) => {
          const col = shard.committed.tagColumns.get(key);
          return col === undefined ? `NULL::VARCHAR AS g${i}` : `s.${ident(col)} AS g${i}`;
        });
        if (groupBy?.length === 0) groupSelect.push("0 AS g_all");
        const join = groupBy !== undefined && groupBy.length > 0 ? ` JOIN ${a}._series s ON s.series_id = p.series_id` : "";
        const values = request.values === undefined ? "TRUE" : valueSql(request.values, table, column, unit.type);
        const select = ["p.series_id AS series_id", "p.time AS time", `p.${ident(column)} AS v`, ...groupSelect].join(", ");
        const points = pointsFrom(shard, table, where, join);
        return `SELECT ${select} FROM ${points.from} WHERE ${points.where} AND p.${ident(column)} IS NOT NULL AND ${values}`;
      })
      .join(" UNION ALL ");
    let sql: string;
    if (agg === undefined) {
      sql = `SELECT ${keyCols.join(", ")}, time, v FROM (${union})`;
    } else {
      const { value, pointTime: selected } = aggregateSql(agg.fn, unit.type);
      const window = windowStartSql(request, start);
      sql =
        `SELECT ${keyCols.join(", ")}, ${window} AS time, ${value} AS v${hasPointTime ? `, ${selected} AS pt` : ""}` +
        ` FROM (${union}) GROUP BY ${keyCols.join(", ")}, ${window}`;
    }
    if (request.limit !== undefined) {
      sql = `SELECT * FROM (${sql}) QUALIFY row_number() OVER (PARTITION BY ${keyCols.join(", ")} ORDER BY time ${direction}) <= ${Math.max(0, Math.floor(request.limit))}`;
    }
    return sql;
  };

  // The statement's columns: key columns, the unit's index `f` (per-series reads), `time`, one value
  // column per result type, then `pt`.
  const valueTypes = [...new Set(resultTypes)];
  let sql: string;
  let ranks: Map<number, number> | undefined;
  if (groupBy !== undefined) {
    sql = `${unitSql(units[0]!)} ORDER BY ${keyCols.map((c) => `${c} ASC NULLS FIRST`).join(", ")}, time ${direction}`;
  } else {
    const measurement = units[0]!.measurement;
    const ids: number[] = [];
    for (const [id, identity] of identities) if (identity.measurement === measurement) ids.push(id);
    ranks = seriesRanks(ids, identities);
    const selects = units.map((unit, f) => {
      const values = valueTypes.map((t) => (t === resultTypes[f] ? `v AS v_${t}` : `NULL::${DUCK_TYPE[t]} AS v_${t}`));
      return `SELECT series_id, ${f} AS f, time, ${values.join(", ")}${hasPointTime ? ", pt" : ""} FROM (${unitSql(unit)})`;
    });
    const seriesOrder = ranks.size > 1 ? `${rankSql(ranks)}, ` : "";
    sql = `${unionAll(selects)} ORDER BY ${seriesOrder}f, time ${direction}`;
  }

  // Empty batches owed (`existing`), in output order; each is sent just before the first group after it.
  const owed: Array<{ rank: number; f: number; id: number }> = [];
  if (existing !== undefined && ranks !== undefined) {
    units.forEach((unit, f) => {
      for (const id of existing.get(unit) ?? []) {
        const rank = ranks!.get(id);
        if (rank !== undefined) owed.push({ rank, f, id });
      }
    });
    owed.sort((a, b) => a.rank - b.rank || a.f - b.f);
  }
  let nextOwed = 0;
  /** Empty batches owed before the group (rank, f); all remaining ones when undefined. */
  const emptyBefore = function* (rank?: number, f?: number): Generator<Batch> {
    while (nextOwed < owed.length) {
      const o = owed[nextOwed]!;
      if (rank !== undefined && (o.rank > rank || (o.rank === rank && o.f >= f!))) break;
      nextOwed++;
      yield new BatchBuilder(identityOf(units[o.f]!, undefined, [o.id], identities), units[o.f]!.type, false).take();
    }
    const o = owed[nextOwed];
    if (o !== undefined && o.rank === rank && o.f === f) nextOwed++;
  };

  const result = await conn.stream(sql);
  let current: BatchBuilder | undefined;
  let currentKey: string | undefined;
  const fill = agg?.createEmpty === true ? new EmptyWindowFiller(request, agg.fn) : undefined;
  const finish = function* (builder: BatchBuilder): Generator<Batch> {
    if (fill !== undefined) {
      for (const b of fill.complete(builder)) yield b;
    } else if (builder.length > 0) yield builder.take();
  };
  const perSeries = groupBy === undefined;
  const timeAt = perSeries ? 2 : keyCols.length;
  const valuesAt = timeAt + 1;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    // Group keys: series IDs and unit indexes as Int32Arrays, or the grouping columns' values.
    const seriesIds = perSeries ? numericColumn(chunk.getColumnVector(0), Int32Array, n) : undefined;
    const unitAt = perSeries ? numericColumn(chunk.getColumnVector(1), Int32Array, n) : undefined;
    const keyVectors = perSeries ? [] : keyCols.map((_, i) => chunk.getColumnVector(i));
    const keyAt = (i: number): string => JSON.stringify(keyVectors.map((v) => v.getItem(i)));
    const times = numericColumn(chunk.getColumnVector(timeAt), BigInt64Array, n);
    const pointTimes = hasPointTime ? numericColumn(chunk.getColumnVector(valuesAt + valueTypes.length), BigInt64Array, n) : undefined;
    // A value column is converted only when a group of its type is in the chunk.
    const columns = new Map<FieldType, { values: ReturnType<typeof valuesOf>; nulls: Uint8Array | undefined }>();
    const columnOf = (type: FieldType) => {
      let column = columns.get(type);
      if (column === undefined) {
        const vector = chunk.getColumnVector(valuesAt + valueTypes.indexOf(type));
        column = { values: valuesOf(vector, type, n), nulls: nullFlags(vector, n) };
        columns.set(type, column);
      }
      return column;
    };
    let runStart = 0;
    while (runStart < n) {
      let runEnd = runStart + 1;
      let key: string;
      // The run's unit (always the one unit of a grouped read).
      const f = unitAt === undefined ? 0 : unitAt[runStart]!;
      if (seriesIds !== undefined) {
        const id = seriesIds[runStart];
        while (runEnd < n && seriesIds[runEnd] === id && unitAt![runEnd] === f) runEnd++;
        // A series committed after this read resolved its catalog has no identity here: it is
        // newer than the read, so its rows are left out.
        if (!identities.has(id!)) {
          runStart = runEnd;
          continue;
        }
        key = `${id} ${f}`;
      } else {
        key = keyAt(runStart);
        while (runEnd < n && keyAt(runEnd) === key) runEnd++;
      }
      if (key !== currentKey) {
        if (current !== undefined) yield* finish(current);
        if (seriesIds !== undefined) yield* emptyBefore(ranks!.get(seriesIds[runStart]!), f);
        currentKey = key;
        const keyValues = seriesIds !== undefined ? [seriesIds[runStart]] : keyVectors.map((v) => v.getItem(runStart));
        current = new BatchBuilder(identityOf(units[f]!, groupBy, keyValues, identities), resultTypes[f]!, hasPointTime);
      }
      const builder = current!;
      const { values, nulls } = columnOf(resultTypes[f]!);
      // Cut at MAX_BATCH_ROWS (unless createEmpty needs the whole group at once).
      for (let from = runStart; from < runEnd; ) {
        const room = fill === undefined ? MAX_BATCH_ROWS - builder.length : runEnd - from;
        const to = Math.min(runEnd, from + Math.max(1, room));
        const segmentNulls = nulls?.subarray(from, to);
        builder.pushSegment({
          times: times.subarray(from, to),
          values: Array.isArray(values) ? values.slice(from, to) : values.subarray(from, to),
          // Another unit's rows in the chunk make the column's nulls; this group's may have none.
          nulls: segmentNulls?.includes(1) === true ? segmentNulls : undefined,
          pointTimes: pointTimes?.subarray(from, to),
        });
        from = to;
        if (fill === undefined && builder.length >= MAX_BATCH_ROWS) yield builder.take();
      }
      runStart = runEnd;
    }
  }
  if (current !== undefined) yield* finish(current);
  yield* emptyBefore();
}

/**
 * A sort key putting series in the order of `ranks`. Series IDs follow first writes, so they are
 * only used as they are when that is already key order; else a rank is looked up by position in
 * a list (IDs of a measurement are mostly close together), or, for IDs too far apart, joined in.
 */
function rankSql(ranks: Map<number, number>): string {
  const ids = [...ranks.keys()].sort((a, b) => a - b);
  if (ids.every((id, i) => ranks.get(id) === i)) return "series_id";
  const low = ids[0]!;
  const span = ids.at(-1)! - low + 1;
  if (span <= 4 * ids.length + 1024) {
    const list = new Array<string>(span).fill("NULL");
    for (const [id, rank] of ranks) list[id - low] = String(rank);
    // DuckDB's lists count from 1.
    const position = low === 1 ? "series_id" : low > 1 ? `series_id - ${low - 1}` : `series_id + ${1 - low}`;
    return `[${list.join(", ")}][${position}]`;
  }
  const cases = [...ranks].map(([id, rank]) => `WHEN ${id} THEN ${rank}`).join(" ");
  return `CASE series_id ${cases} END`;
}

export function identityOf(
  unit: ReadUnit,
  groupBy: readonly string[] | undefined,
  keyValues: unknown[],
  identities: Map<number, SeriesIdentity>,
): Pick<Batch, "measurement" | "tags" | "field"> {
  if (groupBy === undefined) {
    const identity = identities.get(keyValues[0] as number);
    return { measurement: unit.measurement, tags: identity?.tags ?? [], field: unit.field };
  }
  const tags: Array<[string, string]> = [];
  groupBy.forEach((key, i) => {
    const value = keyValues[i];
    if (typeof value === "string") tags.push([key, value]);
  });
  tags.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { measurement: unit.measurement, tags, field: unit.field };
}

/** Value predicate as SQL over the point-table alias `p`; `column` is the field being returned. */
export function valueSql(predicate: ValuePredicate, table: MeasurementTable, column: string, type: FieldType): string {
  switch (predicate.kind) {
    case "and":
    case "or": {
      if (predicate.operands.length === 0) return predicate.kind === "and" ? "TRUE" : "FALSE";
      const joiner = predicate.kind === "and" ? " AND " : " OR ";
      return `(${predicate.operands.map((p) => valueSql(p, table, column, type)).join(joiner)})`;
    }
    case "compare": {
      let target: { column: string; type: FieldType } | undefined = { column, type };
      if (predicate.field !== undefined) target = table.fields.get(predicate.field);
      if (target === undefined) return "FALSE";
      const literal = literalSql(predicate.value, target.type);
      if (literal === undefined) return "FALSE";
      return `(p.${ident(target.column)} ${predicate.op === "!=" ? "<>" : predicate.op} ${literal})`;
    }
  }
}

/** A literal comparable with a column of `type`, or undefined when the kinds differ. */
function literalSql(value: ValueLiteral, type: FieldType): string | undefined {
  const numeric = type === "float" || type === "integer" || type === "unsigned";
  if (typeof value === "number") return numeric && Number.isFinite(value) ? `${value}::DOUBLE` : undefined;
  if (typeof value === "bigint") return numeric ? `${value}::HUGEINT` : undefined;
  if (typeof value === "string") return type === "string" ? str(value) : undefined;
  return type === "boolean" ? (value ? "TRUE" : "FALSE") : undefined;
}

/** Inserts the windows without points of one group, for `createEmpty`. */
export class EmptyWindowFiller {
  private readonly every: bigint | undefined;
  private readonly first: bigint;

  constructor(
    private readonly request: ReadRequest,
    private readonly fn: AggregateFn,
  ) {
    const agg = request.aggregate!;
    this.every = agg.every;
    if (agg.every === undefined) this.first = request.start;
    else {
      const offset = agg.offset ?? 0n;
      const rem = (((request.start - offset) % agg.every) + agg.every) % agg.every;
      this.first = request.start - rem;
    }
  }

  *complete(builder: BatchBuilder): Generator<Batch> {
    const got = builder.take();
    const byTime = new Map<bigint, number>();
    got.times.forEach((t, i) => byTime.set(t, i));
    const windows: bigint[] = [];
    if (this.every === undefined) windows.push(this.first);
    else for (let t = this.first; t < this.request.stop; t += this.every) windows.push(t);
    if (this.request.descending === true) windows.reverse();
    const limited = this.request.limit === undefined ? windows : windows.slice(0, this.request.limit);
    const out = new BatchBuilder(
      { measurement: got.measurement, tags: got.tags, field: got.field },
      got.values.type,
      got.pointTimes !== undefined,
    );
    for (const w of limited) {
      const i = byTime.get(w);
      if (i === undefined) out.push(w, this.fn === "count" ? 0n : null, w);
      else {
        const isNull = got.nulls?.[i] === 1;
        out.push(w, isNull ? null : (got.values.values[i] as number | bigint | string | boolean), got.pointTimes?.[i]);
      }
      if (out.length >= MAX_BATCH_ROWS) yield out.take();
    }
    if (out.length > 0) yield out.take();
  }
}
