/**
 * An in-memory DataSource: points held per bucket, read with the same series and value predicates
 * the storage engine takes. For tests and embedding; the server plugs in the storage engine.
 */
import { compileRegexp } from "../interpreter/regexp.js";
import type { BatchValues, DataSource, SeriesBatch, SeriesPredicate, SourceReadRequest, StringMatch, ValueLiteral, ValuePredicate } from "./datasource.js";

export type PointValue = number | bigint | string | boolean | { unsigned: bigint };

export interface Point {
  measurement: string;
  tags?: Readonly<Record<string, string>>;
  field: string;
  /** ns since epoch */
  time: bigint;
  value: PointValue;
}

interface Series {
  measurement: string;
  tags: [string, string][];
  field: string;
  points: Map<bigint, PointValue>;
}

export class MemoryDataSource implements DataSource {
  private readonly buckets = new Map<string, Map<string, Series>>();

  constructor(data: Readonly<Record<string, readonly Point[]>> = {}) {
    for (const [bucket, points] of Object.entries(data)) this.write(bucket, points);
  }

  /** Adds points; a point at an existing series and time replaces the old value, as InfluxDB does. */
  write(bucket: string, points: readonly Point[]): void {
    let seriesMap = this.buckets.get(bucket);
    if (seriesMap === undefined) {
      seriesMap = new Map();
      this.buckets.set(bucket, seriesMap);
    }
    for (const p of points) {
      const tags = Object.entries(p.tags ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const id = JSON.stringify([p.measurement, tags, p.field]);
      let series = seriesMap.get(id);
      if (series === undefined) {
        series = { measurement: p.measurement, tags, field: p.field, points: new Map() };
        seriesMap.set(id, series);
      }
      series.points.set(p.time, p.value);
    }
  }

  async *read(request: SourceReadRequest): AsyncIterable<SeriesBatch> {
    const name = "name" in request.bucket ? request.bucket.name : request.bucket.id;
    const seriesMap = this.buckets.get(name);
    if (seriesMap === undefined) throw new Error(`could not find bucket "${name}"`);
    const all = [...seriesMap.values()].sort((a, b) => compareSeries(a, b));
    for (const series of all) {
      if (request.series !== undefined && !seriesMatches(request.series, series)) continue;
      if (request.fields !== undefined && !request.fields.includes(series.field)) continue;
      const times = [...series.points.keys()].filter((t) => t >= request.start && t < request.stop).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const kept = times.filter((t) => request.values === undefined || valueMatches(request.values, series.points.get(t) as PointValue));
      if (kept.length === 0) continue;
      yield { measurement: series.measurement, tags: series.tags, field: series.field, times: BigInt64Array.from(kept), values: batchValues(kept.map((t) => series.points.get(t) as PointValue)) };
    }
  }
}

function compareSeries(a: Series, b: Series): number {
  const ka = JSON.stringify([a.measurement, a.tags, a.field]);
  const kb = JSON.stringify([b.measurement, b.tags, b.field]);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function batchValues(values: readonly PointValue[]): BatchValues {
  const first = values[0];
  if (typeof first === "number") return { type: "float", values: Float64Array.from(values as number[]) };
  if (typeof first === "bigint") return { type: "integer", values: BigInt64Array.from(values as bigint[]) };
  if (typeof first === "string") return { type: "string", values: values as string[] };
  if (typeof first === "boolean") return { type: "boolean", values: values as boolean[] };
  return { type: "unsigned", values: BigUint64Array.from(values.map((v) => (v as { unsigned: bigint }).unsigned)) };
}

function stringMatches(match: StringMatch, text: string): boolean {
  switch (match.op) {
    case "=":
      return text === match.value;
    case "!=":
      return text !== match.value;
    case "=~":
      return compileRegexp(match.pattern).test(text);
    case "!~":
      return !compileRegexp(match.pattern).test(text);
  }
}

function seriesMatches(predicate: SeriesPredicate, series: Series): boolean {
  switch (predicate.kind) {
    case "and":
      return predicate.operands.every((p) => seriesMatches(p, series));
    case "or":
      return predicate.operands.some((p) => seriesMatches(p, series));
    case "not":
      return !seriesMatches(predicate.operand, series);
    case "measurement":
      return stringMatches(predicate.match, series.measurement);
    case "tag":
      return stringMatches(predicate.match, series.tags.find(([k]) => k === predicate.key)?.[1] ?? "");
  }
}

function plain(value: PointValue): ValueLiteral {
  return typeof value === "object" ? value.unsigned : value;
}

function valueMatches(predicate: ValuePredicate, value: PointValue): boolean {
  if (predicate.kind !== "compare") {
    return predicate.kind === "and" ? predicate.operands.every((p) => valueMatches(p, value)) : predicate.operands.some((p) => valueMatches(p, value));
  }
  const a = plain(value);
  const b = predicate.value;
  if (typeof a !== typeof b && !(typeof a !== "string" && typeof a !== "boolean" && typeof b !== "string" && typeof b !== "boolean")) return false;
  const x = typeof a === "bigint" && typeof b === "number" ? Number(a) : a;
  const y = typeof b === "bigint" && typeof a === "number" ? Number(b) : b;
  switch (predicate.op) {
    case "=":
      return x === y;
    case "!=":
      return x !== y;
    case "<":
      return x < y;
    case "<=":
      return x <= y;
    case ">":
      return x > y;
    case ">=":
      return x >= y;
  }
}
