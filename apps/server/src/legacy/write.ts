// The 1.x write (POST /write): the bucket comes from the DBRP mapping of `db`/`rp`; everything after
// that (permission, parsing, partial writes, answers) is /api/v2/write's own path.
import type { Readable } from "node:stream";
import type { Precision } from "@fluxgate/line-protocol";
import type { Authorizer } from "../auth/authorizer.js";
import { resolveDbrp } from "../dbrp/resolve.js";
import type { AppContext } from "../http/types.js";
import { WriteService } from "../write/service.js";

export interface V1WriteRequest {
  db: string;
  rp?: string | undefined;
  precision: Precision;
  body: () => Readable;
}

export async function writeV1(app: AppContext, auth: Authorizer, request: V1WriteRequest): Promise<void> {
  const { orgID, bucketID } = await resolveDbrp(app, auth, { db: request.db, rp: request.rp });
  // A valid bucket ID given as `bucket` is taken as that ID, so the v2 path finds exactly this bucket.
  await new WriteService(app, auth).write({ orgID, bucket: bucketID, precision: request.precision, body: request.body });
}
