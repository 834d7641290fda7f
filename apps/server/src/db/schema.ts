// Typed tables of the metadata store, one interface per table of /work/main/migrations.
// Domains added later declare their own tables by augmenting `Database` from their folder:
//   declare module "../db/schema.js" { interface Database { dbrps: DbrpTable } }
// so this file need not change for every new migration.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** timestamptz: read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** jsonb: read as the parsed value, written as a JSON string (node-postgres would turn arrays into SQL arrays). */
export type Json<T> = ColumnType<T, string, string>;

export interface SetupTable {
  id: Generated<number>;
  completed_at: Timestamp;
}

export interface OrgTable {
  id: string;
  name: string;
  description: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type UserStatus = "active" | "inactive";

export interface UserTable {
  id: string;
  name: string;
  status: UserStatus;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PasswordTable {
  user_id: string;
  hash: string;
  updated_at: Timestamp;
}

export type UserRole = "owner" | "member";

/** Owners and members of orgs (and later buckets, dashboards …), InfluxDB's user-resource mappings. */
export interface UserResourceMappingTable {
  user_id: string;
  resource_type: string;
  resource_id: string;
  role: UserRole;
  created_at: Timestamp;
}

export type BucketType = "user" | "system";

export interface BucketTable {
  id: string;
  org_id: string;
  name: string;
  description: string;
  type: BucketType;
  /** 0 = keep forever. */
  retention_seconds: number;
  shard_group_duration_seconds: number;
  schema_type: "implicit" | "explicit";
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StoredPermission {
  action: "read" | "write";
  resource: { type: string; id?: string; orgID?: string };
}

export type AuthorizationStatus = "active" | "inactive";

export interface AuthorizationTable {
  id: string;
  /** SHA-256 of the token, hex. The token itself is never stored. */
  token_hash: string;
  org_id: string;
  user_id: string;
  description: string;
  status: AuthorizationStatus;
  permissions: Json<StoredPermission[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionTable {
  id: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** Server-wide secrets generated once (e.g. the session signing key), shared by all processes. */
export interface ServerKeyTable {
  name: string;
  value: string;
}

export interface Database {
  setup: SetupTable;
  orgs: OrgTable;
  users: UserTable;
  passwords: PasswordTable;
  user_resource_mappings: UserResourceMappingTable;
  buckets: BucketTable;
  authorizations: AuthorizationTable;
  sessions: SessionTable;
  server_keys: ServerKeyTable;
}

export type Org = Selectable<OrgTable>;
export type NewOrg = Insertable<OrgTable>;
export type User = Selectable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type Bucket = Selectable<BucketTable>;
export type NewBucket = Insertable<BucketTable>;
export type AuthorizationRow = Selectable<AuthorizationTable>;
export type Session = Selectable<SessionTable>;
