// SQL of v1 (legacy) authorizations.
import type { Kysely, Transaction } from "kysely";
import type { Permission } from "../auth/permissions.js";
import { newId } from "../db/ids.js";
import type { AuthorizationStatus, Database } from "../db/schema.js";
import type { LegacyAuthorizationRow } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface NewLegacyAuthorization {
  token: string;
  orgID: string;
  userID: string;
  permissions: Permission[];
  description?: string | undefined;
  status?: AuthorizationStatus | undefined;
}

export function createLegacyAuthorization(db: Db, input: NewLegacyAuthorization): Promise<LegacyAuthorizationRow> {
  const now = new Date();
  return db
    .insertInto("legacy_authorizations")
    .values({
      id: newId(),
      token: input.token,
      org_id: input.orgID,
      user_id: input.userID,
      description: input.description ?? "",
      status: input.status ?? "active",
      permissions: JSON.stringify(input.permissions),
      password_hash: null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findLegacyAuthorizationByID(db: Db, id: string): Promise<LegacyAuthorizationRow | undefined> {
  return db.selectFrom("legacy_authorizations").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findLegacyAuthorizationByToken(db: Db, token: string): Promise<LegacyAuthorizationRow | undefined> {
  return db.selectFrom("legacy_authorizations").selectAll().where("token", "=", token).executeTakeFirst();
}

export interface LegacyAuthorizationFilter {
  id?: string | undefined;
  userID?: string | undefined;
  orgID?: string | undefined;
  token?: string | undefined;
}

/** Oldest first, as InfluxDB lists them. */
export function listLegacyAuthorizations(db: Db, filter: LegacyAuthorizationFilter): Promise<LegacyAuthorizationRow[]> {
  let q = db.selectFrom("legacy_authorizations").selectAll();
  if (filter.id !== undefined) q = q.where("id", "=", filter.id);
  if (filter.userID !== undefined) q = q.where("user_id", "=", filter.userID);
  if (filter.orgID !== undefined) q = q.where("org_id", "=", filter.orgID);
  if (filter.token !== undefined) q = q.where("token", "=", filter.token);
  return q.orderBy("created_at").orderBy("id").execute();
}

export function updateLegacyAuthorization(db: Db, id: string, changes: { status?: AuthorizationStatus | undefined; description?: string | undefined }): Promise<LegacyAuthorizationRow | undefined> {
  return db
    .updateTable("legacy_authorizations")
    .set({ ...(changes.status !== undefined ? { status: changes.status } : {}), ...(changes.description !== undefined ? { description: changes.description } : {}), updated_at: new Date() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export async function setLegacyPassword(db: Db, id: string, hash: string): Promise<boolean> {
  const result = await db.updateTable("legacy_authorizations").set({ password_hash: hash, updated_at: new Date() }).where("id", "=", id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteLegacyAuthorization(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom("legacy_authorizations").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
