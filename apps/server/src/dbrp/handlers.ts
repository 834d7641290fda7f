import type { HandlerContext, HandlerMap } from "../http/types.js";
import { presentDbrp } from "./present.js";
import { DbrpService, type OrgSelector } from "./service.js";

const service = (ctx: HandlerContext) => new DbrpService(ctx.app, ctx.auth);
const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const org = (ctx: HandlerContext): OrgSelector => ({ orgID: str(ctx.query["orgID"]), org: str(ctx.query["org"]) });

interface CreateBody {
  orgID?: string;
  org?: string;
  bucketID: string;
  database: string;
  retention_policy: string;
  default?: boolean;
}

interface UpdateBody {
  retention_policy?: string;
  default?: boolean;
}

/** operationId → handler for this domain. */
export const handlers: HandlerMap = {
  GetDBRPs: async (ctx) => {
    const q = ctx.query;
    const mappings = await service(ctx).list({
      ...org(ctx),
      id: str(q["id"]),
      bucketID: str(q["bucketID"]),
      isDefault: typeof q["default"] === "boolean" ? q["default"] : undefined,
      database: str(q["db"]),
      retentionPolicy: str(q["rp"]),
    });
    return { status: 200, body: { content: mappings.map(presentDbrp) } };
  },

  PostDBRP: async (ctx) => {
    const b = ctx.body as CreateBody;
    const m = await service(ctx).create({ orgID: b.orgID, org: b.org, bucketID: b.bucketID, database: b.database, retentionPolicy: b.retention_policy, isDefault: b.default });
    return { status: 201, body: presentDbrp(m) };
  },

  GetDBRPsID: async (ctx) => {
    const m = await service(ctx).find(ctx.params["dbrpID"]!, org(ctx));
    return { status: 200, body: { content: presentDbrp(m) } };
  },

  PatchDBRPID: async (ctx) => {
    const b = ctx.body as UpdateBody;
    const m = await service(ctx).update(ctx.params["dbrpID"]!, org(ctx), { retentionPolicy: b.retention_policy, isDefault: b.default });
    return { status: 200, body: { content: presentDbrp(m) } };
  },

  DeleteDBRPID: async (ctx) => {
    await service(ctx).delete(ctx.params["dbrpID"]!, org(ctx));
    return { status: 204 };
  },
};
