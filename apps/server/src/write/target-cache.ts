// Metadata answers a write needs on every request (the token's identity, the org and bucket it
// names), remembered in this process for a moment. Without it each write costs two metadata-store
// queries, measured at ~11% of the server's main thread under a TSBS write load.
//
// Only successful lookups are kept, so a bucket or token created a moment ago is seen at once; a
// failure (401, 404) is always looked up again. Changes made in this process forget the cache at
// once (`forgetWriteTargets`, called by the token, user, org and bucket services, and
// `dropBucketData`); changes made by other processes reach writes within TTL_MS.
import type { Identity } from "../auth/authorizer.js";
import type { Bucket, Org } from "../db/schema.js";

export const TTL_MS = 1_000;
/** Bounds memory when clients rotate through many tokens or names: past it, start over. */
const MAX_ENTRIES = 10_000;

interface Entry<V> {
  value: V;
  expires: number;
}

export interface WriteTarget {
  org: Org;
  bucket: Bucket;
}

export class WriteTargetCache {
  readonly #identities = new Map<string, Entry<Identity>>();
  readonly #targets = new Map<string, Entry<WriteTarget>>();

  constructor(
    private readonly ttlMs: number = TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The identity behind a token, from `load` unless known since less than the TTL. */
  identity(token: string, load: () => Promise<Identity>): Promise<Identity> {
    return this.#get(this.#identities, token, load);
  }

  /** The org and bucket a request names, keyed by everything that decides them. */
  target(key: readonly (string | undefined)[], load: () => Promise<WriteTarget>): Promise<WriteTarget> {
    return this.#get(this.#targets, JSON.stringify(key), load);
  }

  /** Forgets every target that resolved to this bucket. */
  forgetBucket(bucketID: string): void {
    for (const [key, entry] of this.#targets) if (entry.value.bucket.id === bucketID) this.#targets.delete(key);
  }

  clear(): void {
    this.#identities.clear();
    this.#targets.clear();
  }

  async #get<V>(map: Map<string, Entry<V>>, key: string, load: () => Promise<V>): Promise<V> {
    const now = this.now();
    const hit = map.get(key);
    if (hit !== undefined && hit.expires > now) return hit.value;
    const value = await load();
    if (map.size >= MAX_ENTRIES) map.clear();
    map.set(key, { value, expires: now + this.ttlMs });
    return value;
  }
}

/** One cache per storage engine, i.e. per running server (tests run several in one process). */
const caches = new WeakMap<object, WriteTargetCache>();

export function writeTargetCache(storage: object): WriteTargetCache {
  let cache = caches.get(storage);
  if (cache === undefined) caches.set(storage, (cache = new WriteTargetCache()));
  return cache;
}

/**
 * Called by every service that changes what a write may resolve to (a token's status or existence,
 * a user's, an org's or bucket's name or retention), so this process never writes with stale
 * metadata; other processes see the change within TTL_MS.
 */
export function forgetWriteTargets(app: { storage: object }): void {
  writeTargetCache(app.storage).clear();
}
