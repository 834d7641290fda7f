import type { AppContext } from "../http/types.js";

/**
 * Removes every point of a bucket from the storage engine. The buckets service calls it after the
 * bucket's metadata row is deleted, so a write racing the delete finds no bucket and cannot
 * recreate the data folder afterwards.
 */
export function dropBucketData(app: Pick<AppContext, "storage">, bucketID: string): Promise<void> {
  return app.storage.dropBucket(bucketID);
}
