// Users: business rules and permission checks. Handlers call this; it calls the repository.
import type { Authorizer } from "../auth/authorizer.js";
import { hashPassword, verifyPassword } from "../auth/passwords.js";
import { isUniqueViolation } from "../db/errors.js";
import type { User, UserStatus } from "../db/schema.js";
import { conflict, FluxgateError, notFound, unauthorized } from "../http/errors.js";
import type { Page } from "../http/paging.js";
import type { AppContext } from "../http/types.js";
import * as repo from "./repository.js";
import { forgetCachedMetadata } from "../db/metadata-cache.js";

export class UserService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  async me(): Promise<User> {
    const identity = await this.auth.identity();
    const user = await repo.findUserByID(this.app.db, identity.userID);
    if (!user) throw unauthorized();
    return user;
  }

  async find(id: string): Promise<User> {
    await this.auth.requireOn("read", "users", { id });
    const user = await repo.findUserByID(this.app.db, id);
    if (!user) throw notFound("user not found");
    return user;
  }

  /** The users the caller may read, filtered and paged. */
  async list(filter: { id?: string; name?: string }, page: Page): Promise<User[]> {
    const identity = await this.auth.identity();
    if (await this.auth.can({ action: "read", resource: { type: "users" } })) return repo.listUsers(this.app.db, filter, page);
    const visible = identity.permissions.filter((p) => p.action === "read" && p.resource.type === "users" && p.resource.id).map((p) => p.resource.id!);
    return repo.listUsers(this.app.db, { ...filter, visibleIDs: visible }, page);
  }

  async create(input: { name: string; status?: UserStatus }): Promise<User> {
    await this.auth.requireOn("write", "users");
    const name = input.name.trim();
    if (!name) throw new FluxgateError("invalid", "user name must not be empty");
    try {
      return await repo.insertUser(this.app.db, { name, ...(input.status ? { status: input.status } : {}) });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`user with name ${name} already exists`);
      throw err;
    }
  }

  async update(id: string, changes: { name?: string; status?: UserStatus }): Promise<User> {
    await this.auth.requireOn("write", "users", { id });
    const name = changes.name?.trim();
    if (changes.name !== undefined && !name) throw new FluxgateError("invalid", "user name must not be empty");
    try {
      const user = await repo.updateUser(this.app.db, id, { ...(name ? { name } : {}), ...(changes.status ? { status: changes.status } : {}) });
      if (!user) throw notFound("user not found");
      if (user.status === "inactive") await this.app.db.deleteFrom("sessions").where("user_id", "=", id).execute();
      forgetCachedMetadata(this.app);
      return user;
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`user with name ${name ?? ""} already exists`);
      throw err;
    }
  }

  /** Deleting a user ends their sessions and removes their tokens (foreign keys cascade). */
  async delete(id: string): Promise<void> {
    await this.auth.requireOn("write", "users", { id });
    if (!(await repo.deleteUser(this.app.db, id))) throw notFound("user not found");
    forgetCachedMetadata(this.app);
  }

  async setPassword(id: string, password: string): Promise<void> {
    await this.auth.requireOn("write", "users", { id });
    if (!(await repo.findUserByID(this.app.db, id))) throw notFound("user not found");
    await repo.setPasswordHash(this.app.db, id, await hashPassword(password));
  }

  /**
   * PUT /me/password. As in InfluxDB, the old password may be proven with Basic auth (username and
   * current password); otherwise the caller's session or token must allow writing their own user.
   */
  async changeOwnPassword(password: string): Promise<void> {
    const credentials = this.auth.credentials;
    if (credentials.kind === "basic") {
      const user = await this.verify(credentials.username, credentials.password);
      await repo.setPasswordHash(this.app.db, user.id, await hashPassword(password));
      return;
    }
    const me = await this.me();
    await this.setPassword(me.id, password);
  }

  /** Checks a username and password; 401 on any mismatch (never says which part was wrong). */
  async verify(username: string, password: string): Promise<User> {
    const user = await repo.findUserByName(this.app.db, username);
    const hash = user && (await repo.findPasswordHash(this.app.db, user.id));
    if (!user || !hash || !(await verifyPassword(hash, password))) throw unauthorized();
    return user;
  }
}
