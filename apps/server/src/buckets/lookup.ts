// The bucket a query names, through the metadata cache: every Flux `from()` and InfluxQL statement
// looks one up, and a metadata-store round trip (~0.8 ms on PGlite) is a large share of a one-host
// query. A missing bucket is never remembered.
import type { Authorizer } from "../auth/authorizer.js";
import { metadataCache } from "../db/metadata-cache.js";
import type { Bucket } from "../db/schema.js";
import type { AppContext } from "../http/types.js";
import { findBucketByID, findBucketByName } from "./repository.js";

export type BucketLookup = { orgID: string; name: string } | { id: string };

export function lookUpBucket(app: Pick<AppContext, "db" | "storage">, ref: BucketLookup): Promise<Bucket | undefined> {
  return "name" in ref
    ? metadataCache(app).lookup(["bucket by name", ref.orgID, ref.name], () => findBucketByName(app.db, ref.orgID, ref.name))
    : metadataCache(app).lookup(["bucket by id", ref.id], () => findBucketByID(app.db, ref.id));
}

/**
 * The bucket a Flux read names (by name in the query's org, or by ID) when the caller may read
 * it, else undefined: a bucket the caller may not read is reported like a missing one, as InfluxDB
 * does (its lookup goes through the authorizing bucket service).
 */
export async function readableBucket(app: Pick<AppContext, "db" | "storage">, auth: Authorizer, orgID: string, ref: { name: string } | { id: string }): Promise<Bucket | undefined> {
  const bucket = await lookUpBucket(app, "name" in ref ? { orgID, name: ref.name } : ref);
  return bucket !== undefined && (await canReadBucket(auth, bucket)) ? bucket : undefined;
}

export function canReadBucket(auth: Authorizer, bucket: Pick<Bucket, "id" | "org_id">): Promise<boolean> {
  return auth.can({ action: "read", resource: { type: "buckets", orgID: bucket.org_id, id: bucket.id } });
}
