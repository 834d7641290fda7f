// The 1.x write (POST /write): the bucket comes from the DBRP mapping of `db`/`rp`; everything after
// that (permission, parsing, partial writes, answers) is /api/v2/write's own path.
import type { Readable } from "node:stream";
import type { Precision } from "@fluxgate/line-protocol";
import type { Authorizer } from "../auth/authorizer.js";
import { metadataCache } from "../db/metadata-cache.js";
import { resolveDbrp } from "../dbrp/resolve.js";
import type { AppContext } from "../http/types.js";
import { WriteService } from "../write/service.js";
import { resolveTarget } from "../write/target.js";

export interface V1WriteRequest {
  db: string;
  rp?: string | undefined;
  precision: Precision;
  body: () => Readable;
}

export async function writeV1(app: AppContext, auth: Authorizer, request: V1WriteRequest): Promise<void> {
  // The mapping is remembered in the metadata cache (a second or less, forgotten at once when a
  // mapping, bucket, org or token changes here): without it a 1.x write cost three metadata
  // queries more than a v2 write. Keyed by authorization, whose permissions decide what it may see.
  const identity = await auth.identity();
  const who = identity.authorizationID ?? identity.sessionID ?? identity.userID;
  const { org, bucket } = await metadataCache(app).lookup(["v1 write", who, request.db, request.rp ?? ""], async () => {
    const { orgID, bucketID } = await resolveDbrp(app, auth, { db: request.db, rp: request.rp });
    return resolveTarget(app, identity, { orgID }, { bucketID });
  });
  // A valid bucket ID given as `bucket` is taken as that ID, so the v2 path finds exactly this bucket.
  await new WriteService(app, auth).write({ orgID: org.id, bucket: bucket.id, precision: request.precision, body: request.body });
}
