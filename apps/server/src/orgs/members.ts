// Owners and members of a resource (orgs, buckets …): InfluxDB's user-resource mappings. One row per
// (user, resource), so a user is either a member or an owner of a given resource, never both.
import type { Kysely, Transaction } from "kysely";
import type { Database, User, UserRole } from "../db/schema.js";

type Db = Kysely<Database> | Transaction<Database>;

export type MappedResourceType = "orgs" | "buckets" | "dashboards" | "tasks" | "telegrafs" | "scrapers";

export interface ResourceUser {
  user: User;
  role: UserRole;
}

/** The users holding `role` on a resource, by user ID. */
export async function listResourceUsers(db: Db, type: MappedResourceType, resourceID: string, role: UserRole): Promise<User[]> {
  return db
    .selectFrom("user_resource_mappings as m")
    .innerJoin("users", "users.id", "m.user_id")
    .selectAll("users")
    .where("m.resource_type", "=", type)
    .where("m.resource_id", "=", resourceID)
    .where("m.role", "=", role)
    .orderBy("users.id")
    .execute();
}

/**
 * Gives `userID` the `role` on a resource. A user who already holds the other role changes role
 * (adding an org member as owner promotes them).
 */
export async function setResourceRole(db: Db, type: MappedResourceType, resourceID: string, userID: string, role: UserRole): Promise<void> {
  await db
    .insertInto("user_resource_mappings")
    .values({ user_id: userID, resource_type: type, resource_id: resourceID, role, created_at: new Date() })
    .onConflict((oc) => oc.columns(["user_id", "resource_type", "resource_id"]).doUpdateSet({ role }))
    .execute();
}

/** Removes whatever role `userID` holds on a resource; false when they held none. */
export async function removeResourceUser(db: Db, type: MappedResourceType, resourceID: string, userID: string): Promise<boolean> {
  const result = await db
    .deleteFrom("user_resource_mappings")
    .where("resource_type", "=", type)
    .where("resource_id", "=", resourceID)
    .where("user_id", "=", userID)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Forgets every owner and member of these resources (they are being deleted). */
export async function removeAllResourceUsers(db: Db, type: MappedResourceType, resourceIDs: readonly string[]): Promise<void> {
  if (resourceIDs.length === 0) return;
  await db.deleteFrom("user_resource_mappings").where("resource_type", "=", type).where("resource_id", "in", resourceIDs).execute();
}
