// Orgs in the metadata store. Creating an org also creates its `_monitoring` and `_tasks` system
// buckets, as InfluxDB does, so every path that makes an org goes through here.
import type { Kysely, Transaction } from "kysely";
import { newId } from "../db/ids.js";
import type { Database, Org } from "../db/schema.js";
import { createBucket } from "../buckets/repository.js";
import { SYSTEM_BUCKETS } from "../buckets/retention.js";
import type { Page } from "../http/paging.js";
import { removeAllResourceUsers } from "./members.js";

type Db = Kysely<Database> | Transaction<Database>;

export async function createOrgWithSystemBuckets(db: Db, input: { name: string; description?: string; ownerID?: string }): Promise<Org> {
  const now = new Date();
  const org = await db
    .insertInto("orgs")
    .values({ id: newId(), name: input.name, description: input.description ?? "", created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  for (const system of SYSTEM_BUCKETS) {
    await createBucket(db, { orgID: org.id, name: system.name, type: "system", retentionSeconds: system.retentionSeconds, description: system.description });
  }
  if (input.ownerID) {
    await db.insertInto("user_resource_mappings").values({ user_id: input.ownerID, resource_type: "orgs", resource_id: org.id, role: "owner", created_at: now }).execute();
  }
  return org;
}

export function findOrgByID(db: Db, id: string): Promise<Org | undefined> {
  return db.selectFrom("orgs").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findOrgByName(db: Db, name: string): Promise<Org | undefined> {
  return db.selectFrom("orgs").selectAll().where("name", "=", name).executeTakeFirst();
}

export interface OrgFilter {
  id?: string;
  name?: string;
  /** Only orgs this user owns or belongs to. */
  userID?: string;
  /** Only these IDs (what the caller may read); undefined = all. */
  visibleIDs?: readonly string[];
}

/** A page of orgs by ID; asks for one row more than the page so the caller knows whether more follow. */
export async function listOrgs(db: Db, filter: OrgFilter, page: Page): Promise<{ orgs: Org[]; more: boolean }> {
  if (filter.visibleIDs?.length === 0) return { orgs: [], more: false };
  let q = db.selectFrom("orgs").selectAll("orgs");
  if (filter.id) q = q.where("orgs.id", "=", filter.id);
  if (filter.name) q = q.where("orgs.name", "=", filter.name);
  if (filter.visibleIDs) q = q.where("orgs.id", "in", filter.visibleIDs);
  if (filter.userID) {
    const userID = filter.userID;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("user_resource_mappings as m")
          .select("m.user_id")
          .whereRef("m.resource_id", "=", "orgs.id")
          .where("m.resource_type", "=", "orgs")
          .where("m.user_id", "=", userID),
      ),
    );
  }
  if (page.after) q = q.where("orgs.id", page.descending ? "<" : ">", page.after);
  const rows = await q
    .orderBy("orgs.id", page.descending ? "desc" : "asc")
    .offset(page.offset)
    .limit(page.limit + 1)
    .execute();
  return { orgs: rows.slice(0, page.limit), more: rows.length > page.limit };
}

export function updateOrg(db: Db, id: string, changes: { name?: string; description?: string }): Promise<Org | undefined> {
  return db.updateTable("orgs").set({ ...changes, updated_at: new Date() }).where("id", "=", id).returningAll().executeTakeFirst();
}

/** The org-owned resources that have owners and members; their tables share the type's name. */
const ORG_RESOURCES_WITH_USERS = ["buckets", "dashboards", "tasks", "telegrafs", "scrapers"] as const;

/**
 * Deletes an org with its buckets, tokens (foreign keys cascade) and the owners and members of the
 * org and of its resources. Returns the IDs of the deleted buckets, whose data the caller drops once
 * the transaction has committed; undefined when there was no such org.
 */
export async function deleteOrg(db: Db, id: string): Promise<{ bucketIDs: string[] } | undefined> {
  let bucketIDs: string[] = [];
  // The mappings name resources by ID only (no foreign key), so the org's resources' rows go by hand.
  for (const type of ORG_RESOURCES_WITH_USERS) {
    const ids = (await db.selectFrom(type).select("id").where("org_id", "=", id).execute()).map((r) => r.id);
    await removeAllResourceUsers(db, type, ids);
    if (type === "buckets") bucketIDs = ids;
  }
  await removeAllResourceUsers(db, "orgs", [id]);
  const result = await db.deleteFrom("orgs").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n ? { bucketIDs } : undefined;
}
