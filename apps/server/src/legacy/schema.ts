// The legacy_authorizations table (migration 0005), declared from this folder.
import type { Selectable } from "kysely";
import type { AuthorizationStatus, Json, StoredPermission, Timestamp } from "../db/schema.js";

export interface LegacyAuthorizationTable {
  id: string;
  /** The 1.x username; InfluxDB calls it the authorization's token. Not a secret. */
  token: string;
  org_id: string;
  user_id: string;
  description: string;
  status: AuthorizationStatus;
  permissions: Json<StoredPermission[]>;
  /** argon2id of the 1.x password; null until one is set. */
  password_hash: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

declare module "../db/schema.js" {
  interface Database {
    legacy_authorizations: LegacyAuthorizationTable;
  }
}

export type LegacyAuthorizationRow = Selectable<LegacyAuthorizationTable>;
