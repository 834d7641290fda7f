-- Dashboard variables of an org. `arguments` is InfluxDB's {type, values} (query, constant or map).
CREATE TABLE variables (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  arguments jsonb NOT NULL,
  selected jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- InfluxDB keeps variable names unique within an org without regard to case (names keep their case).
CREATE UNIQUE INDEX variables_org_name ON variables (org_id, lower(name));
