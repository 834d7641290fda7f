import type { Kysely, Transaction } from "kysely";
import { newId } from "../db/ids.js";
import type { Bucket, BucketType, Database } from "../db/schema.js";
import { defaultShardGroupDuration } from "./retention.js";

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
