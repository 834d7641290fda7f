import { findBucketByID } from "../buckets/repository.js";
import type { HandlerContext, HandlerMap } from "../http/types.js";
import { presentLabelResponse, presentLabels } from "./present.js";
import { resourceLabelHandlers, type LabelTarget } from "./resource-labels.js";
import { LabelService } from "./service.js";

const service = (ctx: HandlerContext) => new LabelService(ctx.app, ctx.auth);

interface PostLabelBody {
  orgID: string;
  name: string;
  properties?: Record<string, string>;
}

interface PatchLabelBody {
  name?: string;
  properties?: Record<string, string>;
}

/** Buckets take labels; their label routes live here because the buckets domain predates them. */
export const BUCKET_LABELS: LabelTarget = {
  type: "buckets",
  path: "/api/v2/buckets",
  idParam: "bucketID",
  findOrgID: async (app, id) => (await findBucketByID(app.db, id))?.org_id,
  notFoundMessage: "bucket not found",
};
const bucketLabels = resourceLabelHandlers(BUCKET_LABELS);

export const handlers: HandlerMap = {
  GetLabels: async (ctx) => {
    const orgID = typeof ctx.query["orgID"] === "string" ? ctx.query["orgID"] : undefined;
    const labels = await service(ctx).list(orgID ? { orgID } : {});
    return { status: 200, body: presentLabels("/api/v2/labels", labels) };
  },

  PostLabels: async (ctx) => {
    const body = ctx.body as PostLabelBody;
    const label = await service(ctx).create({ orgID: body.orgID, name: body.name, ...(body.properties ? { properties: body.properties } : {}) });
    return { status: 201, body: presentLabelResponse(label) };
  },

  GetLabelsID: async (ctx) => ({ status: 200, body: presentLabelResponse(await service(ctx).find(ctx.params["labelID"]!)) }),

  PatchLabelsID: async (ctx) => {
    const body = ctx.body as PatchLabelBody;
    const label = await service(ctx).update(ctx.params["labelID"]!, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.properties ? { properties: body.properties } : {}),
    });
    return { status: 200, body: presentLabelResponse(label) };
  },

  DeleteLabelsID: async (ctx) => {
    await service(ctx).delete(ctx.params["labelID"]!);
    return { status: 204 };
  },

  GetBucketsIDLabels: bucketLabels.list,
  PostBucketsIDLabels: bucketLabels.attach,
  DeleteBucketsIDLabelsID: bucketLabels.detach,
};
