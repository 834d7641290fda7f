import type { Kysely, Transaction } from "kysely";
import { newId } from "../db/ids.js";
import type { Bucket, BucketType, Database } from "../db/schema.js";
import type { Page } from "../http/paging.js";
import { removeAllResourceUsers } from "../orgs/members.js";
import { defaultShardGroupDuration } from "./retention.js";
import { removeResourceLabelMappings } from "../labels/repository.js";
import { seesNothing, visibleRows, type Visibility } from "../auth/visibility.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface CreateBucketInput {
  orgID: string;
  name: string;
  type?: BucketType;
  description?: string;
  retentionSeconds?: number;
  shardGroupDurationSeconds?: number;
  schemaType?: "implicit" | "explicit";
}

export function createBucket(db: Db, input: CreateBucketInput): Promise<Bucket> {
  const now = new Date();
  const retention = input.retentionSeconds ?? 0;
  return db
    .insertInto("buckets")
    .values({
      id: newId(),
      org_id: input.orgID,
      name: input.name,
      description: input.description ?? "",
      type: input.type ?? "user",
      retention_seconds: retention,
      shard_group_duration_seconds: input.shardGroupDurationSeconds || defaultShardGroupDuration(retention),
      schema_type: input.schemaType ?? "implicit",
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findBucketByID(db: Db, id: string): Promise<Bucket | undefined> {
  return db.selectFrom("buckets").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findBucketByName(db: Db, orgID: string, name: string): Promise<Bucket | undefined> {
  return db.selectFrom("buckets").selectAll().where("org_id", "=", orgID).where("name", "=", name).executeTakeFirst();
}

export interface BucketFilter {
  orgID?: string;
  name?: string;
  visible: Visibility;
}

/**
 * A page of buckets. Within one org they come by name (InfluxDB walks its org/name index), across
 * orgs by ID; `after` is a bucket ID either way and the page starts right after that bucket. One row
 * more than the page is read so the caller knows whether more follow.
 */
export async function listBuckets(db: Db, filter: BucketFilter, page: Page): Promise<{ buckets: Bucket[]; more: boolean }> {
  const visible = filter.visible;
  if (seesNothing(visible)) return { buckets: [], more: false };
  let q = db.selectFrom("buckets").selectAll();
  if (filter.orgID) q = q.where("org_id", "=", filter.orgID);
  if (filter.name) q = q.where("name", "=", filter.name);
  q = q.where(visibleRows(visible));
  const byName = filter.orgID !== undefined;
  const beyond = page.descending ? "<" : ">";
  if (page.after) {
    if (byName) {
      const after = await findBucketByID(db, page.after);
      if (!after || after.org_id !== filter.orgID) return { buckets: [], more: false };
      q = q.where("name", beyond, after.name);
    } else {
      q = q.where("id", beyond, page.after);
    }
  }
  const rows = await q
    .orderBy(byName ? "name" : "id", page.descending ? "desc" : "asc")
    .offset(page.offset)
    .limit(page.limit + 1)
    .execute();
  return { buckets: rows.slice(0, page.limit), more: rows.length > page.limit };
}

export interface BucketChanges {
  name?: string;
  description?: string;
  retentionSeconds?: number;
  shardGroupDurationSeconds?: number;
}

export function updateBucket(db: Db, id: string, changes: BucketChanges): Promise<Bucket | undefined> {
  return db
    .updateTable("buckets")
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.retentionSeconds !== undefined ? { retention_seconds: changes.retentionSeconds } : {}),
      ...(changes.shardGroupDurationSeconds !== undefined ? { shard_group_duration_seconds: changes.shardGroupDurationSeconds } : {}),
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

/** Deletes a bucket's metadata with its owners and members; false when there was no such bucket. */
export async function deleteBucket(db: Db, id: string): Promise<boolean> {
  await removeAllResourceUsers(db, "buckets", [id]);
  await removeResourceLabelMappings(db, "buckets", [id]);
  const result = await db.deleteFrom("buckets").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
