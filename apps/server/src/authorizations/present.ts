import type { Permission } from "../auth/permissions.js";
import type { AuthorizationRow } from "../db/schema.js";

export interface AuthorizationNames {
  org: string;
  user: string;
  /** Org names by ID, to fill in `resource.org` of org-scoped permissions. */
  orgNames?: ReadonlyMap<string, string>;
  /** Resource names by `type/id`, to fill in `resource.name` of id-scoped permissions. */
  resourceNames?: ReadonlyMap<string, string>;
}

export const resourceKey = (type: string, id: string) => `${type}/${id}`;

/**
 * InfluxDB's authorization JSON. `token` only when the caller just created it: tokens are stored
 * hashed, so no later response can (or should) show them again.
 */
export function presentAuthorization(row: Omit<AuthorizationRow, "token_hash">, names: AuthorizationNames, token?: string) {
  const permissions = (row.permissions as Permission[]).map((p) => {
    const org = p.resource.orgID ? names.orgNames?.get(p.resource.orgID) : undefined;
    const name = p.resource.id ? names.resourceNames?.get(resourceKey(p.resource.type, p.resource.id)) : undefined;
    return { action: p.action, resource: { ...p.resource, ...(name !== undefined ? { name } : {}), ...(org !== undefined ? { org } : {}) } };
  });
  return {
    id: row.id,
    ...(token !== undefined ? { token } : {}),
    status: row.status,
    description: row.description,
    orgID: row.org_id,
    org: names.org,
    userID: row.user_id,
    user: names.user,
    permissions,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    links: { self: `/api/v2/authorizations/${row.id}`, user: `/api/v2/users/${row.user_id}` },
  };
}
