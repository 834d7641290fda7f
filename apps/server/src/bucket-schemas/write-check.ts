// Enforces the measurement schemas of an explicit bucket on a parsed write. The write path calls
// this only for buckets with schemaType = explicit, so implicit buckets pay nothing. Within a batch
// each series (measurement + tag keys) and each field layout is checked once, not once per line;
// the first point that does not fit rejects the whole batch with a 400 naming it.
import type { FieldLayout, PointBatch, Series } from "@fluxgate/line-protocol";
import type { Bucket } from "../db/schema.js";
import { invalid } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import type { Column, DataType } from "./columns.js";
import { listSchemas } from "./repository.js";

/** Other processes sharing the metadata store see a schema change within this long. */
const TTL_MS = 1_000;

/** One measurement's declared columns, shaped for lookups. */
interface Declared {
  tags: ReadonlySet<string>;
  fields: ReadonlyMap<string, DataType>;
}

type Schemas = ReadonlyMap<string, Declared>;

interface Entry {
  schemas: Schemas;
  expires: number;
}

/** Per running server (tests run several in one process), by bucket ID. */
const caches = new WeakMap<object, Map<string, Entry>>();

function cacheOf(app: AppContext): Map<string, Entry> {
  let cache = caches.get(app.storage);
  if (cache === undefined) caches.set(app.storage, (cache = new Map()));
  return cache;
}

/** Called when a bucket's schemas change in this process. */
export function forgetBucketSchemas(app: AppContext, bucketID: string): void {
  cacheOf(app).delete(bucketID);
}

export function compile(columns: readonly Column[]): Declared {
  const tags = new Set<string>();
  const fields = new Map<string, DataType>();
  for (const c of columns) {
    if (c.type === "tag") tags.add(c.name);
    else if (c.type === "field") fields.set(c.name, c.dataType ?? "string");
  }
  return { tags, fields };
}

async function schemasOf(app: AppContext, bucketID: string): Promise<Schemas> {
  const cache = cacheOf(app);
  const now = Date.now();
  const hit = cache.get(bucketID);
  if (hit !== undefined && hit.expires > now) return hit.schemas;
  const rows = await listSchemas(app.db, bucketID);
  const schemas = new Map(rows.map((r) => [r.name, compile(r.columns)]));
  cache.set(bucketID, { schemas, expires: now + TTL_MS });
  return schemas;
}

/** Throws a 400 when any point of `batch` does not fit the explicit bucket's schemas. */
export async function checkExplicitSchema(app: AppContext, bucket: Bucket, batch: PointBatch): Promise<void> {
  const problem = firstMismatch(await schemasOf(app, bucket.id), batch);
  if (problem !== undefined) throw invalid(`schema conflict in explicit bucket ${JSON.stringify(bucket.name)}: ${problem}; nothing was written`);
}

/** A description of the first point that does not fit, or undefined when all do. */
export function firstMismatch(schemas: Schemas, batch: PointBatch): string | undefined {
  const seriesOK = new Set<Series>();
  const layoutsOK = new Map<FieldLayout, Set<string>>();
  let lastSeries: Series | undefined;
  let lastLayout: FieldLayout | undefined;
  for (let i = 0; i < batch.length; i++) {
    const series = batch.series[i]!;
    const layout = batch.layouts[i]!;
    if (series === lastSeries && layout === lastLayout) continue;
    const measurement = series.measurement;
    const declared = schemas.get(measurement);
    const at = `point ${i + 1} (measurement ${JSON.stringify(measurement)})`;
    if (declared === undefined) return `${at}: the bucket has no schema for this measurement`;
    if (!seriesOK.has(series)) {
      for (const [key] of series.tags) {
        if (declared.tags.has(key)) continue;
        return declared.fields.has(key) ? `${at}: ${JSON.stringify(key)} is a field column of the schema, not a tag` : `${at}: tag ${JSON.stringify(key)} is not a column of the schema`;
      }
      seriesOK.add(series);
    }
    let measurements = layoutsOK.get(layout);
    if (measurements === undefined || !measurements.has(measurement)) {
      for (let k = 0; k < layout.keys.length; k++) {
        const key = layout.keys[k]!;
        const type = layout.types[k]!;
        const want = declared.fields.get(key);
        if (want === undefined) {
          return declared.tags.has(key) ? `${at}: ${JSON.stringify(key)} is a tag column of the schema, not a field` : `${at}: field ${JSON.stringify(key)} is not a column of the schema`;
        }
        if (want !== type) return `${at}: field ${JSON.stringify(key)} is ${type} but the schema declares ${want}`;
      }
      if (measurements === undefined) layoutsOK.set(layout, (measurements = new Set()));
      measurements.add(measurement);
    }
    lastSeries = series;
    lastLayout = layout;
  }
  return undefined;
}
