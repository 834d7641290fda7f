-- DBRP mappings: a 1.x database + retention policy pair that reads and writes one bucket.
CREATE TABLE dbrps (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  bucket_id text NOT NULL REFERENCES buckets (id) ON DELETE CASCADE,
  database text NOT NULL,
  retention_policy text NOT NULL,
  is_default boolean NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- One mapping per db/rp within an org, and at most one default per database.
CREATE UNIQUE INDEX dbrps_org_db_rp ON dbrps (org_id, database, retention_policy);
CREATE UNIQUE INDEX dbrps_org_db_default ON dbrps (org_id, database) WHERE is_default;
CREATE INDEX dbrps_bucket ON dbrps (bucket_id);

-- v1 (legacy) authorizations: a username (InfluxDB calls it `token`) and an optional argon2id
-- password hash, bound to bucket permissions in one org.
CREATE TABLE legacy_authorizations (
  id text PRIMARY KEY,
  token text NOT NULL UNIQUE,
  org_id text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  description text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  permissions jsonb NOT NULL,
  password_hash text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX legacy_authorizations_org ON legacy_authorizations (org_id);
CREATE INDEX legacy_authorizations_user ON legacy_authorizations (user_id);
