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

/**
 * The org and bucket of a write or delete. The usual request names both (org by name or ID,
 * bucket by name or ID), which one join answers; anything else, or a miss, takes the step-by-step
 * path that also words the 404.
 */
export async function resolveTarget(app: AppContext, identity: Identity, orgParams: OrgParams, bucketParams: BucketParams): Promise<{ org: Org; bucket: Bucket }> {
  const orgKey = orgParams.org !== undefined && orgParams.org !== "" ? orgParams.org : orgParams.orgID !== undefined && orgParams.orgID !== "" ? orgParams.orgID : identity.orgID;
  const bucketKey = bucketParams.bucket !== undefined && bucketParams.bucket !== "" ? bucketParams.bucket : bucketParams.bucketID;
  if (orgKey !== undefined && bucketKey !== undefined && bucketKey !== "") {
    const orgByName = orgKey === orgParams.org;
    const bucketByName = bucketKey === bucketParams.bucket;
    const rows = await app.db
      .selectFrom("buckets")
      .innerJoin("orgs", "orgs.id", "buckets.org_id")
      .selectAll("buckets")
      .select(["orgs.name as org_name", "orgs.description as org_description", "orgs.created_at as org_created_at", "orgs.updated_at as org_updated_at"])
      .where((eb) => eb.or([eb("orgs.id", "=", orgKey), ...(orgByName ? [eb("orgs.name", "=", orgKey)] : [])]))
      .where((eb) => eb.or([eb("buckets.id", "=", bucketKey), ...(bucketByName ? [eb("buckets.name", "=", bucketKey)] : [])]))
      .execute();
    // One match is the answer unless it matched by name a key that is also a valid ID: InfluxDB
    // tries the ID first, and the step-by-step path does the same.
    const row = rows.length === 1 ? rows[0]! : undefined;
    const byNameOnly = (key: string, id: string, byName: boolean) => byName && isValidId(key) && key !== id;
    if (row !== undefined && !byNameOnly(orgKey, row.org_id, orgByName) && !byNameOnly(bucketKey, row.id, bucketByName)) {
      const { org_name, org_description, org_created_at, org_updated_at, ...bucket } = row;
      return { org: { id: bucket.org_id, name: org_name, description: org_description, created_at: org_created_at, updated_at: org_updated_at }, bucket };
    }
  }
  const org = await resolveOrg(app, identity, orgParams);
  return { org, bucket: await resolveBucket(app, org, bucketParams) };
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
