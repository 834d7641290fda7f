-- Tenancy (orgs, users, buckets) and auth (passwords, tokens, sessions) of the metadata store.
-- Plain SQL that runs unchanged on PostgreSQL and on embedded PGlite.

-- One row once onboarding (POST /api/v2/setup) has completed.
CREATE TABLE setup (
  id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  completed_at timestamptz NOT NULL
);

CREATE TABLE orgs (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE users (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE passwords (
  user_id text PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  hash text NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE user_resource_mappings (
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'member')),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, resource_type, resource_id)
);
CREATE INDEX user_resource_mappings_resource ON user_resource_mappings (resource_type, resource_id);

CREATE TABLE buckets (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  type text NOT NULL CHECK (type IN ('user', 'system')),
  retention_seconds bigint NOT NULL DEFAULT 0 CHECK (retention_seconds >= 0),
  shard_group_duration_seconds bigint NOT NULL DEFAULT 0 CHECK (shard_group_duration_seconds >= 0),
  schema_type text NOT NULL DEFAULT 'implicit' CHECK (schema_type IN ('implicit', 'explicit')),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (org_id, name)
);

CREATE TABLE authorizations (
  id text PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  org_id text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  description text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  permissions jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX authorizations_user ON authorizations (user_id);
CREATE INDEX authorizations_org ON authorizations (org_id);

CREATE TABLE sessions (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE server_keys (
  name text PRIMARY KEY,
  value text NOT NULL
);
