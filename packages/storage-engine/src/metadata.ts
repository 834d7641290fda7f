import type { DuckDBConnection } from "@duckdb/node-api";
import { seriesPredicateSql } from "./predicate.js";
import type { ReadContext } from "./read.js";
import type { Shard } from "./shard.js";
import { ident } from "./sql.js";
import type { FieldKeyInfo, MetadataRequest } from "./types.js";

export type MetadataKind = "measurements" | "tagKeys" | "tagValues" | "fieldKeys" | "cardinality";

/**
 * Schema questions answered from the series catalogs (in memory where kept, else `_series`) and
 * schemas of the shard groups overlapping the time range, never from point tables. The time
 * range therefore has shard-group granularity: a series counts if its shard group overlaps it.
 */
export async function readMetadata(
  ctx: ReadContext,
  request: MetadataRequest,
  kind: MetadataKind,
  key?: string,
): Promise<string[] | FieldKeyInfo[] | number> {
  const start =
    ctx.retentionCutoff !== undefined && ctx.retentionCutoff > request.start ? ctx.retentionCutoff : request.start;
  const shards = start >= request.stop ? [] : ctx.shards.filter((s) => s.start < request.stop && s.stop > start);
  const names = new Set<string>();
  const ids = new Set<number>();
  const fields = new Map<string, FieldKeyInfo>();
  let taken: DuckDBConnection | undefined;
  try {
    for (const shard of shards) {
      // In memory where the shard keeps its catalog and can evaluate the predicate.
      const matching = shard.catalog.matching(request.series);
      if (matching !== undefined) {
        fromCatalog(shard, matching, kind, key, { names, ids, fields });
        continue;
      }
      taken ??= await ctx.connections.take();
      await fromSql(taken, shard, request, kind, key, { names, ids, fields });
    }
  } finally {
    if (taken !== undefined) ctx.connections.give(taken);
  }
  if (kind === "cardinality") return ids.size;
  if (kind === "fieldKeys") return [...fields.values()].sort((a, b) => cmp(a.measurement, b.measurement) || cmp(a.field, b.field) || cmp(a.type, b.type));
  return [...names].sort(cmp);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The answers for one shard from its in-memory catalog: the matching series' IDs. */
function fromCatalog(
  shard: Shard,
  matching: readonly number[],
  kind: MetadataKind,
  key: string | undefined,
  out: { names: Set<string>; ids: Set<number>; fields: Map<string, FieldKeyInfo> },
): void {
  const catalog = shard.catalog.bucket;
  switch (kind) {
    case "measurements":
    case "fieldKeys": {
      const measurements = new Set(matching.map((id) => catalog.measurementOf(id)));
      for (const m of measurements) out.names.add(m);
      if (kind === "fieldKeys") addFields(shard, measurements, out.fields);
      return;
    }
    case "tagKeys":
      for (const k of catalog.tagKeys()) {
        if (out.names.has(k)) continue;
        const tag = catalog.tagOf(k);
        if (matching.some((id) => tag(id) !== undefined)) out.names.add(k);
      }
      return;
    case "tagValues":
      for (const value of catalog.distinctValues(key ?? "", matching)) out.names.add(value);
      return;
    case "cardinality":
      for (const id of matching) out.ids.add(id);
      return;
  }
}

/** Field keys and types of the shard's tables for these measurements. */
function addFields(shard: Shard, measurements: Iterable<string>, fields: Map<string, FieldKeyInfo>): void {
  for (const m of measurements) {
    for (const [field, { type }] of shard.committed.measurements.get(m)?.fields ?? []) {
      fields.set(JSON.stringify([m, field, type]), { measurement: m, field, type });
    }
  }
}

/** The same answers for one shard from its `_series` table (catalogs not kept in memory). */
async function fromSql(
  conn: DuckDBConnection,
  shard: Shard,
  request: MetadataRequest,
  kind: MetadataKind,
  key: string | undefined,
  out: { names: Set<string>; ids: Set<number>; fields: Map<string, FieldKeyInfo> },
): Promise<void> {
  const { names, ids, fields } = out;
  const from = `${ident(shard.alias)}._series WHERE ${seriesPredicateSql(shard, request.series)}`;
  switch (kind) {
    case "measurements":
    case "fieldKeys": {
      const rows = (await conn.runAndReadAll(`SELECT DISTINCT measurement FROM ${from}`)).getRows();
      for (const [m] of rows) names.add(m as string);
      if (kind === "fieldKeys") addFields(shard, rows.map(([m]) => m as string), fields);
      return;
    }
    case "tagKeys": {
      const tags = [...shard.committed.tagColumns];
      if (tags.length === 0) return;
      const probes = tags.map(([, c]) => `bool_or(${ident(c)} IS NOT NULL)`).join(", ");
      const row = (await conn.runAndReadAll(`SELECT ${probes} FROM ${from}`)).getRows()[0] ?? [];
      tags.forEach(([k], i) => {
        if (row[i] === true) names.add(k);
      });
      return;
    }
    case "tagValues": {
      const column = shard.committed.tagColumns.get(key ?? "");
      if (column === undefined) return;
      const rows = (await conn.runAndReadAll(`SELECT DISTINCT ${ident(column)} FROM ${from} AND ${ident(column)} IS NOT NULL`)).getRows();
      for (const [v] of rows) names.add(v as string);
      return;
    }
    case "cardinality": {
      const rows = (await conn.runAndReadAll(`SELECT series_id FROM ${from}`)).getRows();
      for (const [id] of rows) ids.add(id as number);
      return;
    }
  }
}
