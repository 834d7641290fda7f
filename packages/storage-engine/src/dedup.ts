import type { MeasurementTable, Shard } from "./shard.js";
import { ident } from "./sql.js";

/**
 * A FROM-clause source for one point table of one shard, filtered by `where` (time and series
 * conditions only: they select whole (series, time) groups, so they may run before the merge).
 *
 * A shard that received an older-or-equal timestamp for some series may hold several rows per
 * (series_id, time). InfluxDB merges them field by field, last write wins; appends are in
 * insertion order, so `rowid` orders the writes and `arg_max(field, rowid)` gives the merged row
 * (DuckDB's arg_max skips rows whose field is NULL, so each field keeps its last written value).
 */
export function pointSource(shard: Shard, table: MeasurementTable, where: string): string {
  const from = `${ident(shard.alias)}.${ident(table.table)}`;
  if (!shard.needsDedup) return `(SELECT * FROM ${from} WHERE ${where})`;
  const merged = [...table.fields.values()].map(
    ({ column }) => `arg_max(${ident(column)}, rowid) AS ${ident(column)}`,
  );
  return `(SELECT time, series_id${merged.map((m) => `, ${m}`).join("")} FROM ${from} WHERE ${where} GROUP BY series_id, time)`;
}

/**
 * The rows of {@link pointSource} under `alias`, as a FROM item and a WHERE condition. With nothing
 * to merge, the table itself, filtered in the caller's WHERE: one subquery fewer for DuckDB to bind
 * and plan, about 0.1–0.2 ms of a one-series read's ~1 ms. `join` (` JOIN … ON …`) follows the
 * point rows in the FROM clause.
 */
export function pointsFrom(shard: Shard, table: MeasurementTable, where: string, join = "", alias = "p"): { from: string; where: string } {
  // Joined with another table, `where`'s unqualified names could be ambiguous: kept inside.
  if (shard.needsDedup || join !== "") return { from: `${pointSource(shard, table, where)} ${alias}${join}`, where: "TRUE" };
  return { from: `${ident(shard.alias)}.${ident(table.table)} ${alias}`, where };
}
