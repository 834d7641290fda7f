import type { HandlerContext, HandlerMap } from "../http/types.js";
import { SecretService } from "./service.js";

const service = (ctx: HandlerContext) => new SecretService(ctx.app, ctx.auth);

export const handlers: HandlerMap = {
  GetOrgsIDSecrets: async (ctx) => {
    const orgID = ctx.params["orgID"]!;
    const secrets = await service(ctx).keys(orgID);
    return { status: 200, body: { secrets, links: { self: `/api/v2/orgs/${orgID}/secrets`, org: `/api/v2/orgs/${orgID}` } } };
  },

  PatchOrgsIDSecrets: async (ctx) => {
    await service(ctx).put(ctx.params["orgID"]!, ctx.body as Record<string, string>);
    return { status: 204 };
  },

  PostOrgsIDSecrets: async (ctx) => {
    await service(ctx).deleteMany(ctx.params["orgID"]!, (ctx.body as { secrets?: string[] }).secrets ?? []);
    return { status: 204 };
  },

  DeleteOrgsIDSecretsID: async (ctx) => {
    await service(ctx).delete(ctx.params["orgID"]!, ctx.params["secretID"]!);
    return { status: 204 };
  },
};
