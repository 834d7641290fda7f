// Retention rules and shard group durations, with InfluxDB's defaults and limits.
import { FluxgateError } from "../http/errors.js";

const HOUR = 3600;
const DAY = 24 * HOUR;

/** InfluxDB refuses retention periods shorter than one hour (0 = infinite). */
export const MIN_RETENTION_SECONDS = HOUR;

export function checkRetention(seconds: number): void {
  if (seconds !== 0 && seconds < MIN_RETENTION_SECONDS) {
    throw new FluxgateError("unprocessable entity", "retention policy duration must be at least 1h0m0s");
  }
}

/** InfluxDB's default shard group duration for a retention period. */
export function defaultShardGroupDuration(retentionSeconds: number): number {
  if (retentionSeconds === 0 || retentionSeconds >= 180 * DAY) return 7 * DAY;
  if (retentionSeconds >= 2 * DAY) return DAY;
  return HOUR;
}

export const SYSTEM_BUCKETS = [
  { name: "_monitoring", retentionSeconds: 7 * DAY, description: "System bucket for monitoring logs" },
  { name: "_tasks", retentionSeconds: 3 * DAY, description: "System bucket for task logs" },
] as const;
