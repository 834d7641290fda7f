// InfluxQL's view of the server: a database (and retention policy) is a bucket found through DBRP
// mappings, readable only when the caller may read that bucket; SHOW DATABASES lists the databases
// of mappings whose buckets the caller may read.
import { DatabaseNotFoundError, QueryError, type QuerySource, type RetentionPolicyInfo } from "@fluxgate/influxql";
import { defaultShardGroupDurationNs, type BucketInfo } from "@fluxgate/storage-engine";
import type { Authorizer } from "../auth/authorizer.js";
import { lookUpBucket } from "../buckets/lookup.js";
import { findDbrps, type Dbrp } from "../dbrp/mappings.js";
import { resolveDbrpCached } from "../dbrp/resolve.js";
import { FluxgateError } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import { bucketInfo } from "../storage/index.js";

const NS_PER_SECOND = 1_000_000_000n;

export class ServerQuerySource implements QuerySource {
  readonly store: QuerySource["store"];
  readonly #resolved = new Map<string, Promise<{ bucketID: string; orgID: string }>>();

  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {
    this.store = app.storage;
  }

  bucket(db: string, rp: string | undefined): Promise<BucketInfo> {
    return this.#bucketFor(db, rp, "read");
  }

  writableBucket(db: string, rp: string | undefined): Promise<BucketInfo> {
    return this.#bucketFor(db, rp, "write");
  }

  async databases(): Promise<string[]> {
    const names = new Set<string>();
    for (const m of await this.#readableMappings()) names.add(m.database);
    return [...names].sort();
  }

  async retentionPolicies(db: string): Promise<RetentionPolicyInfo[]> {
    const mappings = await this.#readableMappings(db);
    if (mappings.length === 0) throw new DatabaseNotFoundError(db);
    const out: RetentionPolicyInfo[] = [];
    for (const m of mappings) {
      const bucket = await lookUpBucket(this.app, { id: m.bucketID });
      if (bucket === undefined) continue;
      const durationNs = BigInt(bucket.retention_seconds) * NS_PER_SECOND;
      const shardGroupDurationNs = bucket.shard_group_duration_seconds > 0 ? BigInt(bucket.shard_group_duration_seconds) * NS_PER_SECOND : defaultShardGroupDurationNs(durationNs);
      out.push({ name: m.retentionPolicy, durationNs, shardGroupDurationNs, isDefault: m.isDefault });
    }
    return out;
  }

  async #readableMappings(database?: string): Promise<Dbrp[]> {
    const identity = await this.auth.identity();
    const mappings = await findDbrps(this.app.db, { orgID: identity.orgID, ...(database !== undefined ? { database } : {}) });
    const out: Dbrp[] = [];
    for (const m of mappings) {
      if (await this.auth.can({ action: "read", resource: { type: "buckets", orgID: m.orgID, id: m.bucketID } })) out.push(m);
    }
    return out;
  }

  async #bucketFor(db: string, rp: string | undefined, action: "read" | "write"): Promise<BucketInfo> {
    const key = JSON.stringify([db, rp ?? ""]);
    let resolved = this.#resolved.get(key);
    if (resolved === undefined) {
      resolved = resolveDbrpCached(this.app, this.auth, { db, rp });
      this.#resolved.set(key, resolved);
    }
    let target: { bucketID: string; orgID: string };
    try {
      target = await resolved;
    } catch (error) {
      // No mapping, or none the caller may use: the 1.x wording, as a statement error. A database
      // the caller reads through other mappings lacks only that retention policy: 2.x's shard
      // mapper (v1/coordinator) and influxd both answer `retention policy not found: <rp>`.
      if (error instanceof FluxgateError && error.code === "not found") {
        if (rp !== undefined && rp !== "" && (await this.#readableMappings(db)).length > 0) throw new QueryError(`retention policy not found: ${rp}`);
        throw new DatabaseNotFoundError(db);
      }
      throw error;
    }
    const resource = { type: "buckets" as const, orgID: target.orgID, id: target.bucketID };
    if (!(await this.auth.can({ action, resource }))) {
      if (action === "read") throw new DatabaseNotFoundError(db);
      throw new QueryError(`insufficient permissions to write to database ${db}`);
    }
    const bucket = await lookUpBucket(this.app, { id: target.bucketID });
    if (bucket === undefined) throw new DatabaseNotFoundError(db);
    return bucketInfo(bucket);
  }
}
