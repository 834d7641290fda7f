// SQL of DBRP mappings. The "one default per database" rule is kept here, in one transaction per
// change, so every caller (API, v1 write, future upgrades) gets it.
import type { Kysely, Transaction } from "kysely";
import { newId } from "../db/ids.js";
import type { Database } from "../db/schema.js";
import type { DbrpRow } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface DbrpFilter {
  orgID?: string | undefined;
  id?: string | undefined;
  bucketID?: string | undefined;
  isDefault?: boolean | undefined;
  database?: string | undefined;
  retentionPolicy?: string | undefined;
}

/** Stored mappings matching every given field; by org, database, retention policy. */
export function listDbrps(db: Db, filter: DbrpFilter): Promise<DbrpRow[]> {
  let q = db.selectFrom("dbrps").selectAll();
  if (filter.orgID !== undefined) q = q.where("org_id", "=", filter.orgID);
  if (filter.id !== undefined) q = q.where("id", "=", filter.id);
  if (filter.bucketID !== undefined) q = q.where("bucket_id", "=", filter.bucketID);
  if (filter.isDefault !== undefined) q = q.where("is_default", "=", filter.isDefault);
  if (filter.database !== undefined) q = q.where("database", "=", filter.database);
  if (filter.retentionPolicy !== undefined) q = q.where("retention_policy", "=", filter.retentionPolicy);
  return q.orderBy("org_id").orderBy("database").orderBy("retention_policy").execute();
}

export function findDbrpByID(db: Db, id: string): Promise<DbrpRow | undefined> {
  return db.selectFrom("dbrps").selectAll().where("id", "=", id).executeTakeFirst();
}

export interface NewDbrp {
  orgID: string;
  bucketID: string;
  database: string;
  retentionPolicy: string;
  isDefault: boolean;
}

/**
 * Stores a mapping. The first mapping of a database becomes its default whatever was asked; a new
 * default demotes the previous one. Throws the driver's unique violation when db/rp is taken.
 */
export function createDbrp(db: Kysely<Database>, input: NewDbrp): Promise<DbrpRow> {
  return db.transaction().execute(async (tx) => {
    const current = await currentDefault(tx, input.orgID, input.database);
    const isDefault = input.isDefault || current === undefined;
    if (isDefault && current) await tx.updateTable("dbrps").set({ is_default: false, updated_at: new Date() }).where("id", "=", current.id).execute();
    const now = new Date();
    return tx
      .insertInto("dbrps")
      .values({ id: newId(), org_id: input.orgID, bucket_id: input.bucketID, database: input.database, retention_policy: input.retentionPolicy, is_default: isDefault, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/**
 * Changes the retention policy name and/or the default flag. Becoming the default demotes the
 * previous default; giving it up hands it to the oldest other mapping of the database, and is
 * ignored when there is none (a database always has a default).
 */
export function updateDbrp(db: Kysely<Database>, id: string, changes: { retentionPolicy?: string | undefined; isDefault?: boolean | undefined }): Promise<DbrpRow | undefined> {
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom("dbrps").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!row) return undefined;
    let isDefault: boolean | undefined;
    if (changes.isDefault === true && !row.is_default) {
      await tx.updateTable("dbrps").set({ is_default: false, updated_at: new Date() }).where("org_id", "=", row.org_id).where("database", "=", row.database).where("is_default", "=", true).execute();
      isDefault = true;
    }
    if (changes.isDefault === false && row.is_default) {
      const next = await oldestOther(tx, row);
      if (next) {
        await tx.updateTable("dbrps").set({ is_default: false, updated_at: new Date() }).where("id", "=", id).execute();
        await tx.updateTable("dbrps").set({ is_default: true, updated_at: new Date() }).where("id", "=", next.id).execute();
        isDefault = false;
      }
    }
    return tx
      .updateTable("dbrps")
      .set({
        ...(changes.retentionPolicy !== undefined ? { retention_policy: changes.retentionPolicy } : {}),
        ...(isDefault !== undefined ? { is_default: isDefault } : {}),
        updated_at: new Date(),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
  });
}

/** Deletes a mapping; when it was the default, the oldest remaining mapping of its database takes over. */
export function deleteDbrp(db: Kysely<Database>, id: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom("dbrps").where("id", "=", id).returningAll().executeTakeFirst();
    if (!row) return false;
    if (row.is_default) {
      const next = await oldestOther(tx, row);
      if (next) await tx.updateTable("dbrps").set({ is_default: true, updated_at: new Date() }).where("id", "=", next.id).execute();
    }
    return true;
  });
}

function currentDefault(db: Db, orgID: string, database: string): Promise<DbrpRow | undefined> {
  return db.selectFrom("dbrps").selectAll().where("org_id", "=", orgID).where("database", "=", database).where("is_default", "=", true).executeTakeFirst();
}

/** The oldest mapping of the same database other than `row`. */
function oldestOther(db: Db, row: DbrpRow): Promise<{ id: string } | undefined> {
  return db.selectFrom("dbrps").select("id").where("org_id", "=", row.org_id).where("database", "=", row.database).where("id", "!=", row.id).orderBy("created_at").orderBy("id").executeTakeFirst();
}
