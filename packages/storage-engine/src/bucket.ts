import { BucketCatalog } from "./series-catalog.js";
import type { Shard } from "./shard.js";
import { defaultShardGroupDurationNs, shardStartFor } from "./shard-duration.js";
import type { BucketInfo } from "./types.js";

/**
 * In-memory state of one bucket: its shard groups (sorted by start) and the series-ID map.
 *
 * Series IDs are per bucket, not per shard: each shard's catalog holds the rows of the series it
 * contains, under the bucket-wide ID. So reads over several shards can `UNION ALL` point tables and
 * order by `series_id` without translating IDs, and a series costs one Map entry however many
 * shards it spans.
 */
export class BucketState {
  readonly shards: Shard[] = [];
  /** Canonical series key (`Point.seriesKey`) → series ID. */
  readonly seriesIds = new Map<string, number>();
  nextSeriesId = 0;
  /** Measurement and tags of the bucket's series, for reads (see {@link BucketCatalog}). */
  readonly catalog: BucketCatalog;
  /** Last shard a point landed in: consecutive points almost always share it. */
  private lastShard: Shard | undefined;

  constructor(
    readonly id: string,
    readonly dir: string,
    /** Series kept in memory at most (the engine's `seriesCatalogLimit`). */
    catalogLimit: number,
  ) {
    this.catalog = new BucketCatalog(catalogLimit);
  }

  addShard(shard: Shard): void {
    this.shards.push(shard);
    this.shards.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  }

  removeShard(shard: Shard): void {
    const i = this.shards.indexOf(shard);
    if (i >= 0) this.shards.splice(i, 1);
    if (this.lastShard === shard) this.lastShard = undefined;
  }

  shardFor(time: bigint): Shard | undefined {
    const last = this.lastShard;
    if (last !== undefined && time >= last.start && time < last.stop) return last;
    for (const shard of this.shards) {
      if (time >= shard.start && time < shard.stop) {
        this.lastShard = shard;
        return shard;
      }
    }
    return undefined;
  }

  /**
   * Bounds of the shard group a new shard for `time` gets: aligned to the bucket's shard group
   * duration, trimmed so it never overlaps a shard created under an earlier duration.
   */
  newShardBounds(bucket: BucketInfo, time: bigint): { start: bigint; stop: bigint } {
    const duration =
      bucket.shardGroupDurationNs !== undefined && bucket.shardGroupDurationNs > 0n
        ? bucket.shardGroupDurationNs
        : defaultShardGroupDurationNs(bucket.retentionNs);
    let start = shardStartFor(time, duration);
    let stop = start + duration;
    for (const shard of this.shards) {
      if (shard.stop <= time && shard.stop > start) start = shard.stop;
      if (shard.start > time && shard.start < stop) stop = shard.start;
    }
    return { start, stop };
  }

  overlapping(start: bigint, stop: bigint): Shard[] {
    return this.shards.filter((s) => s.start < stop && s.stop > start);
  }
}
