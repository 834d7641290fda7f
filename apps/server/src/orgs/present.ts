import type { Org } from "../db/schema.js";

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
