-- Labels of an org and their attachments to resources of any type (buckets, dashboards, tasks,
-- variables…). resource_type/resource_id carry no foreign key so that a new resource type needs no
-- migration here; the owning domain removes its mappings when it deletes a resource.

CREATE TABLE labels (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  name text NOT NULL,
  properties jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- InfluxDB compares label names within an org without regard to case.
CREATE UNIQUE INDEX labels_org_name ON labels (org_id, lower(name));

CREATE TABLE label_mappings (
  label_id text NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (label_id, resource_type, resource_id)
);
CREATE INDEX label_mappings_resource ON label_mappings (resource_type, resource_id);
