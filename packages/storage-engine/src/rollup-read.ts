/**
 * Window aggregates answered from compaction's rollups (see `Rollup` in shard.ts): per shard, the
 * whole rollup buckets of the range come from its rollup table and only the range's ragged ends
 * from its points. Every row, rollup or point, carries a partial state per unit (`c<i>` a count,
 * `x<i>` a sum, minimum or maximum) that the outer statement combines per window, which gives
 * what aggregating the points gives: counts, integer sums, minima and maxima exactly, float sums
 * and means up to the order the additions are made in (which DuckDB does not fix either).
 */
import { pointsFrom } from "./dedup.js";
import { aggregateSql, type ReadUnit } from "./read.js";
import { type MeasurementTable, type Rollup, DUCK_TYPE, type Shard } from "./shard.js";
import { ident, int64 } from "./sql.js";
import type { ReadRequest } from "./types.js";

/** Whether a wide aggregate read may use rollups: functions whose partial states combine, numbers, no value predicate. */
export function rollupFits(request: ReadRequest, units: readonly ReadUnit[]): boolean {
  const agg = request.aggregate;
  if (agg === undefined || request.values !== undefined) return false;
  const combines = agg.fn === "count" || agg.fn === "sum" || agg.fn === "mean" || ((agg.fn === "min" || agg.fn === "max") && agg.pointTimes === false);
  return combines && units.every((u) => u.type === "float" || u.type === "integer" || u.type === "unsigned");
}

/** The part of a read's range a shard's rollup answers: whole buckets, each inside one window. */
export interface RollupSpan {
  rollup: Rollup;
  start: bigint;
  stop: bigint;
}

/** The {@link RollupSpan} of [from, stop) in one shard, if any. */
export function rollupSpan(shard: Shard, table: MeasurementTable, request: ReadRequest, from: bigint): RollupSpan | undefined {
  if (!shard.compacted || shard.needsDedup) return undefined;
  const rollup = shard.rollups.get(table.table);
  if (rollup === undefined) return undefined;
  const agg = request.aggregate!;
  const every = rollup.every;
  if (agg.every !== undefined && (agg.every % every !== 0n || (agg.offset ?? 0n) % every !== 0n)) return undefined;
  const start = floorTo(from + every - 1n, every);
  const stop = floorTo(request.stop, every);
  return start < stop ? { rollup, start, stop } : undefined;
}

/**
 * Rollup buckets (series × whole buckets in the span) from which reading rollups pays: a rollup
 * read is three scans (the span and the two ends) and a combining aggregate, about 1.5 ms more
 * than one scan. Measured with `mean` per hour over 12 h of 10-second points: 1 series 5.0 vs 3.6
 * ms, 16 series 8.2 vs 6.6, 40 series 10.3 vs 10.3 (2,880 buckets), 100 series 13.3 vs 23.5.
 */
export const MIN_ROLLUP_BUCKETS = 2_000n;

/** Whether the shards' spans (see {@link rollupSpan}) hold at least `least` buckets of `seriesCount` series. */
export function rollupWorthIt(seriesCount: number, spans: ReadonlyArray<RollupSpan | undefined>, least: bigint): boolean {
  let buckets = 0n;
  for (const span of spans) if (span !== undefined) buckets += (span.stop - span.start) / span.rollup.every;
  return buckets > 0n && BigInt(seriesCount) * buckets >= least;
}

function floorTo(t: bigint, every: bigint): bigint {
  const r = t % every;
  return r < 0n ? t - r - every : t - r;
}

/**
 * One shard's partial-state SELECTs (`series_id, time, c0, x0, c1, x1, …` and the group columns):
 * its rollup rows over the span and its points outside it, or its points alone.
 * `columns`: unit index → the shard's field column; `extra`: the group columns and their join.
 */
export function partialSelects(
  shard: Shard,
  table: MeasurementTable,
  request: ReadRequest,
  units: readonly ReadUnit[],
  columns: ReadonlyMap<number, string>,
  from: bigint,
  seriesWhere: string,
  extra: { select: readonly string[]; join: string },
): string[] {
  const fn = request.aggregate!.fn;
  const span = rollupSpan(shard, table, request, from);
  const head = ["p.series_id AS series_id", "p.time AS time"];
  const pointStates = units.flatMap((unit, i) => {
    const column = columns.get(i);
    if (column === undefined) return [`0::BIGINT AS c${i}`, `NULL::${DUCK_TYPE[unit.type]} AS x${i}`];
    const c = `(p.${ident(column)} IS NOT NULL)::BIGINT`;
    return [`${c} AS c${i}`, `${fn === "count" ? c : `p.${ident(column)}`} AS x${i}`];
  });
  const pointsBetween = (a: bigint, b: bigint): string => {
    const points = pointsFrom(shard, table, `time >= ${int64(a)} AND time < ${int64(b)} AND ${seriesWhere}`, extra.join);
    return `SELECT ${[...head, ...pointStates, ...extra.select].join(", ")} FROM ${points.from} WHERE ${points.where}`;
  };
  if (span === undefined) return [pointsBetween(from, request.stop)];
  const state = fn === "count" ? "c" : fn === "min" ? "lo" : fn === "max" ? "hi" : "s";
  const rollupStates = units.flatMap((unit, i) => {
    const column = columns.get(i);
    if (column === undefined) return [`0::BIGINT AS c${i}`, `NULL::${DUCK_TYPE[unit.type]} AS x${i}`];
    const k = column.slice(1);
    return [`p.c${k} AS c${i}`, `p.${state}${k} AS x${i}`];
  });
  const rollupRows = `(SELECT * FROM ${ident(shard.alias)}.${ident(span.rollup.table)} WHERE time >= ${int64(span.start)} AND time < ${int64(span.stop)} AND ${seriesWhere})`;
  const selects = [`SELECT ${[...head, ...rollupStates, ...extra.select].join(", ")} FROM ${rollupRows} p${extra.join}`];
  // The ends, each a range of its own: a scan filtered by one range is cheaper than by two.
  for (const [a, b] of [[from, span.start], [span.stop, request.stop]] as const) {
    if (a < b) selects.push(pointsBetween(a, b));
  }
  return selects;
}

/** The outer statement's `n<i>, a<i>` columns: each unit's count and value from its partial states. */
export function combinedColumns(request: ReadRequest, units: readonly ReadUnit[]): string[] {
  const fn = request.aggregate!.fn;
  return units.flatMap((unit, i) => {
    const count = `sum(c${i})::BIGINT`;
    const value = fn === "count" ? count : fn === "mean" ? `(sum(x${i}) / NULLIF(sum(c${i}), 0))::DOUBLE` : aggregateSql(fn, unit.type, `x${i}`).value;
    return [`${count} AS n${i}`, `${value} AS a${i}`];
  });
}
