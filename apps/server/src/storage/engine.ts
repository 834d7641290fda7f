// The time-series storage engine's place in the server: opened at start under --engine-path, shared
// by every request through AppContext, closed at shutdown after in-flight writes have committed.
import { StorageEngine, type BucketInfo } from "@fluxgate/storage-engine";
import type { Config } from "../config/index.js";

export type { StorageEngine } from "@fluxgate/storage-engine";

/**
 * Background compaction: shards whose points need merging (overwrites) and shards left unwritten
 * for a minute are rewritten sorted by (series, time), so reads stop deduplicating and a one-host
 * read touches only that host's row groups (DuckDB's zone maps on series_id). InfluxDB waits 4 h
 * before its full compaction; here an unsorted shard costs every read a scan of all hosts' rows
 * (4-14x slower one-host queries measured), so a shard is rewritten as soon as its writer pauses.
 * The copy runs beside writes and reads. A shard written continuously (the current shard of a
 * live collector) is not rewritten until it goes quiet: its reads still scan every series' rows.
 */
export const COMPACTION = { intervalMs: 15_000, coldForMs: 60_000 } as const;

export function openStorage(config: Pick<Config, "enginePath" | "storageReadCacheBytes">): Promise<StorageEngine> {
  return StorageEngine.open({ path: config.enginePath, compaction: { ...COMPACTION }, readCacheBytes: config.storageReadCacheBytes });
}

const NS_PER_SECOND = 1_000_000_000n;

/** What the engine must know of a bucket row of the metadata store. */
export function bucketInfo(bucket: { id: string; retention_seconds: number; shard_group_duration_seconds: number }): BucketInfo {
  return {
    id: bucket.id,
    retentionNs: BigInt(bucket.retention_seconds) * NS_PER_SECOND,
    shardGroupDurationNs: BigInt(bucket.shard_group_duration_seconds) * NS_PER_SECOND,
  };
}
