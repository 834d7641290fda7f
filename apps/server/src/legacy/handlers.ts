import type { Precision } from "@fluxgate/line-protocol";
import type { AuthorizationStatus } from "../db/schema.js";
import type { HandlerContext, HandlerMap, Handler } from "../http/types.js";
import { presentLegacyAuthorization } from "./present.js";
import type { LegacyAuthorizationRow } from "./schema.js";
import { LegacyAuthorizationService, type NewLegacyAuthorizationRequest } from "./service.js";
import { writeV1 } from "./write.js";

const service = (ctx: HandlerContext) => new LegacyAuthorizationService(ctx.app, ctx.auth);
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

interface UpdateBody {
  status?: AuthorizationStatus;
  description?: string;
}

/** The path the caller used: the official CLI calls /private/legacy/..., the documented API /legacy/... */
const basePath = (ctx: HandlerContext) => (ctx.operationId.includes("Private") ? "/private/legacy/authorizations" : "/legacy/authorizations");

async function present(ctx: HandlerContext, svc: LegacyAuthorizationService, rows: LegacyAuthorizationRow[]) {
  const names = await svc.tokens.names(rows);
  return rows.map((row) => presentLegacyAuthorization(row, names(row), basePath(ctx)));
}

const list: Handler = async (ctx) => {
  const q = ctx.query;
  const svc = service(ctx);
  const rows = await svc.list({ userID: str(q["userID"]), user: str(q["user"]), orgID: str(q["orgID"]), org: str(q["org"]), token: str(q["token"]), authID: str(q["authID"]) });
  return { status: 200, body: { links: { self: basePath(ctx) }, authorizations: await present(ctx, svc, rows) } };
};

const create: Handler = async (ctx) => {
  const svc = service(ctx);
  const row = await svc.create(ctx.body as NewLegacyAuthorizationRequest);
  return { status: 201, body: (await present(ctx, svc, [row]))[0] };
};

const find: Handler = async (ctx) => {
  const svc = service(ctx);
  const row = await svc.find(ctx.params["authID"]!);
  return { status: 200, body: (await present(ctx, svc, [row]))[0] };
};

const update: Handler = async (ctx) => {
  const body = ctx.body as UpdateBody;
  const svc = service(ctx);
  const row = await svc.update(ctx.params["authID"]!, { status: body.status, description: body.description });
  return { status: 200, body: (await present(ctx, svc, [row]))[0] };
};

const remove: Handler = async (ctx) => {
  await service(ctx).delete(ctx.params["authID"]!);
  return { status: 204 };
};

const setPassword: Handler = async (ctx) => {
  await service(ctx).setPassword(ctx.params["authID"]!, (ctx.body as { password: string }).password);
  return { status: 204 };
};

/** operationId → handler for this domain. The /private/... copies behave exactly as the public ones. */
export const handlers: HandlerMap = {
  GetLegacyAuthorizations: list,
  PostLegacyAuthorizations: create,
  GetLegacyAuthorizationsID: find,
  PatchLegacyAuthorizationsID: update,
  DeleteLegacyAuthorizationsID: remove,
  PostLegacyAuthorizationsIDPassword: setPassword,
  GetPrivateLegacyAuthorizations: list,
  PostPrivateLegacyAuthorizations: create,
  GetPrivateLegacyAuthorizationsID: find,
  PatchPrivateLegacyAuthorizationsID: update,
  DeletePrivateLegacyAuthorizationsID: remove,
  PostPrivateLegacyAuthorizationsIDPassword: setPassword,

  PostLegacyWrite: async (ctx) => {
    await writeV1(ctx.app, ctx.auth, {
      db: str(ctx.query["db"]) ?? "",
      rp: str(ctx.query["rp"]),
      // 1.x clients send an empty precision for nanoseconds.
      precision: (str(ctx.query["precision"]) || "ns") as Precision,
      body: () => ctx.bodyStream(),
    });
    return { status: 204 };
  },
};
