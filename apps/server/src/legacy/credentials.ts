// v1 (legacy) username/password credentials: Basic auth or `?u=&p=` on the 1.x routes. The
// Authorizer first tries the password as an API token (what v1 clients of InfluxDB 2.x send), then
// asks this resolver: the identity of the v1 authorization whose username and password match.
import { createHash } from "node:crypto";
import type { BasicResolver, Identity } from "../auth/authorizer.js";
import type { Permission } from "../auth/permissions.js";
import { verifyPassword } from "../auth/passwords.js";
import { FluxgateError } from "../http/errors.js";

/**
 * argon2id costs tens of milliseconds by design, too much for every 1.x write of a client that
 * sends its password each time. A password verified against a stored hash is remembered (as a
 * digest of authorization, stored hash and password) for a moment; the row is still read on every
 * request, so deactivation, deletion and a new password take effect at once.
 */
const VERIFIED_TTL_MS = 60_000;
const MAX_VERIFIED = 10_000;
const verified = new Map<string, number>();

function verifiedKey(id: string, hash: string, password: string): string {
  return createHash("sha256").update(id).update("\0").update(hash).update("\0").update(password, "utf8").digest("hex");
}

async function passwordMatches(id: string, hash: string, password: string): Promise<boolean> {
  const key = verifiedKey(id, hash, password);
  const until = verified.get(key);
  if (until !== undefined && until > Date.now()) return true;
  if (!(await verifyPassword(hash, password))) return false;
  if (verified.size >= MAX_VERIFIED) verified.clear();
  verified.set(key, Date.now() + VERIFIED_TTL_MS);
  return true;
}

export const resolveLegacyCredentials: BasicResolver = async (app, username, password): Promise<Identity | null> => {
  const row = await app.db
    .selectFrom("legacy_authorizations")
    .innerJoin("users", "users.id", "legacy_authorizations.user_id")
    .select([
      "legacy_authorizations.id",
      "legacy_authorizations.org_id",
      "legacy_authorizations.user_id",
      "legacy_authorizations.status",
      "legacy_authorizations.permissions",
      "legacy_authorizations.password_hash",
      "users.status as user_status",
    ])
    .where("legacy_authorizations.token", "=", username)
    .executeTakeFirst();
  // No such username, no password set yet, or a wrong one: the caller is simply not authenticated.
  if (!row || row.password_hash === null || !(await passwordMatches(row.id, row.password_hash, password))) return null;
  if (row.status !== "active") throw new FluxgateError("unauthorized", "authorization is inactive");
  if (row.user_status !== "active") throw new FluxgateError("unauthorized", "user is inactive");
  return { kind: "token", userID: row.user_id, orgID: row.org_id, authorizationID: row.id, permissions: row.permissions as Permission[] };
};
