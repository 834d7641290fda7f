import { seriesPredicateSql } from "./predicate.js";
import type { ReadContext } from "./read.js";
import { ident } from "./sql.js";
import type { FieldKeyInfo, MetadataRequest } from "./types.js";

export type MetadataKind = "measurements" | "tagKeys" | "tagValues" | "fieldKeys" | "cardinality";

/**
 * Schema questions answered from the series catalogs and schemas of the shard groups overlapping
 * the time range, never from point tables. The time range therefore has shard-group granularity:
 * a series counts if its shard group overlaps the range.
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
  const conn = await ctx.connections.take();
  try {
    for (const shard of shards) {
      const from = `${ident(shard.alias)}._series WHERE ${seriesPredicateSql(shard, request.series)}`;
      switch (kind) {
        case "measurements":
        case "fieldKeys": {
          const rows = (await conn.runAndReadAll(`SELECT DISTINCT measurement FROM ${from}`)).getRows();
          for (const [m] of rows) {
            names.add(m as string);
            if (kind !== "fieldKeys") continue;
            for (const [field, { type }] of shard.committed.measurements.get(m as string)?.fields ?? []) {
              fields.set(JSON.stringify([m, field, type]), { measurement: m as string, field, type });
            }
          }
          break;
        }
        case "tagKeys": {
          const tags = [...shard.committed.tagColumns];
          if (tags.length === 0) break;
          const probes = tags.map(([, c]) => `bool_or(${ident(c)} IS NOT NULL)`).join(", ");
          const row = (await conn.runAndReadAll(`SELECT ${probes} FROM ${from}`)).getRows()[0] ?? [];
          tags.forEach(([k], i) => {
            if (row[i] === true) names.add(k);
          });
          break;
        }
        case "tagValues": {
          const column = shard.committed.tagColumns.get(key ?? "");
          if (column === undefined) break;
          const rows = (
            await conn.runAndReadAll(`SELECT DISTINCT ${ident(column)} FROM ${from} AND ${ident(column)} IS NOT NULL`)
          ).getRows();
          for (const [v] of rows) names.add(v as string);
          break;
        }
        case "cardinality": {
          const rows = (await conn.runAndReadAll(`SELECT series_id FROM ${from}`)).getRows();
          for (const [id] of rows) ids.add(id as number);
          break;
        }
      }
    }
  } finally {
    ctx.connections.give(conn);
  }
  if (kind === "cardinality") return ids.size;
  if (kind === "fieldKeys") return [...fields.values()].sort((a, b) => cmp(a.measurement, b.measurement) || cmp(a.field, b.field) || cmp(a.type, b.type));
  return [...names].sort(cmp);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
