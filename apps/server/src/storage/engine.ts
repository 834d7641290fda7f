// The time-series storage engine's place in the server: opened at start under --engine-path, shared
// by every request through AppContext, closed at shutdown after in-flight writes have committed.
import { StorageEngine, type BucketInfo } from "@fluxgate/storage-engine";
import type { Config } from "../config/index.js";

export type { StorageEngine } from "@fluxgate/storage-engine";

/**
 * Background compaction, as InfluxDB's full compaction of cold shards: shards whose points need
 * merging (overwrites) and shards left unwritten for 4 h (InfluxDB's default cold duration) are
 * rewritten sorted, so reads stop deduplicating and zone maps prune.
 */
export const COMPACTION = { intervalMs: 10 * 60_000, coldForMs: 4 * 3_600_000 } as const;

export function openStorage(config: Pick<Config, "enginePath">): Promise<StorageEngine> {
  return StorageEngine.open({ path: config.enginePath, compaction: { ...COMPACTION } });
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
