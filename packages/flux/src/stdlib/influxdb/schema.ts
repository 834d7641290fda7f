/**
 * `influxdata/influxdb/schema` (and the v1 names for it): measurements, tag keys and values, field
 * keys. Without a `predicate` they are metadata questions to the server's MetadataSource; with one,
 * they read the bucket's points through `from |> range |> filter`, as Flux defines them.
 */
import type { Args } from "../../runtime/args.js";
import { type Members, type RuntimeContext, builtin, collect, fail, transformation } from "../../runtime/builtin.js";
import type { SeriesPredicate } from "../../runtime/datasource.js";
import type { SchemaRequest, SeriesKey } from "../../runtime/services.js";
import { columnIndex } from "../../table/table.js";
import type { Cell, Table } from "../../table/types.js";
import { type FunctionValue, type StreamValue, type Value, record, string } from "../../values/value.js";
import { universe } from "../universe/index.js";
import { pivotJoinFunctions } from "../universe/pivot-join.js";
import { callMember, strings } from "../universe/shared.js";
import { bucketArgument, metadataSource, sortedUnique, stringsStream, timeBounds } from "./common.js";

/** The tables of `from(bucket) |> range(start, stop) |> filter(fn: predicate)`, read whole. */
export async function filteredTables(context: RuntimeContext, args: Args, request: SchemaRequest, predicate: Value): Promise<Table[]> {
  const members = universe(context);
  const bucket: Record<string, Value> = "name" in request.bucket ? { bucket: string(request.bucket.name) } : { bucketID: string(request.bucket.id) };
  const from = callMember(members, "from", bucket, args.site);
  const ranged = callMember(members, "range", { tables: from, start: { kind: "time", value: request.start }, stop: { kind: "time", value: request.stop } }, args.site);
  const filtered = callMember(members, "filter", { tables: ranged, fn: predicate }, args.site);
  if (filtered.kind !== "stream") return fail("filter did not return a stream");
  return collect(filtered.stream);
}

const pointColumns = new Set(["_value", "_time", "_start", "_stop"]);

/**
 * Whether a predicate only reads the series' own columns (measurement, field, tags) through its
 * row parameter, so it can be decided once per series instead of once per point.
 */
export function readsOnlySeries(fn: FunctionValue): boolean {
  const expression = fn.expression;
  const param = expression?.params[0]?.key;
  if (expression === undefined || expression.params.length !== 1 || param?.type !== "Identifier") return false;
  const name = param.name;
  let ok = true;
  const visit = (node: unknown, parent: unknown): void => {
    if (!ok || node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, parent);
      return;
    }
    const n = node as { type?: string; name?: string; object?: unknown; property?: { type: string; name?: string; value?: string } };
    if (n.type === "Identifier" && n.name === name) {
      const p = parent as { type?: string; object?: unknown } | undefined;
      // The row may only be used as `r.<column>`, never whole.
      if (p?.type !== "MemberExpression" || p.object !== node) ok = false;
      return;
    }
    if (n.type === "MemberExpression" && (n.object as { type?: string; name?: string } | undefined)?.type === "Identifier" && (n.object as { name: string }).name === name) {
      const column = n.property?.type === "Identifier" ? n.property.name : n.property?.value;
      if (column === undefined || pointColumns.has(column)) ok = false;
    }
    for (const [key, child] of Object.entries(node)) if (key !== "location") visit(child, node);
  };
  visit(expression.body, expression);
  return ok;
}

/** The series in the scope for which `predicate` holds, or undefined when it reads point columns. */
export async function matchingSeries(context: RuntimeContext, args: Args, request: SchemaRequest, predicate: Value): Promise<SeriesKey[] | undefined> {
  if (predicate.kind !== "function" || !readsOnlySeries(predicate)) return undefined;
  const all = await metadataSource(context).series(request);
  const callArgs = new Map<string, Value>();
  const param = (predicate.expression?.params[0]?.key as { name: string }).name;
  return all.filter((s) => {
    const row = record([["_measurement", string(s.measurement)], ["_field", string(s.field)], ...s.tags.map(([k, v]) => [k, string(v)] as const)]);
    callArgs.set(param, row);
    const verdict = predicate.call(callArgs, args.site);
    return verdict.kind === "bool" && verdict.value;
  });
}

function seriesColumn(s: SeriesKey, column: string): string | undefined {
  if (column === "_measurement") return s.measurement;
  if (column === "_field") return s.field;
  return s.tags.find(([k]) => k === column)?.[1];
}

function measurementIs(name: string): SeriesPredicate {
  return { kind: "measurement", match: { op: "=", value: name } };
}

function cellsOf(tables: readonly Table[], label: string): string[] {
  const out: string[] = [];
  for (const t of tables) {
    const i = columnIndex(t, label);
    if (i < 0) continue;
    for (const cell of t.data[i] as readonly Cell[]) if (typeof cell === "string") out.push(cell);
  }
  return out;
}

interface Scope {
  request: SchemaRequest;
  predicate: Value | undefined;
}

function scope(args: Args, context: RuntimeContext, measurement?: string): Scope {
  const { start, stop } = timeBounds(args, context);
  const request: SchemaRequest = { bucket: bucketArgument(args), start, stop };
  if (measurement !== undefined) request.series = measurementIs(measurement);
  return { request, predicate: args.get("predicate") };
}

/** Values of `tag` (`_measurement` and `_field` included) in the scope. */
function tagValues(context: RuntimeContext, args: Args, { request, predicate }: Scope, tag: string): StreamValue {
  return stringsStream(args, async () => {
    if (predicate !== undefined) {
      const series = await matchingSeries(context, args, request, predicate);
      if (series !== undefined) return sortedUnique(series.flatMap((s) => seriesColumn(s, tag) ?? []));
      return sortedUnique(cellsOf(await filteredTables(context, args, request, predicate), tag));
    }
    const metadata = metadataSource(context);
    if (tag === "_measurement") return sortedUnique(await metadata.measurements(request));
    if (tag === "_field") return sortedUnique(await metadata.fieldKeys(request));
    return sortedUnique(await metadata.tagKeys(request).then(async (keys) => (keys.includes(tag) ? metadata.tagValues({ ...request, tag }) : [])));
  });
}

/** Tag keys in the scope, with the columns every series has: `_field`, `_measurement`, `_start`, `_stop`. */
function tagKeys(context: RuntimeContext, args: Args, { request, predicate }: Scope): StreamValue {
  return stringsStream(args, async () => {
    if (predicate !== undefined) {
      const series = await matchingSeries(context, args, request, predicate);
      if (series !== undefined) return sortedUnique(["_field", "_measurement", "_start", "_stop", ...series.flatMap((s) => s.tags.map(([k]) => k))]);
      const tables = await filteredTables(context, args, request, predicate);
      return sortedUnique(tables.flatMap((t) => t.key.columns.map((c) => c.label)));
    }
    const keys = await metadataSource(context).tagKeys(request);
    return sortedUnique(["_field", "_measurement", "_start", "_stop", ...keys]);
  });
}

/** `pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")`. */
const fieldsAsCols = transformation("fieldsAsCols", (args) =>
  callMember(pivotJoinFunctions, "pivot", { tables: args.stream(), rowKey: strings(["_time"]), columnKey: strings(["_field"]), valueColumn: string("_value") }, args.site),
);

export function schemaPackage(context: RuntimeContext): Members {
  const measurement = (args: Args): string => args.string("measurement");
  return new Map<string, Value>([
    ["tagValues", builtin("schema.tagValues", (args) => tagValues(context, args, scope(args, context), args.string("tag")))],
    ["tagKeys", builtin("schema.tagKeys", (args) => tagKeys(context, args, scope(args, context)))],
    ["measurements", builtin("schema.measurements", (args) => tagValues(context, args, scope(args, context), "_measurement"))],
    ["fieldKeys", builtin("schema.fieldKeys", (args) => tagValues(context, args, scope(args, context), "_field"))],
    ["measurementTagValues", builtin("schema.measurementTagValues", (args) => tagValues(context, args, scope(args, context, measurement(args)), args.string("tag")))],
    ["measurementTagKeys", builtin("schema.measurementTagKeys", (args) => tagKeys(context, args, scope(args, context, measurement(args))))],
    ["measurementFieldKeys", builtin("schema.measurementFieldKeys", (args) => tagValues(context, args, scope(args, context, measurement(args)), "_field"))],
    ["fieldsAsCols", fieldsAsCols],
  ]);
}

/** `influxdata/influxdb/v1`: the same functions under their 1.x names. */
export function v1Package(context: RuntimeContext): Members {
  return schemaPackage(context);
}
