// Which bucket a 1.x request's `db` (and `rp`) reads or writes: used by v1 /write and /query.
import type { Authorizer } from "../auth/authorizer.js";
import { metadataCache } from "../db/metadata-cache.js";
import { notFound } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import { findDbrps, type Dbrp } from "./mappings.js";

/**
 * InfluxDB 2.x's answer when no mapping matches (404 `not found`). The InfluxQL side may reword it
 * as a per-statement error; it can recognise it by this message.
 */
export const NO_DBRP_MAPPING = "no dbrp mapping found";

export interface DbrpQuery {
  db: string;
  /** Absent or empty: the default mapping of the database. */
  rp?: string | undefined;
  /** Absent: the caller's token org, else any org the caller may see (sessions). */
  orgID?: string | undefined;
}

/**
 * The bucket a db/rp maps to, as InfluxDB 2.x finds it: a stored mapping first (that rp, or the
 * database's default when no rp), else the virtual mapping of a bucket named `db/rp` or `db`
 * (rp `autogen`). Only mappings whose bucket the caller may read or write count; the caller's
 * permission for the actual read or write is checked by whoever uses the bucket. 401 when
 * unauthenticated; 404 NO_DBRP_MAPPING when nothing maps.
 */
export async function resolveDbrp(app: AppContext, auth: Authorizer, q: DbrpQuery): Promise<{ bucketID: string; orgID: string }> {
  const identity = await auth.identity();
  const orgID = q.orgID ?? identity.orgID;
  const rp = q.rp !== undefined && q.rp !== "" ? q.rp : undefined;
  const candidates = await findDbrps(app.db, { orgID, database: q.db, ...(rp !== undefined ? { retentionPolicy: rp } : { isDefault: true }) });
  for (const mapping of candidates) {
    if (await mayUse(auth, mapping)) return { bucketID: mapping.bucketID, orgID: mapping.orgID };
  }
  throw notFound(NO_DBRP_MAPPING);
}

/**
 * resolveDbrp through the metadata cache (see db/metadata-cache.ts), keyed by the caller's
 * authorization, whose permissions decide which mappings it may use: every 1.x write and query
 * resolves one.
 */
export async function resolveDbrpCached(app: AppContext, auth: Authorizer, q: Pick<DbrpQuery, "db" | "rp">): Promise<{ bucketID: string; orgID: string }> {
  const identity = await auth.identity();
  const who = identity.authorizationID ?? identity.sessionID ?? identity.userID;
  return metadataCache(app).lookup(["dbrp", who, q.db, q.rp ?? ""], () => resolveDbrp(app, auth, q));
}

async function mayUse(auth: Authorizer, m: Dbrp): Promise<boolean> {
  const resource = { type: "buckets" as const, orgID: m.orgID, id: m.bucketID };
  return (await auth.can({ action: "read", resource })) || (await auth.can({ action: "write", resource }));
}
