/** `influxdata/influxdb` (from, to, buckets, cardinality) and `influxdata/influxdb/secrets`. */
import { type Members, type RuntimeContext, builtin, fail, stream } from "../../runtime/builtin.js";
import { emptyKey, keyId } from "../../table/table.js";
import { type Value, string } from "../../values/value.js";
import { universe } from "../universe/index.js";
import { bucketArgument, columnTable, metadataSource, timeBounds } from "./common.js";
import { filteredTables, matchingSeries } from "./schema.js";
import { toFunction } from "./write.js";

export { experimentalTo, toFunction } from "./write.js";
export { schemaPackage, v1Package } from "./schema.js";

/** `buckets()`: the buckets of the query's org the caller may read. */
export function bucketsFunction(context: RuntimeContext): Value {
  return builtin("buckets", (args) =>
    stream(args, async function* () {
      const list = await metadataSource(context).buckets();
      yield {
        key: emptyKey,
        columns: [
          { label: "name", type: "string" },
          { label: "id", type: "string" },
          { label: "organizationID", type: "string" },
          { label: "retentionPolicy", type: "string" },
          { label: "retentionPeriod", type: "int" },
        ],
        data: [list.map((b) => b.name), list.map((b) => b.id), list.map((b) => b.organizationID), list.map((b) => b.retentionPolicy), list.map((b) => b.retentionPeriod)],
        length: list.length,
      };
    }),
  );
}

export function influxdbPackage(context: RuntimeContext): Members {
  const buckets = bucketsFunction(context);
  /** Distinct series (measurement, tag set, field) with points in the range. */
  const cardinality = builtin("cardinality", (args) => {
    const { start, stop } = timeBounds(args, context, false);
    const request = { bucket: bucketArgument(args), start, stop };
    if (args.has("org") || args.has("orgID")) args.fail("cardinality of another org's bucket is not supported");
    const predicate = args.get("predicate");
    return stream(args, async function* () {
      let count: bigint;
      if (predicate === undefined) count = await metadataSource(context).cardinality(request);
      else {
        const series = await matchingSeries(context, args, request, predicate);
        count = BigInt(series?.length ?? new Set((await filteredTables(context, args, request, predicate)).map((t) => keyId(t.key))).size);
      }
      yield columnTable("_value", "int", [count]);
    });
  });
  const from = universe(context).get("from") ?? fail("from is unavailable");
  return new Map<string, Value>([
    ["buckets", buckets],
    ["cardinality", cardinality],
    ["from", from],
    ["to", toFunction(context)],
  ]);
}

export function secretsPackage(context: RuntimeContext): Members {
  return new Map<string, Value>([
    [
      "get",
      builtin("secrets.get", (args) => {
        const key = args.string("key");
        const source = context.services.secrets ?? args.fail("secrets are not available in this context");
        const value = context.resolve("secrets.get", () => source.get(key));
        if (value === undefined) return args.fail(`secret key "${key}" not found`);
        return string(value);
      }),
    ],
  ]);
}
