/**
 * Where `from()` reads. The shapes mirror the storage engine's read API (`ReadRequest` and
 * `Batch` in packages/storage-engine), so the server implements a DataSource by resolving the
 * bucket and passing the request through; this package does not depend on the engine.
 */

export type StringMatch = { op: "=" | "!="; value: string } | { op: "=~" | "!~"; pattern: string };

/** Predicate over a series' measurement and tags; a missing tag compares as "". */
export type SeriesPredicate =
  | { kind: "and" | "or"; operands: SeriesPredicate[] }
  | { kind: "not"; operand: SeriesPredicate }
  | { kind: "measurement"; match: StringMatch }
  | { kind: "tag"; key: string; match: StringMatch };

export type ValueLiteral = number | bigint | string | boolean;

/** Predicate over the value being returned (`r._value > 5`). */
export type ValuePredicate =
  | { kind: "and" | "or"; operands: ValuePredicate[] }
  | { kind: "compare"; field?: string; op: "=" | "!=" | "<" | "<=" | ">" | ">="; value: ValueLiteral };

export type AggregateFn = "count" | "sum" | "mean" | "min" | "max" | "first" | "last" | "spread" | "stddev" | "median";

export interface WindowAggregate {
  fn: AggregateFn;
  every?: bigint;
  offset?: bigint;
  createEmpty?: boolean;
  /** Selectors: also report the selected point's time (default true). */
  pointTimes?: boolean;
}

/** A bucket as the query names it: `from(bucket:)` or `from(bucketID:)`. */
export type BucketRef = { name: string } | { id: string };

export interface SourceReadRequest {
  bucket: BucketRef;
  /** Inclusive, ns. */
  start: bigint;
  /** Exclusive, ns. */
  stop: bigint;
  series?: SeriesPredicate;
  fields?: readonly string[];
  values?: ValuePredicate;
  /** Pushed-down grouping/aggregation, filled in by the planner. */
  groupBy?: readonly string[];
  aggregate?: WindowAggregate;
  limit?: number;
  descending?: boolean;
  /** Also an empty batch per series and field with values in range but none passing `values` (see the engine's ReadRequest). */
  emptySeries?: boolean;
}

import type { ColumnType } from "../table/types.js";

export type BatchValues =
  | { type: "float"; values: Float64Array }
  | { type: "integer"; values: BigInt64Array }
  | { type: "unsigned"; values: BigUint64Array }
  | { type: "string"; values: string[] }
  | { type: "boolean"; values: boolean[] };

/** A columnar slice of one series (or group) and field; consecutive batches may continue it. */
export interface SeriesBatch {
  measurement: string;
  /** Sorted by key. */
  tags: ReadonlyArray<readonly [key: string, value: string]>;
  field: string;
  times: BigInt64Array;
  values: BatchValues;
  nulls?: Uint8Array;
}

export interface DataSource {
  /**
   * The source computes `aggregate`, `limit`, `descending` and `emptySeries` itself (the storage engine does).
   * Without it the planner pushes only predicates into its reads.
   */
  readonly computesAggregates?: boolean;
  /**
   * The points of `request`, series by series, each series' points in time order. Rejects with
   * an Error whose message InfluxDB would show (e.g. `could not find bucket "x"`) when the bucket
   * does not exist or cannot be read.
   */
  read(request: SourceReadRequest): AsyncIterable<SeriesBatch>;
}

/** The Flux column type of a batch's values. */
export function columnTypeOf(values: BatchValues): ColumnType {
  switch (values.type) {
    case "float":
      return "float";
    case "integer":
      return "int";
    case "unsigned":
      return "uint";
    case "string":
      return "string";
    case "boolean":
      return "bool";
  }
}
