import type { Bucket } from "../db/schema.js";

export function presentBucket(bucket: Bucket) {
  const self = `/api/v2/buckets/${bucket.id}`;
  return {
    id: bucket.id,
    orgID: bucket.org_id,
    type: bucket.type,
    name: bucket.name,
    ...(bucket.description ? { description: bucket.description } : {}),
    schemaType: bucket.schema_type,
    retentionRules: [{ type: "expire", everySeconds: bucket.retention_seconds, shardGroupDurationSeconds: bucket.shard_group_duration_seconds }],
    createdAt: bucket.created_at.toISOString(),
    updatedAt: bucket.updated_at.toISOString(),
    labels: [],
    links: {
      labels: `${self}/labels`,
      members: `${self}/members`,
      org: `/api/v2/orgs/${bucket.org_id}`,
      owners: `${self}/owners`,
      self,
      write: `/api/v2/write?org=${bucket.org_id}&bucket=${bucket.id}`,
    },
  };
}
