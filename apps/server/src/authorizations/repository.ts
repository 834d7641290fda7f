import type { Kysely, Transaction } from "kysely";
import type { Permission } from "../auth/permissions.js";
import { hashToken, newToken } from "../auth/tokens.js";
import { newId } from "../db/ids.js";
import type { AuthorizationRow, AuthorizationStatus, Database } from "../db/schema.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface CreateAuthorizationInput {
  orgID: string;
  userID: string;
  permissions: Permission[];
  description?: string;
  status?: AuthorizationStatus;
  /** Use this token instead of generating one (setup's `token`). */
  token?: string;
}

/** Stores an authorization; the returned token is the only time it exists in clear. */
export async function createAuthorization(db: Db, input: CreateAuthorizationInput): Promise<{ row: AuthorizationRow; token: string }> {
  const token = input.token ?? newToken();
  const now = new Date();
  const row = await db
    .insertInto("authorizations")
    .values({
      id: newId(),
      token_hash: hashToken(token),
      org_id: input.orgID,
      user_id: input.userID,
      description: input.description ?? "",
      status: input.status ?? "active",
      permissions: JSON.stringify(input.permissions),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { row, token };
}
