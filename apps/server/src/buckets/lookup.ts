// The bucket a query names, through the metadata cache: every Flux `from()` and InfluxQL statement
// looks one up, and a metadata-store round trip (~0.8 ms on PGlite) is a large share of a one-host
// query. A missing bucket is never remembered.
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
