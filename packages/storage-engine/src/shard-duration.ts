const NS_PER_HOUR = 3_600_000_000_000n;
const NS_PER_DAY = 24n * NS_PER_HOUR;

/**
 * InfluxDB's default shard group duration for a retention period: 1h below 2 days, 1d up to
 * 6 months, 7d beyond or for infinite retention (0).
 */
export function defaultShardGroupDurationNs(retentionNs: bigint): bigint {
  if (retentionNs <= 0n) return 7n * NS_PER_DAY;
  if (retentionNs < 2n * NS_PER_DAY) return NS_PER_HOUR;
  if (retentionNs <= 182n * NS_PER_DAY) return NS_PER_DAY;
  return 7n * NS_PER_DAY;
}

/** Start of the shard group holding `time` (aligned to the epoch, floor also for negative times). */
export function shardStartFor(time: bigint, durationNs: bigint): bigint {
  const rem = ((time % durationNs) + durationNs) % durationNs;
  return time - rem;
}
