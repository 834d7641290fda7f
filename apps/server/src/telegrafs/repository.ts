// Telegraf configurations in the metadata store.
import type { Kysely, Selectable, Transaction } from "kysely";
import { newId } from "../db/ids.js";
import type { Database, Json, Timestamp } from "../db/schema.js";
import { seesNothing, visibleRows, type Visibility } from "../auth/visibility.js";

export interface TelegrafTable {
  id: string;
  org_id: string;
  name: string;
  description: string;
  config: string;
  metadata_buckets: Json<string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

declare module "../db/schema.js" {
  interface Database {
    telegrafs: TelegrafTable;
  }
}

export type Telegraf = Selectable<TelegrafTable>;
type Db = Kysely<Database> | Transaction<Database>;

export interface TelegrafFields {
  name: string;
  description: string;
  config: string;
  buckets: string[];
}

export function createTelegraf(db: Db, orgID: string, fields: TelegrafFields): Promise<Telegraf> {
  const now = new Date();
  return db
    .insertInto("telegrafs")
    .values({
      id: newId(),
      org_id: orgID,
      name: fields.name,
      description: fields.description,
      config: fields.config,
      metadata_buckets: JSON.stringify(fields.buckets),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findTelegrafByID(db: Db, id: string): Promise<Telegraf | undefined> {
  return db.selectFrom("telegrafs").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Configurations by ID, optionally of one org, restricted to what is visible. */
export function listTelegrafs(db: Db, filter: { orgID?: string; visible: Visibility }): Promise<Telegraf[]> {
  if (seesNothing(filter.visible)) return Promise.resolve([]);
  let q = db.selectFrom("telegrafs").selectAll();
  if (filter.orgID) q = q.where("org_id", "=", filter.orgID);
  return q.where(visibleRows(filter.visible)).orderBy("id").execute();
}

export function replaceTelegraf(db: Db, id: string, fields: TelegrafFields): Promise<Telegraf | undefined> {
  return db
    .updateTable("telegrafs")
    .set({ name: fields.name, description: fields.description, config: fields.config, metadata_buckets: JSON.stringify(fields.buckets), updated_at: new Date() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteTelegraf(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom("telegrafs").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
