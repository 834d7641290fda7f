// Who is calling and what they may do. Built per request from its credentials; resolves lazily, the
// first time a service asks. Services call `require` at their boundary; handlers never check rights.
import type { AppContext } from "../http/types.js";
import { FluxgateError, forbidden, unauthorized } from "../http/errors.js";
import type { Credentials } from "./credentials.js";
import {
  allAccessPermissions,
  memberPermissions,
  mePermissions,
  operatorPermissions,
  permitsAll,
  type Permission,
  type ResourceType,
} from "./permissions.js";
import { metadataCache } from "../db/metadata-cache.js";
import { resolveSession } from "./sessions.js";
import { hashToken } from "./tokens.js";

export interface Identity {
  kind: "token" | "session";
  userID: string;
  permissions: Permission[];
  /** Set for tokens. */
  authorizationID?: string;
  /** The org a token belongs to. */
  orgID?: string;
  /** Set for sessions. */
  sessionID?: string;
}

/** Looks up v1 (legacy) username/password authorizations; the legacy domain provides it. */
export type BasicResolver = (app: AppContext, username: string, password: string) => Promise<Identity | null>;

export class Authorizer {
  #identity: Promise<Identity | null> | undefined;

  constructor(
    private readonly app: AppContext,
    readonly credentials: Credentials,
    private readonly basicResolver?: BasicResolver,
  ) {}

  /** The caller, or null when the request carries no (valid) credentials. */
  optionalIdentity(): Promise<Identity | null> {
    this.#identity ??= this.#resolve();
    return this.#identity;
  }

  /** The caller; 401 when unauthenticated. */
  async identity(): Promise<Identity> {
    const identity = await this.optionalIdentity();
    if (!identity) throw unauthorized();
    return identity;
  }

  /** Passes when the caller holds `permission`; 401 unauthenticated, 403 otherwise. */
  async require(permission: Permission): Promise<Identity> {
    const identity = await this.identity();
    if (!permitsAll(identity.permissions, permission)) {
      throw forbidden(`${permissionString(permission)} is unauthorized`);
    }
    return identity;
  }

  /** Whether the caller holds `permission` (false when unauthenticated). */
  async can(permission: Permission): Promise<boolean> {
    const identity = await this.optionalIdentity();
    return identity !== null && permitsAll(identity.permissions, permission);
  }

  /** Shorthand for require({action, resource:{type, orgID, id}}). */
  requireOn(action: Permission["action"], type: ResourceType, scope: { orgID?: string; id?: string } = {}): Promise<Identity> {
    return this.require({ action, resource: { type, ...scope } });
  }

  async #resolve(): Promise<Identity | null> {
    const c = this.credentials;
    switch (c.kind) {
      case "none":
        return null;
      case "token":
        return cachedIdentityForToken(this.app, c.token);
      case "basic":
        // v1 clients send a token as the password; legacy v1 users are resolved by the legacy domain.
        return (await cachedIdentityForToken(this.app, c.password)) ?? (await this.basicResolver?.(this.app, c.username, c.password)) ?? null;
      case "session":
        return identityForSession(this.app, c.cookie);
    }
  }
}

/** A token's identity, remembered for a moment (see MetadataCache): nearly every request needs it. */
function cachedIdentityForToken(app: AppContext, token: string): Promise<Identity | null> {
  return metadataCache(app).identity(token, () => identityForToken(app, token));
}

async function identityForToken(app: AppContext, token: string): Promise<Identity | null> {
  const row = await app.db
    .selectFrom("authorizations")
    .innerJoin("users", "users.id", "authorizations.user_id")
    .select(["authorizations.id", "authorizations.org_id", "authorizations.user_id", "authorizations.status", "authorizations.permissions", "users.status as user_status"])
    .where("authorizations.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row) return null;
  if (row.status !== "active") throw new FluxgateError("unauthorized", "authorization is inactive");
  if (row.user_status !== "active") throw new FluxgateError("unauthorized", "user is inactive");
  return { kind: "token", userID: row.user_id, orgID: row.org_id, authorizationID: row.id, permissions: row.permissions as Permission[] };
}

async function identityForSession(app: AppContext, cookie: string): Promise<Identity | null> {
  const session = await resolveSession(app, cookie);
  if (!session) throw new FluxgateError("unauthorized", "session has expired or is invalid");
  const user = await app.db.selectFrom("users").select("status").where("id", "=", session.userID).executeTakeFirst();
  if (!user || user.status !== "active") throw new FluxgateError("unauthorized", "user is inactive");
  return { kind: "session", userID: session.userID, sessionID: session.id, permissions: await sessionPermissions(app, session.userID) };
}

/**
 * A session acts with its user's rights: all of each org they own, read of each org they belong to,
 * themselves, and operator rights when they hold an active operator token (the instance owner).
 */
export async function sessionPermissions(app: AppContext, userID: string): Promise<Permission[]> {
  const mappings = await app.db
    .selectFrom("user_resource_mappings")
    .select(["resource_id", "role"])
    .where("user_id", "=", userID)
    .where("resource_type", "=", "orgs")
    .execute();
  const perms: Permission[] = mePermissions(userID);
  for (const m of mappings) perms.push(...(m.role === "owner" ? allAccessPermissions(m.resource_id, userID) : memberPermissions(m.resource_id)));
  const tokens = await app.db.selectFrom("authorizations").select("permissions").where("user_id", "=", userID).where("status", "=", "active").execute();
  const operatorSize = operatorPermissions().length;
  if (tokens.some((t) => (t.permissions as Permission[]).filter((p) => !p.resource.id && !p.resource.orgID).length >= operatorSize)) {
    perms.push(...operatorPermissions());
  }
  return perms;
}

/** InfluxDB's spelling of a permission in error messages: `write:orgs/<orgID>/buckets/<id>`. */
export function permissionString(p: Permission): string {
  let path = "";
  if (p.resource.orgID) path += `orgs/${p.resource.orgID}/`;
  path += p.resource.type;
  if (p.resource.id) path += `/${p.resource.id}`;
  return `${p.action}:${path}`;
}
