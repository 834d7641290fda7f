import type { Dbrp } from "./mappings.js";

/** InfluxDB's DBRP JSON (snake_case `retention_policy`, as the 1.x names were). */
export function presentDbrp(m: Dbrp) {
  return { id: m.id, orgID: m.orgID, bucketID: m.bucketID, database: m.database, retention_policy: m.retentionPolicy, default: m.isDefault, virtual: m.virtual };
}
