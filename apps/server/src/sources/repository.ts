// Stored data sources (other InfluxDB servers) in the metadata store. Credentials arrive sealed.
import type { Kysely, Selectable, Transaction } from "kysely";
import type { Database, Timestamp } from "../db/schema.js";
import { seesNothing, visibleRows, type Visibility } from "../auth/visibility.js";

export type StoredSourceType = "v1" | "v2";

export interface SourceTable {
  id: string;
  org_id: string;
  name: string;
  type: StoredSourceType;
  is_default: boolean;
  url: string;
  insecure_skip_verify: boolean;
  telegraf: string;
  username: string;
  meta_url: string;
  default_rp: string;
  sealed_token: string | null;
  sealed_password: string | null;
  sealed_shared_secret: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

declare module "../db/schema.js" {
  interface Database {
    sources: SourceTable;
  }
}

export type StoredSource = Selectable<SourceTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** The columns a create or update sets (all but identity and timestamps). */
export type SourceFields = Omit<SourceTable, "id" | "org_id" | "created_at" | "updated_at">;

export function createSource(db: Db, id: string, orgID: string, fields: SourceFields): Promise<StoredSource> {
  const now = new Date();
  return db
    .insertInto("sources")
    .values({ id, org_id: orgID, ...fields, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findSourceByID(db: Db, id: string): Promise<StoredSource | undefined> {
  return db.selectFrom("sources").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The sources visible to the caller, optionally of one org, oldest first (as InfluxDB's ID order). */
export function listSources(db: Db, visible: Visibility, orgID?: string): Promise<StoredSource[]> {
  if (seesNothing(visible)) return Promise.resolve([]);
  let q = db.selectFrom("sources").selectAll().where(visibleRows(visible));
  if (orgID !== undefined) q = q.where("org_id", "=", orgID);
  return q.orderBy("created_at").orderBy("id").execute();
}

export function updateSource(db: Db, id: string, fields: Partial<SourceFields>): Promise<StoredSource | undefined> {
  return db
    .updateTable("sources")
    .set({ ...fields, updated_at: new Date() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteSource(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom("sources").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
