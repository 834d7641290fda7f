import type { AppContext } from "../http/types.js";
import { forgetCachedMetadata } from "../db/metadata-cache.js";

/**
 * Removes every point of a bucket from the storage engine. The buckets service calls it after the
 * bucket's metadata row is deleted, so a write racing the delete finds no bucket (neither in the
 * metadata store nor in the metadata cache) and cannot recreate the data folder afterwards.
 */
export function dropBucketData(app: Pick<AppContext, "storage">, bucketID: string): Promise<void> {
  // Writes must stop finding the bucket in the cache before its data goes.
  forgetCachedMetadata(app);
  return app.storage.dropBucket(bucketID);
}
