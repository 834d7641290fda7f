-- Telegraf configurations of an org: the TOML an agent fetches, and the buckets its outputs write to
-- (InfluxDB's `metadata.buckets`, read from the config when it is stored).
CREATE TABLE telegrafs (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  config text NOT NULL,
  metadata_buckets jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX telegrafs_org ON telegrafs (org_id);

-- Prometheus scraper targets. The bucket is not a foreign key: as in InfluxDB, a target outlives
-- its bucket and each scrape then fails (logged) until the target is pointed elsewhere.
CREATE TABLE scrapers (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  bucket_id text NOT NULL,
  name text NOT NULL,
  type text NOT NULL CHECK (type IN ('prometheus')),
  url text NOT NULL,
  allow_insecure boolean NOT NULL DEFAULT false,
  -- When a server process last claimed this target for a scrape: processes sharing the metadata
  -- store claim each target once per interval, so none is scraped twice.
  claimed_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX scrapers_org ON scrapers (org_id);
