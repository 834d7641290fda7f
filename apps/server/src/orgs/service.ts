// Orgs: business rules and permission checks. Handlers call this; it calls the repositories.
import type { Authorizer } from "../auth/authorizer.js";
import type { Permission } from "../auth/permissions.js";
import { isUniqueViolation } from "../db/errors.js";
import type { Org, User, UserRole } from "../db/schema.js";
import { conflict, FluxgateError, notFound } from "../http/errors.js";
import type { Page } from "../http/paging.js";
import type { AppContext } from "../http/types.js";
import { dropBucketData } from "../storage/index.js";
import { findUserByID } from "../users/repository.js";
import { listResourceUsers, removeResourceUser, setResourceRole } from "./members.js";
import * as repo from "./repository.js";
import { forgetCachedMetadata } from "../db/metadata-cache.js";

export const ORG_NOT_FOUND = "organization not found";

export class OrgService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  /**
   * The orgs the caller may read. As in InfluxDB, naming an org (by name or ID) that does not exist
   * is a 404, while orgs the caller may not read are silently left out.
   */
  async list(filter: { id?: string; name?: string; userID?: string }, page: Page): Promise<{ orgs: Org[]; more: boolean }> {
    const identity = await this.auth.identity();
    if (filter.name && !(await repo.findOrgByName(this.app.db, filter.name))) throw notFound(`organization name "${filter.name}" not found`);
    if (filter.id && !(await repo.findOrgByID(this.app.db, filter.id))) throw notFound(ORG_NOT_FOUND);
    const visibleIDs = readableOrgIDs(identity.permissions);
    return repo.listOrgs(this.app.db, { ...filter, ...(visibleIDs ? { visibleIDs } : {}) }, page);
  }

  async find(id: string): Promise<Org> {
    await this.auth.requireOn("read", "orgs", { id });
    return this.#existing(id);
  }

  /** Creates the org with its system buckets; the caller becomes its owner. */
  async create(input: { name: string; description?: string }): Promise<Org> {
    const identity = await this.auth.requireOn("write", "orgs");
    const name = checkName(input.name);
    try {
      return await this.app.db.transaction().execute((trx) =>
        repo.createOrgWithSystemBuckets(trx, { name, ownerID: identity.userID, ...(input.description !== undefined ? { description: input.description } : {}) }),
      );
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`organization with name ${name} already exists`);
      throw err;
    }
  }

  async update(id: string, changes: { name?: string; description?: string }): Promise<Org> {
    await this.auth.requireOn("write", "orgs", { id });
    const name = changes.name === undefined ? undefined : checkName(changes.name);
    try {
      const org = await repo.updateOrg(this.app.db, id, { ...(name !== undefined ? { name } : {}), ...(changes.description !== undefined ? { description: changes.description } : {}) });
      if (!org) throw notFound(ORG_NOT_FOUND);
      forgetCachedMetadata(this.app);
      return org;
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`organization with name ${name ?? ""} already exists`);
      throw err;
    }
  }

  /** Deletes the org, its buckets (metadata, then data), tokens, owners and members. */
  async delete(id: string): Promise<void> {
    await this.auth.requireOn("write", "orgs", { id });
    const deleted = await this.app.db.transaction().execute((trx) => repo.deleteOrg(trx, id));
    if (!deleted) throw notFound(ORG_NOT_FOUND);
    forgetCachedMetadata(this.app);
    // Only after the commit: a write racing the delete then finds no bucket and cannot recreate data.
    for (const bucketID of deleted.bucketIDs) await dropBucketData(this.app, bucketID);
  }

  async users(id: string, role: UserRole): Promise<User[]> {
    await this.auth.requireOn("read", "orgs", { id });
    await this.#existing(id);
    return listResourceUsers(this.app.db, "orgs", id, role);
  }

  async addUser(id: string, userID: string, role: UserRole): Promise<User> {
    await this.auth.requireOn("write", "orgs", { id });
    await this.#existing(id);
    const user = await findUserByID(this.app.db, userID);
    if (!user) throw notFound("user not found");
    await setResourceRole(this.app.db, "orgs", id, userID, role);
    return user;
  }

  async removeUser(id: string, userID: string): Promise<void> {
    await this.auth.requireOn("write", "orgs", { id });
    await this.#existing(id);
    if (!(await removeResourceUser(this.app.db, "orgs", id, userID))) throw notFound("user resource mapping not found");
  }

  async #existing(id: string): Promise<Org> {
    const org = await repo.findOrgByID(this.app.db, id);
    if (!org) throw notFound(ORG_NOT_FOUND);
    return org;
  }
}

function checkName(raw: string): string {
  const name = raw.trim();
  if (!name) throw new FluxgateError("invalid", "org name is empty");
  return name;
}

/** IDs of the orgs these permissions may read; undefined when they may read every org. */
export function readableOrgIDs(permissions: readonly Permission[]): string[] | undefined {
  const ids: string[] = [];
  for (const p of permissions) {
    if (p.action !== "read" || p.resource.type !== "orgs") continue;
    const id = p.resource.id ?? p.resource.orgID;
    if (id === undefined) return undefined;
    ids.push(id);
  }
  return ids;
}
