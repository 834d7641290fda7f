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
    const matching = shard.catalog.matching(predicate);
    if (matching !== undefined) {
      // In memory: a series' identity is made once per read, however many shards hold it.
      const names = new Set<string>();
      const catalog = shard.bucketCatalog;
      for (const id of matching) {
        let identity = resolved.identities.get(id);
        if (identity === undefined) {
          const { measurement, tags } = catalog.series(id);
          identity = { measurement, tags };
          resolved.identities.set(id, identity);
        }
        names.add(identity.measurement);
        const idsKey = `${shard.alias}\u0000${identity.measurement}`;
        const list = resolved.seriesIds.get(idsKey);
        if (list === undefined) resolved.seriesIds.set(idsKey, [id]);
        else list.push(id);
      }
      resolved.measurementsIn.set(shard, names);
      continue;
    }
    const series = await selectInSql(await connection(), shard, predicate);
    const names = new Set<string>();
    for (const { id, measurement, tags } of series) {
      names.add(measurement);
      const idsKey = `${shard.alias}\u0000${measurement}`;
      const list = resolved.seriesIds.get(idsKey);
      if (list === undefined) resolved.seriesIds.set(idsKey, [id]);
      else list.push(id);
      if (!resolved.identities.has(id)) resolved.identities.set(id, { measurement, tags });
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
