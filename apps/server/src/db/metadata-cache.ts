// Metadata answers nearly every request needs (the token's identity, the org and bucket it names,
// a 1.x database's mapping), remembered in this process for a moment. Without it each write cost
// two metadata-store queries (~11% of the main thread under a TSBS write load), and each one-host
// query three (~2.5 ms of a ~12 ms answer).
//
// Only successful lookups are kept, so a token or bucket created a moment ago is seen at once; a
// failure (401, 404) is always looked up again. Changes made in this process forget the cache at
// once (`forgetCachedMetadata`, called by the token, user, org, bucket and DBRP services, and
// `dropBucketData`), so a revoked token stops working here with the next request; changes made by
// another process sharing the metadata store reach this one within TTL_MS.
import type { Identity } from "../auth/authorizer.js";

export const TTL_MS = 1_000;
/** Bounds memory when clients rotate through many tokens or names: past it, start over. */
const MAX_ENTRIES = 10_000;

interface Entry<V> {
  value: V;
  expires: number;
}

export class MetadataCache {
  readonly #identities = new Map<string, Entry<Identity>>();
  readonly #lookups = new Map<string, Entry<unknown>>();

  constructor(
    private readonly ttlMs: number = TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The identity behind a token, from `load` unless known since less than the TTL. */
  identity(token: string, load: () => Promise<Identity | null>): Promise<Identity | null> {
    return this.#get(this.#identities, token, load);
  }

  /**
   * Any other lookup, keyed by everything that decides its answer (the first element names the
   * kind of lookup, so keys of different kinds never meet).
   */
  lookup<V>(key: readonly (string | undefined)[], load: () => Promise<V>): Promise<V> {
    return this.#get(this.#lookups as Map<string, Entry<V>>, JSON.stringify(key), load);
  }

  clear(): void {
    this.#identities.clear();
    this.#lookups.clear();
  }

  async #get<V>(map: Map<string, Entry<V>>, key: string, load: () => Promise<V>): Promise<V> {
    const now = this.now();
    const hit = map.get(key);
    if (hit !== undefined && hit.expires > now) return hit.value;
    const value = await load();
    // A miss (no such token, bucket, mapping) is not remembered: it may exist a moment later.
    if (value === null || value === undefined) return value;
    if (map.size >= MAX_ENTRIES) map.clear();
    map.set(key, { value, expires: now + this.ttlMs });
    return value;
  }
}

/** One cache per storage engine, i.e. per running server (tests run several in one process). */
const caches = new WeakMap<object, MetadataCache>();

export function metadataCache(app: { storage: object }): MetadataCache {
  let cache = caches.get(app.storage);
  if (cache === undefined) caches.set(app.storage, (cache = new MetadataCache()));
  return cache;
}

/**
 * Called by every service that changes what a lookup may resolve to (a token's status or
 * existence, a user's, an org's, bucket's or mapping's), so this process never answers with stale
 * metadata; other processes see the change within TTL_MS.
 */
export function forgetCachedMetadata(app: { storage: object }): void {
  metadataCache(app).clear();
}
