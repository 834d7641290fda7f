// Which rows of one resource type a caller may read, derived from its permissions: all of them, or
// those of some orgs plus some single resources. Lists filter in SQL with `visibleRows`, so a page
// holds only what the caller may see.
import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { Permission, ResourceType } from "./permissions.js";

export type Visibility = "all" | { orgIDs: readonly string[]; ids: readonly string[] };

/** The resources of this type that these permissions may read. */
export function readable(permissions: readonly Permission[], type: ResourceType): Visibility {
  const orgIDs: string[] = [];
  const ids: string[] = [];
  for (const p of permissions) {
    if (p.action !== "read" || p.resource.type !== type) continue;
    if (p.resource.id !== undefined) ids.push(p.resource.id);
    else if (p.resource.orgID !== undefined) orgIDs.push(p.resource.orgID);
    else return "all";
  }
  return { orgIDs, ids };
}

export function seesNothing(visible: Visibility): boolean {
  return visible !== "all" && visible.orgIDs.length === 0 && visible.ids.length === 0;
}

export function isVisible(visible: Visibility, row: { id: string; org_id: string }): boolean {
  return visible === "all" || visible.orgIDs.includes(row.org_id) || visible.ids.includes(row.id);
}

/** A condition on the `org_id` and `id` columns of the one table a list reads. */
export function visibleRows(visible: Visibility): RawBuilder<SqlBool> {
  if (visible === "all") return sql<SqlBool>`true`;
  const either: RawBuilder<unknown>[] = [];
  if (visible.orgIDs.length > 0) either.push(sql`org_id in (${sql.join(visible.orgIDs)})`);
  if (visible.ids.length > 0) either.push(sql`id in (${sql.join(visible.ids)})`);
  return either.length === 0 ? sql<SqlBool>`false` : sql<SqlBool>`(${sql.join(either, sql` or `)})`;
}
