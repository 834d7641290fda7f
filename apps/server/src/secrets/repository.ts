// Secrets in the metadata store; values arrive here sealed (see crypto.ts).
import type { Kysely, Transaction } from "kysely";
import type { Database, Timestamp } from "../db/schema.js";

export interface SecretTable {
  org_id: string;
  key: string;
  sealed_value: string;
  updated_at: Timestamp;
}

declare module "../db/schema.js" {
  interface Database {
    secrets: SecretTable;
  }
}

type Db = Kysely<Database> | Transaction<Database>;

export async function listSecretKeys(db: Db, orgID: string): Promise<string[]> {
  const rows = await db.selectFrom("secrets").select("key").where("org_id", "=", orgID).orderBy("key").execute();
  return rows.map((r) => r.key);
}

export async function findSealedSecret(db: Db, orgID: string, key: string): Promise<string | undefined> {
  const row = await db.selectFrom("secrets").select("sealed_value").where("org_id", "=", orgID).where("key", "=", key).executeTakeFirst();
  return row?.sealed_value;
}

export async function upsertSecrets(db: Db, orgID: string, sealed: ReadonlyMap<string, string>): Promise<void> {
  if (sealed.size === 0) return;
  const now = new Date();
  await db
    .insertInto("secrets")
    .values([...sealed].map(([key, value]) => ({ org_id: orgID, key, sealed_value: value, updated_at: now })))
    .onConflict((oc) => oc.columns(["org_id", "key"]).doUpdateSet((eb) => ({ sealed_value: eb.ref("excluded.sealed_value"), updated_at: eb.ref("excluded.updated_at") })))
    .execute();
}

/** Deletes some secrets of an org; returns how many existed. */
export async function deleteSecrets(db: Db, orgID: string, keys: readonly string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const result = await db.deleteFrom("secrets").where("org_id", "=", orgID).where("key", "in", keys).executeTakeFirst();
  return Number(result.numDeletedRows);
}
