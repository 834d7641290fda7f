// SELECT: resolve sources, plan the WHERE clause, read (pushing time range, tag and field
// predicates, field list, GROUP BY time + aggregate, limit and order into the storage read where
// possible), then compute what is left and shape 1.x series.
import type { BucketInfo, FieldType, ReadRequest, SeriesPredicate } from "@fluxgate/storage-engine";
import type { Dimension, Expr, Fill, SelectStatement, Source } from "./ast.js";
import { conjuncts, planCondition, type ConditionPlan } from "./condition.js";
import { arithmetic as arithmeticOf, castTo, compileRegex, evaluate, exprKey, isTimeRef, MATH_FUNCTIONS as MATH, QueryError, refsOf, toNumber, truthy, type Scope, type Value } from "./eval.js";
import { analyze, checkFieldVariables, expandFields, fieldRefs, NUMERIC_ONLY, timeColumnFields, type AggregateCall, type OutputField, type Schema } from "./fields.js";
import { aggregate, integralByWindow, isAggregateName, multiRow, PUSHDOWN, transform, TRANSFORMS, type Column } from "./functions.js";
import { BySeries, cellOf, mergeByTime, readBatches, readSeries, type SeriesData, type Tags } from "./read.js";
import { columnarRaw, rawColumnarSelect, type PlainCell } from "./raw-columnar.js";
import { limitAcrossSeries } from "./subquery-limit.js";
import type { Series } from "./result.js";
import { HOLT_WINTERS, TECHNICAL } from "./transform-args.js";
import { checkTypes, needsTypeCheck, type NameType } from "./type-check.js";
import { holtWinters, withForecasts, type Forecast } from "./holt-winters.js";
import { combineIntoWindows, subInterval, type CombinedCall } from "./zone-windows.js";
import type { InfluxQLStore, QuerySource } from "./source.js";
import { fixedOffset, isKnownZone, MAX_TIME, MIN_TIME, windowsOf, zoneOffsetNs, type Windows } from "./time.js";

export interface SelectContext {
  source: QuerySource;
  db?: string;
  rp?: string;
  now: bigint;
}

/** One measurement to answer: stored in a bucket, or produced by a subquery. */
interface Input {
  name: string;
  bucket?: BucketInfo;
  store?: InfluxQLStore;
  subquery?: SeriesData[];
  schema: Schema;
}

/** Rows of one output group (one series of the result). */
interface Group {
  tags: Record<string, string>;
  key: string;
}

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** 1.x's order of series: by measurement, then tags. */
const byTags = (a: Series, b: Series): number => cmpStr(a.name, b.name) || cmpStr(JSON.stringify(a.tags ?? {}), JSON.stringify(b.tags ?? {}));

export async function executeSelect(stmt: SelectStatement, ctx: SelectContext): Promise<Series[]> {
  if (stmt.invalid !== undefined) throw new QueryError(stmt.invalid);
  if (stmt.tz !== undefined && !isKnownZone(stmt.tz)) throw new QueryError(`unable to find time zone ${stmt.tz}`);
  // Unknown databases fail first, then 1.x's checks of the fields, with or without data: the
  // outer query's before its subqueries'.
  if (stmt.sources.some((s) => s.kind === "subquery")) {
    await checkDatabases(stmt, ctx);
    checkBeforeReading(stmt);
  }
  const inputs = await resolveInputs(stmt, ctx);
  checkFieldVariables(stmt.fields, stmt.limit, stmt.dimensions.some((d) => d.kind === "time"));
  // InfluxDB 2.x plans the statement (unknown databases fail first), then refuses to write.
  if (stmt.into !== undefined) throw new QueryError("not implemented: SELECT INTO");
  const columns = sharedColumns(stmt, inputs);
  const dimensionTags = sharedDimensionTags(stmt, inputs);
  const out: Series[] = [];
  for (const input of inputs) out.push(...(await selectFrom(stmt, input, ctx, columns, dimensionTags)));
  // 1.x orders series by measurement and tags, descending under ORDER BY time DESC.
  const direction = stmt.descending ? -1 : 1;
  out.sort((a, b) => direction * byTags(a, b));
  if (stmt.tz !== undefined) for (const s of out) s.tz = stmt.tz;
  // `time AS t` names the time column.
  const timeAlias = timeColumnFields(stmt.fields).alias;
  if (timeAlias !== undefined) for (const s of out) if (s.timeColumn === true && s.columns[0] === "time") s.columns = [timeAlias, ...s.columns.slice(1)];
  return applySeriesLimit(out, stmt);
}

/** Finds the database of every measurement the statement reads, subqueries' included. */
async function checkDatabases(stmt: SelectStatement, ctx: SelectContext): Promise<void> {
  for (const source of stmt.sources) {
    if (source.kind === "subquery") await checkDatabases(source.statement, ctx);
    else await bucketOf(source, ctx);
  }
}

/**
 * 1.x's checks as it compiles a statement, before it reads: the fields, then each subquery's, whose
 * ORDER BY (when written) must go the outer query's way; one without takes the outer's.
 */
function checkBeforeReading(stmt: SelectStatement): void {
  checkFieldVariables(stmt.fields, stmt.limit, stmt.dimensions.some((d) => d.kind === "time"));
  for (const source of stmt.sources) {
    if (source.kind !== "subquery") continue;
    const inner = source.statement;
    if (inner.ordered === true && inner.descending !== stmt.descending) throw new QueryError("subqueries must be ordered in the same direction as the query itself");
    checkBeforeReading({ ...inner, descending: stmt.descending });
  }
}

/**
 * GROUP BY * (or /regex/) over several measurements groups each of them by the tag keys of all
 * of them in 1.x (a measurement without one shows it empty); undefined otherwise.
 */
function sharedDimensionTags(stmt: SelectStatement, inputs: readonly Input[]): string[] | undefined {
  if (inputs.length < 2 || !stmt.dimensions.some((d) => d.kind === "wildcard" || d.kind === "regex")) return undefined;
  const keys = new Set<string>();
  for (const { schema } of inputs) for (const k of schema.tagKeys) keys.add(k);
  return [...keys].sort(cmpStr);
}

/**
 * A `SELECT *` (or `/regex/`, or `count(*)`) over several measurements gives every series the same
 * columns in 1.x: the fields (and tags) of all of them (a measurement's series hold null in the others').
 */
function sharedColumns(stmt: SelectStatement, inputs: readonly Input[]): Schema | undefined {
  if (inputs.length < 2 || !selectsByPattern(stmt) || inputs.some((i) => i.subquery !== undefined)) return undefined;
  const patternOrRef = (e: Expr): boolean => e.kind === "wildcard" || e.kind === "regex" || e.kind === "ref";
  // Plain references and patterns, or functions of a pattern (count(*)): 1.x lists the same columns.
  if (!stmt.fields.every((f) => patternOrRef(f.expr) || (f.expr.kind === "call" && f.expr.args.length > 0 && patternOrRef(f.expr.args[0]!)))) return undefined;
  const fields = new Map<string, FieldType>();
  const tagKeys = new Set<string>();
  for (const { schema } of inputs) {
    for (const [name, type] of schema.fields) if (!fields.has(name)) fields.set(name, type);
    for (const key of schema.tagKeys) tagKeys.add(key);
  }
  return { fields, tagKeys: [...tagKeys].sort() };
}

/**
 * SLIMIT/SOFFSET as 1.x applies them: to each measurement's series, taken in the order of its tag
 * set keys (the tags with a value, keys then values joined by `|`: a series with an extra tag can
 * come first) whatever the time order; SOFFSET without SLIMIT keeps none (1.x slices [n:n]).
 */
function applySeriesLimit(series: Series[], stmt: SelectStatement): Series[] {
  if (stmt.slimit <= 0 && stmt.soffset <= 0) return series;
  if (stmt.slimit <= 0) return [];
  const byName = new Map<string, Series[]>();
  for (const s of series) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const kept = new Set<Series>();
  for (const members of byName.values()) {
    const keyed = members.map((s) => ({ s, key: tagSetKey(s.tags ?? {}) })).sort((a, b) => cmpStr(a.key, b.key));
    for (const { s } of keyed.slice(stmt.soffset, stmt.soffset + stmt.slimit)) kept.add(s);
  }
  return series.filter((s) => kept.has(s));
}

/** 1.x's key of a tag set (MarshalTags of the tags holding a value). */
export function tagSetKey(tags: Readonly<Record<string, string>>): string {
  const keys = Object.keys(tags)
    .filter((k) => tags[k] !== "")
    .sort(cmpStr);
  if (keys.length === 0) return "";
  return `${keys.join("|")}|${keys.map((k) => tags[k]).join("|")}`;
}

async function resolveInputs(stmt: SelectStatement, ctx: SelectContext): Promise<Input[]> {
  const inputs: Input[] = [];
  const seen = new Set<string>();
  for (const source of stmt.sources) {
    if (source.kind === "subquery") {
      inputs.push(...(await subqueryInputs(source.statement, stmt, ctx)));
      continue;
    }
    const bucket = await bucketOf(source, ctx);
    const names = source.name !== undefined ? [source.name] : await matchingMeasurements(ctx, bucket, source.regex!);
    for (const name of names) {
      const key = `${bucket.id}\u0000${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inputs.push({ name, bucket, store: ctx.source.store, schema: await schemaOf(ctx, bucket, name, stmt, schemaRange(stmt, ctx)) });
    }
  }
  return inputs;
}

export async function bucketOf(source: Source & { kind: "measurement" }, ctx: SelectContext): Promise<BucketInfo> {
  const db = source.db ?? ctx.db;
  if (db === undefined || db === "") throw new QueryError("database name required");
  return ctx.source.bucket(db, source.rp ?? (source.db === undefined ? ctx.rp : undefined));
}

async function matchingMeasurements(ctx: SelectContext, bucket: BucketInfo, pattern: string): Promise<string[]> {
  const re = compileRegex(pattern);
  const all = await ctx.source.store.measurements({ bucket, start: MIN_TIME, stop: MAX_TIME });
  return all.filter((m) => re.test(m));
}

const measurementIs = (name: string): SeriesPredicate => ({ kind: "measurement", match: { op: "=", value: name } });

/** True when the SELECT list names fields by wildcard or regex (only then are field keys listed). */
function selectsByPattern(stmt: SelectStatement): boolean {
  const visit = (e: Expr): boolean => {
    switch (e.kind) {
      case "wildcard":
      case "regex":
        return true;
      case "paren":
        return visit(e.expr);
      case "binary":
        return visit(e.left) || visit(e.right);
      case "call":
        return e.args.some(visit);
      default:
        return false;
    }
  };
  return stmt.fields.some((f) => visit(f.expr));
}

interface TimeRange {
  start: bigint;
  stop: bigint;
}

/**
 * The time range whose shard groups decide which names are tags and fields: the statement's own,
 * as 1.x asks only the shards a query reads (each shard group asked costs a catalog query, so
 * asking all of them grows with the data kept). All time when transformations may read windows
 * before the range, or when the range is invalid (the statement's planning reports that).
 */
function schemaRange(stmt: SelectStatement, ctx: SelectContext): TimeRange {
  const all = { start: MIN_TIME, stop: MAX_TIME };
  if (stmt.fields.some((f) => containsTransform(f.expr))) return all;
  try {
    const plan = planCondition(stmt.condition, () => false, ctx.now, stmt.tz);
    return plan.start < plan.stop ? { start: plan.start, stop: plan.stop } : all;
  } catch {
    return all;
  }
}

/**
 * The measurement's tag keys, and its field keys when the statement selects by pattern. Otherwise
 * every identifier that is not a tag is taken as a field: a name that is neither reads nothing
 * either way, and the query saves a catalog round trip.
 */
async function schemaOf(ctx: SelectContext, bucket: BucketInfo, name: string, stmt: SelectStatement, range: TimeRange): Promise<Schema> {
  const request = { bucket, ...range, series: measurementIs(name) };
  if (!selectsByPattern(stmt)) {
    const tagKeys = await ctx.source.store.tagKeys(request);
    const fields = new Map<string, FieldType>();
    const exprs = [...stmt.fields.map((f) => f.expr), ...(stmt.condition ? [stmt.condition] : [])];
    for (const e of exprs) {
      for (const r of refsOf(e)) if (r.type !== "tag" && (r.type === "field" || !tagKeys.includes(r.name))) fields.set(r.name, "float");
    }
    return { fields, tagKeys };
  }
  const [fieldKeys, tagKeys] = await Promise.all([ctx.source.store.fieldKeys(request), ctx.source.store.tagKeys(request)]);
  const fields = new Map<string, FieldType>();
  for (const f of fieldKeys) if (!fields.has(f.field)) fields.set(f.field, f.type);
  return { fields, tagKeys };
}

/** Runs the inner SELECT (inheriting the outer time range when it has none) into inputs. */
async function subqueryInputs(inner: SelectStatement, outer: SelectStatement, ctx: SelectContext): Promise<Input[]> {
  const outerTime = conjuncts(outer.condition).filter((c) => c.kind === "binary" && (isTimeRef(c.left) || isTimeRef(c.right)));
  const innerHasTime = conjuncts(inner.condition).some((c) => c.kind === "binary" && (isTimeRef(c.left) || isTimeRef(c.right)));
  // The inner query reads in the outer one's direction (checkBeforeReading refused another).
  let statement: SelectStatement = { ...inner, descending: outer.descending };
  if (!innerHasTime && outerTime.length > 0) {
    const condition = [...(inner.condition ? [inner.condition] : []), ...outerTime].reduce((a, b) => ({ kind: "binary", op: "AND", left: a, right: b }) as Expr);
    statement = { ...statement, condition };
  }
  // The outer query's GROUP BY tags are the inner one's too (1.x passes them down; not * or a regex).
  const pushed = outer.dimensions.filter((d) => d.kind === "tag" && !inner.dimensions.some((x) => x.kind === "tag" && x.name === d.name));
  // They do not change what the inner `*` stands for (1.x expands it first).
  if (pushed.length > 0) statement = { ...statement, dimensions: [...statement.dimensions, ...pushed], expandDimensions: inner.dimensions };
  const windowOf = rowWindow(inner);
  const limit = streamLimited(inner);
  // An aggregate subquery's fill(null) is fill(none) in 1.x (its empty windows are no points).
  if (inner.fill.kind === "null" && windowOf !== undefined) statement = { ...statement, fill: { kind: "none" } };
  if (limit === "raw") statement = { ...statement, limit: inner.limit + inner.offset + 1, offset: 0, seriesLimit: true };
  else if (limit === "aggregate") statement = { ...statement, limit: 0, offset: 0, selectorRead: inner.limit + inner.offset + 1 };
  // Series in tag order whatever the inner query's direction: rows at one time (or window) come
  // in that order, as 1.x merges them.
  let series = (await executeSelect(statement, ctx)).sort(byTags);
  if (limit !== undefined) series = limitSubquery(series, inner, outer, limit, windowOf);
  const byName = new Map<string, Input>();
  for (const s of series) {
    let input = byName.get(s.name);
    const columns = s.columns.slice(1);
    if (input === undefined) {
      input = { name: s.name, subquery: [], schema: { fields: new Map(), tagKeys: [] } };
      byName.set(s.name, input);
    }
    for (const c of columns) if (!input.schema.fields.has(c)) input.schema.fields.set(c, typeOfColumn(s.values, s.columns.indexOf(c)));
    for (const k of Object.keys(s.tags ?? {})) if (!input.schema.tagKeys.includes(k)) input.schema.tagKeys.push(k);
    const fieldNames = [...input.schema.fields.keys()];
    input.subquery!.push({
      tags: Object.entries(s.tags ?? {}).sort(([a], [b]) => cmpStr(a, b)),
      times: s.values.map((r) => r[0] as bigint),
      rows: s.values.map((r) => fieldNames.map((f) => (columns.includes(f) ? (r[s.columns.indexOf(f)] ?? null) : null))),
      ...(windowOf !== undefined ? { order: s.values.map((r) => windowOf(r[0] as bigint)) } : {}),
    });
  }
  for (const input of byName.values()) {
    const width = input.schema.fields.size;
    for (const s of input.subquery!) for (const r of s.rows) while (r.length < width) r.push(null);
    input.schema.tagKeys.sort(cmpStr);
  }
  return [...byName.values()];
}

/**
 * How a subquery's LIMIT/OFFSET is applied here as 1.x applies it to the stream of its points
 * (subquery-limit.ts): "raw" for fields, tags and math of them (1.x also limits each stored
 * series as it reads), "aggregate" with aggregates, selectors or transformations (1.x limits
 * only their answer); undefined without LIMIT or OFFSET.
 */
function streamLimited(inner: SelectStatement): "raw" | "aggregate" | undefined {
  if (inner.limit <= 0 && inner.offset <= 0) return undefined;
  const calls = inner.fields.flatMap((f) => callsIn(f.expr));
  return calls.some((c) => isAggregateName(c.name) || TRANSFORMS.has(c.name)) ? "aggregate" : "raw";
}

/** The calls of an expression (through parentheses and operators), innermost first. */
function callsIn(e: Expr, out: Array<Expr & { kind: "call" }> = []): Array<Expr & { kind: "call" }> {
  if (e.kind === "paren") callsIn(e.expr, out);
  else if (e.kind === "binary") {
    callsIn(e.left, out);
    callsIn(e.right, out);
  } else if (e.kind === "call") {
    for (const a of e.args) callsIn(a, out);
    out.push(e);
  }
  return out;
}

/**
 * The subquery's answer (read without its limit, or a raw one with each stored series' first
 * limit + offset + 1 rows) cut to its LIMIT/OFFSET as 1.x does: per group of the outer query's
 * GROUP BY tags, over the stream of the subquery's series merged by time (by window for
 * aggregates), counting points per run of one series.
 */
function limitSubquery(series: Series[], inner: SelectStatement, outer: SelectStatement, kind: "raw" | "aggregate", windowOf: ((t: bigint) => bigint) | undefined): Series[] {
  const outerTag = (key: string): boolean =>
    outer.dimensions.some((d) => d.kind === "wildcard" || (d.kind === "tag" && d.name === key) || (d.kind === "regex" && compileRegex(d.pattern).test(key)));
  const out: Series[] = [];
  const byName = new Map<string, number[]>();
  series.forEach((s, i) => byName.set(s.name, [...(byName.get(s.name) ?? []), i]));
  for (const indexes of byName.values()) {
    const members = indexes.map((i) => series[i]!);
    // Every series of a measurement has the same tag keys: the subquery's GROUP BY tags.
    const keys = Object.keys(members[0]!.tags ?? {});
    const outerKeys = keys.filter(outerTag);
    const groups = new Map<string, number[]>();
    members.forEach((s, i) => {
      const key = JSON.stringify(outerKeys.map((k) => s.tags?.[k] ?? ""));
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    const kept = limitAcrossSeries(members, [...groups.values()], {
      limit: inner.limit,
      offset: inner.offset,
      passes: kind === "raw" && outerKeys.length < keys.length ? 2 : 1,
      descending: outer.descending,
      key: (row) => (windowOf === undefined ? (row[0] as bigint) : windowOf(row[0] as bigint)),
    });
    members.forEach((s, i) => {
      if (kept[i]!.length > 0) out.push({ ...s, values: kept[i]! });
    });
  }
  return out;
}

/**
 * For an aggregate subquery, the window each of its rows stands for: 1.x merges a subquery's series
 * by it, so a selector's rows (max(), top()…) come window by window, series by series, whatever
 * the times of the points they picked. Undefined for a raw subquery (rows go by their time).
 */
function rowWindow(inner: SelectStatement): ((t: bigint) => bigint) | undefined {
  const aggregates = (e: Expr): boolean => {
    if (e.kind === "paren") return aggregates(e.expr);
    if (e.kind === "binary") return aggregates(e.left) || aggregates(e.right);
    if (e.kind === "call") return isAggregateName(e.name) || e.args.some(aggregates);
    return false;
  };
  if (!inner.fields.some((f) => aggregates(f.expr))) return undefined;
  const time = inner.dimensions.find((d): d is Dimension & { kind: "time" } => d.kind === "time");
  if (time === undefined) return () => 0n;
  const windows = windowsOf(time.every, time.offset, inner.tz);
  return (t) => windows.start(t);
}

function typeOfColumn(rows: Value[][], i: number): FieldType {
  for (const r of rows) {
    const v = r[i];
    if (typeof v === "number") return "float";
    if (typeof v === "bigint") return "integer";
    if (typeof v === "string") return "string";
    if (typeof v === "boolean") return "boolean";
  }
  return "float";
}

function groupTagsOf(dimensions: readonly Dimension[], schema: Schema): string[] {
  const keys = new Set<string>();
  for (const d of dimensions) {
    if (d.kind === "tag") keys.add(d.name);
    else if (d.kind === "wildcard") for (const k of schema.tagKeys) keys.add(k);
    else if (d.kind === "regex") {
      const re = compileRegex(d.pattern);
      for (const k of schema.tagKeys) if (re.test(k)) keys.add(k);
    }
  }
  return [...keys].sort(cmpStr);
}

function groupOf(tags: Tags, keys: readonly string[]): Group {
  const map: Record<string, string> = {};
  for (const k of keys) map[k] = "";
  for (const [k, v] of tags) if (k in map) map[k] = v;
  return { tags: map, key: JSON.stringify(keys.map((k) => map[k])) };
}

async function selectFrom(stmt: SelectStatement, input: Input, ctx: SelectContext, columns?: Schema, dimensionTags?: string[]): Promise<Series[]> {
  const { schema } = input;
  const timeDim = stmt.dimensions.find((d): d is Dimension & { kind: "time" } => d.kind === "time");
  const groupKeys = groupTagsOf(stmt.dimensions, dimensionTags === undefined ? schema : { ...schema, tagKeys: dimensionTags });
  // GROUP BY * or a /regex/ (even one naming no tag) leaves every tag out of `*` in 1.x.
  const expandDims = stmt.expandDimensions ?? stmt.dimensions;
  const expandKeys = expandDims.some((d) => d.kind === "wildcard" || d.kind === "regex")
    ? (columns ?? schema).tagKeys
    : stmt.expandDimensions === undefined
      ? groupKeys
      : groupTagsOf(stmt.expandDimensions, schema);
  // A subquery's column read as a tag (`x::tag`) is read as the column, as 1.x maps it by name.
  const fields = input.subquery === undefined ? stmt.fields : stmt.fields.map((f) => ({ ...f, expr: untagColumns(f.expr, schema) }));
  const outputs = expandFields(fields, columns ?? schema, new Set(expandKeys));
  if (outputs.length === 0) return [];
  // Tags alone (a field read as a tag among them) make no point in 1.6: nothing to answer.
  if (outputs.every((o) => o.isTag)) {
    if (timeDim !== undefined) throw new QueryError("GROUP BY requires at least one aggregate function");
    return [];
  }
  const analysis = analyze(outputs, timeDim !== undefined);
  const exprs = outputs.map((o) => o.expr);
  if (needsTypeCheck(exprs)) checkTypes(exprs, await nameTypes(input, stmt, ctx));
  const isField = (name: string, type?: string): boolean => type === "field" || (type !== "tag" && schema.fields.has(name));
  const plan = planCondition(stmt.condition, isField, ctx.now, stmt.tz);
  if (input.subquery !== undefined) {
    // Rows of a subquery are filtered here: nothing to push down.
    const rest = stmt.condition;
    plan.series = undefined;
    plan.values = undefined;
    if (rest !== undefined) plan.residual = rest;
  }
  let series: Series[];
  if (analysis.calls.length === 0) {
    if (timeDim !== undefined) throw new QueryError("GROUP BY requires at least one aggregate function");
    series = await rawSelect(stmt, input, ctx, outputs, plan, groupKeys, analysis.hasTransform);
  } else {
    series = await aggregateSelect(stmt, input, ctx, outputs, plan, groupKeys, analysis.calls, analysis.multiRow, timeDim, analysis.hasTransform);
  }
  // A numeric function over a string or boolean field reads nothing here, where 1.x refuses the
  // statement: the field's type is asked only then (no rows; aggregates check their own columns
  // before fill()), off the path of answers with values.
  // A subquery's column types are at hand: always checked.
  if (input.subquery !== undefined || (series.length === 0 && input.bucket !== undefined)) await refuseUnsupportedTypes(outputs, input, stmt, ctx);
  return series;
}

/** A value converted to `type`, or kept as it is when it cannot be (a subquery's column in 1.x). */
function castOrKeep(v: Value, type: string | undefined): Value {
  const cast = castTo(v, type);
  return cast === null || cast === undefined ? v : cast;
}

/** `e` with each `name::tag` naming a column of the (subquery) input read as that column. */
function untagColumns(e: Expr, schema: Schema): Expr {
  switch (e.kind) {
    case "ref":
      return e.type === "tag" && schema.fields.has(e.name) ? { kind: "ref", name: e.name } : e;
    case "paren":
      return { ...e, expr: untagColumns(e.expr, schema) };
    case "binary":
      return { ...e, left: untagColumns(e.left, schema), right: untagColumns(e.right, schema) };
    case "call":
      return { ...e, args: e.args.map((a) => untagColumns(a, schema)) };
    default:
      return e;
  }
}

/** What each name of the input is: a field of its type (in the statement's time range) or a tag. */
async function nameTypes(input: Input, stmt: SelectStatement, ctx: SelectContext): Promise<NameType> {
  let fields: ReadonlyMap<string, FieldType> = input.schema.fields;
  if (input.bucket !== undefined) {
    // The schema holds real types only when the statement selects by pattern: ask the store.
    const keys = await ctx.source.store.fieldKeys({ bucket: input.bucket, ...schemaRange(stmt, ctx), series: measurementIs(input.name) });
    const typed = new Map<string, FieldType>();
    for (const k of keys) if (!typed.has(k.field)) typed.set(k.field, k.type);
    fields = typed;
  }
  const tags = new Set(input.schema.tagKeys);
  return (name) => fields.get(name) ?? (tags.has(name) ? "tag" : undefined);
}

/** Calls 1.x checks the field type of: numeric-only functions, and min()/max() (no strings). */
const typeChecked = (c: AggregateCall): boolean => NUMERIC_ONLY.has(c.name) || c.name === "min" || c.name === "max";
const minOrMax = (c: AggregateCall): boolean => c.name === "min" || c.name === "max";

/**
 * Whether the read is empty or some call picked by `which` has no value in any window (before
 * fill()): what the engine gives for a field of a type it does not aggregate. Stops at the first value.
 */
function callWithoutValues(groups: ReadonlyMap<string, WindowGroup>, calls: readonly AggregateCall[], which: (c: AggregateCall) => boolean): boolean {
  if (!calls.some(which)) return false;
  if (groups.size === 0) return true;
  return calls.some((c, i) => {
    if (!which(c)) return false;
    for (const g of groups.values()) for (const cell of g.cells.values()) if (cell.values[i] !== null && cell.values[i] !== undefined) return false;
    return true;
  });
}

/** Whether a min() or max() call reads a boolean field of the input's measurement. */
async function booleanField(calls: readonly AggregateCall[], input: Input, stmt: SelectStatement, ctx: SelectContext): Promise<boolean> {
  if (input.bucket === undefined) return false;
  const keys = await ctx.source.store.fieldKeys({ bucket: input.bucket, ...schemaRange(stmt, ctx), series: measurementIs(input.name) });
  const booleans = new Set(keys.filter((k) => k.type === "boolean").map((k) => k.field));
  return calls.some((c) => (c.name === "min" || c.name === "max") && booleans.has(c.field));
}

/** The first numeric-only call (innermost first) over a string or boolean field, refused in 1.x's words. */
async function refuseUnsupportedTypes(outputs: readonly OutputField[], input: Input, stmt: SelectStatement, ctx: SelectContext): Promise<void> {
  const calls: Array<{ name: string; field: string }> = [];
  for (const call of outputs.flatMap((o) => callsIn(o.expr))) {
    const first = call.args[0];
    if (first?.kind === "ref" && (NUMERIC_ONLY.has(call.name) || call.name === "max" || call.name === "min")) calls.push({ name: call.name, field: first.name });
  }
  if (calls.length === 0) return;
  let typeOf: ReadonlyMap<string, FieldType> = input.schema.fields;
  if (input.bucket !== undefined) {
    const keys = await ctx.source.store.fieldKeys({ bucket: input.bucket, ...schemaRange(stmt, ctx), series: measurementIs(input.name) });
    typeOf = new Map(keys.map((k) => [k.field, k.type] as const));
  }
  for (const c of calls) {
    const type = typeOf.get(c.field);
    const refused = type === "string" || (type === "boolean" && c.name !== "max" && c.name !== "min");
    if (refused) throw new QueryError(`unsupported ${c.name.replaceAll("_", " ")} iterator type: *query.${type}InterruptIterator`);
  }
}

function readRequest(input: Input, plan: ConditionPlan): ReadRequest {
  const series: SeriesPredicate = plan.series === undefined ? measurementIs(input.name) : { kind: "and", operands: [measurementIs(input.name), plan.series] };
  return { bucket: input.bucket!, start: plan.start, stop: plan.stop, series, ...(plan.values ? { values: plan.values } : {}) };
}

/** Rows of a stored or subquery input, with fields in `fields` order, residual filter applied. */
async function inputSeries(input: Input, plan: ConditionPlan, fields: string[], now: bigint, extra: Partial<ReadRequest> = {}): Promise<SeriesData[]> {
  let series: SeriesData[];
  if (input.subquery !== undefined) {
    const names = [...input.schema.fields.keys()];
    const idx = fields.map((f) => names.indexOf(f));
    series = input.subquery.map((s) => ({
      tags: s.tags,
      times: s.times,
      rows: s.rows.map((r) => idx.map((i) => (i < 0 ? null : (r[i] ?? null)))),
      ...(s.order !== undefined ? { order: s.order } : {}),
    }));
  } else {
    series = await readSeries(storeOf(input), { ...readRequest(input, plan), ...extra }, fields);
  }
  if (plan.residual === undefined) return series;
  const residual = plan.residual;
  const index = new Map(fields.map((f, i) => [f, i] as const));
  return series.map((s) => {
    const tagMap = new Map(s.tags);
    const times: bigint[] = [];
    const rows: Value[][] = [];
    const order: bigint[] | undefined = s.order === undefined ? undefined : [];
    s.rows.forEach((row, i) => {
      const scope: Scope = {
        time: s.times[i]!,
        lookup: (name, type) => {
          const fi = type === "tag" ? undefined : index.get(name);
          if (fi !== undefined) return row[fi] ?? null;
          return type === "field" ? undefined : tagMap.get(name);
        },
      };
      if (truthy(evaluate(residual, scope, now))) {
        times.push(s.times[i]!);
        rows.push(row);
        order?.push(s.order![i]!);
      }
    });
    return { tags: s.tags, times, rows, ...(order !== undefined ? { order } : {}) };
  });
}

function storeOf(input: Input): InfluxQLStore {
  if (input.store === undefined) throw new Error(`input ${input.name} has no store`);
  return input.store;
}

/** Residual-filter field names (fields a row filter reads). */
function residualFields(plan: ConditionPlan, schema: Schema): string[] {
  return plan.residual === undefined ? [] : fieldRefs([plan.residual], schema);
}

// ---- raw (no aggregate) -----------------------------------------------------------------------

async function rawSelect(
  stmt: SelectStatement,
  input: Input,
  ctx: SelectContext,
  outputs: OutputField[],
  plan: ConditionPlan,
  groupKeys: string[],
  hasTransform: boolean,
): Promise<Series[]> {
  if (stmt.fill.kind === "none" || stmt.fill.kind === "linear") throw new QueryError(`fill(${stmt.fill.kind}) must be used with a function`);
  const fields = [...new Set([...fieldRefs(outputs.map((o) => o.expr), input.schema), ...residualFields(plan, input.schema)])];
  if (fields.length === 0) return [];
  const extra: Partial<ReadRequest> = {};
  if (stmt.limit > 0 && plan.residual === undefined && !hasTransform) {
    // Each series' first limit+offset rows hold the group's first limit+offset rows.
    extra.limit = stmt.limit + stmt.offset;
    if (stmt.descending) extra.descending = true;
  }
  const index = new Map(fields.map((f, i) => [f, i] as const));
  const outputFields = fieldRefs(outputs.map((o) => o.expr), input.schema).map((f) => index.get(f)!);
  // A field read only as a type it cannot be (`active::integer`) makes no point, as in 1.x.
  const castOf = readCasts(outputs.map((o) => o.expr), index);
  const plain = plainCells(outputs, index);
  if (columnarRaw.enabled && plain !== undefined && input.subquery === undefined && plan.residual === undefined && stmt.fill.kind === "null" && stmt.seriesLimit !== true) {
    // Plain field and tag references: answered as columns, without a row array per point.
    const read = await readBatches(storeOf(input), { ...readRequest(input, plan), ...extra }, fields);
    return rawColumnarSelect(read, {
      name: input.name,
      columns: ["time", ...outputs.map((o) => o.name)],
      cells: plain,
      groupKeys,
      groupOf: (tags) => groupOf(tags, groupKeys),
      descending: stmt.descending,
      limit: stmt.limit,
      offset: stmt.offset,
    });
  }
  const series = await inputSeries(input, plan, fields, ctx.now, extra);
  const groups = new Map<string, { group: Group; members: SeriesData[] }>();
  for (const s of series) {
    const group = groupOf(s.tags, groupKeys);
    let g = groups.get(group.key);
    if (g === undefined) {
      g = { group, members: [] };
      groups.set(group.key, g);
    }
    g.members.push(s);
  }
  const out: Series[] = [];
  for (const { group, members } of groups.values()) {
    // The series of the group in time order.
    const merged = mergeByTime(members, stmt.descending);
    const times = merged.times;
    // One tag map per series, not per row.
    const tagMaps = new Map<Tags, Map<string, string>>();
    const tagMapOf = (tags: Tags): Map<string, string> => {
      let m = tagMaps.get(tags);
      if (m === undefined) {
        m = new Map(tags);
        tagMaps.set(tags, m);
      }
      return m;
    };
    // Each output's cell of row i: plain field and tag references (the common case) are read in
    // place; other expressions are evaluated into a column first.
    const cells = outputs.map((o): ((i: number) => Value | undefined) => {
      const e = o.expr;
      if (e.kind === "ref" && e.name.toLowerCase() !== "time") {
        const fi = e.type === "tag" ? undefined : index.get(e.name);
        if (fi !== undefined && (e.type === undefined || e.type === "field")) return (i) => merged.rows[i]![fi] ?? null;
        // A subquery's column read as a type it cannot be converted to keeps its value in 1.x.
        if (fi !== undefined && input.subquery !== undefined) return (i) => castOrKeep(merged.rows[i]![fi] ?? null, e.type);
        if (fi !== undefined) return (i) => castTo(merged.rows[i]![fi] ?? null, e.type) ?? null;
        if (e.type !== "field") {
          // The tag's value in each series, looked up once per series.
          const bySeries = members.map((m) => tagMapOf(m.tags).get(e.name));
          return (i) => bySeries[merged.series[i]!];
        }
      }
      const scopes: Scope[] = merged.rows.map((row, i) => ({
        time: times[i]!,
        lookup: (name, type) => {
          const fi = type === "tag" ? undefined : index.get(name);
          if (fi !== undefined) return row[fi] ?? null;
          return type === "field" ? undefined : tagMapOf(members[merged.series[i]!]!.tags).get(name);
        },
      }));
      const column: Column = evalColumn(e, scopes, times, ctx.now, undefined, () => undefined, stmt.descending);
      return (i) => column[i];
    });
    let values: Value[][] = [];
    // The series each row comes from (for a LIMIT per stored series).
    const rowSeries: number[] = [];
    const fieldCells = cells.filter((_, c) => !outputs[c]!.isTag);
    for (let i = 0; i < times.length; i++) {
      // A point of this query has a value in one of the fields the outputs read (1.x keeps the row
      // when an expression over it is null, e.g. `a + b` without b; fields only in WHERE do not count).
      // Transformations emit fewer rows than they read: there a row is one with an output.
      const row0 = merged.rows[i]!;
      let any = false;
      if (hasTransform) {
        for (const cell of fieldCells) {
          const v = cell(i);
          if (v !== undefined && v !== null) {
            any = true;
            break;
          }
        }
      } else if (input.subquery !== undefined && outputFields.length > 0) {
        // Every row of a subquery is a point in 1.x, its columns null or not.
        any = true;
      } else {
        for (const fi of outputFields) {
          const v = castOf === undefined ? row0[fi] : castOf(fi, row0[fi]);
          if (v !== undefined && v !== null) {
            any = true;
            break;
          }
        }
      }
      if (!any) continue;
      const row: Value[] = new Array<Value>(cells.length + 1);
      row[0] = times[i]!;
      for (let c = 0; c < cells.length; c++) row[c + 1] = cells[c]!(i) ?? null;
      values.push(row);
      rowSeries.push(merged.series[i]!);
    }
    values = orderAndLimit(values, stmt, true, stmt.seriesLimit === true ? rowSeries : undefined);
    if (values.length === 0) continue;
    out.push(seriesOf(input.name, group, groupKeys, outputs, values));
  }
  return out;
}

/**
 * The cells of outputs that are all plain references (a field read or a tag, as rawSelect's row
 * path reads them in place), or undefined when one is anything else.
 */
function plainCells(outputs: readonly OutputField[], index: ReadonlyMap<string, number>): PlainCell[] | undefined {
  const cells: PlainCell[] = [];
  for (const o of outputs) {
    const e = o.expr;
    // A cast to a type (`x::integer`) is read through evaluation, which converts or drops values.
    if (e.kind !== "ref" || e.name.toLowerCase() === "time" || (e.type !== undefined && e.type !== "field" && e.type !== "tag")) return undefined;
    const fi = e.type === "tag" ? undefined : index.get(e.name);
    if (fi !== undefined) cells.push({ field: fi, isTag: o.isTag });
    else if (e.type !== "field") cells.push({ tag: e.name, isTag: o.isTag });
    else return undefined;
  }
  return cells;
}

/** Rows in the statement's order, filled (raw rows), then cut to LIMIT/OFFSET: per group, or per
 * stored series (`rowSeries`: the series of each row) for a statement with `seriesLimit`. */
function orderAndLimit(values: Value[][], stmt: SelectStatement, raw = false, rowSeries?: number[]): Value[][] {
  if (stmt.descending) {
    values.reverse();
    rowSeries?.reverse();
  }
  if (raw && (stmt.fill.kind === "value" || stmt.fill.kind === "previous")) fillRawRows(values, stmt.fill);
  if (rowSeries !== undefined) {
    const seen = new Map<number, number>();
    return values.filter((_, i) => {
      const n = (seen.get(rowSeries[i]!) ?? 0) + 1;
      seen.set(rowSeries[i]!, n);
      return stmt.limit <= 0 || n <= stmt.limit;
    });
  }
  const to = stmt.limit > 0 ? stmt.offset + stmt.limit : undefined;
  return stmt.offset > 0 || to !== undefined ? values.slice(stmt.offset, to) : values;
}

/**
 * 1.x fills the empty cells of raw rows too (tags and strings included): with the number, or with
 * the column's value in the row before.
 */
function fillRawRows(values: Value[][], fill: Fill): void {
  const last: Value[] = [];
  for (const row of values) {
    for (let c = 1; c < row.length; c++) {
      const v = row[c];
      if (v !== null && v !== undefined) last[c] = v;
      else if (fill.kind === "value") row[c] = fill.value;
      else row[c] = last[c] ?? null;
    }
  }
}

function seriesOf(name: string, group: Group, groupKeys: string[], outputs: OutputField[], values: Value[][], extraColumns: string[] = []): Series {
  return {
    name,
    ...(groupKeys.length > 0 ? { tags: group.tags } : {}),
    columns: ["time", ...outputs.map((o) => o.name), ...extraColumns],
    values,
    timeColumn: true,
  };
}

/**
 * Evaluates an output expression over a group's rows. Transformations see the whole column;
 * everything else is evaluated row by row. `undefined` = the row has no value for it.
 */
function evalColumn(
  expr: Expr,
  scopes: readonly Scope[],
  times: bigint[],
  now: bigint,
  interval: bigint | undefined,
  callValue: (e: Expr & { kind: "call" }, row: number) => Value | undefined,
  descending = false,
): Column {
  if (!containsTransform(expr)) {
    return scopes.map((scope, i) => evaluate(expr, scope, now, (e) => callValue(e, i)));
  }
  switch (expr.kind) {
    case "paren":
      return evalColumn(expr.expr, scopes, times, now, interval, callValue, descending);
    case "call": {
      if (TRANSFORMS.has(expr.name)) {
        const inner = evalColumn(expr.args[0]!, scopes, times, now, interval, callValue, descending);
        const args = expr.args.slice(1).map(literalArg);
        return transform(expr.name, inner, times, args, interval, descending);
      }
      const f = MATH[expr.name];
      if (f === undefined) throw new QueryError(`undefined function ${expr.name}()`);
      const cols = expr.args.map((a) => evalColumn(a, scopes, times, now, interval, callValue, descending));
      return scopes.map((_, i) => (cols[0]![i] === undefined ? undefined : f(cols.map((c) => c[i] ?? null))));
    }
    case "binary": {
      const l = evalColumn(expr.left, scopes, times, now, interval, callValue, descending);
      const r = evalColumn(expr.right, scopes, times, now, interval, callValue, descending);
      return scopes.map((_, i) => (l[i] === undefined || r[i] === undefined ? undefined : arithmeticOf(expr.op, l[i]!, r[i]!)));
    }
    default:
      return scopes.map((scope) => evaluate(expr, scope, now));
  }
}

/** A transformation's literal argument (durations as ns). */
const literalArg = (a: Expr): Value => {
  switch (a.kind) {
    case "duration":
      return a.ns;
    case "integer":
    case "number":
    case "string":
      return a.value;
    default:
      return null;
  }
};

/**
 * How a raw row's field is read when some reference casts it to a type (`x::integer`): its value
 * as the first reference that reads it at all; undefined when no reference casts.
 */
function readCasts(exprs: readonly Expr[], index: ReadonlyMap<string, number>): ((fi: number, v: Value | undefined) => Value | undefined) | undefined {
  const types = new Map<number, Array<string | undefined>>();
  let casts = false;
  for (const e of exprs) {
    for (const r of refsOf(e)) {
      const fi = r.type === "tag" ? undefined : index.get(r.name);
      if (fi === undefined) continue;
      const type = r.type === "field" ? undefined : r.type;
      if (type !== undefined) casts = true;
      types.set(fi, [...(types.get(fi) ?? []), type]);
    }
  }
  if (!casts) return undefined;
  return (fi, v) => {
    for (const type of types.get(fi) ?? [undefined]) {
      const cast = castTo(v, type);
      if (cast !== undefined && cast !== null) return cast;
    }
    return null;
  };
}

/** The names `e` reads outside any call (fields and tags of the row). */
function namesOutsideCalls(e: Expr): string[] {
  if (e.kind === "ref") return [e.name];
  if (e.kind === "binary") return [...namesOutsideCalls(e.left), ...namesOutsideCalls(e.right)];
  if (e.kind === "paren") return namesOutsideCalls(e.expr);
  return [];
}

/** Whether every call of `e` (operands of operators included) is the one of key `key`. */
function callsOnly(e: Expr, key: string): boolean {
  if (e.kind === "call") return exprKey(e) === key;
  if (e.kind === "binary") return callsOnly(e.left, key) && callsOnly(e.right, key);
  if (e.kind === "paren") return callsOnly(e.expr, key);
  return true;
}

function containsTransform(e: Expr): boolean {
  switch (e.kind) {
    case "paren":
      return containsTransform(e.expr);
    case "binary":
      return containsTransform(e.left) || containsTransform(e.right);
    case "call":
      return TRANSFORMS.has(e.name) || e.args.some(containsTransform);
    default:
      return false;
  }
}

// ---- aggregates -------------------------------------------------------------------------------

interface WindowCell {
  values: Value[];
  pointTimes: Array<bigint | undefined>;
  /** The selected point's fields and tags, for fields selected beside a lone selector. */
  point?: (name: string) => Value | undefined;
}

/** Selectors that pick one point (its time and its other fields can be shown). */
const SELECTOR_POINT: ReadonlySet<string> = new Set(["first", "last", "min", "max", "percentile"]);

interface WindowGroup {
  group: Group;
  cells: Map<bigint, WindowCell>;
  /** Rows of multi-row selectors: per window, the rows it produced. */
  /** Rows of a multi-row selector per window, each with the tags of the point it selected. */
  multi?: Map<bigint, Array<{ time: bigint; value: Value; tag?: string; tags?: Tags }>>;
}

async function aggregateSelect(
  statement: SelectStatement,
  input: Input,
  ctx: SelectContext,
  outputs: OutputField[],
  plan: ConditionPlan,
  groupKeys: string[],
  calls: AggregateCall[],
  multi: AggregateCall | undefined,
  timeDim: { every: bigint; offset: bigint } | undefined,
  hasTransform: boolean,
): Promise<Series[]> {
  // 1.x's INTEGRAL alone fills no window, whatever fill() says: its windows without points are not rows.
  const stmt: SelectStatement = calls.every((c) => c.name === "integral") && statement.fill.kind !== "none" ? { ...statement, fill: { kind: "none" } } : statement;
  // One selector with plain fields or tags beside it: those come from the selected point.
  const aux =
    calls.length === 1 &&
    SELECTOR_POINT.has(calls[0]!.name) &&
    !hasTransform &&
    outputs.some((o) => namesOutsideCalls(o.expr).some((n) => !groupKeys.includes(n))) &&
    outputs.every((o) => callsOnly(o.expr, calls[0]!.key));
  if (!aux) {
    for (const o of outputs) {
      // top(), bottom() and sample() show other tags of each point they select.
      const pointTags = multi !== undefined && multi.name !== "distinct";
      if (o.isTag && !groupKeys.includes((o.expr as { name: string }).name) && !pointTags) {
        throw new QueryError("mixing aggregate and non-aggregate queries is not supported");
      }
      if (!o.isTag && o.expr.kind === "ref") throw new QueryError("mixing aggregate and non-aggregate queries is not supported");
    }
  }
  const auxFields = aux ? fieldRefs(outputs.map((o) => o.expr), input.schema) : [];
  // top()/bottom() (without a tag) read each group's first LIMIT + OFFSET + 1 points in 1.x, in the
  // statement's direction, and select among those alone.
  const limitsRead = multi !== undefined && (multi.name === "top" || multi.name === "bottom") && multi.tag === undefined;
  const selectorRead = !limitsRead ? undefined : (stmt.selectorRead ?? (stmt.limit > 0 || stmt.offset > 0 ? stmt.limit + stmt.offset + 1 : undefined));
  const every = timeDim?.every;
  if (every !== undefined && every <= 0n) throw new QueryError("group by interval must be positive");
  // A GROUP BY time query without an upper bound ends now, as in InfluxDB.
  const stop = plan.hasStop ? plan.stop : every !== undefined ? ctx.now + 1n : MAX_TIME;
  // Transformations over windows read windows before the range for their first outputs, as 1.x
  // does; rows before the range are dropped at the end.
  // Under ORDER BY time DESC they run newest first, so the extra windows are after the range.
  const extra = every !== undefined && (stmt.descending ? plan.hasStop : plan.hasStart) ? BigInt(extraWindows(outputs)) : 0n;
  const lookBack = extra * (every ?? 0n);
  const effective: ConditionPlan = stmt.descending ? { ...plan, stop: stop + lookBack } : { ...plan, stop, start: plan.start - lookBack };
  const windows = every !== undefined ? windowsOf(every, timeDim!.offset, stmt.tz) : undefined;
  // The engine computes windows of one length: with tz() only while the zone keeps one offset.
  let offset = timeDim?.offset ?? 0n;
  const steadyZone = every === undefined || stmt.tz === undefined || !plan.hasStart || fixedOffset(stmt.tz, effective.start, stop);
  if (stmt.tz !== undefined && steadyZone) offset -= zoneOffsetNs(stmt.tz, plan.hasStart ? plan.start : ctx.now);
  const engineCan =
    input.bucket !== undefined &&
    !aux &&
    plan.residual === undefined &&
    multi === undefined &&
    calls.every((c) => PUSHDOWN.has(c.name) && c.args.length === 0 && c.cast === undefined && input.schema.fields.has(c.field));
  // Across an offset change, combinable aggregates are read over finer windows and combined.
  const sub =
    engineCan && !steadyZone && calls.every((c) => MERGEABLE.has(c.name)) ? subInterval(stmt.tz!, every!, timeDim!.offset, effective.start, stop) : undefined;
  let groups: Map<string, WindowGroup>;
  if (engineCan && steadyZone) {
    groups = await pushedAggregates(stmt, input, effective, groupKeys, calls, every, offset, hasTransform);
    // The engine has no min()/max() of booleans (1.x has: true over false). Only when the read came
    // back empty, or a min()/max() column null throughout, is the field's type asked, so answers
    // with values pay nothing for this.
    if (callWithoutValues(groups, calls, minOrMax) && (await booleanField(calls, input, stmt, ctx))) {
      groups = await computedAggregates(input, effective, groupKeys, calls, multi, windows, ctx.now, undefined, stmt.descending);
    }
  } else if (sub !== undefined && every! / sub <= 1440n) groups = await zoneAggregates(stmt, input, effective, groupKeys, calls, sub, windows!);
  else {
    const voids = new Map<string, bigint[]>();
    groups = await computedAggregates(input, effective, groupKeys, calls, multi, windows, ctx.now, aux ? auxFields : undefined, stmt.descending, selectorRead, voids);
    if (firstWindowVoid(groups, voids, calls, stmt.descending)) return [];
  }
  // A type-checked call without a value in any window, beside others that have some (1.x refuses
  // string and boolean fields there, whatever fill() would show). Multi-row selectors stand alone.
  if (input.bucket !== undefined && groups.size > 0 && multi === undefined && callWithoutValues(groups, calls, typeChecked)) {
    await refuseUnsupportedTypes(outputs, input, stmt, ctx);
  }
  const firstShown = extra > 0n && !stmt.descending ? windows!.start(plan.start) : undefined;
  const lastShown = extra > 0n && stmt.descending ? windows!.start(stop - 1n) : undefined;

  const out: Series[] = [];
  const sorted = [...groups.values()].sort((a, b) => cmpStr(a.group.key, b.group.key));
  for (const g of sorted) {
    let values: Value[][];
    // A multi-row selector's windows come newest first under ORDER BY time DESC, each window's rows
    // still in time order (as 1.x emits them).
    if (multi !== undefined) values = multiRows(g, multi, outputs, ctx.now, stmt.descending);
    else values = windowRows(stmt, g, outputs, calls, effective, windows, ctx.now);
    if (firstShown !== undefined) values = values.filter((row) => (row[0] as bigint) >= firstShown);
    if (lastShown !== undefined) values = values.filter((row) => (row[0] as bigint) <= lastShown);
    values = orderAndLimit(values, multi !== undefined && stmt.descending ? { ...stmt, descending: false } : stmt);
    if (values.length === 0) continue;
    const series = seriesOf(input.name, g.group, groupKeys, outputs, values);
    if (multi !== undefined) series.columns = multiColumns(outputs, extraTagColumns(multi, outputs));
    out.push(series);
  }
  return out;
}

/**
 * A fill() number as 1.x casts it to the column's type (seen in its first value; a count is an
 * integer): truncated for integers, false for booleans, "" for strings.
 */
function fillAs(value: Value, col: ReadonlyArray<Value | undefined>, isCount: boolean): Value {
  let sample: Value | undefined = isCount ? 0n : undefined;
  for (let i = 0; sample === undefined && i < col.length; i++) if (col[i] !== null && col[i] !== undefined) sample = col[i];
  if (typeof sample === "boolean") return false;
  if (typeof sample === "string") return "";
  if (typeof sample === "bigint" && typeof value === "number") return BigInt(Math.trunc(value));
  return value;
}

/**
 * Windows a statement's transformations need before the first one shown, as 1.x reads them: one
 * for the difference-like functions, plus period − 1 for moving averages and technical analysis.
 */
function extraWindows(outputs: readonly OutputField[]): number {
  // influxd 1.6.7 reads one window before the range for every transformation over windows, whatever
  // its period (a moving_average(…, 3) from 02:00 first answers at 03:00 when 00:00 and 01:00 have values).
  let extra = 0;
  const visit = (e: Expr): void => {
    if (e.kind === "paren") return visit(e.expr);
    if (e.kind === "binary") {
      visit(e.left);
      visit(e.right);
      return;
    }
    if (e.kind !== "call") return;
    if (WINDOW_LOOKBACK.has(e.name)) extra = 1;
    e.args.forEach(visit);
  };
  outputs.forEach((o) => visit(o.expr));
  return extra;
}

const WINDOW_LOOKBACK: ReadonlySet<string> = new Set([
  "derivative",
  "non_negative_derivative",
  "difference",
  "non_negative_difference",
  "elapsed",
  "moving_average",
  ...TECHNICAL,
]);

/** Windows of a zone whose offset changes: aggregates over `sub` windows, combined per local window. */
async function zoneAggregates(
  stmt: SelectStatement,
  input: Input,
  plan: ConditionPlan,
  groupKeys: string[],
  calls: AggregateCall[],
  sub: bigint,
  windows: Windows,
): Promise<Map<string, WindowGroup>> {
  const reads: AggregateCall[] = [];
  const combined: CombinedCall[] = calls.map((c) => {
    if (c.name !== "mean") return { name: c.name, reads: [reads.push(c) - 1] };
    const sum = reads.push({ ...c, key: `${c.key}\u0000sum`, name: "sum" }) - 1;
    const count = reads.push({ ...c, key: `${c.key}\u0000count`, name: "count" }) - 1;
    return { name: "mean", reads: [sum, count] };
  });
  // No LIMIT on the sub-windows: several of them make one row.
  const parts = await pushedAggregates({ ...stmt, limit: 0 }, input, plan, groupKeys, reads, sub, 0n, true);
  const groups = new Map<string, WindowGroup>();
  for (const [key, g] of parts) groups.set(key, { group: g.group, cells: combineIntoWindows(g.cells, combined, windows) });
  return groups;
}

/**
 * Aggregates whose partial results combine into the whole's (mean through sum and count): per-series
 * results into a group's, and sub-window results into a zone's local window.
 */
const MERGEABLE: ReadonlySet<string> = new Set(["count", "sum", "min", "max", "first", "last", "mean"]);

/** A group's running value of one call while per-series results are merged. */
interface RunningValue {
  value: Value;
  pointTime?: bigint;
  /** mean: the sum and count seen so far. */
  sum?: Value;
  count?: bigint;
}

const addValues = (a: Value, b: Value): Value =>
  a === null ? b : b === null ? a : typeof a === "bigint" && typeof b === "bigint" ? a + b : Number(a) + Number(b);

function better(fn: string, candidate: Value, candidateTime: bigint | undefined, current: RunningValue): boolean {
  if (current.value === null) return true;
  const ct = candidateTime ?? 0n;
  const pt = current.pointTime ?? 0n;
  switch (fn) {
    case "first":
      return ct < pt || (ct === pt && greaterValue(candidate, current.value));
    case "last":
      return ct > pt || (ct === pt && greaterValue(candidate, current.value));
    case "min":
    case "max": {
      const a = candidate as number | bigint;
      const b = current.value as number | bigint;
      if (a === b) return ct < pt;
      return fn === "max" ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** Points of several series at the same time: 1.x keeps the greater value (true over false). */
const greaterValue = (a: Value, b: Value): boolean => (typeof a === "boolean" ? a && !b : (a as number | bigint | string) > (b as number | bigint | string));

/** Whether two time arrays hold the same times (short ones compared in place: no Buffer views made). */
function sameTimes(a: BigInt64Array, b: BigInt64Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  if (a.length > 16) return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * One storage read per aggregate function, windows computed in the engine. Grouping by some tags
 * reads per series and merges in TypeScript when the function allows (the engine's grouped read
 * joins the series catalog, measured ~3x slower than per-series for one series per group).
 */
async function pushedAggregates(
  stmt: SelectStatement,
  input: Input,
  plan: ConditionPlan,
  groupKeys: string[],
  calls: AggregateCall[],
  every: bigint | undefined,
  offset: bigint,
  hasTransform: boolean,
): Promise<Map<string, WindowGroup>> {
  // Grouping by every tag is one group per series, which the engine gives without a join.
  const allTags = groupKeys.length > 0 && input.schema.tagKeys.every((k) => groupKeys.includes(k));
  // Without GROUP BY tags, a WHERE on a tag's value usually selects one series (one host): a
  // per-series read merged here beats the engine's one-group read (~1.7 vs ~2.0 ms for one field).
  // Not for means: several series would need a second read (sums and counts).
  const fewSeries = groupKeys.length === 0 && namesTagValue(plan.series) && !calls.some((c) => c.name === "mean");
  const merge = ((groupKeys.length > 0 && !allTags) || fewSeries) && calls.every((c) => MERGEABLE.has(c.name));
  // Means of one series per group (GROUP BY host) need no sum and count: try that first.
  const first = await mergedReads(stmt, input, plan, groupKeys, calls, every, offset, hasTransform, allTags, merge, false);
  if (first !== undefined) return first;
  return (await mergedReads(stmt, input, plan, groupKeys, calls, every, offset, hasTransform, allTags, merge, true))!;
}

/** Whether every series the predicate matches has some tag equal to a given value. */
function namesTagValue(p: SeriesPredicate | undefined): boolean {
  if (p === undefined) return false;
  if (p.kind === "tag") return p.match.op === "=";
  if (p.kind === "and") return p.operands.some(namesTagValue);
  if (p.kind === "or") return p.operands.every(namesTagValue);
  return false;
}

/** The reads of {@link pushedAggregates}; undefined when a group had several series and a mean was read as such. */
async function mergedReads(
  stmt: SelectStatement,
  input: Input,
  plan: ConditionPlan,
  groupKeys: string[],
  calls: AggregateCall[],
  every: bigint | undefined,
  offset: bigint,
  hasTransform: boolean,
  allTags: boolean,
  merge: boolean,
  meanBySum: boolean,
): Promise<Map<string, WindowGroup> | undefined> {
  const splitMean = merge && meanBySum;
  const watchSeries = merge && !meanBySum && calls.some((c) => c.name === "mean");
  const seriesOfGroup = new Map<string, string>();
  let severalSeries = false;
  const componentsOf = (c: AggregateCall): string[] => (splitMean && c.name === "mean" ? ["sum", "count"] : [c.name]);
  const byFn = new Map<string, Set<string>>();
  for (const c of calls) {
    for (const fn of componentsOf(c)) {
      const set = byFn.get(fn) ?? new Set<string>();
      set.add(c.field);
      byFn.set(fn, set);
    }
  }
  const limitable = stmt.limit > 0 && !hasTransform && stmt.fill.kind !== "previous" && stmt.fill.kind !== "linear" && every !== undefined;
  const partials = new Map<string, { group: Group; windows: Map<bigint, RunningValue[]> }>();
  // Selected points' times are shown only without GROUP BY time, and decide merges of first/last.
  const pointTimes = every === undefined || (merge && calls.some((c) => c.name === "first" || c.name === "last"));
  await Promise.all(
    [...byFn].map(async ([fn, fieldSet]) => {
      const request: ReadRequest = {
        ...readRequest(input, plan),
        fields: [...fieldSet],
        ...(allTags || merge ? {} : { groupBy: groupKeys }),
        aggregate: { fn: fn as NonNullable<ReadRequest["aggregate"]>["fn"], ...(every !== undefined ? { every, offset } : {}), ...(pointTimes ? {} : { pointTimes: false }) },
        ...(limitable ? { limit: stmt.limit + stmt.offset, descending: stmt.descending } : {}),
      };
      // The calls each field's batches feed, and each series' group, worked out once.
      const targetsOf = new Map<string, number[]>();
      calls.forEach((c, i) => {
        if (componentsOf(c).includes(fn)) targetsOf.set(c.field, [...(targetsOf.get(c.field) ?? []), i]);
      });
      // Each series' windows are its group's. A series' fields mostly come with the same window
      // times: the cells found for the last batch's times are kept to be used again by index.
      const windowsOfSeries = new BySeries((tags, seriesKey): { windows: Map<bigint, RunningValue[]>; times?: BigInt64Array; cells?: RunningValue[][] } => {
        const group = groupOf(tags, groupKeys);
        if (watchSeries) {
          const seen = seriesOfGroup.get(group.key);
          if (seen === undefined) seriesOfGroup.set(group.key, seriesKey);
          else if (seen !== seriesKey) severalSeries = true;
        }
        let g = partials.get(group.key);
        if (g === undefined) {
          g = { group, windows: new Map() };
          partials.set(group.key, g);
        }
        return { windows: g.windows };
      });
      const names = calls.map((c) => c.name);
      for await (const batch of storeOf(input).read(request)) {
        const targets = targetsOf.get(batch.field);
        if (targets === undefined) continue;
        const series = windowsOfSeries.get(batch.tags);
        let cells: RunningValue[][];
        if (series.times !== undefined && sameTimes(series.times, batch.times)) cells = series.cells!;
        else {
          const windows = series.windows;
          cells = new Array<RunningValue[]>(batch.times.length);
          for (let i = 0; i < batch.times.length; i++) {
            const t = batch.times[i]!;
            let cell = windows.get(t);
            if (cell === undefined) {
              cell = calls.map(() => ({ value: null }));
              windows.set(t, cell);
            }
            cells[i] = cell;
          }
          series.times = batch.times;
          series.cells = cells;
        }
        const pointTimesOf = batch.pointTimes;
        for (let i = 0; i < cells.length; i++) {
          const cell = cells[i]!;
          const v = cellOf(batch, i);
          const pt = pointTimesOf?.[i];
          for (const ci of targets) {
            const acc = cell[ci]!;
            const name = names[ci]!;
            if (!merge || (name === "mean" && !splitMean)) {
              acc.value = v;
              if (pt !== undefined) acc.pointTime = pt;
            } else if (name === "mean") {
              if (fn === "sum") acc.sum = addValues(acc.sum ?? null, v);
              else acc.count = (acc.count ?? 0n) + (v as bigint);
            } else if (name === "count" || name === "sum") acc.value = addValues(acc.value, v);
            else if (better(name, v, pt, acc)) {
              acc.value = v;
              if (pt !== undefined) acc.pointTime = pt;
            }
          }
        }
      }
    }),
  );
  if (severalSeries) return undefined;
  const groups = new Map<string, WindowGroup>();
  for (const [key, p] of partials) {
    const cells = new Map<bigint, WindowCell>();
    for (const [t, accs] of p.windows) {
      cells.set(t, {
        values: accs.map((a, ci) => (splitMean && calls[ci]!.name === "mean" ? (a.count ? Number(a.sum) / Number(a.count) : null) : a.value)),
        pointTimes: accs.map((a) => a.pointTime),
      });
    }
    groups.set(key, { group: p.group, cells });
  }
  return groups;
}

/** Replaces each window's INTEGRAL by 1.x's, which runs across the windows of the group. */
function windowedIntegrals(g: WindowGroup, points: ReadonlyMap<bigint, ReadonlyArray<{ time: bigint; row: Value[] }>>, calls: readonly AggregateCall[], index: ReadonlyMap<string, number>, windows: Windows): void {
  const starts = [...points.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  calls.forEach((c, ci) => {
    if (c.name !== "integral") return;
    const fi = index.get(c.field)!;
    const times: bigint[] = [];
    const values: number[] = [];
    let integer = false;
    for (const w of starts) {
      for (const p of points.get(w)!) {
        const raw = p.row[fi] ?? null;
        const v = toNumber(raw);
        if (v === undefined) continue;
        integer = typeof raw === "bigint";
        times.push(p.time);
        values.push(v);
      }
    }
    const unit = c.args.length > 0 ? BigInt(toNumber(c.args[0]!) ?? 1e9) : 1_000_000_000n;
    for (const [w, area] of integralByWindow(times, values, unit, (t) => windows.start(t), (start) => windows.next(start), integer)) {
      const cell = g.cells.get(w);
      if (cell !== undefined) cell.values[ci] = area;
    }
  });
}

type WindowPoint = { time: bigint; row: Value[]; tags: Tags };

/**
 * Whether a lone percentile() finds no point in the first window read (the first group's, in the
 * statement's direction) though it has points: 1.x then answers nothing at all for the
 * measurement (later such windows are only empty). `voids`: per group key, such windows.
 */
function firstWindowVoid(groups: ReadonlyMap<string, WindowGroup>, voids: ReadonlyMap<string, bigint[]>, calls: readonly AggregateCall[], descending: boolean): boolean {
  if (calls.length !== 1 || calls[0]!.name !== "percentile" || voids.size === 0) return false;
  const dir = descending ? -1 : 1;
  const keys = [...new Set([...groups.keys(), ...voids.keys()])].sort((a, b) => dir * cmpStr(a, b));
  const first = keys[0]!;
  const windows = [...(groups.get(first)?.cells.keys() ?? []), ...(voids.get(first) ?? [])].sort((a, b) => dir * (a < b ? -1 : a > b ? 1 : 0));
  return windows.length > 0 && (voids.get(first) ?? []).includes(windows[0]!);
}

/** A field's value as an aggregate reads it through a cast: read as a tag it is nothing (1.x). */
const fieldAs = (v: Value | undefined, cast: string | undefined): Value | undefined => (cast === "tag" ? null : castTo(v, cast));

/** A group's first `count` points holding field `fi` (its last ones when descending), by window. */
function firstPoints(windows: Map<bigint, WindowPoint[]>, fi: number, count: number, descending: boolean, windowOf: (t: bigint) => bigint): Map<bigint, WindowPoint[]> {
  const all = [...windows.values()].flat().filter((p) => p.row[fi] !== null && p.row[fi] !== undefined);
  // Stable: points at one time keep their series' order.
  all.sort((x, y) => (x.time < y.time ? -1 : x.time > y.time ? 1 : 0));
  const kept = descending ? all.slice(Math.max(0, all.length - count)) : all.slice(0, count);
  const out = new Map<bigint, WindowPoint[]>();
  for (const p of kept) {
    const w = windowOf(p.time);
    const list = out.get(w);
    if (list === undefined) out.set(w, [p]);
    else list.push(p);
  }
  return out;
}

/** Reads raw rows and computes every aggregate in TypeScript. */
async function computedAggregates(
  input: Input,
  plan: ConditionPlan,
  groupKeys: string[],
  calls: AggregateCall[],
  multi: AggregateCall | undefined,
  windows: Windows | undefined,
  now: bigint,
  auxFields?: readonly string[],
  descending = false,
  selectorRead?: number,
  voids?: Map<string, bigint[]>,
): Promise<Map<string, WindowGroup>> {
  const fields = [...new Set([...calls.map((c) => c.field), ...residualFields(plan, input.schema), ...(auxFields ?? [])])];
  const series = await inputSeries(input, { ...plan }, fields, now);
  const index = new Map(fields.map((f, i) => [f, i] as const));
  const windowOf = (t: bigint): bigint => (windows === undefined ? plan.start : windows.start(t));
  // Per group and window, the points in time order (with the series' tags for top(f, tag, n)).
  const buckets = new Map<string, { group: Group; windows: Map<bigint, Array<{ time: bigint; row: Value[]; tags: Tags }>> }>();
  for (const s of series) {
    const group = groupOf(s.tags, groupKeys);
    let b = buckets.get(group.key);
    if (b === undefined) {
      b = { group, windows: new Map() };
      buckets.set(group.key, b);
    }
    for (let i = 0; i < s.times.length; i++) {
      const t = s.times[i]!;
      if (t < plan.start || t >= plan.stop) continue;
      const w = windowOf(t);
      let list = b.windows.get(w);
      if (list === undefined) {
        list = [];
        b.windows.set(w, list);
      }
      list.push({ time: t, row: s.rows[i]!, tags: s.tags });
    }
  }
  if (selectorRead !== undefined) for (const b of buckets.values()) b.windows = firstPoints(b.windows, index.get(multi!.field)!, selectorRead, descending, windowOf);
  const groups = new Map<string, WindowGroup>();
  for (const [key, b] of buckets) {
    const g: WindowGroup = { group: b.group, cells: new Map() };
    for (const [w, points] of b.windows) {
      points.sort((x, y) => (x.time < y.time ? -1 : x.time > y.time ? 1 : 0));
      const cell: WindowCell = { values: [], pointTimes: [] };
      let any = false;
      for (const c of calls) {
        const fi = index.get(c.field)!;
        const times: bigint[] = [];
        const values: Value[] = [];
        const tags: string[] = [];
        for (const p of points) {
          const v = c.cast === undefined ? p.row[fi] : fieldAs(p.row[fi], c.cast);
          if (v === null || v === undefined) continue;
          times.push(p.time);
          values.push(v);
          if (c.tag !== undefined) {
            // The point's values of the tag arguments (null where it has none), as one key.
            const tagMap = new Map(p.tags);
            tags.push(JSON.stringify((c.tagKeys ?? [c.tag]).map((k) => tagMap.get(k) ?? null)));
          }
        }
        if (multi !== undefined && c.key === multi.key) {
          if (values.length > 0) any = true;
          g.multi ??= new Map();
          const rows = multiRowsOf(c, times, values, tags, windows === undefined ? (plan.hasStart ? plan.start : 0n) : w, descending);
          g.multi.set(
            w,
            rows.map((r) => ({ ...r, tags: points.find((p) => p.time === r.time && p.row[fi] === r.value)?.tags })),
          );
          cell.values.push(null);
          cell.pointTimes.push(undefined);
          continue;
        }
        if (values.length === 0) {
          cell.values.push(null);
          cell.pointTimes.push(undefined);
          continue;
        }
        // Under ORDER BY time DESC 1.x feeds the points newest first: mode() and percentile() pick
        // among equal values by that order, and integral() sums the areas backwards (negative).
        const reversed = descending && (c.name === "mode" || c.name === "percentile" || (c.name === "integral" && windows === undefined));
        const r = aggregate(c.name, reversed ? { times: [...times].reverse(), values: [...values].reverse() } : { times, values }, c.args, undefined);
        // A percentile whose rank falls outside the points is no point at all in 1.x: a window
        // holding only such calls is an empty window (filled, or not shown).
        if (!(c.name === "percentile" && r.value === null)) any = true;
        cell.values.push(r.value);
        cell.pointTimes.push(r.time);
        if (auxFields !== undefined && r.time !== undefined) {
          const chosen = points.find((p) => p.time === r.time && fieldAs(p.row[fi], c.cast) === r.value);
          if (chosen !== undefined) {
            const tagMap = new Map(chosen.tags);
            cell.point = (name) => {
              const i = index.get(name);
              return i !== undefined ? (chosen.row[i] ?? null) : tagMap.get(name);
            };
          }
        }
      }
      if (any) g.cells.set(w, cell);
      else if (voids !== undefined) voids.set(key, [...(voids.get(key) ?? []), w]);
    }
    if (windows !== undefined) windowedIntegrals(g, b.windows, calls, index, windows);
    if (g.cells.size > 0) groups.set(key, g);
  }
  return groups;
}

function multiRowsOf(c: AggregateCall, times: bigint[], values: Value[], tags: string[], w: bigint, descending: boolean): Array<{ time: bigint; value: Value; tag?: string }> {
  if (c.tag === undefined) return multiRow(c.name, { times, values }, c.args, w, descending);
  // top(field, tag, n): the best point of each tag value, then the n best of those.
  const best = new Map<string, number>();
  values.forEach((v, i) => {
    const k = tags[i]!;
    const j = best.get(k);
    const better = j === undefined || (c.name === "top" ? (v as number) > (values[j] as number) : (v as number) < (values[j] as number));
    if (better) best.set(k, i);
  });
  const idx = [...best.values()];
  const chosen = multiRow(c.name, { times: idx.map((i) => times[i]!), values: idx.map((i) => values[i]!) }, c.args, w);
  return chosen.map((r) => {
    const i = idx.find((j) => times[j] === r.time && values[j] === r.value)!;
    return { ...r, tag: tags[i]! };
  });
}

/** The columns top()/bottom() with tag arguments add for them, right after the call's: only when
 * the call stands alone in a column (in an expression it does not). */
function extraTagColumns(multi: AggregateCall | undefined, outputs: readonly OutputField[]): string[] {
  if (multi?.tag === undefined || !outputs.some((o) => unparen(o.expr).kind === "call")) return [];
  return multi.tagKeys ?? [multi.tag];
}

/**
 * The columns of a top()/bottom() answer: the tag arguments' columns right after the call's, then
 * the other columns, a name taken before getting 1.x's `_1`, `_2`… suffix.
 */
function multiColumns(outputs: readonly OutputField[], extra: readonly string[]): string[] {
  const at = outputs.findIndex((o) => unparen(o.expr).kind === "call");
  const names = outputs.map((o) => o.name);
  if (extra.length === 0) return ["time", ...names];
  const before = names.slice(0, at + 1);
  const taken = new Set(["time", ...before]);
  const out = ["time", ...before];
  for (const name of [...extra, ...names.slice(at + 1)]) {
    let unique = name;
    for (let n = 1; taken.has(unique); n++) unique = `${name}_${n}`;
    taken.add(unique);
    out.push(unique);
  }
  return out;
}

function multiRows(g: WindowGroup, multi: AggregateCall, outputs: OutputField[], now: bigint, descending: boolean): Value[][] {
  const rows: Value[][] = [];
  const dir = descending ? -1 : 1;
  const windows = [...(g.multi ?? new Map()).keys()].sort((a, b) => dir * (a < b ? -1 : a > b ? 1 : 0));
  const extra = extraTagColumns(multi, outputs);
  const keys = multi.tagKeys ?? (multi.tag === undefined ? [] : [multi.tag]);
  for (const w of windows) {
    for (const r of g.multi!.get(w)!) {
      const row: Value[] = [r.time];
      const tagOf = (name: string): Value => g.group.tags[name] ?? (r.tags === undefined ? undefined : new Map(r.tags).get(name)) ?? null;
      // The selected point's values of the tag arguments (null where it has none).
      const argValues = r.tag === undefined ? [] : (JSON.parse(r.tag) as Array<string | null>);
      const argValue = (name: string): Value => argValues[keys.indexOf(name)] ?? null;
      for (const o of outputs) {
        const name = (o.expr as { name: string }).name;
        if (o.isTag && keys.includes(name)) row.push(argValue(name));
        else if (o.isTag) row.push(tagOf(name));
        else if (unparen(o.expr).kind === "call") {
          row.push(r.value);
          // The tag arguments' columns come right after the call's.
          for (const k of extra) row.push(argValue(k));
        } else {
          // The selector inside an expression (`top(x, 2) + 1`): evaluated on each selected point.
          const scope: Scope = { time: r.time, lookup: (n) => tagOf(n) };
          row.push(evaluate(o.expr, scope, now, () => r.value) ?? null);
        }
      }
      rows.push(row);
    }
  }
  return rows;
}

/** Windows of one group with fill applied, then the output expressions evaluated per window. */
function windowRows(
  stmt: SelectStatement,
  g: WindowGroup,
  outputs: OutputField[],
  calls: AggregateCall[],
  plan: ConditionPlan,
  grid: Windows | undefined,
  now: bigint,
): Value[][] {
  if (g.cells.size === 0) return [];
  // The first and last windows with a value (no sort of every window's time).
  let firstPresent: bigint | undefined;
  let lastPresent: bigint | undefined;
  for (const t of g.cells.keys()) {
    if (firstPresent === undefined || t < firstPresent) firstPresent = t;
    if (lastPresent === undefined || t > lastPresent) lastPresent = t;
  }
  const every = grid?.every;
  let windows: bigint[];
  if (grid === undefined) windows = [firstPresent!];
  else {
    const first = plan.hasStart ? grid.start(plan.start) : firstPresent!;
    const last = grid.start(plan.stop - 1n);
    const end = last > lastPresent! || plan.hasStop || plan.stop !== MAX_TIME ? last : lastPresent!;
    windows = [];
    const max = 1_000_000;
    for (let t = first; t <= end; t = grid.next(t)) {
      windows.push(t);
      if (windows.length > max) throw new QueryError(`max-select-buckets limit exceeded: more than ${max} buckets`);
    }
  }
  const countIdx = calls.map((c) => c.name === "count" || c.name === "count_distinct");
  // Fill: per call column over the windows.
  // Each window's cell looked up once (bigint keys), not once per call and again for `keep`.
  const cellAt = windows.map((w) => g.cells.get(w));
  const columns: Array<Array<Value | undefined>> = calls.map((_, ci) => cellAt.map((cell) => (cell === undefined ? undefined : (cell.values[ci] ?? null))));
  const fill = stmt.fill;
  const keep = cellAt.map((cell) => cell !== undefined);
  columns.forEach((col, ci) => {
    const filler = fill.kind === "value" ? fillAs(fill.value, col, countIdx[ci]!) : null;
    for (let i = 0; i < col.length; i++) {
      if (col[i] !== undefined) continue;
      // 1.x's count of an empty window is 0 only under fill(null): fill(previous) and fill(linear)
      // fill it like any other value.
      if (fill.kind === "value") col[i] = filler;
      else if (countIdx[ci] && fill.kind === "null") col[i] = 0n;
      else col[i] = null;
    }
    if (fill.kind === "previous") {
      // The window before in the statement's order (the later one under ORDER BY time DESC).
      let last: Value = null;
      for (let j = 0; j < col.length; j++) {
        const i = stmt.descending ? col.length - 1 - j : j;
        if (col[i] === null) col[i] = last;
        else last = col[i]!;
      }
    } else if (fill.kind === "linear" && every !== undefined) {
      let prev = -1;
      for (let i = 0; i < col.length; i++) {
        if (col[i] === null || !keep[i]) continue;
        if (prev >= 0 && i - prev > 1) {
          const a = col[prev]!;
          const b = col[i]!;
          // Only numbers are interpolated (1.x leaves booleans' and strings' gaps empty).
          const numeric = (v: Value): boolean => typeof v === "number" || typeof v === "bigint";
          for (let k = prev + 1; k < i && numeric(a) && numeric(b); k++) {
            const frac = (k - prev) / (i - prev);
            if (typeof a === "bigint" && typeof b === "bigint") col[k] = a + ((b - a) * BigInt(k - prev)) / BigInt(i - prev);
            else col[k] = Number(a) + (Number(b) - Number(a)) * frac;
          }
        }
        prev = i;
      }
    }
  });
  let rowIdx = windows.map((_, i) => i);
  if (fill.kind === "none") rowIdx = rowIdx.filter((i) => keep[i]);
  const times = rowIdx.map((i) => windows[i]!);
  // The time shown: the window start, clipped to the query start, or 0 without a lower bound;
  // a lone selector without GROUP BY time shows its point's time.
  const loneSelector = every === undefined && calls.length === 1 && SELECTOR_POINT.has(calls[0]!.name) && outputs.every((o) => callsOnly(o.expr, calls[0]!.key));
  const shown = rowIdx.map((i) => {
    const w = windows[i]!;
    if (loneSelector) {
      const pt = cellAt[i]?.pointTimes[0];
      if (pt !== undefined) return pt;
    }
    if (every === undefined) return plan.hasStart ? plan.start : 0n;
    return w;
  });
  const callIndex = new Map(calls.map((c, i) => [c.key, i] as const));
  // Rows' scopes, made only for an output that is more than an aggregate shown as is.
  let madeScopes: Scope[] | undefined;
  const scopesOf = (): Scope[] =>
    (madeScopes ??= rowIdx.map((i, r) => {
      const point = cellAt[i]?.point;
      return { time: shown[r]!, lookup: (name) => (name in g.group.tags ? g.group.tags[name] : point?.(name)) };
    }));
  const callValue = (e: Expr & { kind: "call" }, r: number): Value | undefined => {
    const ci = callIndex.get(exprKey(e));
    if (ci === undefined) return undefined;
    return columns[ci]![rowIdx[r]!] ?? null;
  };
  const forecasts = new Map<number, Forecast[]>();
  const cols = outputs.map((o, oi): Column => {
    const hw = unparen(o.expr);
    // An aggregate shown as is (the common case): its column, without evaluating each row.
    const ci = hw.kind === "call" ? callIndex.get(exprKey(hw)) : undefined;
    if (ci !== undefined) return rowIdx.map((i) => columns[ci]![i] ?? null);
    if (hw.kind !== "call" || !HOLT_WINTERS.has(hw.name)) return evalColumn(o.expr, scopesOf(), times, now, every, callValue, stmt.descending);
    // Holt-Winters forecasts from the windows' values; its rows are merged in below.
    const inner = evalColumn(hw.args[0]!, scopesOf(), times, now, every, callValue);
    const known = inner.flatMap((v, r) => {
      const n = v === undefined || v === null ? undefined : toNumber(v);
      return n === undefined ? [] : [{ time: times[r]!, value: n }];
    });
    const [n, season] = hw.args.slice(1).map((a) => Number(literalArg(a)));
    const values = known.map((k) => k.value);
    forecasts.set(oi, holtWinters(known.map((k) => k.time), values, n!, season!, hw.name === "holt_winters_with_fit", every!));
    return rowIdx.map(() => undefined);
  });
  const rows: Value[][] = [];
  for (let r = 0; r < rowIdx.length; r++) {
    let any = false;
    for (const c of cols) {
      if (c[r] !== undefined) {
        any = true;
        break;
      }
    }
    if (!any) continue;
    const row = new Array<Value>(cols.length + 1);
    row[0] = shown[r]!;
    for (let c = 0; c < cols.length; c++) row[c + 1] = cols[c]![r] ?? null;
    rows.push(row);
  }
  return withForecasts(rows, forecasts, outputs.length);
}

const unparen = (e: Expr): Expr => (e.kind === "paren" ? unparen(e.expr) : e);
