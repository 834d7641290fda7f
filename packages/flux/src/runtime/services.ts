/**
 * What Flux functions reach beyond the data they are given: bucket and schema metadata, secrets,
 * and writing points back. The server implements these over its storage engine, secret store and
 * write path (with the caller's permissions); a query run without them fails where it needs one.
 */
import type { BucketRef, SeriesPredicate } from "./datasource.js";

export interface BucketSummary {
  name: string;
  id: string;
  organizationID: string;
  /** The retention policy name (InfluxDB 1.x compatibility); "" when there is none. */
  retentionPolicy: string;
  /** Retention period in ns; 0 means forever. */
  retentionPeriod: bigint;
}

/** A schema question about one bucket over a time range, optionally narrowed by a series predicate. */
export interface SchemaRequest {
  bucket: BucketRef;
  /** Inclusive, ns. */
  start: bigint;
  /** Exclusive, ns. */
  stop: bigint;
  series?: SeriesPredicate;
}

/** One series as InfluxDB 2 counts them: measurement, tag set (sorted by key) and field. */
export interface SeriesKey {
  measurement: string;
  tags: ReadonlyArray<readonly [key: string, value: string]>;
  field: string;
}

export interface MetadataSource {
  /** Buckets of the query's org the caller may read. */
  buckets(): Promise<BucketSummary[]>;
  measurements(request: SchemaRequest): Promise<string[]>;
  /** Tag keys of the matching series (not `_measurement`/`_field`, which callers add). */
  tagKeys(request: SchemaRequest): Promise<string[]>;
  tagValues(request: SchemaRequest & { tag: string }): Promise<string[]>;
  fieldKeys(request: SchemaRequest): Promise<string[]>;
  /** Number of distinct series (measurement, tag set, field) with points in the range. */
  cardinality(request: SchemaRequest): Promise<bigint>;
  /** The distinct series with points in the range (for predicates over measurement, tags and field). */
  series(request: SchemaRequest): Promise<SeriesKey[]>;
}

export interface SecretSource {
  /** The secret's value, or undefined when the org has no such key. */
  get(key: string): Promise<string | undefined>;
}

export type FieldValue = number | bigint | string | boolean | { unsigned: bigint };

export interface WritePoint {
  measurement: string;
  tags: Readonly<Record<string, string>>;
  fields: Readonly<Record<string, FieldValue>>;
  /** ns since the epoch */
  time: bigint;
}

/** Where `to()` writes: a bucket by name or ID, in the query's org unless one is named. */
export interface WriteTarget {
  bucket: BucketRef;
  org?: { name: string } | { id: string };
}

export interface PointSink {
  /** Writes the points; rejects with InfluxDB's message when the bucket is missing or not writable. */
  write(target: WriteTarget, points: readonly WritePoint[]): Promise<void>;
}

export interface FluxServices {
  metadata?: MetadataSource;
  secrets?: SecretSource;
  sink?: PointSink;
  /** For a task run: when the task last succeeded (ns), which `tasks.lastSuccess` returns. */
  lastSuccessTime?: bigint;
}
