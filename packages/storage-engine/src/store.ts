import type { Point } from "@fluxgate/line-protocol";
import type {
  Batch,
  BucketInfo,
  DeleteRequest,
  FieldKeyInfo,
  MetadataRequest,
  ReadRequest,
  WriteResult,
} from "./types.js";

/**
 * The backend seam (ARCHITECTURE §4): everything the server and the query engines need from
 * time-series storage. {@link StorageEngine} implements it on embedded DuckDB; a cluster backend
 * (planned: ClickHouse) implements the same interface for deployments that outgrow one machine.
 */
export interface TimeSeriesStore {
  /** Stores points; resolves once durable, listing the points dropped and why. */
  write(bucket: BucketInfo, points: readonly Point[]): Promise<WriteResult>;
  /** Deletes points in `[start, stop]` matching the predicate (optionally one field only). */
  deleteRange(bucket: BucketInfo, request: DeleteRequest): Promise<void>;
  /** Drops data older than `now - retentionNs` at shard-group granularity; returns groups dropped. */
  enforceRetention(bucket: BucketInfo, retentionNs: bigint, now: bigint): Promise<number>;
  /** Removes all data of a bucket. */
  dropBucket(bucketId: string): Promise<void>;
  /**
   * Streams points or window aggregates as columnar batches. Consumers must run the iterator to
   * its end or stop it with `return()` (a `for await` `break` does): an abandoned, unfinished
   * iterator holds shard files open and blocks retention and compaction.
   */
  read(request: ReadRequest): AsyncIterable<Batch>;
  measurements(request: MetadataRequest): Promise<string[]>;
  tagKeys(request: MetadataRequest): Promise<string[]>;
  tagValues(request: MetadataRequest & { key: string }): Promise<string[]>;
  fieldKeys(request: MetadataRequest): Promise<FieldKeyInfo[]>;
  seriesCardinality(request: MetadataRequest): Promise<number>;
  close(): Promise<void>;
}
