import type { Kysely, Transaction } from "kysely";
import { newId } from "../db/ids.js";
import type { Database, User, UserStatus } from "../db/schema.js";
import type { Page } from "../http/paging.js";

type Db = Kysely<Database> | Transaction<Database>;

export async function insertUser(db: Db, input: { name: string; status?: UserStatus }): Promise<User> {
  const now = new Date();
  return db
    .insertInto("users")
    .values({ id: newId(), name: input.name, status: input.status ?? "active", created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findUserByID(db: Db, id: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findUserByName(db: Db, name: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("name", "=", name).executeTakeFirst();
}

export interface UserFilter {
  id?: string;
  name?: string;
  /** Only these IDs (what the caller may read); undefined = all. */
  visibleIDs?: readonly string[];
}

export async function listUsers(db: Db, filter: UserFilter, page: Page): Promise<User[]> {
  if (filter.visibleIDs?.length === 0) return [];
  let q = db.selectFrom("users").selectAll();
  if (filter.id) q = q.where("id", "=", filter.id);
  if (filter.name) q = q.where("name", "=", filter.name);
  if (filter.visibleIDs) q = q.where("id", "in", filter.visibleIDs);
  if (page.after) q = q.where("id", page.descending ? "<" : ">", page.after);
  return q.orderBy("id", page.descending ? "desc" : "asc").offset(page.offset).limit(page.limit).execute();
}

export async function updateUser(db: Db, id: string, changes: { name?: string; status?: UserStatus }): Promise<User | undefined> {
  return db.updateTable("users").set({ ...changes, updated_at: new Date() }).where("id", "=", id).returningAll().executeTakeFirst();
}

export async function deleteUser(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom("users").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function setPasswordHash(db: Db, userID: string, hash: string): Promise<void> {
  const now = new Date();
  await db
    .insertInto("passwords")
    .values({ user_id: userID, hash, updated_at: now })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ hash, updated_at: now }))
    .execute();
}

export async function findPasswordHash(db: Db, userID: string): Promise<string | undefined> {
  const row = await db.selectFrom("passwords").select("hash").where("user_id", "=", userID).executeTakeFirst();
  return row?.hash;
}
