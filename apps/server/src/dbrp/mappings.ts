// Every DBRP mapping an org has: the stored ones, and InfluxDB 2.x's virtual ones, which each bucket
// without a stored mapping gets from its name ("db/rp" → db, rp; "db" → db, "autogen").
import { sql, type Kysely } from "kysely";
import type { Bucket, Database } from "../db/schema.js";
import { listDbrps, type DbrpFilter } from "./repository.js";
import type { DbrpRow } from "./schema.js";

/** A mapping as the API shows it. Virtual mappings take their bucket's ID as their own. */
export interface Dbrp {
  id: string;
  orgID: string;
  bucketID: string;
  database: string;
  retentionPolicy: string;
  isDefault: boolean;
  virtual: boolean;
}

/** The retention policy InfluxDB gives a bucket whose name has no "/". */
export const AUTOGEN = "autogen";

/** The database and retention policy a bucket name stands for. */
export function dbrpOfBucketName(name: string): { database: string; retentionPolicy: string } {
  const slash = name.indexOf("/");
  return slash < 0 ? { database: name, retentionPolicy: AUTOGEN } : { database: name.slice(0, slash), retentionPolicy: name.slice(slash + 1) };
}

export function fromRow(row: DbrpRow): Dbrp {
  return { id: row.id, orgID: row.org_id, bucketID: row.bucket_id, database: row.database, retentionPolicy: row.retention_policy, isDefault: row.is_default, virtual: false };
}

/**
 * Stored mappings first (by org, database, retention policy), then virtual ones, all matching the
 * filter. A virtual mapping hides behind a stored one of the same db/rp, and is the default of its
 * database only when no stored mapping is: the one of the bucket named just `db`, else the oldest.
 */
export async function findDbrps(db: Kysely<Database>, filter: DbrpFilter): Promise<Dbrp[]> {
  const sameDatabase = { orgID: filter.orgID, database: filter.database };
  const [stored, buckets] = await Promise.all([listDbrps(db, sameDatabase), unmappedBuckets(db, filter.orgID, filter.database)]);
  const key = (orgID: string, database: string, rp?: string) => JSON.stringify(rp === undefined ? [orgID, database] : [orgID, database, rp]);
  const taken = new Set(stored.map((r) => key(r.org_id, r.database, r.retention_policy)));
  const storedMappings = stored.map(fromRow);
  const hasDefault = new Set(stored.filter((r) => r.is_default).map((r) => key(r.org_id, r.database)));
  // A database whose default went with its deleted bucket still has one: its oldest stored mapping.
  for (const row of [...stored].sort((a, b) => a.created_at.getTime() - b.created_at.getTime())) {
    const dbKey = key(row.org_id, row.database);
    if (hasDefault.has(dbKey)) continue;
    hasDefault.add(dbKey);
    storedMappings.find((m) => m.id === row.id)!.isDefault = true;
  }

  const virtual: Dbrp[] = [];
  const virtualDefault = new Map<string, Dbrp>();
  for (const bucket of buckets) {
    const { database, retentionPolicy } = dbrpOfBucketName(bucket.name);
    if (filter.database !== undefined && database !== filter.database) continue;
    if (taken.has(key(bucket.org_id, database, retentionPolicy))) continue;
    const mapping: Dbrp = { id: bucket.id, orgID: bucket.org_id, bucketID: bucket.id, database, retentionPolicy, isDefault: false, virtual: true };
    virtual.push(mapping);
    const dbKey = key(bucket.org_id, database);
    if (hasDefault.has(dbKey)) continue;
    // Buckets come oldest first: the first seen is the default unless the plain `db` bucket shows up.
    if (!virtualDefault.has(dbKey) || !bucket.name.includes("/")) virtualDefault.set(dbKey, mapping);
  }
  for (const mapping of virtualDefault.values()) mapping.isDefault = true;

  return [...storedMappings, ...virtual].filter(
    (m) =>
      (filter.id === undefined || m.id === filter.id) &&
      (filter.bucketID === undefined || m.bucketID === filter.bucketID) &&
      (filter.isDefault === undefined || m.isDefault === filter.isDefault) &&
      (filter.retentionPolicy === undefined || m.retentionPolicy === filter.retentionPolicy),
  );
}

/** Buckets no stored mapping points at, of one org (or all), named `database` or `database/…` when given. */
function unmappedBuckets(db: Kysely<Database>, orgID: string | undefined, database: string | undefined): Promise<Bucket[]> {
  let q = db
    .selectFrom("buckets")
    .selectAll()
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("dbrps").select("dbrps.id").whereRef("dbrps.bucket_id", "=", "buckets.id"))));
  if (orgID !== undefined) q = q.where("org_id", "=", orgID);
  if (database !== undefined) {
    const prefix = `${database}/`;
    q = q.where((eb) => eb.or([eb("name", "=", database), eb(sql<string>`left(name, ${prefix.length})`, "=", prefix)]));
  }
  return q.orderBy("org_id").orderBy("created_at").orderBy("id").execute();
}
