// API tokens: business rules and permission checks, following InfluxDB's authorization service and
// its authorizing wrapper. Handlers call this; it calls the repository.
import { permissionString, type Authorizer, type Identity } from "../auth/authorizer.js";
import { isResourceType, permitsAll, type Permission } from "../auth/permissions.js";
import type { AuthorizationRow, AuthorizationStatus } from "../db/schema.js";
import { forbidden, invalid, notFound } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import { resourceKey, type AuthorizationNames } from "./present.js";
import * as repo from "./repository.js";
import { forgetCachedMetadata } from "../db/metadata-cache.js";

/** A permission as it arrives in a request body (the spec has already checked its shape). */
export interface RequestedPermission {
  action: "read" | "write";
  resource: { type: string; id?: string; orgID?: string; name?: string; org?: string };
}

export interface CreateRequest {
  orgID: string;
  userID?: string;
  description?: string;
  status?: AuthorizationStatus;
  permissions: RequestedPermission[];
}

export interface ListFilter {
  userID?: string;
  user?: string;
  orgID?: string;
  org?: string;
  token?: string;
}

/** What the permission checks look at: API tokens and v1 authorizations both have it. */
export type OwnedAuthorization = Pick<AuthorizationRow, "id" | "org_id" | "user_id">;
/** What `names` looks at. */
export type NamedAuthorization = Pick<AuthorizationRow, "org_id" | "user_id" | "permissions">;

/** InfluxDB answers this (400) when the token's user or org does not exist. */
const UNABLE_TO_CREATE = "unable to create token";

export class AuthorizationService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  /**
   * Creates a token for `userID` (default: the caller). As in InfluxDB the caller needs write on the
   * org's authorizations and on that user, and may only grant permissions it holds itself.
   */
  async create(request: CreateRequest): Promise<{ row: AuthorizationRow; token: string }> {
    const userID = request.userID ?? (await this.auth.identity()).userID;
    const permissions = await this.authorizeGrant(request.orgID, userID, request.permissions);
    const [users, orgs] = await Promise.all([repo.namesByID(this.app.db, "users", [userID]), repo.namesByID(this.app.db, "orgs", [request.orgID])]);
    if (!users.has(userID) || !orgs.has(request.orgID)) throw invalid(UNABLE_TO_CREATE);
    return repo.createAuthorization(this.app.db, {
      orgID: request.orgID,
      userID,
      permissions,
      ...(request.description !== undefined ? { description: request.description } : {}),
      ...(request.status ? { status: request.status } : {}),
    });
  }

  /**
   * The checks before granting `requested` to `userID` in `orgID` (also made for v1 authorizations):
   * write on the org's authorizations and on that user, and only permissions the caller holds.
   */
  async authorizeGrant(orgID: string, userID: string, requested: readonly RequestedPermission[]): Promise<Permission[]> {
    const me = await this.auth.identity();
    const permissions = requested.map(toPermission);
    await this.auth.requireOn("write", "authorizations", { orgID });
    await this.auth.requireOn("write", "users", { id: userID });
    for (const p of permissions) {
      if (!permitsAll(me.permissions, p)) throw forbidden(`permission ${permissionString(p)} is not allowed`);
    }
    return permissions;
  }

  /** The tokens the caller may read (read on the token in its org, and on its user), filtered. */
  async list(filter: ListFilter): Promise<AuthorizationRow[]> {
    await this.auth.identity();
    let userID = filter.userID;
    if (filter.user !== undefined) {
      userID = await repo.findUserIDByName(this.app.db, filter.user);
      if (!userID) throw notFound("user not found");
    }
    let orgID = filter.orgID;
    if (filter.org !== undefined) {
      orgID = await repo.findOrgIDByName(this.app.db, filter.org);
      if (!orgID) throw notFound(`organization name "${filter.org}" not found`);
    }
    const rows = await repo.listAuthorizations(this.app.db, { ...(userID ? { userID } : {}), ...(orgID ? { orgID } : {}), ...(filter.token !== undefined ? { token: filter.token } : {}) });
    const visible: AuthorizationRow[] = [];
    for (const row of rows) if (await this.may("read", row)) visible.push(row);
    return visible;
  }

  async find(id: string): Promise<AuthorizationRow> {
    const row = await this.#existing(id);
    await this.require("read", row);
    return row;
  }

  async update(id: string, changes: { status?: AuthorizationStatus; description?: string }): Promise<AuthorizationRow> {
    await this.require("write", await this.#existing(id));
    const row = await repo.updateAuthorization(this.app.db, id, changes);
    if (!row) throw notFound("authorization not found");
    forgetCachedMetadata(this.app);
    return row;
  }

  /** The token stops working at once: every request looks its hash up afresh. */
  async delete(id: string): Promise<void> {
    await this.require("write", await this.#existing(id));
    if (!(await repo.deleteAuthorization(this.app.db, id))) throw notFound("authorization not found");
    forgetCachedMetadata(this.app);
  }

  /** Org, user and resource names the responses show next to the IDs. */
  async names(rows: readonly NamedAuthorization[]): Promise<(row: NamedAuthorization) => AuthorizationNames> {
    const perms = rows.flatMap((r) => r.permissions as Permission[]);
    const idsOf = (type: "orgs" | "users" | "buckets") => perms.filter((p) => p.resource.type === type && p.resource.id).map((p) => p.resource.id!);
    const [orgNames, userNames, bucketNames] = await Promise.all([
      repo.namesByID(this.app.db, "orgs", [...rows.map((r) => r.org_id), ...perms.flatMap((p) => (p.resource.orgID ? [p.resource.orgID] : [])), ...idsOf("orgs")]),
      repo.namesByID(this.app.db, "users", [...rows.map((r) => r.user_id), ...idsOf("users")]),
      repo.namesByID(this.app.db, "buckets", idsOf("buckets")),
    ]);
    const resourceNames = new Map<string, string>();
    for (const [type, names] of [["orgs", orgNames], ["users", userNames], ["buckets", bucketNames]] as const) {
      for (const [id, name] of names) resourceNames.set(resourceKey(type, id), name);
    }
    return (row) => ({ org: orgNames.get(row.org_id) ?? "", user: userNames.get(row.user_id) ?? "", orgNames, resourceNames });
  }

  async #existing(id: string): Promise<AuthorizationRow> {
    await this.auth.identity();
    const row = await repo.findAuthorizationByID(this.app.db, id);
    if (!row) throw notFound("authorization not found");
    return row;
  }

  /** Reading or changing a token (or v1 authorization) needs that action on it and on its user. */
  async require(action: "read" | "write", row: OwnedAuthorization): Promise<Identity> {
    await this.auth.requireOn(action, "authorizations", { orgID: row.org_id, id: row.id });
    return this.auth.requireOn(action, "users", { id: row.user_id });
  }

  async may(action: "read" | "write", row: OwnedAuthorization): Promise<boolean> {
    return (
      (await this.auth.can({ action, resource: { type: "authorizations", orgID: row.org_id, id: row.id } })) &&
      (await this.auth.can({ action, resource: { type: "users", id: row.user_id } }))
    );
  }
}

/** Keeps what a permission means (type, id, orgID); names in a request are ignored, as in InfluxDB. */
function toPermission(p: RequestedPermission): Permission {
  if (!isResourceType(p.resource.type)) throw invalid(`unknown resource type for permission: "${p.resource.type}"`);
  return {
    action: p.action,
    resource: { type: p.resource.type, ...(p.resource.id ? { id: p.resource.id } : {}), ...(p.resource.orgID ? { orgID: p.resource.orgID } : {}) },
  };
}
