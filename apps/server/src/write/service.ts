// Writes and deletes of points: resolve org and bucket, check the caller's write permission on the
// bucket, then parse (writes) or interpret the predicate (deletes) and hand over to the engine.
import type { Readable } from "node:stream";
import { LineProtocolError, PointBatch, type Precision } from "@fluxgate/line-protocol";
import { partialWriteMessage } from "@fluxgate/storage-engine";
import type { Authorizer } from "../auth/authorizer.js";
import { permitsAll } from "../auth/permissions.js";
import type { Bucket } from "../db/schema.js";
import { FluxgateError, forbidden, invalid } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import { bucketInfo } from "../storage/engine.js";
import { storageMetrics } from "../storage/metrics.js";
import { acquireParser, releaseParser } from "./parsers.js";
import { parseDeletePredicate, PredicateError } from "./predicate.js";
import { storeBatch } from "./store.js";
import { resolveTarget, type BucketParams, type OrgParams } from "./target.js";
import { metadataCache } from "../db/metadata-cache.js";
import { parseRfc3339Nanos } from "./time.js";

export interface WriteRequest extends OrgParams {
  bucket: string;
  precision: Precision;
  /** Opens the decoded, size-limited body; called only once the request is authorized. */
  body: () => Readable;
}

export interface DeleteRequestBody {
  start: string;
  stop: string;
  predicate?: string;
}

export interface WriteOutcome {
  /** Points stored (all of them: a write that drops any answers 422 instead). */
  written: number;
}

export class WriteService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  /** Resolves after every stored point is durable; 422 when some points were dropped. */
  async write(request: WriteRequest): Promise<WriteOutcome> {
    const bucket = await this.#writableBucket(request, { bucket: request.bucket }, "insufficient permissions for write");
    const { batch, bytes } = await parseBody(request.body(), request.precision);
    const metrics = storageMetrics(this.app.metrics.registry);
    metrics.writeBytes.inc({ bucket: bucket.id }, bytes);
    if (batch.length === 0) return { written: 0 };
    const { written, partial } = await storeBatch(this.app, bucket, batch);
    if (partial !== undefined) throw new FluxgateError("unprocessable entity", partial);
    return { written };
  }

  /** Deletes points of the range `[start, stop]` whose series match the predicate. */
  async delete(params: OrgParams & BucketParams, body: DeleteRequestBody): Promise<void> {
    const bucket = await this.#writableBucket(params, params, "insufficient permissions to delete");
    const start = parseRfc3339Nanos(body.start);
    if (start === undefined) throw invalid(`invalid request; error parsing request json: invalid RFC3339Nano for field start, please check your time format: "${body.start}"`);
    const stop = parseRfc3339Nanos(body.stop);
    if (stop === undefined) throw invalid(`invalid request; error parsing request json: invalid RFC3339Nano for field stop, please check your time format: "${body.stop}"`);
    if (start > stop) throw invalid(`invalid request; error parsing request json: start time ${body.start} must not be after stop time ${body.stop}`);
    let predicate;
    try {
      predicate = parseDeletePredicate(body.predicate ?? "");
    } catch (err) {
      if (err instanceof PredicateError) throw invalid(err.message);
      throw err;
    }
    if (predicate.matchesNothing) return;
    await this.app.storage.deleteRange(bucketInfo(bucket), {
      start,
      stop,
      ...(predicate.measurement !== undefined ? { measurement: predicate.measurement } : {}),
      ...(predicate.tags.length > 0 ? { tags: predicate.tags } : {}),
      ...(predicate.field !== undefined ? { field: predicate.field } : {}),
    });
  }

  /**
   * The bucket, once the caller is known to hold write permission on it. Authentication comes
   * first (401 before any lookup); a missing org or bucket is 404, as InfluxDB answers.
   */
  async #writableBucket(orgParams: OrgParams, bucketParams: BucketParams, deniedMessage: string): Promise<Bucket> {
    const identity = await this.auth.identity();
    const key = ["write", orgParams.org, orgParams.orgID, bucketParams.bucket, bucketParams.bucketID, identity.orgID];
    const { org, bucket } = await metadataCache(this.app).lookup(key, () => resolveTarget(this.app, identity, orgParams, bucketParams));
    if (!permitsAll(identity.permissions, { action: "write", resource: { type: "buckets", orgID: org.id, id: bucket.id } })) {
      throw forbidden(deniedMessage);
    }
    return bucket;
  }
}

/**
 * The body's chunks, with a corrupt gzip stream reported as the client's fault (400): the stream
 * can surface zlib's own error before the HTTP layer's translation of it.
 */
async function* readable(body: Readable): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) yield chunk;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!(err instanceof FluxgateError) && typeof code === "string" && code.startsWith("Z_")) {
      throw invalid(`invalid gzip request body: ${(err as Error).message}`);
    }
    throw err;
  }
}

/**
 * Parses the body as it arrives, straight into columns (no Point objects). The first bad line
 * rejects the whole request (nothing is stored); the rest of the body is still read, so the
 * client gets our 400 rather than a reset connection while it is sending.
 */
async function parseBody(body: Readable, precision: Precision): Promise<{ batch: PointBatch; bytes: number }> {
  const parser = acquireParser(precision);
  const batch = new PointBatch();
  let bytes = 0;
  let failure: LineProtocolError | undefined;
  const add = batch.add.bind(batch);
  try {
    for await (const chunk of readable(body)) {
      bytes += chunk.length;
      if (failure !== undefined) continue;
      try {
        parser.pushTo(chunk, add);
      } catch (err) {
        if (!(err instanceof LineProtocolError)) throw err;
        failure = err;
      }
    }
    if (failure === undefined) {
      try {
        parser.endTo(add);
      } catch (err) {
        if (!(err instanceof LineProtocolError)) throw err;
        failure = err;
      }
    }
  } finally {
    releaseParser(precision, parser);
  }
  if (failure !== undefined) throw invalid(`${failure.message} (line ${failure.line})`);
  return { batch, bytes };
}
