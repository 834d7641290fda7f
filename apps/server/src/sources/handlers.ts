import { presentBucket } from "../buckets/present.js";
import type { HandlerContext, HandlerMap } from "../http/types.js";
import { presentSource, presentSources } from "./present.js";
import { SourceService, type SourceInput } from "./service.js";

const service = (ctx: HandlerContext) => new SourceService(ctx.app, ctx.auth);
const org = (ctx: HandlerContext) => (typeof ctx.query["org"] === "string" && ctx.query["org"] !== "" ? ctx.query["org"] : undefined);

export const handlers: HandlerMap = {
  GetSources: async (ctx) => ({ status: 200, body: presentSources(await service(ctx).list(org(ctx))) }),

  PostSources: async (ctx) => ({ status: 201, body: presentSource(await service(ctx).create(ctx.body as SourceInput)) }),

  GetSourcesID: async (ctx) => ({ status: 200, body: presentSource(await service(ctx).find(ctx.params["sourceID"]!)) }),

  PatchSourcesID: async (ctx) => ({ status: 200, body: presentSource(await service(ctx).update(ctx.params["sourceID"]!, ctx.body as SourceInput)) }),

  DeleteSourcesID: async (ctx) => {
    await service(ctx).delete(ctx.params["sourceID"]!);
    return { status: 204 };
  },

  GetSourcesIDBuckets: async (ctx) => {
    const id = ctx.params["sourceID"]!;
    const name = org(ctx);
    const buckets = await service(ctx).buckets(id, name);
    const query = name !== undefined ? `?${new URLSearchParams({ org: name }).toString()}` : "";
    return { status: 200, body: { links: { self: `/api/v2/sources/${id}/buckets${query}` }, buckets: buckets.map(presentBucket) } };
  },

  GetSourcesIDHealth: async (ctx) => {
    const health = await service(ctx).health(ctx.params["sourceID"]!);
    return { status: health.healthy ? 200 : 503, body: { name: "sources", message: health.message, status: health.healthy ? "pass" : "fail", checks: [] } };
  },
};
