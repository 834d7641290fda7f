export { bucketInfo, openStorage, type StorageEngine } from "./engine.js";
export { dropBucketData } from "./drop.js";
export { enforceRetentionOnce, startRetentionLoop, type RetentionLoop, type RetentionPass } from "./retention.js";
export { storageMetrics, type StorageMetrics } from "./metrics.js";
