// Flux's `to()` and `experimental.to()`: points go through the same storage write as
// /api/v2/write, to a bucket the caller holds write permission on (403 otherwise), with an
// explicit bucket's schema checked first.
import type { FieldValue as FluxFieldValue, PointSink, WritePoint, WriteTarget } from "@fluxgate/flux";
import { type FieldValue, type Point, PointBatch, seriesKey } from "@fluxgate/line-protocol";
import type { Authorizer } from "../auth/authorizer.js";
import { FluxgateError, forbidden } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import { storeBatch } from "../write/store.js";
import { resolveTarget, type OrgParams } from "../write/target.js";

function fieldValue(value: FluxFieldValue): FieldValue {
  if (typeof value === "number") return { type: "float", value };
  if (typeof value === "bigint") return { type: "integer", value };
  if (typeof value === "string") return { type: "string", value };
  if (typeof value === "boolean") return { type: "boolean", value };
  return { type: "unsigned", value: value.unsigned };
}

export function linePoint(p: WritePoint): Point {
  const tags = Object.entries(p.tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    measurement: p.measurement,
    seriesKey: seriesKey(p.measurement, tags),
    tags,
    fields: Object.entries(p.fields).map(([k, v]) => [k, fieldValue(v)] as const),
    timestamp: p.time,
  };
}

export class StoragePointSink implements PointSink {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
    /** The org the query runs in: `to()` without `org`/`orgID` writes there. */
    private readonly orgID: string,
  ) {}

  async write(target: WriteTarget, points: readonly WritePoint[]): Promise<void> {
    const identity = await this.auth.identity();
    const orgParams: OrgParams = target.org === undefined ? { orgID: this.orgID } : "name" in target.org ? { org: target.org.name } : { orgID: target.org.id };
    const bucketParams = "name" in target.bucket ? { bucket: target.bucket.name } : { bucketID: target.bucket.id };
    const { org, bucket } = await resolveTarget(this.app, identity, orgParams, bucketParams);
    if (!(await this.auth.can({ action: "write", resource: { type: "buckets", orgID: org.id, id: bucket.id } }))) {
      throw forbidden(`insufficient permissions to write to bucket "${bucket.name}"`);
    }
    const { partial } = await storeBatch(this.app, bucket, PointBatch.fromPoints(points.map(linePoint)));
    if (partial !== undefined) throw new FluxgateError("unprocessable entity", partial);
  }
}
