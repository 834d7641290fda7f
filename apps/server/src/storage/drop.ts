import type { AppContext } from "../http/types.js";
import { writeTargetCache } from "../write/target-cache.js";

/**
 * Removes every point of a bucket from the storage engine. The buckets service calls it after the
 * bucket's metadata row is deleted, so a write racing the delete finds no bucket (neither in the
 * metadata store nor in the write path's cache) and cannot recreate the data folder afterwards.
 */
export function dropBucketData(app: Pick<AppContext, "storage">, bucketID: string): Promise<void> {
  // Writes must stop finding the bucket in the write path's cache before its data goes.
  writeTargetCache(app.storage).forgetBucket(bucketID);
  return app.storage.dropBucket(bucketID);
}
