// Flux's `from()` over the storage engine: the bucket the query names is looked up in the
// request's org (or by ID), the caller must hold read permission on it, and the request is passed
// to the engine unchanged. A bucket the caller may not read is reported like a missing one, as
// InfluxDB does (its bucket lookup goes through the authorizing bucket service).
import type { BucketRef, DataSource, SeriesBatch, SourceReadRequest } from "@fluxgate/flux";
import type { Authorizer } from "../auth/authorizer.js";
import { readableBucket } from "../buckets/lookup.js";
import type { Bucket } from "../db/schema.js";
import { notFound } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import { bucketInfo } from "../storage/index.js";

function describe(ref: BucketRef): string {
  return "name" in ref ? ref.name : ref.id;
}

export class StorageDataSource implements DataSource {
  /** The engine computes windows, aggregates and limits in SQL, so the planner pushes them. */
  readonly computesAggregates = true;

  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
    /** The org the query runs in: `from(bucket:)` names a bucket of this org. */
    private readonly orgID: string,
  ) {}

  async *read(request: SourceReadRequest): AsyncIterable<SeriesBatch> {
    const bucket = await this.#readableBucket(request.bucket);
    // `yield*` forwards an early `return()` to the engine's iterator, which releases its read.
    yield* this.app.storage.read({ ...request, bucket: bucketInfo(bucket) });
  }

  async #readableBucket(ref: BucketRef): Promise<Bucket> {
    const bucket = await readableBucket(this.app, this.auth, this.orgID, ref);
    if (bucket !== undefined) return bucket;
    throw notFound(`failed to initialize execute state: could not find bucket "${describe(ref)}"`);
  }
}
