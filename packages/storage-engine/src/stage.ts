import type { DuckDBConnection } from "@duckdb/node-api";
import type { Point } from "@fluxgate/line-protocol";
import type { BucketState } from "./bucket.js";
import type { MeasurementTable, Shard, ShardSchema } from "./shard.js";
import { ident } from "./sql.js";
import { TableBuilder } from "./table-builder.js";
import type { BucketInfo, Rejection, WriteResult } from "./types.js";

/** Per-shard work gathered for one group commit. */
export interface ShardCommit {
  shard: Shard;
  ddl: string[];
  newSeries: Array<{ id: number; point: Point }>;
  tables: Map<string, TableBuilder>;
  markDedup: boolean;
  /** The shard was compacted and this commit writes to it again. */
  markWritten: boolean;
  /** Catalog tag columns as of this commit. */
  tagKeys: string[];
  /** The shard's schema once this commit lands, when the commit changes it. */
  schema?: ShardSchema;
}

/**
 * Validates and buffers one request's points. The hot path is one Map lookup per point (the
 * series ID); shard, table and field layout are remembered from the previous point, because
 * consecutive points nearly always share them.
 */
export function stagePoints(
  state: BucketState,
  bucket: BucketInfo,
  points: readonly Point[],
  now: bigint,
  touched: Map<Shard, ShardCommit>,
): WriteResult {
  const cutoff = bucket.retentionNs > 0n ? now - bucket.retentionNs : undefined;
  const rejected: Rejection[] = [];
  let written = 0;
  let lastShard: Shard | undefined;
  let commit: ShardCommit | undefined;
  let lastMeasurement: string | undefined;
  let table: MeasurementTable | undefined;
  let builder: TableBuilder | undefined;
  /** Field keys and types of the last point whose fields all matched `table`'s schema. */
  let layoutKeys: string[] = [];
  let layoutTypes: string[] = [];
  for (let index = 0; index < points.length; index++) {
    const point = points[index]!;
    const time = point.timestamp;
    if (cutoff !== undefined && time < cutoff) {
      rejected.push({ index, reason: { kind: "beyond retention" } });
      continue;
    }
    const shard = state.shardFor(time)!;
    if (shard !== lastShard) {
      lastShard = shard;
      commit = touched.get(shard)!;
      lastMeasurement = undefined;
    }
    if (point.measurement !== lastMeasurement) {
      lastMeasurement = point.measurement;
      table = shard.measurements.get(point.measurement);
      builder = undefined;
      layoutKeys = [];
    }
    const fields = point.fields;
    if (table === undefined || !sameLayout(fields, layoutKeys, layoutTypes)) {
      const conflict = table === undefined ? undefined : findConflict(table, point, index);
      if (conflict !== undefined) {
        rejected.push(conflict);
        continue;
      }
      if (table === undefined) {
        const added = shard.addMeasurement(point.measurement);
        table = added.table;
        commit!.ddl.push(...added.ddl);
      }
      for (const [field, value] of fields) {
        if (!table.fields.has(field)) commit!.ddl.push(...shard.addField(point.measurement, table, field, value.type));
      }
      layoutKeys = fields.map(([k]) => k);
      layoutTypes = fields.map(([, v]) => v.type);
    }
    let seriesId = state.seriesIds.get(point.seriesKey);
    if (seriesId === undefined) {
      seriesId = state.nextSeriesId++;
      // A parser may hand out keys that are slices of the whole request body; V8 would then keep
      // every body alive through this map. A fresh copy holds only the key.
      state.seriesIds.set(Buffer.from(point.seriesKey, "utf8").toString("utf8"), seriesId);
    }
    if (!shard.isMember(seriesId)) {
      shard.markMember(seriesId);
      for (const [key] of point.tags) {
        if (!shard.tagColumns.has(key)) commit!.ddl.push(...shard.addTagKey(key));
      }
      commit!.newSeries.push({ id: seriesId, point });
    }
    if (shard.compacted) {
      shard.compacted = false;
      commit!.markWritten = true;
    }
    if (!shard.noteTime(seriesId, time) && !shard.needsDedup) {
      shard.needsDedup = true;
      commit!.markDedup = true;
    }
    if (builder === undefined) {
      builder = commit!.tables.get(point.measurement);
      if (builder === undefined) {
        builder = new TableBuilder(table);
        commit!.tables.set(point.measurement, builder);
      }
    }
    builder.add(time, seriesId, fields);
    written++;
  }
  return { written, rejected };
}

/** Writes one shard's part of a group in one transaction: schema changes, new series, points. */
export async function commitShard(writer: DuckDBConnection, commit: ShardCommit): Promise<void> {
  const { shard } = commit;
  const alias = ident(shard.alias);
  await writer.run("BEGIN");
  try {
    for (const statement of commit.ddl) await writer.run(statement);
    if (commit.newSeries.length > 0) {
      const appender = await writer.createAppender("_series", "main", shard.alias);
      const tagColumns = commit.tagKeys;
      for (const { id, point } of commit.newSeries) {
        appender.appendInteger(id);
        appender.appendVarchar(point.seriesKey);
        appender.appendVarchar(point.measurement);
        const tags = new Map<string, string>(point.tags);
        for (const key of tagColumns) {
          const value = tags.get(key);
          if (value === undefined) appender.appendNull();
          else appender.appendVarchar(value);
        }
        appender.endRow();
      }
      appender.closeSync();
    }
    for (const builder of commit.tables.values()) {
      const appender = await writer.createAppender(builder.table.table, "main", shard.alias);
      builder.appendTo(appender);
      appender.closeSync();
    }
    if (commit.markDedup) await writer.run(`UPDATE ${alias}._shard SET needs_dedup = true`);
    if (commit.markWritten) await writer.run(`UPDATE ${alias}._shard SET compacted = false`);
    await writer.run("COMMIT");
    if (commit.schema !== undefined) shard.committed = commit.schema;
  } catch (error) {
    await writer.run("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

function sameLayout(fields: Point["fields"], keys: string[], types: string[]): boolean {
  if (fields.length !== keys.length) return false;
  for (let i = 0; i < fields.length; i++) {
    const [key, value] = fields[i]!;
    if (key !== keys[i] || value.type !== types[i]) return false;
  }
  return true;
}

function findConflict(table: MeasurementTable, point: Point, index: number): Rejection | undefined {
  for (const [field, value] of point.fields) {
    const existing = table.fields.get(field);
    if (existing !== undefined && existing.type !== value.type) {
      return {
        index,
        reason: {
          kind: "field type conflict",
          field,
          measurement: point.measurement,
          inputType: value.type,
          existingType: existing.type,
        },
      };
    }
  }
  return undefined;
}
