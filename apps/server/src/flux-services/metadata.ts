// Flux's bucket and schema questions (buckets(), schema.*, v1.*, influxdb.cardinality) answered
// from the metadata store and the storage engine's series catalogs, for the buckets the caller
// may read. A bucket it may not read is reported like a missing one, as `from()` does.
import type { BucketRef, BucketSummary, MetadataSource, SchemaRequest, SeriesKey } from "@fluxgate/flux";
import type { MetadataRequest } from "@fluxgate/storage-engine";
import type { Authorizer } from "../auth/authorizer.js";
import { canReadBucket, readableBucket } from "../buckets/lookup.js";
import type { Bucket } from "../db/schema.js";
import { notFound } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import { bucketInfo } from "../storage/index.js";

const NS_PER_SECOND = 1_000_000_000n;

export class StorageMetadataSource implements MetadataSource {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
    /** The org the query runs in: buckets are named within it. */
    private readonly orgID: string,
  ) {}

  async buckets(): Promise<BucketSummary[]> {
    const rows = await this.app.db.selectFrom("buckets").selectAll().where("org_id", "=", this.orgID).orderBy("name").execute();
    const out: BucketSummary[] = [];
    for (const b of rows) {
      if (!(await canReadBucket(this.auth, b))) continue;
      out.push({ name: b.name, id: b.id, organizationID: b.org_id, retentionPolicy: "", retentionPeriod: BigInt(b.retention_seconds) * NS_PER_SECOND });
    }
    return out;
  }

  async measurements(request: SchemaRequest): Promise<string[]> {
    return this.app.storage.measurements(await this.#engineRequest(request));
  }

  async tagKeys(request: SchemaRequest): Promise<string[]> {
    return this.app.storage.tagKeys(await this.#engineRequest(request));
  }

  async tagValues(request: SchemaRequest & { tag: string }): Promise<string[]> {
    return this.app.storage.tagValues({ ...(await this.#engineRequest(request)), key: request.tag });
  }

  async fieldKeys(request: SchemaRequest): Promise<string[]> {
    const fields = await this.app.storage.fieldKeys(await this.#engineRequest(request));
    return [...new Set(fields.map((f) => f.field))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /**
   * Series as InfluxDB 2 counts them: measurement, tag set and field key. The engine's catalog
   * knows series without their fields, so one count per series and field is read instead.
   */
  async cardinality(request: SchemaRequest): Promise<bigint> {
    return BigInt((await this.series(request)).length);
  }

  /** One count per series and field, read with the engine's aggregation, names each series once. */
  async series(request: SchemaRequest): Promise<SeriesKey[]> {
    const scope = await this.#engineRequest(request);
    const seen = new Map<string, SeriesKey>();
    for await (const batch of this.app.storage.read({ ...scope, aggregate: { fn: "count" } })) {
      const id = JSON.stringify([batch.measurement, batch.tags, batch.field]);
      if (!seen.has(id)) seen.set(id, { measurement: batch.measurement, tags: batch.tags, field: batch.field });
    }
    return [...seen.values()];
  }

  async #engineRequest(request: SchemaRequest): Promise<MetadataRequest> {
    const bucket = await this.#readableBucket(request.bucket);
    return { bucket: bucketInfo(bucket), start: request.start, stop: request.stop, ...(request.series !== undefined ? { series: request.series } : {}) };
  }

  async #readableBucket(ref: BucketRef): Promise<Bucket> {
    const bucket = await readableBucket(this.app, this.auth, this.orgID, ref);
    if (bucket !== undefined) return bucket;
    throw notFound(`could not find bucket "${"name" in ref ? ref.name : ref.id}"`);
  }
}
