import type { DuckDBConnection } from "@duckdb/node-api";
import type { FieldLayout, PointBatch, Series } from "@fluxgate/line-protocol";
import type { BucketState } from "./bucket.js";
import type { MeasurementTable, Shard, ShardSchema } from "./shard.js";
import { ident } from "./sql.js";
import { TableBuilder } from "./table-builder.js";
import type { BucketInfo, Rejection, WriteResult } from "./types.js";

/** Per-shard work gathered for one group commit. */
export interface ShardCommit {
  shard: Shard;
  ddl: string[];
  newSeries: Array<{ id: number; series: Series }>;
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
 * Validates and buffers one request's lines. The hot path is one Map lookup per line (the series
 * ID); shard, table and field layout are remembered from the previous line, because consecutive
 * lines nearly always share them (a layout is checked against the table once per layout object).
 */
export function stageBatch(
  state: BucketState,
  bucket: BucketInfo,
  batch: PointBatch,
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
  /** The last layout whose fields all matched `table`'s schema. */
  let checkedLayout: FieldLayout | undefined;
  const { times, layouts } = batch;
  const seriesOf = batch.series;
  const seriesIds = state.seriesIds;
  for (let index = 0; index < batch.length; index++) {
    const time = times[index]!;
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
    const series = seriesOf[index]!;
    const measurement = series.measurement;
    if (measurement !== lastMeasurement) {
      lastMeasurement = measurement;
      table = shard.measurements.get(measurement);
      builder = undefined;
      checkedLayout = undefined;
    }
    const layout = layouts[index]!;
    if (table === undefined || layout !== checkedLayout) {
      const conflict = table === undefined ? undefined : findConflict(table, measurement, layout, index);
      if (conflict !== undefined) {
        rejected.push(conflict);
        continue;
      }
      if (table === undefined) {
        const added = shard.addMeasurement(measurement);
        table = added.table;
        commit!.ddl.push(...added.ddl);
      }
      for (let k = 0; k < layout.keys.length; k++) {
        const field = layout.keys[k]!;
        if (!table.fields.has(field)) commit!.ddl.push(...shard.addField(measurement, table, field, layout.types[k]!));
      }
      checkedLayout = layout;
    }
    let seriesId = seriesIds.get(series.seriesKey);
    if (seriesId === undefined) {
      seriesId = state.nextSeriesId++;
      // A parser may hand out keys that are slices of the whole request body; V8 would then keep
      // every body alive through this map. A fresh copy holds only the key.
      seriesIds.set(Buffer.from(series.seriesKey, "utf8").toString("utf8"), seriesId);
    }
    if (!shard.isMember(seriesId)) {
      shard.markMember(seriesId);
      for (const [key] of series.tags) {
        if (!shard.tagColumns.has(key)) commit!.ddl.push(...shard.addTagKey(key));
      }
      commit!.newSeries.push({ id: seriesId, series });
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
      builder = commit!.tables.get(measurement);
      if (builder === undefined) {
        builder = new TableBuilder(table);
        commit!.tables.set(measurement, builder);
      }
    }
    builder.add(time, seriesId, batch, index);
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
      for (const { id, series } of commit.newSeries) {
        appender.appendInteger(id);
        appender.appendVarchar(series.seriesKey);
        appender.appendVarchar(series.measurement);
        const tags = new Map<string, string>(series.tags);
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
  // Reads see a series in the catalog once it is committed, as they would in `_series`.
  for (const { id, series } of commit.newSeries) shard.catalog.add(id, series.measurement, series.tags);
}

function findConflict(table: MeasurementTable, measurement: string, layout: FieldLayout, index: number): Rejection | undefined {
  for (let k = 0; k < layout.keys.length; k++) {
    const field = layout.keys[k]!;
    const inputType = layout.types[k]!;
    const existing = table.fields.get(field);
    if (existing !== undefined && existing.type !== inputType) {
      return { index, reason: { kind: "field type conflict", field, measurement, inputType, existingType: existing.type } };
    }
  }
  return undefined;
}
