/**
 * The public contract of the storage engine: what callers pass in and what they get back.
 * Both query engines (Flux and InfluxQL) and the HTTP write/delete handlers program against
 * these types only, so a different backend can implement them later.
 */

/** InfluxDB's five field types, named as InfluxDB names them in errors and schema output. */
export type FieldType = "float" | "integer" | "unsigned" | "string" | "boolean";

/** A bucket as the engine needs to know it; the metadata store owns the rest. */
export interface BucketInfo {
  /** 16 lowercase hex characters; also the bucket's folder name. */
  id: string;
  /** Retention period in nanoseconds; 0 keeps data forever. */
  retentionNs: bigint;
  /**
   * Shard group duration in nanoseconds; 0 or absent picks InfluxDB's default for the retention
   * (see {@link defaultShardGroupDurationNs}). Changing it only affects shard groups created later.
   */
  shardGroupDurationNs?: bigint;
}

/** Why one point of a write was not stored. */
export type RejectionReason =
  | {
      kind: "field type conflict";
      field: string;
      measurement: string;
      /** The type the point carried. */
      inputType: FieldType;
      /** The type the shard group already holds for the field. */
      existingType: FieldType;
    }
  | { kind: "beyond retention" };

/** One rejected point: its index in the array passed to `write`, and why. */
export interface Rejection {
  index: number;
  reason: RejectionReason;
}

/**
 * Outcome of a write. When the promise resolves, every point not listed in `rejected` is
 * durably committed (it survives `kill -9` of the process and, because DuckDB fsyncs its WAL on
 * commit, a power loss).
 */
export interface WriteResult {
  /** Points stored. */
  written: number;
  /** Points dropped, in input order. Empty when everything was stored. */
  rejected: Rejection[];
}

/** `deleteRange` arguments: InfluxDB's delete predicate plus Cloud's `_field` extension. */
export interface DeleteRequest {
  /** Inclusive lower bound, ns. */
  start: bigint;
  /** Inclusive upper bound, ns (InfluxDB's `/api/v2/delete` includes both ends). */
  stop: bigint;
  /** Only this measurement; all when absent. */
  measurement?: string;
  /** Tag equalities, AND-ed. A missing tag equals the empty string, as in InfluxDB. */
  tags?: ReadonlyArray<readonly [key: string, value: string]>;
  /** Only this field's values are removed; rows left without any field disappear. */
  field?: string;
}

/** A comparison of a string (measurement name or tag value) with a constant. */
export type StringMatch =
  | { op: "=" | "!="; value: string }
  /** RE2-compatible pattern, unanchored (matches anywhere), as Flux's `=~`. */
  | { op: "=~" | "!~"; pattern: string };

/**
 * Predicate over a series' measurement and tags. A tag missing from a series compares as the
 * empty string (InfluxDB's rule), so `host != "a"` matches series without `host`.
 */
export type SeriesPredicate =
  | { kind: "and" | "or"; operands: SeriesPredicate[] }
  | { kind: "not"; operand: SeriesPredicate }
  | { kind: "measurement"; match: StringMatch }
  | { kind: "tag"; key: string; match: StringMatch };

/** A constant a field value is compared with. */
export type ValueLiteral = number | bigint | string | boolean;

/**
 * Predicate over field values of one row (one series at one time).
 * A leaf without `field` tests the value being returned (Flux's `r._value > 5`, applied to each
 * selected field separately); a leaf with `field` tests that field in the same row (InfluxQL's
 * `WHERE usage_user > 5`). A null value never matches.
 */
export type ValuePredicate =
  | { kind: "and" | "or"; operands: ValuePredicate[] }
  | { kind: "compare"; field?: string; op: "=" | "!=" | "<" | "<=" | ">" | ">="; value: ValueLiteral };

/** Aggregates the engine computes in SQL. */
export type AggregateFn =
  | "count"
  | "sum"
  | "mean"
  | "min"
  | "max"
  | "first"
  | "last"
  | "spread"
  | "stddev"
  | "median";

/** A window aggregate, aligned like Flux's `aggregateWindow` (windows start at epoch + offset + k·every). */
export interface WindowAggregate {
  fn: AggregateFn;
  /** Window length in ns; absent = one window covering the whole `[start, stop)` range. */
  every?: bigint;
  /** Shift of the window boundaries in ns (may be negative). */
  offset?: bigint;
  /** Emit windows without points (value null; count gives 0). */
  createEmpty?: boolean;
  /**
   * Selectors: also find the selected point's time (`pointTimes`, the earliest among equal values).
   * Default true; false when the caller shows window bounds instead, which saves that work.
   */
  pointTimes?: boolean;
}

/** A read of points (optionally aggregated) from one bucket. */
export interface ReadRequest {
  bucket: BucketInfo;
  /** Inclusive lower bound, ns. */
  start: bigint;
  /** Exclusive upper bound, ns (Flux's `range(stop:)`). */
  stop: bigint;
  /** Which series: measurement and tag predicate tree. All series when absent. */
  series?: SeriesPredicate;
  /** Which fields; all when absent. */
  fields?: readonly string[];
  /** Row filter on field values. */
  values?: ValuePredicate;
  /**
   * Tag keys to group by. Absent: one group per series. Present (possibly empty): series of the
   * same measurement and field that agree on these tags form one group; its batches carry only
   * these tags (those present). Raw rows of a group come ordered by time.
   */
  groupBy?: readonly string[];
  /** Aggregate each group per window. Fields whose type the function cannot take are skipped. */
  aggregate?: WindowAggregate;
  /** At most this many rows (points or windows) per group. */
  limit?: number;
  /** Newest first within each group. */
  descending?: boolean;
  /**
   * Raw reads only (no aggregate, no groupBy): also send an empty batch for each field that has
   * values in the range but none passing `values`, at least for every series with a passing row, so
   * a caller that pivots fields into columns knows every column the unfiltered data has. (A series
   * without any passing row may get them too, or nothing: a pivot drops its table either way.)
   */
  emptySeries?: boolean;
}

/** Column values of one batch, by field type. Null slots hold 0 / "" / false. */
export type BatchValues =
  | { type: "float"; values: Float64Array }
  | { type: "integer"; values: BigInt64Array }
  | { type: "unsigned"; values: BigUint64Array }
  | { type: "string"; values: string[] }
  | { type: "boolean"; values: boolean[] };

/**
 * A columnar slice of one group (a series, or a `groupBy` group) for one field.
 * Consecutive batches with the same measurement, tags and field continue the same group;
 * a group's batches are never interleaved with another group's.
 */
export interface Batch {
  measurement: string;
  /** The series' tags (or the group's tags under `groupBy`), sorted by key. */
  tags: ReadonlyArray<readonly [key: string, value: string]>;
  field: string;
  /**
   * Point times, or window starts when aggregating (aligned to epoch + offset + k·every, so the
   * first window may start before the request's `start`: clip it where Flux shows `_start`;
   * without `every`, the request's `start`). ns since epoch, exact.
   */
  times: BigInt64Array;
  /** Values; the type is the result type (e.g. `mean` and `count` change it). */
  values: BatchValues;
  /** `nulls[i] === 1` when row i has no value (only with `createEmpty`); absent when none. */
  nulls?: Uint8Array;
  /** For selectors (first, last, min, max) under aggregation: the time of the selected point. */
  pointTimes?: BigInt64Array;
}

/** Scope of a metadata read: a time range and an optional series predicate. */
export interface MetadataRequest {
  bucket: BucketInfo;
  /** Inclusive, ns. */
  start: bigint;
  /** Exclusive, ns. */
  stop: bigint;
  series?: SeriesPredicate;
}

/** A field key with its type in the scope asked about; a key with two types appears twice. */
export interface FieldKeyInfo {
  measurement: string;
  field: string;
  type: FieldType;
}
