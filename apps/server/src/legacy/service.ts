// v1 (legacy) authorizations: a 1.x username (`token`) and password bound to bucket permissions.
// InfluxDB guards them exactly as API tokens (write on the org's authorizations and on the user to
// create, only permissions the caller holds), so those checks come from AuthorizationService.
import type { Authorizer } from "../auth/authorizer.js";
import { hashPassword } from "../auth/passwords.js";
import { newToken } from "../auth/tokens.js";
import { AuthorizationService, type RequestedPermission } from "../authorizations/service.js";
import * as tokens from "../authorizations/repository.js";
import { isUniqueViolation } from "../db/errors.js";
import type { AuthorizationStatus } from "../db/schema.js";
import { conflict, invalid, notFound } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import * as repo from "./repository.js";
import type { LegacyAuthorizationRow } from "./schema.js";

export const LEGACY_AUTH_NOT_FOUND = "authorization not found";
export const TOKEN_TAKEN = "token already exists";

export interface NewLegacyAuthorizationRequest {
  orgID: string;
  userID?: string | undefined;
  token?: string | undefined;
  description?: string | undefined;
  status?: AuthorizationStatus | undefined;
  permissions: RequestedPermission[];
}

export interface LegacyListFilter {
  userID?: string | undefined;
  user?: string | undefined;
  orgID?: string | undefined;
  org?: string | undefined;
  token?: string | undefined;
  authID?: string | undefined;
}

export class LegacyAuthorizationService {
  readonly #tokens: AuthorizationService;

  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {
    this.#tokens = new AuthorizationService(app, auth);
  }

  /** The authorization and its checks' helper, for presenting names next to IDs. */
  get tokens(): AuthorizationService {
    return this.#tokens;
  }

  async create(request: NewLegacyAuthorizationRequest): Promise<LegacyAuthorizationRow> {
    const userID = request.userID ?? (await this.auth.identity()).userID;
    const permissions = await this.#tokens.authorizeGrant(request.orgID, userID, request.permissions);
    // 1.x clients only read and write data, so a v1 authorization holds bucket permissions only.
    const other = permissions.find((p) => p.resource.type !== "buckets");
    if (other) throw invalid(`v1 authorizations hold bucket permissions only, not "${other.resource.type}"`);
    const [users, orgs] = await Promise.all([tokens.namesByID(this.app.db, "users", [userID]), tokens.namesByID(this.app.db, "orgs", [request.orgID])]);
    if (!users.has(userID) || !orgs.has(request.orgID)) throw invalid("unable to create token");
    try {
      return await repo.createLegacyAuthorization(this.app.db, {
        // Without a username InfluxDB makes one up, as for API tokens.
        token: request.token ?? newToken(),
        orgID: request.orgID,
        userID,
        permissions,
        description: request.description,
        status: request.status,
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(TOKEN_TAKEN);
      throw err;
    }
  }

  /** The v1 authorizations the caller may read, filtered. Unknown user or org names are 404. */
  async list(filter: LegacyListFilter): Promise<LegacyAuthorizationRow[]> {
    await this.auth.identity();
    let userID = filter.userID;
    if (filter.user !== undefined) {
      userID = await tokens.findUserIDByName(this.app.db, filter.user);
      if (!userID) throw notFound("user not found");
    }
    let orgID = filter.orgID;
    if (filter.org !== undefined) {
      orgID = await tokens.findOrgIDByName(this.app.db, filter.org);
      if (!orgID) throw notFound(`organization name "${filter.org}" not found`);
    }
    const rows = await repo.listLegacyAuthorizations(this.app.db, { id: filter.authID, userID, orgID, token: filter.token });
    const visible: LegacyAuthorizationRow[] = [];
    for (const row of rows) if (await this.#tokens.may("read", row)) visible.push(row);
    return visible;
  }

  async find(id: string): Promise<LegacyAuthorizationRow> {
    const row = await this.#existing(id);
    await this.#tokens.require("read", row);
    return row;
  }

  async update(id: string, changes: { status?: AuthorizationStatus | undefined; description?: string | undefined }): Promise<LegacyAuthorizationRow> {
    await this.#tokens.require("write", await this.#existing(id));
    const row = await repo.updateLegacyAuthorization(this.app.db, id, changes);
    if (!row) throw notFound(LEGACY_AUTH_NOT_FOUND);
    return row;
  }

  /** Stores the argon2id hash of the new 1.x password; the password itself is kept nowhere. */
  async setPassword(id: string, password: string): Promise<void> {
    await this.#tokens.require("write", await this.#existing(id));
    const hash = await hashPassword(password);
    if (!(await repo.setLegacyPassword(this.app.db, id, hash))) throw notFound(LEGACY_AUTH_NOT_FOUND);
  }

  async delete(id: string): Promise<void> {
    await this.#tokens.require("write", await this.#existing(id));
    if (!(await repo.deleteLegacyAuthorization(this.app.db, id))) throw notFound(LEGACY_AUTH_NOT_FOUND);
  }

  async #existing(id: string): Promise<LegacyAuthorizationRow> {
    await this.auth.identity();
    const row = await repo.findLegacyAuthorizationByID(this.app.db, id);
    if (!row) throw notFound(LEGACY_AUTH_NOT_FOUND);
    return row;
  }
}
