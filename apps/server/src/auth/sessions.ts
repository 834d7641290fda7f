// Browser sessions: a row in `sessions` is the truth (so signout and user deletion revoke it at once,
// across processes); the cookie is a jose-signed JWT naming that row, so a forged or guessed cookie is
// refused without touching the database.
import { randomBytes } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import type { Kysely } from "kysely";
import { newId } from "../db/ids.js";
import type { Database } from "../db/schema.js";
import type { AppContext } from "../http/types.js";

export const SESSION_COOKIE = "influxdb-oss-session";
const SESSION_KEY_NAME = "session-signing-key";

/** The HS256 key for session cookies, created once and shared through the metadata store. */
export async function loadSessionKey(db: Kysely<Database>): Promise<Uint8Array> {
  await db
    .insertInto("server_keys")
    .values({ name: SESSION_KEY_NAME, value: randomBytes(32).toString("base64") })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const row = await db.selectFrom("server_keys").select("value").where("name", "=", SESSION_KEY_NAME).executeTakeFirstOrThrow();
  return Buffer.from(row.value, "base64");
}

export interface OpenSession {
  id: string;
  userID: string;
  expiresAt: Date;
}

export async function createSession(app: AppContext, userID: string): Promise<{ session: OpenSession; cookie: string }> {
  const now = new Date();
  const expiresAt = new Date(now.getTime() + app.config.sessionLength * 60_000);
  const id = newId();
  await app.db.insertInto("sessions").values({ id, user_id: userID, created_at: now, expires_at: expiresAt }).execute();
  const jwt = await new SignJWT({ sid: id }).setProtectedHeader({ alg: "HS256" }).setIssuedAt().sign(app.sessionKey);
  return { session: { id, userID, expiresAt }, cookie: jwt };
}

/** The live session a cookie names, renewed unless --session-renew-disabled; null when invalid or expired. */
export async function resolveSession(app: AppContext, cookie: string): Promise<OpenSession | null> {
  let sid: unknown;
  try {
    ({ payload: { sid } } = await jwtVerify(cookie, app.sessionKey, { algorithms: ["HS256"] }));
  } catch {
    return null;
  }
  if (typeof sid !== "string") return null;
  const row = await app.db.selectFrom("sessions").selectAll().where("id", "=", sid).executeTakeFirst();
  if (!row) return null;
  const now = Date.now();
  if (row.expires_at.getTime() <= now) {
    await app.db.deleteFrom("sessions").where("id", "=", sid).execute();
    return null;
  }
  let expiresAt = row.expires_at;
  if (!app.config.sessionRenewDisabled) {
    expiresAt = new Date(now + app.config.sessionLength * 60_000);
    await app.db.updateTable("sessions").set({ expires_at: expiresAt }).where("id", "=", sid).execute();
  }
  return { id: row.id, userID: row.user_id, expiresAt };
}

export async function revokeSession(app: AppContext, sessionID: string): Promise<void> {
  await app.db.deleteFrom("sessions").where("id", "=", sessionID).execute();
}

/** `Set-Cookie` value opening a session (no Max-Age: the server decides when it ends). */
export function sessionCookieHeader(jwt: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${jwt}; Path=/api/; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
}

export function expiredSessionCookieHeader(): string {
  return `${SESSION_COOKIE}=; Path=/api/; HttpOnly; SameSite=Strict; Max-Age=0`;
}
