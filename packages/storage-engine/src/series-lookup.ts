import type { DuckDBConnection } from "@duckdb/node-api";
import { seriesPredicateSql } from "./predicate.js";
import { readRows } from "./rows.js";
import type { CatalogSeries } from "./series-catalog.js";
import type { Shard } from "./shard.js";
import { ident } from "./sql.js";
import type { SeriesPredicate } from "./types.js";

export interface SeriesIdentity {
  measurement: string;
  tags: Array<[string, string]>;
}

/** Series IDs matching a read's series predicate, by `<shard alias>\0<measurement>`. */
export type SeriesIds = Map<string, number[]>;

/** The series a read covers: step 1 of a read. */
export interface ResolvedSeries {
  /** Measurement and tags of every matching series (a series absent here is newer than the read). */
  identities: Map<number, SeriesIdentity>;
  seriesIds: SeriesIds;
  /** Measurements with matching series, per shard. */
  measurementsIn: Map<Shard, Set<string>>;
}

/**
 * Resolves the series predicate in each shard's catalog: in memory where the shard keeps it (see
 * `SeriesCatalog`), else with a query on the shard's `_series`. `connection` is only asked for
 * when a shard needs the query.
 */
export async function resolveSeries(
  shards: readonly Shard[],
  predicate: SeriesPredicate | undefined,
  connection: () => Promise<DuckDBConnection>,
): Promise<ResolvedSeries> {
  const resolved: ResolvedSeries = { identities: new Map(), seriesIds: new Map(), measurementsIn: new Map() };
  for (const shard of shards) {
    const names = new Set<string>();
    const add = (id: number, measurement: string): void => {
      names.add(measurement);
      const idsKey = `${shard.alias}\u0000${measurement}`;
      const list = resolved.seriesIds.get(idsKey);
      if (list === undefined) resolved.seriesIds.set(idsKey, [id]);
      else list.push(id);
    };
    const matching = shard.catalog.matching(predicate);
    if (matching !== undefined) {
      // In memory: a series' identity is made once per read, however many shards hold it.
      for (const id of matching) {
        let identity = resolved.identities.get(id);
        if (identity === undefined) {
          identity = shard.catalog.bucket.series(id);
          resolved.identities.set(id, identity);
        }
        add(id, identity.measurement);
      }
    } else {
      for (const series of await selectInSql(await connection(), shard, predicate)) {
        add(series.id, series.measurement);
        if (!resolved.identities.has(series.id)) resolved.identities.set(series.id, series);
      }
    }
    resolved.measurementsIn.set(shard, names);
  }
  return resolved;
}

/** The matching series of one shard's `_series`, tags sorted by key. */
export async function selectInSql(conn: DuckDBConnection, shard: Shard, predicate: SeriesPredicate | undefined): Promise<CatalogSeries[]> {
  const tagCols = [...shard.committed.tagColumns];
  const select = ["series_id", "measurement", ...tagCols.map(([, c]) => ident(c))].join(", ");
  const rows = await readRows(conn, `SELECT ${select} FROM ${ident(shard.alias)}._series WHERE ${seriesPredicateSql(shard, predicate)}`);
  return rows.map((row) => {
    const tags: Array<[string, string]> = [];
    tagCols.forEach(([key], i) => {
      const value = row[i + 2];
      if (typeof value === "string") tags.push([key, value]);
    });
    tags.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { id: row[0] as number, measurement: row[1] as string, tags };
  });
}
