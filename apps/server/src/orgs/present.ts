import type { Org, User, UserRole } from "../db/schema.js";
import { presentUser } from "../users/present.js";

export function presentOrg(org: Org) {
  const self = `/api/v2/orgs/${org.id}`;
  const byName = encodeURIComponent(org.name);
  return {
    links: {
      self,
      members: `${self}/members`,
      owners: `${self}/owners`,
      labels: `${self}/labels`,
      secrets: `${self}/secrets`,
      buckets: `/api/v2/buckets?org=${byName}`,
      tasks: `/api/v2/tasks?org=${byName}`,
      dashboards: `/api/v2/dashboards?org=${byName}`,
    },
    id: org.id,
    name: org.name,
    description: org.description,
    createdAt: org.created_at.toISOString(),
    updatedAt: org.updated_at.toISOString(),
  };
}

/** A user with their role on a resource: InfluxDB's ResourceMember / ResourceOwner. */
export function presentResourceUser(user: User, role: UserRole) {
  return { ...presentUser(user), role };
}

export function presentResourceUsers(self: string, users: readonly User[], role: UserRole) {
  return { links: { self }, users: users.map((u) => presentResourceUser(u, role)) };
}
