import type { Kysely, Transaction } from "kysely";
import type { Permission } from "../auth/permissions.js";
import { hashToken, newToken } from "../auth/tokens.js";
import { newId } from "../db/ids.js";
import type { AuthorizationRow, AuthorizationStatus, Database } from "../db/schema.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface CreateAuthorizationInput {
  orgID: string;
  userID: string;
  permissions: Permission[];
  description?: string;
  status?: AuthorizationStatus;
  /** Use this token instead of generating one (setup's `token`). */
  token?: string;
}

/** Stores an authorization; the returned token is the only time it exists in clear. */
export async function createAuthorization(db: Db, input: CreateAuthorizationInput): Promise<{ row: AuthorizationRow; token: string }> {
  const token = input.token ?? newToken();
  const now = new Date();
  const row = await db
    .insertInto("authorizations")
    .values({
      id: newId(),
      token_hash: hashToken(token),
      org_id: input.orgID,
      user_id: input.userID,
      description: input.description ?? "",
      status: input.status ?? "active",
      permissions: JSON.stringify(input.permissions),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { row, token };
}

export function findAuthorizationByID(db: Db, id: string): Promise<AuthorizationRow | undefined> {
  return db.selectFrom("authorizations").selectAll().where("id", "=", id).executeTakeFirst();
}

export interface AuthorizationFilter {
  userID?: string;
  orgID?: string;
  /** The token in clear; matched through its hash. */
  token?: string;
}

/** Oldest first, as InfluxDB lists them (by ID, which it allocates in time order). */
export function listAuthorizations(db: Db, filter: AuthorizationFilter): Promise<AuthorizationRow[]> {
  let q = db.selectFrom("authorizations").selectAll();
  if (filter.userID) q = q.where("user_id", "=", filter.userID);
  if (filter.orgID) q = q.where("org_id", "=", filter.orgID);
  if (filter.token !== undefined) q = q.where("token_hash", "=", hashToken(filter.token));
  return q.orderBy("created_at").orderBy("id").execute();
}

export function updateAuthorization(db: Db, id: string, changes: { status?: AuthorizationStatus; description?: string }): Promise<AuthorizationRow | undefined> {
  return db.updateTable("authorizations").set({ ...changes, updated_at: new Date() }).where("id", "=", id).returningAll().executeTakeFirst();
}

export async function deleteAuthorization(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom("authorizations").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Names by ID of the given rows of `orgs`, `users` or `buckets` (the tables a permission can name today). */
export async function namesByID(db: Db, table: "orgs" | "users" | "buckets", ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom(table).select(["id", "name"]).where("id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function findUserIDByName(db: Db, name: string): Promise<string | undefined> {
  return db.selectFrom("users").select("id").where("name", "=", name).executeTakeFirst().then((r) => r?.id);
}

export function findOrgIDByName(db: Db, name: string): Promise<string | undefined> {
  return db.selectFrom("orgs").select("id").where("name", "=", name).executeTakeFirst().then((r) => r?.id);
}
