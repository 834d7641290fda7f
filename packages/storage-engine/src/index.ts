/**
 * @fluxgate/storage-engine — durable time-series storage on DuckDB: group-committed writes with
 * durable acks, InfluxDB overwrite semantics, deletes, retention, and a columnar read API with
 * pushdown of predicates, windows and aggregates.
 */
export { StorageEngine, type StorageEngineOptions } from "./engine.js";
export { defaultShardGroupDurationNs, shardStartFor } from "./shard-duration.js";
export { partialWriteMessage, rejectionMessage } from "./messages.js";
export { aggregateType } from "./read.js";
export type * from "./types.js";
export type { TimeSeriesStore } from "./store.js";
