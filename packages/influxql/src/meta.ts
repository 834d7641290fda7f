// SHOW statements (answered from the series catalog, never from points, except SHOW SERIES),
// DELETE and DROP MEASUREMENT.
import type { BucketInfo, MetadataRequest, SeriesPredicate, StringMatch } from "@fluxgate/storage-engine";
import type { Expr, KeyMatch, Source, Statement } from "./ast.js";
import { planCondition } from "./condition.js";
import { compileRegex, isTimeRef, QueryError, type Value } from "./eval.js";
import type { Series } from "./result.js";
import type { SelectContext } from "./select.js";
import { MAX_TIME, MIN_TIME } from "./time.js";

type MetaStatement = Exclude<Statement, { kind: "select" } | { kind: "unsupported" }>;

// A series without a name (SHOW RETENTION POLICIES, SHOW SERIES) is written without `name`.
const plain = (columns: string[], values: Value[][], name?: string): Series => ({
  name: name ?? "",
  columns,
  values,
  timeColumn: false,
});

/** Go's time.Duration text, as SHOW RETENTION POLICIES prints it (`168h0m0s`, `0s`). */
export function goDuration(ns: bigint): string {
  if (ns === 0n) return "0s";
  const totalSeconds = ns / 1_000_000_000n;
  const h = totalSeconds / 3600n;
  const m = (totalSeconds % 3600n) / 60n;
  const s = totalSeconds % 60n;
  if (h > 0n) return `${h}h${m}m${s}s`;
  if (m > 0n) return `${m}m${s}s`;
  return `${s}s`;
}

function database(stmtDb: string | undefined, ctx: SelectContext): string {
  const db = stmtDb ?? ctx.db;
  if (db === undefined || db === "") throw new QueryError("database name required");
  return db;
}

function page<T>(items: T[], limit: number, offset: number): T[] {
  return items.slice(offset, limit > 0 ? offset + limit : undefined);
}

/** Tag-only WHERE of a SHOW statement → time range and series predicate. */
function scope(bucket: BucketInfo, condition: Expr | undefined, ctx: SelectContext): MetadataRequest {
  const plan = planCondition(showCondition(condition), () => false, ctx.now);
  if (plan.residual !== undefined || plan.values !== undefined) throw new QueryError("unsupported condition in SHOW statement: only tags and time may be compared");
  return { bucket, start: plan.start, stop: plan.stop, ...(plan.series ? { series: plan.series } : {}) };
}

function withSeries(request: MetadataRequest, extra: SeriesPredicate): MetadataRequest {
  return { ...request, series: request.series === undefined ? extra : { kind: "and", operands: [request.series, extra] } };
}

const measurementIs = (name: string): SeriesPredicate => ({ kind: "measurement", match: { op: "=", value: name } });

/** The measurements named by FROM (regexes expanded), or all of them. */
async function measurementsOf(sources: Source[], request: MetadataRequest, ctx: SelectContext): Promise<string[]> {
  const all = await ctx.source.store.measurements(request);
  if (sources.length === 0) return all;
  const out = new Set<string>();
  for (const s of sources) {
    if (s.kind !== "measurement") throw new QueryError("subqueries are not allowed in SHOW statements");
    if (s.name !== undefined) {
      if (all.includes(s.name)) out.add(s.name);
    } else {
      const re = compileRegex(s.regex!);
      for (const m of all) if (re.test(m)) out.add(m);
    }
  }
  return [...out].sort();
}

function keyMatches(key: KeyMatch): (k: string) => boolean {
  switch (key.op) {
    case "=":
    case "in":
      return (k) => key.values.includes(k);
    case "!=":
      return (k) => !key.values.includes(k);
    case "=~":
      return (k) => compileRegex(key.pattern).test(k);
    case "!~":
      return (k) => !compileRegex(key.pattern).test(k);
  }
}

const escapeKeyPart = (s: string): string => s.replace(/([, =])/g, "\\$1");

export async function executeMeta(stmt: MetaStatement, ctx: SelectContext): Promise<Series[]> {
  const store = ctx.source.store;
  switch (stmt.kind) {
    case "show databases": {
      const names = await ctx.source.databases();
      return names.length === 0 ? [] : [plain(["name"], names.map((n) => [n]), "databases")];
    }
    case "show retention policies": {
      const db = database(stmt.db, ctx);
      const rps = await ctx.source.retentionPolicies(db);
      return [plain(["name", "duration", "shardGroupDuration", "replicaN", "default"], rps.map((r) => [r.name, goDuration(r.durationNs), goDuration(r.shardGroupDurationNs), 1n, r.isDefault]))];
    }
    case "show measurements": {
      if (mentionsTime(stmt.condition)) throw new QueryError("SHOW MEASUREMENTS doesn't support time in WHERE clause");
      const bucket = await ctx.source.bucket(database(stmt.db, ctx), ctx.rp);
      let request: MetadataRequest = { bucket, start: MIN_TIME, stop: MAX_TIME };
      if (stmt.match !== undefined) {
        const m = stmt.match;
        const match: StringMatch = "name" in m ? { op: m.op, value: m.name } : { op: m.op, pattern: m.pattern };
        request = withSeries(request, { kind: "measurement", match });
      }
      let all = await store.measurements(request);
      if (stmt.condition !== undefined) {
        const matching = await measurementsWhere(stmt.condition, all, bucket, ctx);
        all = all.filter((m) => matching.has(m));
      }
      const names = page(all, stmt.limit, stmt.offset);
      return names.length === 0 ? [] : [plain(["name"], names.map((n) => [n]), "measurements")];
    }
    case "show tag keys": {
      const bucket = await ctx.source.bucket(database(stmt.db, ctx), ctx.rp);
      const request = scope(bucket, stmt.condition, ctx);
      const out: Series[] = [];
      for (const m of await measurementsOf(stmt.sources, request, ctx)) {
        const keys = page(await store.tagKeys(withSeries(request, measurementIs(m))), stmt.limit, stmt.offset);
        if (keys.length > 0) out.push(plain(["tagKey"], keys.map((k) => [k]), m));
      }
      return out;
    }
    case "show tag values": {
      const bucket = await ctx.source.bucket(database(stmt.db, ctx), ctx.rp);
      const request = scope(bucket, stmt.condition, ctx);
      const matches = keyMatches(stmt.key);
      const out: Series[] = [];
      for (const m of await measurementsOf(stmt.sources, request, ctx)) {
        const scoped = withSeries(request, measurementIs(m));
        const rows: Value[][] = [];
        for (const key of (await store.tagKeys(scoped)).filter(matches)) {
          for (const v of await store.tagValues({ ...scoped, key })) rows.push([key, v]);
        }
        const paged = page(rows, stmt.limit, stmt.offset);
        if (paged.length > 0) out.push(plain(["key", "value"], paged, m));
      }
      return out;
    }
    case "show field keys": {
      const bucket = await ctx.source.bucket(database(stmt.db, ctx), ctx.rp);
      const request: MetadataRequest = { bucket, start: MIN_TIME, stop: MAX_TIME };
      const out: Series[] = [];
      for (const m of await measurementsOf(stmt.sources, request, ctx)) {
        const seen = new Set<string>();
        const rows: Value[][] = [];
        for (const f of await store.fieldKeys(withSeries(request, measurementIs(m)))) {
          if (seen.has(f.field)) continue;
          seen.add(f.field);
          rows.push([f.field, f.type]);
        }
        const paged = page(rows, stmt.limit, stmt.offset);
        if (paged.length > 0) out.push(plain(["fieldKey", "fieldType"], paged, m));
      }
      return out;
    }
    case "show series": {
      const bucket = await ctx.source.bucket(database(stmt.db, ctx), ctx.rp);
      const keys = await seriesKeys(bucket, stmt.sources, stmt.condition, ctx);
      const paged = page(keys, stmt.limit, stmt.offset);
      return paged.length === 0 ? [] : [plain(["key"], paged.map((k) => [k]))];
    }
    case "show cardinality": {
      const bucket = await ctx.source.bucket(database(stmt.db, ctx), ctx.rp);
      if (mentionsTime(stmt.condition)) {
        // 1.x refuses time in these (naming the exact form); its tag values count reads nothing.
        if (stmt.target === "tag values") return [];
        const what = stmt.target === "field key" ? "FIELD KEY" : `${stmt.target.toUpperCase()} EXACT`;
        throw new QueryError(`SHOW ${what} CARDINALITY doesn't support time in WHERE clause`);
      }
      let request: MetadataRequest;
      try {
        request = scope(bucket, stmt.condition, ctx);
      } catch (error) {
        // 1.x counts nothing there rather than refusing the operator.
        if (error instanceof QueryError && error.message === "invalid tag comparison operator") return [];
        throw error;
      }
      // Counting tag values, 1.x compares only series holding the tag (`rack = ''` or
      // `rack != 'r1'` match no series without a rack).
      if (stmt.target === "tag values" && request.series !== undefined) request = { ...request, series: holdingTags(request.series) };
      const count = (n: number, name?: string): Series => plain(["count"], [[BigInt(n)]], name);
      // 1.x answers the unscoped estimate forms as one unnamed "cardinality estimation"; every other
      // form counts, per measurement (those counting nothing left out) except for measurements.
      const estimate = !stmt.exact && stmt.sources.length === 0 && stmt.condition === undefined;
      switch (stmt.target) {
        case "measurement": {
          const n = BigInt((await measurementsOf(stmt.sources, request, ctx)).length);
          // Counting none, 1.x answers no row (it counts what a SELECT over them finds).
          if (n === 0n && !estimate) return [];
          return [plain([estimate ? "cardinality estimation" : "count"], [[n]])];
        }
        case "series": {
          if (estimate) return [plain(["cardinality estimation"], [[BigInt(await store.seriesCardinality(request))]])];
          const out: Series[] = [];
          for (const m of await measurementsOf(stmt.sources, request, ctx)) {
            const n = await store.seriesCardinality(withSeries(request, measurementIs(m)));
            if (n > 0) out.push(count(n, m));
          }
          return out;
        }
        case "tag key":
        case "field key":
        case "tag values": {
          const out: Series[] = [];
          for (const m of await measurementsOf(stmt.sources, request, ctx)) {
            const scoped = withSeries(request, measurementIs(m));
            let n: number;
            if (stmt.target === "tag key") n = (await store.tagKeys(scoped)).length;
            else if (stmt.target === "field key") n = new Set((await store.fieldKeys(scoped)).map((f) => f.field)).size;
            else {
              const matches = keyMatches(stmt.key!);
              const values = new Set<string>();
              for (const key of (await store.tagKeys(scoped)).filter(matches)) for (const v of await store.tagValues({ ...scoped, key })) values.add(`${key}\u0000${v}`);
              n = values.size;
            }
            if (n > 0) out.push(count(n, m));
          }
          return out;
        }
      }
      break;
    }
    case "drop measurement": {
      const bucket = await ctx.source.writableBucket(database(undefined, ctx), ctx.rp);
      await store.deleteRange(bucket, { start: MIN_TIME, stop: MAX_TIME, measurement: stmt.name });
      return [];
    }
    case "delete": {
      const bucket = await ctx.source.writableBucket(database(undefined, ctx), ctx.rp);
      const plan = planCondition(stmt.condition, () => false, ctx.now);
      if (plan.residual !== undefined || plan.values !== undefined) throw new QueryError("DELETE supports only tag equality and time conditions");
      const tags = equalities(plan.series);
      const names = stmt.sources.length === 0 ? [undefined] : await measurementsOf(stmt.sources, { bucket, start: MIN_TIME, stop: MAX_TIME }, ctx);
      for (const measurement of names) {
        await store.deleteRange(bucket, { start: plan.start, stop: plan.stop - 1n, ...(measurement !== undefined ? { measurement } : {}), ...(tags.length > 0 ? { tags } : {}) });
      }
      return [];
    }
  }
  return [];
}

/**
 * A SHOW statement's WHERE as 1.x's index reads it: only =, !=, =~ and !~ compare tags (another
 * operator is refused), the left side must be a tag key, and `= <not a string>` (a field's value)
 * holds for every series. Time comparisons are left to the time range.
 */
function showCondition(e: Expr | undefined): Expr | undefined {
  if (e === undefined) return undefined;
  if (e.kind === "paren") return showCondition(e.expr);
  if (e.kind !== "binary") return e;
  if (e.op === "AND" || e.op === "OR") {
    const left = showCondition(e.left);
    const right = showCondition(e.right);
    if (left === undefined || right === undefined) return e.op === "AND" ? (left ?? right) : undefined;
    return { ...e, left, right };
  }
  if (isTimeRef(e.left) || isTimeRef(e.right)) return e;
  if (e.op !== "=" && e.op !== "!=" && e.op !== "=~" && e.op !== "!~") throw new QueryError("invalid tag comparison operator");
  if (e.left.kind !== "ref") throw new QueryError(`left side of '${e.op}' must be a tag key`);
  if ((e.op === "=" || e.op === "!=") && e.right.kind !== "string") return undefined;
  return e;
}

/** A predicate whose tag comparisons also require the series to hold the tag. */
function holdingTags(p: SeriesPredicate): SeriesPredicate {
  switch (p.kind) {
    case "and":
    case "or":
      return { kind: p.kind, operands: p.operands.map(holdingTags) };
    case "tag":
      return { kind: "and", operands: [p, { kind: "tag", key: p.key, match: { op: "!=", value: "" } }] };
    default:
      return p;
  }
}

/**
 * The measurements a SHOW MEASUREMENTS condition names, as 1.6's in-memory index finds them: each
 * tag comparison names the measurements holding the tag with (=, =~) or without (!=, !~) a value
 * matching, whatever their series (a measurement without the tag is never named, `= ''` names
 * none); AND intersects and OR unites those names. Other conditions are refused in its words.
 */
async function measurementsWhere(e: Expr, all: readonly string[], bucket: BucketInfo, ctx: SelectContext): Promise<Set<string>> {
  if (e.kind === "paren") return measurementsWhere(e.expr, all, bucket, ctx);
  if (e.kind !== "binary") throw new QueryError(e.kind === "ref" ? `&influxql.VarRef{Val:"${e.name}", Type:0}` : "invalid condition in SHOW MEASUREMENTS");
  if (e.op === "AND" || e.op === "OR") {
    const left = await measurementsWhere(e.left, all, bucket, ctx);
    const right = await measurementsWhere(e.right, all, bucket, ctx);
    return new Set(all.filter((m) => (e.op === "AND" ? left.has(m) && right.has(m) : left.has(m) || right.has(m))));
  }
  if (e.op !== "=" && e.op !== "!=" && e.op !== "=~" && e.op !== "!~") throw new QueryError("invalid tag comparison operator");
  if (e.left.kind !== "ref") throw new QueryError(`left side of '${e.op}' must be a tag key`);
  const regex = e.op === "=~" || e.op === "!~";
  if (regex && e.right.kind !== "regex") throw new QueryError(`right side of '${e.op}' must be a regular expression`);
  if (!regex && e.right.kind !== "string") throw new QueryError(`right side of '${e.op}' must be a tag value string`);
  const key = e.left.name;
  const test = e.right.kind === "regex" ? ((re) => (v: string) => re.test(v))(compileRegex(e.right.pattern)) : ((want) => (v: string) => v === want)((e.right as { value: string }).value);
  const positive = e.op === "=" || e.op === "=~";
  const out = new Set<string>();
  for (const m of all) {
    const values = await ctx.source.store.tagValues({ bucket, start: MIN_TIME, stop: MAX_TIME, series: measurementIs(m), key });
    if (values.length === 0) continue;
    if (values.some(test) === positive) out.add(m);
  }
  return out;
}

/** Whether a condition compares time anywhere (1.x refuses that in SHOW MEASUREMENTS). */
function mentionsTime(e: Expr | undefined): boolean {
  if (e === undefined) return false;
  switch (e.kind) {
    case "paren":
      return mentionsTime(e.expr);
    case "binary":
      return isTimeRef(e.left) || isTimeRef(e.right) || mentionsTime(e.left) || mentionsTime(e.right);
    default:
      return false;
  }
}

/** `a = 'x' AND b = 'y'` as tag pairs; anything else cannot be deleted by the engine. */
function equalities(p: SeriesPredicate | undefined): Array<[string, string]> {
  if (p === undefined) return [];
  if (p.kind === "and") return p.operands.flatMap(equalities);
  if (p.kind === "tag" && p.match.op === "=") return [[p.key, p.match.value]];
  throw new QueryError("DELETE supports only tag equality and time conditions");
}

/** Series keys (`cpu,host=a`) of the scope: the catalog has no listing call, so a count read finds them. */
async function seriesKeys(bucket: BucketInfo, sources: Source[], condition: Expr | undefined, ctx: SelectContext): Promise<string[]> {
  const request = scope(bucket, condition, ctx);
  const names = await measurementsOf(sources, request, ctx);
  const keys = new Set<string>();
  for (const m of names) {
    const series: SeriesPredicate = request.series === undefined ? measurementIs(m) : { kind: "and", operands: [measurementIs(m), request.series] };
    for await (const batch of ctx.source.store.read({ bucket, start: request.start, stop: request.stop, series, aggregate: { fn: "count" } })) {
      keys.add([escapeKeyPart(batch.measurement), ...batch.tags.map(([k, v]) => `${escapeKeyPart(k)}=${escapeKeyPart(v)}`)].join(","));
    }
  }
  return [...keys].sort();
}
