// The 1.x write (POST /write): the bucket comes from the DBRP mapping of `db`/`rp`; everything after
// that (permission, parsing, partial writes, answers) is /api/v2/write's own path.
import type { Readable } from "node:stream";
import type { Precision } from "@fluxgate/line-protocol";
import type { Authorizer } from "../auth/authorizer.js";
import { resolveDbrpCached } from "../dbrp/resolve.js";
import type { AppContext } from "../http/types.js";
import { WriteService } from "../write/service.js";

export interface V1WriteRequest {
  db: string;
  rp?: string | undefined;
  precision: Precision;
  body: () => Readable;
}

export async function writeV1(app: AppContext, auth: Authorizer, request: V1WriteRequest): Promise<void> {
  // The mapping comes from the metadata cache: without it a 1.x write cost three metadata queries
  // more than a v2 write. The v2 path then checks the org, bucket and write permission as usual;
  // a valid bucket ID given as `bucket` is taken as that ID, so it finds exactly this bucket.
  const { orgID, bucketID } = await resolveDbrpCached(app, auth, { db: request.db, rp: request.rp });
  await new WriteService(app, auth).write({ orgID, bucket: bucketID, precision: request.precision, body: request.body });
}
