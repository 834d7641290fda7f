import type { UserRole } from "../db/schema.js";
import { pageLinks, readPage } from "../http/paging.js";
import type { Handler, HandlerContext, HandlerMap } from "../http/types.js";
import { presentOrg, presentResourceUsers, presentResourceUser } from "./present.js";
import { OrgService } from "./service.js";

const service = (ctx: HandlerContext) => new OrgService(ctx.app, ctx.auth);
// pageLinks adds `next` for a full page; the repository read one row ahead, so say "full" only
// when more rows really follow (a last page that happens to be full gets no `next`).
const fullWhenMore = (limit: number, more: boolean) => (more ? limit : 0);
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

interface OrgBody {
  name?: string;
  description?: string;
}

const listUsers =
  (role: UserRole): Handler =>
  async (ctx) => {
    const orgID = ctx.params["orgID"]!;
    const users = await service(ctx).users(orgID, role);
    return { status: 200, body: presentResourceUsers(`/api/v2/orgs/${orgID}/${role}s`, users, role) };
  };

const addUser =
  (role: UserRole): Handler =>
  async (ctx) => {
    const user = await service(ctx).addUser(ctx.params["orgID"]!, (ctx.body as { id: string }).id, role);
    return { status: 201, body: presentResourceUser(user, role) };
  };

const removeUser: Handler = async (ctx) => {
  await service(ctx).removeUser(ctx.params["orgID"]!, ctx.params["userID"]!);
  return { status: 204 };
};

export const handlers: HandlerMap = {
  GetOrgs: async (ctx) => {
    const page = readPage(ctx.query);
    const filter = { name: str(ctx.query["org"]), id: str(ctx.query["orgID"]), userID: str(ctx.query["userID"]) };
    const { orgs, more } = await service(ctx).list(
      { ...(filter.name ? { name: filter.name } : {}), ...(filter.id ? { id: filter.id } : {}), ...(filter.userID ? { userID: filter.userID } : {}) },
      page,
    );
    const links = pageLinks("/api/v2/orgs", page, fullWhenMore(page.limit, more), { org: filter.name, orgID: filter.id, userID: filter.userID });
    return { status: 200, body: { links, orgs: orgs.map(presentOrg) } };
  },

  PostOrgs: async (ctx) => {
    const body = ctx.body as Required<Pick<OrgBody, "name">> & OrgBody;
    const org = await service(ctx).create({ name: body.name, ...(body.description !== undefined ? { description: body.description } : {}) });
    return { status: 201, body: presentOrg(org) };
  },

  GetOrgsID: async (ctx) => ({ status: 200, body: presentOrg(await service(ctx).find(ctx.params["orgID"]!)) }),

  PatchOrgsID: async (ctx) => {
    const body = ctx.body as OrgBody;
    const org = await service(ctx).update(ctx.params["orgID"]!, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
    });
    return { status: 200, body: presentOrg(org) };
  },

  DeleteOrgsID: async (ctx) => {
    await service(ctx).delete(ctx.params["orgID"]!);
    return { status: 204 };
  },

  GetOrgsIDMembers: listUsers("member"),
  PostOrgsIDMembers: addUser("member"),
  DeleteOrgsIDMembersID: removeUser,
  GetOrgsIDOwners: listUsers("owner"),
  PostOrgsIDOwners: addUser("owner"),
  DeleteOrgsIDOwnersID: removeUser,
};
