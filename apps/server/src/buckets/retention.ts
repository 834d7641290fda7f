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

/** A retention rule as the API carries it. */
export interface RetentionRule {
  type?: "expire";
  everySeconds: number;
  shardGroupDurationSeconds?: number;
}

export interface Retention {
  retentionSeconds: number;
  shardGroupDurationSeconds: number;
}

/**
 * The retention and shard group duration a list of rules asks for, checked as InfluxDB checks them:
 * no rule keeps data forever; a shard group duration left out (or 0) is chosen from the retention;
 * one shorter than an hour is raised to an hour (InfluxDB normalises it the same way); one longer
 * than a finite retention is refused.
 */
export function resolveRetention(rules: readonly RetentionRule[]): Retention {
  if (rules.length > 1) throw new FluxgateError("unprocessable entity", "buckets cannot have more than one retention rule");
  const rule = rules[0];
  const retentionSeconds = rule?.everySeconds ?? 0;
  if (retentionSeconds < 0) throw new FluxgateError("unprocessable entity", "expiration seconds cannot be negative");
  checkRetention(retentionSeconds);
  const asked = rule?.shardGroupDurationSeconds ?? 0;
  if (asked < 0) throw new FluxgateError("unprocessable entity", "shard-group duration cannot be negative");
  const shardGroupDurationSeconds = asked === 0 ? defaultShardGroupDuration(retentionSeconds) : Math.max(asked, HOUR);
  if (retentionSeconds !== 0 && shardGroupDurationSeconds > retentionSeconds) {
    throw new FluxgateError("unprocessable entity", "retention policy duration must be greater than the shard duration");
  }
  return { retentionSeconds, shardGroupDurationSeconds };
}
