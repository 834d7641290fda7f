-- Data sources the UI may query besides this server (InfluxDB 1.x or 2.x), and the measurement
-- schemas of buckets created with schemaType = explicit.

-- The built-in `self` source is not stored: it is this server and exists in every instance.
-- Credentials are sealed by the server (AES-256-GCM, as org secrets) before they reach this table.
CREATE TABLE sources (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  name text NOT NULL,
  type text NOT NULL CHECK (type IN ('v1', 'v2')),
  is_default boolean NOT NULL DEFAULT false,
  url text NOT NULL DEFAULT '',
  insecure_skip_verify boolean NOT NULL DEFAULT false,
  telegraf text NOT NULL DEFAULT '',
  username text NOT NULL DEFAULT '',
  meta_url text NOT NULL DEFAULT '',
  default_rp text NOT NULL DEFAULT '',
  sealed_token text,
  sealed_password text,
  sealed_shared_secret text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX sources_org ON sources (org_id);

-- One schema per measurement of a bucket. `columns` is a JSON array of
-- {"name", "type": "timestamp" | "tag" | "field", "dataType"?} in the order declared; columns are
-- only ever appended.
CREATE TABLE measurement_schemas (
  id text PRIMARY KEY,
  bucket_id text NOT NULL REFERENCES buckets (id) ON DELETE CASCADE,
  org_id text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  name text NOT NULL,
  columns jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (bucket_id, name)
);
