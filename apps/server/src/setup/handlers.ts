import { presentAuthorization } from "../authorizations/present.js";
import { presentBucket } from "../buckets/present.js";
import type { HandlerContext, HandlerMap } from "../http/types.js";
import { presentOrg } from "../orgs/present.js";
import { presentUser } from "../users/present.js";
import { SetupService, type OnboardingRequest, type OnboardingResult } from "./service.js";

const service = (ctx: HandlerContext) => new SetupService(ctx.app, ctx.auth);

function present(result: OnboardingResult) {
  return {
    user: presentUser(result.user),
    org: presentOrg(result.org),
    bucket: presentBucket(result.bucket),
    auth: presentAuthorization(result.authorization, { org: result.org.name, user: result.user.name, orgNames: new Map([[result.org.id, result.org.name]]) }, result.token),
  };
}

export const handlers: HandlerMap = {
  GetSetup: async (ctx) => ({ status: 200, body: { allowed: await service(ctx).isAllowed() } }),
  PostSetup: async (ctx) => ({ status: 201, body: present(await service(ctx).setup(ctx.body as OnboardingRequest)) }),
  PostSetupUser: async (ctx) => ({ status: 201, body: present(await service(ctx).setupUser(ctx.body as OnboardingRequest)) }),
};
