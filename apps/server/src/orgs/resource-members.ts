// Owners and members of an org-owned resource (dashboards, Telegraf configurations, scrapers…): the six
// routes `GET/POST …/{id}/members|owners` and `DELETE …/{id}/members|owners/{userID}`, built once
// from a description of the resource, on top of the user-resource mappings of orgs/members.ts.
// Permissions follow InfluxDB: listing needs read on the resource, adding and removing need write.
import type { Authorizer } from "../auth/authorizer.js";
import type { ResourceType } from "../auth/permissions.js";
import type { User, UserRole } from "../db/schema.js";
import { notFound } from "../http/errors.js";
import type { AppContext, Handler, HandlerContext } from "../http/types.js";
import { listResourceUsers, removeResourceUser, setResourceRole, type MappedResourceType } from "./members.js";
import { presentResourceUser, presentResourceUsers } from "./present.js";
import { findUserByID } from "../users/repository.js";

/** A kind of resource that has owners and members. */
export interface MemberTarget {
  type: MappedResourceType & ResourceType;
  /** Collection path, e.g. `/api/v2/telegrafs`. */
  path: string;
  /** The path parameter holding the resource's ID. */
  idParam: string;
  /** The org of the resource with this ID, or undefined when there is none. */
  findOrgID(app: AppContext, id: string): Promise<string | undefined>;
  notFoundMessage: string;
}

export class ResourceMemberService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
    private readonly target: MemberTarget,
  ) {}

  async users(id: string, role: UserRole): Promise<User[]> {
    await this.auth.requireOn("read", this.target.type, { orgID: await this.#orgOf(id), id });
    return listResourceUsers(this.app.db, this.target.type, id, role);
  }

  async add(id: string, userID: string, role: UserRole): Promise<User> {
    await this.auth.requireOn("write", this.target.type, { orgID: await this.#orgOf(id), id });
    const user = await findUserByID(this.app.db, userID);
    if (!user) throw notFound("user not found");
    await setResourceRole(this.app.db, this.target.type, id, userID, role);
    return user;
  }

  async remove(id: string, userID: string): Promise<void> {
    await this.auth.requireOn("write", this.target.type, { orgID: await this.#orgOf(id), id });
    if (!(await removeResourceUser(this.app.db, this.target.type, id, userID))) throw notFound("user resource mapping not found");
  }

  async #orgOf(id: string): Promise<string> {
    const orgID = await this.target.findOrgID(this.app, id);
    if (orgID === undefined) throw notFound(this.target.notFoundMessage);
    return orgID;
  }
}

export interface MemberHandlers {
  listMembers: Handler;
  addMember: Handler;
  removeMember: Handler;
  listOwners: Handler;
  addOwner: Handler;
  removeOwner: Handler;
}

/** The owner and member routes of a resource type, ready to register under its operationIds. */
export function resourceMemberHandlers(target: MemberTarget): MemberHandlers {
  const service = (ctx: HandlerContext) => new ResourceMemberService(ctx.app, ctx.auth, target);
  const resourceID = (ctx: HandlerContext) => ctx.params[target.idParam]!;
  const list =
    (role: UserRole): Handler =>
    async (ctx) => {
      const id = resourceID(ctx);
      const users = await service(ctx).users(id, role);
      return { status: 200, body: presentResourceUsers(`${target.path}/${id}/${role}s`, users, role) };
    };
  const add =
    (role: UserRole): Handler =>
    async (ctx) => {
      const user = await service(ctx).add(resourceID(ctx), (ctx.body as { id: string }).id, role);
      return { status: 201, body: presentResourceUser(user, role) };
    };
  const remove: Handler = async (ctx) => {
    await service(ctx).remove(resourceID(ctx), ctx.params["userID"]!);
    return { status: 204 };
  };
  return { listMembers: list("member"), addMember: add("member"), removeMember: remove, listOwners: list("owner"), addOwner: add("owner"), removeOwner: remove };
}
