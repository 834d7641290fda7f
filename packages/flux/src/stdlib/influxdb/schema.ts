/**
 * `influxdata/influxdb/schema` (and the v1 names for it): measurements, tag keys and values, field
 * keys. Without a `predicate` they are metadata questions to the server's MetadataSource; with one,
 * they read the bucket's points through `from |> range |> filter`, as Flux defines them.
 */
import type { Args } from "../../runtime/args.js";
import { type Members, type RuntimeContext, builtin, collect, fail, transformation } from "../../runtime/builtin.js";
import type { SeriesPredicate } from "../../runtime/datasource.js";
import type { SchemaRequest } from "../../runtime/services.js";
import { columnIndex } from "../../table/table.js";
import type { Cell, Table } from "../../table/types.js";
import { type StreamValue, type Value, string } from "../../values/value.js";
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
    if (predicate !== undefined) return sortedUnique(cellsOf(await filteredTables(context, args, request, predicate), tag));
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
