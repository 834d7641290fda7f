/**
 * What the planner decided for one pushed-down read: the request's shape with holes for values
 * only known when the program runs (operands of predicates, `every`, `n`…), and what the read's
 * batches become (raw tables, aggregated windows, a pivot…). Holes are argument names of the
 * synthetic read call (`o0`, `o1`…), which the interpreter evaluates like any other argument.
 */
import type { AggregateFn } from "../runtime/datasource.js";

export type StringOp = "=" | "!=" | "=~" | "!~";
export type CompareOp = "=" | "!=" | "<" | "<=" | ">" | ">=";

/** A series predicate whose compared strings/patterns are argument slots. */
export type SeriesTemplate =
  | { kind: "and" | "or"; operands: SeriesTemplate[] }
  | { kind: "not"; operand: SeriesTemplate }
  | { kind: "measurement"; op: StringOp; slot: number }
  | { kind: "tag"; key: string; op: StringOp; slot: number }
  /** The series has the tag (InfluxDB never stores an empty tag value, so "has" is "not empty"). */
  | { kind: "has"; key: string };

/** A value predicate whose literals are argument slots. `field` set: that field of the same row. */
export type ValueTemplate =
  | { kind: "and" | "or"; operands: ValueTemplate[] }
  | { kind: "compare"; field?: string; op: CompareOp; slot: number };

/** Selectors keep a whole row; the others compute a new value. */
export const selectors: ReadonlySet<AggregateFn> = new Set(["first", "last", "min", "max"]);
/**
 * Aggregates the engine computes exactly as universe does. Not stddev: DuckDB's one-pass
 * algorithm and Flux's two-pass one round differently in the last digits.
 */
export const aggregateNames: ReadonlySet<string> = new Set(["count", "sum", "mean", "min", "max", "first", "last", "spread", "median"]);

/** What the read's batches become, mirroring the transformations it replaces. */
export type Output =
  | { kind: "raw" }
  /** `aggregateWindow(every:, fn:, createEmpty:, offset:)`. */
  | { kind: "aggregateWindow"; fn: AggregateFn }
  /** `window(every:, offset:) |> fn()`. */
  | { kind: "windowAggregate"; fn: AggregateFn }
  /** `fn()` over each series. */
  | { kind: "aggregate"; fn: AggregateFn }
  /** `pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")`, done after the read. */
  | { kind: "pivot" }
  /** `limit(n:)` of raw rows. */
  | { kind: "limit" };

export interface ReadPlan {
  /** The Flux calls this read replaces, in order (for reports and tests). */
  calls: string[];
  series?: SeriesTemplate;
  /** Slots holding `_field` names (a conjunction of disjunctions of equalities: each inner list is OR-ed). */
  fields?: number[][];
  values?: ValueTemplate;
  output: Output;
}
