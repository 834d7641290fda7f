// Orgs in the metadata store. Creating an org also creates its `_monitoring` and `_tasks` system
// buckets, as InfluxDB does, so every path that makes an org goes through here.
import type { Kysely, Transaction } from "kysely";
import { newId } from "../db/ids.js";
import type { Database, Org } from "../db/schema.js";
import { createBucket } from "../buckets/repository.js";
import { SYSTEM_BUCKETS } from "../buckets/retention.js";

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
