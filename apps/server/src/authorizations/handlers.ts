import type { AuthorizationStatus } from "../db/schema.js";
import type { HandlerContext, HandlerMap } from "../http/types.js";
import { presentAuthorization } from "./present.js";
import { AuthorizationService, type CreateRequest } from "./service.js";

const service = (ctx: HandlerContext) => new AuthorizationService(ctx.app, ctx.auth);
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

interface UpdateBody {
  status?: AuthorizationStatus;
  description?: string;
}

/** operationId → handler for this domain. */
export const handlers: HandlerMap = {
  GetAuthorizations: async (ctx) => {
    const filter = Object.fromEntries(
      (["userID", "user", "orgID", "org", "token"] as const).flatMap((k) => (str(ctx.query[k]) !== undefined ? [[k, str(ctx.query[k])!]] : [])),
    );
    const svc = service(ctx);
    const rows = await svc.list(filter);
    const names = await svc.names(rows);
    return { status: 200, body: { links: { self: "/api/v2/authorizations" }, authorizations: rows.map((r) => presentAuthorization(r, names(r))) } };
  },

  PostAuthorizations: async (ctx) => {
    const svc = service(ctx);
    const { row, token } = await svc.create(ctx.body as CreateRequest);
    return { status: 201, body: presentAuthorization(row, (await svc.names([row]))(row), token) };
  },

  GetAuthorizationsID: async (ctx) => {
    const svc = service(ctx);
    const row = await svc.find(ctx.params["authID"]!);
    return { status: 200, body: presentAuthorization(row, (await svc.names([row]))(row)) };
  },

  PatchAuthorizationsID: async (ctx) => {
    const body = ctx.body as UpdateBody;
    const svc = service(ctx);
    const row = await svc.update(ctx.params["authID"]!, { ...(body.status ? { status: body.status } : {}), ...(body.description !== undefined ? { description: body.description } : {}) });
    return { status: 200, body: presentAuthorization(row, (await svc.names([row]))(row)) };
  },

  DeleteAuthorizationsID: async (ctx) => {
    await service(ctx).delete(ctx.params["authID"]!);
    return { status: 204 };
  },
};
