-- Dashboards of an org and their cells. InfluxDB gives each cell exactly one view whose ID is the
-- cell's ID, so the view (name and visualization properties) lives in the cell's row. Label
-- mappings and owners/members carry no foreign key (they span resource types); the dashboards
-- domain removes them when it deletes a dashboard.

CREATE TABLE dashboards (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX dashboards_org ON dashboards (org_id);

CREATE TABLE dashboard_cells (
  id text PRIMARY KEY,
  dashboard_id text NOT NULL REFERENCES dashboards (id) ON DELETE CASCADE,
  -- Order of the cell in the dashboard's `cells` array (PUT …/cells may reorder them).
  position integer NOT NULL,
  x integer NOT NULL DEFAULT 0,
  y integer NOT NULL DEFAULT 0,
  w integer NOT NULL DEFAULT 0,
  h integer NOT NULL DEFAULT 0,
  view_name text NOT NULL DEFAULT '',
  -- The view's properties as sent (validated by the contract); {"shape":"empty"} until set.
  view_properties jsonb NOT NULL
);
CREATE INDEX dashboard_cells_dashboard ON dashboard_cells (dashboard_id, position);
