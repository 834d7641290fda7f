// Write and retention counters in the server's /metrics registry, registered on first use so the
// shared metrics module does not need to know about storage.
import { Counter, type Registry } from "prom-client";

export interface StorageMetrics {
  pointsWritten: Counter<"bucket">;
  pointsRejected: Counter<"bucket" | "reason">;
  writeBytes: Counter<"bucket">;
  shardGroupsExpired: Counter;
}

const byRegistry = new WeakMap<Registry, StorageMetrics>();

export function storageMetrics(registry: Registry): StorageMetrics {
  let metrics = byRegistry.get(registry);
  if (metrics === undefined) {
    metrics = {
      pointsWritten: new Counter({
        name: "storage_points_written_total",
        help: "Points durably stored through the write API, by bucket",
        labelNames: ["bucket"] as const,
        registers: [registry],
      }),
      pointsRejected: new Counter({
        name: "storage_points_rejected_total",
        help: "Points dropped from partial writes, by bucket and reason",
        labelNames: ["bucket", "reason"] as const,
        registers: [registry],
      }),
      writeBytes: new Counter({
        name: "http_write_request_bytes_total",
        help: "Line protocol bytes received by the write API (after gzip decoding), by bucket",
        labelNames: ["bucket"] as const,
        registers: [registry],
      }),
      shardGroupsExpired: new Counter({
        name: "storage_retention_shard_groups_dropped_total",
        help: "Shard groups removed by the retention loop",
        registers: [registry],
      }),
    };
    byRegistry.set(registry, metrics);
  }
  return metrics;
}
