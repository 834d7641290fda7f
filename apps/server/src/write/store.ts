// The one way points reach a bucket once the caller is known to be allowed to write there: line
// protocol writes (v2 and 1.x), Flux's to(), and the scraper all come through here, so an explicit
// bucket's schema is enforced and the write metrics count every point whatever its origin.
import type { PointBatch } from "@fluxgate/line-protocol";
import { partialWriteMessage } from "@fluxgate/storage-engine";
import { checkExplicitSchema } from "../bucket-schemas/write-check.js";
import type { Bucket } from "../db/schema.js";
import type { AppContext } from "../http/types.js";
import { bucketInfo } from "../storage/engine.js";
import { storageMetrics } from "../storage/metrics.js";

export interface StoredBatch {
  written: number;
  /** InfluxDB's partial-write message when some points were refused; undefined when all were stored. */
  partial: string | undefined;
}

/** Resolves once every stored point is durable; rejects (400) a batch that misfits an explicit schema. */
export async function storeBatch(app: AppContext, bucket: Bucket, batch: PointBatch): Promise<StoredBatch> {
  if (bucket.schema_type === "explicit") await checkExplicitSchema(app, bucket, batch);
  const result = await app.storage.writeBatch(bucketInfo(bucket), batch);
  const metrics = storageMetrics(app.metrics.registry);
  metrics.pointsWritten.inc({ bucket: bucket.id }, result.written);
  for (const rejection of result.rejected) metrics.pointsRejected.inc({ bucket: bucket.id, reason: rejection.reason.kind });
  return { written: result.written, partial: partialWriteMessage(result) };
}
