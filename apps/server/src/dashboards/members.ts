// Owners and members of dashboards: the user-resource mappings of orgs/members.ts, for this type.
import type { Kysely, Transaction } from "kysely";
import type { Database, User, UserRole } from "../db/schema.js";
import { listResourceUsers, removeAllResourceUsers, removeResourceUser, setResourceRole, type MappedResourceType } from "../orgs/members.js";

type Db = Kysely<Database> | Transaction<Database>;

// orgs/members.ts names the resource types that have owners and members in a union that does not
// list "dashboards" yet (the table takes any type). Until it does, this is the one place that
// widens it; the change wanted there is adding "dashboards" to MappedResourceType.
const DASHBOARDS = "dashboards" as unknown as MappedResourceType;

export const dashboardUsers = {
  list: (db: Db, dashboardID: string, role: UserRole): Promise<User[]> => listResourceUsers(db, DASHBOARDS, dashboardID, role),
  set: (db: Db, dashboardID: string, userID: string, role: UserRole): Promise<void> => setResourceRole(db, DASHBOARDS, dashboardID, userID, role),
  remove: (db: Db, dashboardID: string, userID: string): Promise<boolean> => removeResourceUser(db, DASHBOARDS, dashboardID, userID),
  removeAll: (db: Db, dashboardIDs: readonly string[]): Promise<void> => removeAllResourceUsers(db, DASHBOARDS, dashboardIDs),
};
