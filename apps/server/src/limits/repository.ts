// Counting what an org holds, for /orgs/{id}/usage. Which resource tables exist depends on the
// build (each domain brings its migration), so they are read from the catalog, not assumed.
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.js";

export interface UsageCount {
  field: string;
  value: number;
}

/** Tables of the metadata schema that have an org_id column. */
export async function tablesWithOrgID(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await sql<{ table_name: string }>`
    select table_name from information_schema.columns
    where table_schema = current_schema() and column_name = 'org_id'`.execute(db);
  return new Set(rows.rows.map((r) => r.table_name));
}

/**
 * For each `[field, table]` whose table exists, the org's rows in it; then `users`, the org's
 * members and owners. Sorted by field.
 */
export async function countOrgResources(db: Kysely<Database>, orgID: string, counted: readonly (readonly [field: string, table: string])[]): Promise<UsageCount[]> {
  const present = await tablesWithOrgID(db);
  const counts: UsageCount[] = [];
  for (const [field, table] of counted) {
    if (!present.has(table)) continue;
    // count(*) is bigint: node-postgres returns it as a string, PGlite as a number.
    const result = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)} where org_id = ${orgID}`.execute(db);
    counts.push({ field, value: Number(result.rows[0]?.n ?? 0) });
  }
  const members = await db
    .selectFrom("user_resource_mappings")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("resource_type", "=", "orgs")
    .where("resource_id", "=", orgID)
    .executeTakeFirst();
  counts.push({ field: "users", value: Number(members?.n ?? 0) });
  return counts.sort((a, b) => (a.field < b.field ? -1 : 1));
}
