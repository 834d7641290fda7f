// Which org and bucket a write or delete names, as InfluxDB reads `org`/`orgID` and
// `bucket`/`bucketID`: a value that is a valid ID is tried as an ID first, then as a name.
import { isValidId } from "../db/ids.js";
import type { Bucket, Org } from "../db/schema.js";
import { invalid, notFound } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import type { Identity } from "../auth/authorizer.js";

export interface OrgParams {
  org?: string | undefined;
  orgID?: string | undefined;
}

export interface BucketParams {
  bucket?: string | undefined;
  bucketID?: string | undefined;
}

export async function resolveOrg(app: AppContext, identity: Identity, params: OrgParams): Promise<Org> {
  const orgs = app.db.selectFrom("orgs").selectAll();
  if (params.org !== undefined && params.org !== "") {
    const name = params.org;
    if (isValidId(name)) {
      const byId = await orgs.where("id", "=", name).executeTakeFirst();
      if (byId) return byId;
    }
    const byName = await orgs.where("name", "=", name).executeTakeFirst();
    if (!byName) throw notFound(`organization name "${name}" not found`);
    return byName;
  }
  // A token belongs to one org; clients that leave the org out write there (the spec allows it).
  const id = params.orgID !== undefined && params.orgID !== "" ? params.orgID : identity.orgID;
  if (id === undefined) throw invalid("Please provide either orgID or org");
  if (!isValidId(id)) throw invalid(`invalid orgID "${id}": must be 16 lowercase hex characters`);
  const org = await orgs.where("id", "=", id).executeTakeFirst();
  if (!org) throw notFound("organization not found");
  return org;
}

export async function resolveBucket(app: AppContext, org: Org, params: BucketParams): Promise<Bucket> {
  const buckets = app.db.selectFrom("buckets").selectAll().where("org_id", "=", org.id);
  if (params.bucket !== undefined && params.bucket !== "") {
    const name = params.bucket;
    if (isValidId(name)) {
      const byId = await buckets.where("id", "=", name).executeTakeFirst();
      if (byId) return byId;
    }
    const byName = await buckets.where("name", "=", name).executeTakeFirst();
    if (!byName) throw notFound(`bucket "${name}" not found`);
    return byName;
  }
  const id = params.bucketID;
  if (id === undefined || id === "") throw invalid("Please provide either bucketID or bucket");
  if (!isValidId(id)) throw invalid(`invalid bucketID "${id}": must be 16 lowercase hex characters`);
  const bucket = await buckets.where("id", "=", id).executeTakeFirst();
  if (!bucket) throw notFound(`bucket "${id}" not found`);
  return bucket;
}
