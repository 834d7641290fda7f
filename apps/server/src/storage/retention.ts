// The retention loop: every --storage-retention-check-interval, each bucket with a finite retention
// period loses the shard groups that ended before `now - retention`. Retention is read from the
// metadata store on every pass, so changing a bucket's retention takes effect at the next pass.
import type { AppContext } from "../http/types.js";
import { bucketInfo } from "./engine.js";
import { storageMetrics } from "./metrics.js";
import { startPeriodic, type PeriodicLoop } from "../periodic.js";

export interface RetentionPass {
  /** Buckets examined. */
  buckets: number;
  /** Shard groups removed. */
  shardGroupsDropped: number;
}

/** One pass over every bucket; what the loop runs, exposed for tests and operators. */
export async function enforceRetentionOnce(app: AppContext, now: bigint = BigInt(Date.now()) * 1_000_000n): Promise<RetentionPass> {
  const buckets = await app.db
    .selectFrom("buckets")
    .select(["id", "retention_seconds", "shard_group_duration_seconds"])
    .where("retention_seconds", ">", 0)
    .execute();
  let shardGroupsDropped = 0;
  for (const bucket of buckets) {
    const info = bucketInfo(bucket);
    shardGroupsDropped += await app.storage.enforceRetention(info, info.retentionNs, now);
  }
  if (shardGroupsDropped > 0) storageMetrics(app.metrics.registry).shardGroupsExpired.inc(shardGroupsDropped);
  return { buckets: buckets.length, shardGroupsDropped };
}

export type RetentionLoop = PeriodicLoop;

/** Starts the loop; 0 disables it. A pass that fails is logged and retried at the next tick. */
export function startRetentionLoop(app: AppContext, intervalMs: number): RetentionLoop {
  // A slow pass (a large drop) never overlaps the next one.
  return startPeriodic(
    intervalMs,
    async () => {
      const pass = await enforceRetentionOnce(app);
      if (pass.shardGroupsDropped > 0) app.log.info(pass, "retention: expired shard groups dropped");
    },
    app.log,
    "retention pass failed",
  );
}
