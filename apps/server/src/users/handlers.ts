import type { UserStatus } from "../db/schema.js";
import { pageLinks, readPage } from "../http/paging.js";
import type { HandlerContext, HandlerMap } from "../http/types.js";
import { presentUser } from "./present.js";
import { UserService } from "./service.js";

const service = (ctx: HandlerContext) => new UserService(ctx.app, ctx.auth);
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

interface UserBody {
  name?: string;
  status?: UserStatus;
}
interface PasswordBody {
  password: string;
}

export const handlers: HandlerMap = {
  GetMe: async (ctx) => ({ status: 200, body: presentUser(await service(ctx).me()) }),

  PutMePassword: async (ctx) => {
    await service(ctx).changeOwnPassword((ctx.body as PasswordBody).password);
    return { status: 204 };
  },

  GetUsers: async (ctx) => {
    const page = readPage(ctx.query);
    const filter = { ...(str(ctx.query["id"]) ? { id: str(ctx.query["id"])! } : {}), ...(str(ctx.query["name"]) ? { name: str(ctx.query["name"])! } : {}) };
    const users = await service(ctx).list(filter, page);
    return { status: 200, body: { links: pageLinks("/api/v2/users", page, users.length, filter), users: users.map(presentUser) } };
  },

  PostUsers: async (ctx) => {
    const body = ctx.body as Required<Pick<UserBody, "name">> & UserBody;
    return { status: 201, body: presentUser(await service(ctx).create({ name: body.name, ...(body.status ? { status: body.status } : {}) })) };
  },

  GetUsersID: async (ctx) => ({ status: 200, body: presentUser(await service(ctx).find(ctx.params["userID"]!)) }),

  PatchUsersID: async (ctx) => {
    const body = ctx.body as UserBody;
    const user = await service(ctx).update(ctx.params["userID"]!, { ...(body.name !== undefined ? { name: body.name } : {}), ...(body.status ? { status: body.status } : {}) });
    return { status: 200, body: presentUser(user) };
  },

  DeleteUsersID: async (ctx) => {
    await service(ctx).delete(ctx.params["userID"]!);
    return { status: 204 };
  },

  PostUsersIDPassword: async (ctx) => {
    await service(ctx).setPassword(ctx.params["userID"]!, (ctx.body as PasswordBody).password);
    return { status: 204 };
  },

  PutUsersIDPassword: async (ctx) => {
    await service(ctx).setPassword(ctx.params["userID"]!, (ctx.body as PasswordBody).password);
    return { status: 204 };
  },
};
