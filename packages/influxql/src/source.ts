// What the executor needs from its host: database/retention-policy resolution (DBRP mappings and
// permissions live in the server) and the storage engine's read and metadata calls.
import type { BucketInfo, TimeSeriesStore } from "@fluxgate/storage-engine";

export interface RetentionPolicyInfo {
  name: string;
  /** Retention in ns; 0 = forever. */
  durationNs: bigint;
  shardGroupDurationNs: bigint;
  isDefault: boolean;
}

/** The storage calls InfluxQL uses. */
export type InfluxQLStore = Pick<TimeSeriesStore, "read" | "measurements" | "tagKeys" | "tagValues" | "fieldKeys" | "seriesCardinality" | "deleteRange">;

export interface QuerySource {
  store: InfluxQLStore;
  /**
   * The bucket a database (and retention policy) reads, if the caller may read it. Throws
   * {@link DatabaseNotFoundError} when nothing maps (or the caller may not see it).
   */
  bucket(db: string, rp: string | undefined): Promise<BucketInfo>;
  /** The bucket DELETE / DROP MEASUREMENT act on, if the caller may write it. */
  writableBucket(db: string, rp: string | undefined): Promise<BucketInfo>;
  /** Databases the caller may read (SHOW DATABASES). */
  databases(): Promise<string[]>;
  retentionPolicies(db: string): Promise<RetentionPolicyInfo[]>;
}

export class DatabaseNotFoundError extends Error {
  constructor(readonly db: string) {
    super(`database not found: ${db}`);
  }
}
