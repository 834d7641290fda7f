import type { Precision } from "@fluxgate/line-protocol";
import type { HandlerContext, HandlerMap } from "../http/types.js";
import { WriteService, type DeleteRequestBody } from "./service.js";

const service = (ctx: HandlerContext) => new WriteService(ctx.app, ctx.auth);

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** operationId → handler for this domain. */
export const handlers: HandlerMap = {
  PostWrite: async (ctx) => {
    await service(ctx).write({
      org: text(ctx.query["org"]),
      orgID: text(ctx.query["orgID"]),
      bucket: text(ctx.query["bucket"]) ?? "",
      precision: (text(ctx.query["precision"]) ?? "ns") as Precision,
      body: () => ctx.bodyStream(),
    });
    return { status: 204 };
  },
  PostDelete: async (ctx) => {
    await service(ctx).delete(
      { org: text(ctx.query["org"]), orgID: text(ctx.query["orgID"]), bucket: text(ctx.query["bucket"]), bucketID: text(ctx.query["bucketID"]) },
      ctx.body as DeleteRequestBody,
    );
    return { status: 204 };
  },
};
