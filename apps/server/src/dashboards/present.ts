// Dashboards, cells and views as InfluxDB returns them.
import { presentLabel } from "../labels/present.js";
import type { Label } from "../labels/repository.js";
import type { Dashboard, DashboardCell } from "./repository.js";

const dashboardPath = (id: string) => `/api/v2/dashboards/${id}`;

/**
 * A cell: position, size and links. With `withView` (GET with `include=properties`) it also carries
 * its view's properties and, when not empty, its name, as InfluxDB does.
 */
export function presentCell(dashboardID: string, cell: DashboardCell, withView = false) {
  const self = `${dashboardPath(dashboardID)}/cells/${cell.id}`;
  return {
    id: cell.id,
    x: cell.x,
    y: cell.y,
    w: cell.w,
    h: cell.h,
    ...(withView ? { properties: cell.view_properties, ...(cell.view_name ? { name: cell.view_name } : {}) } : {}),
    links: { self, view: `${self}/view` },
  };
}

export function presentDashboard(dashboard: Dashboard, cells: readonly DashboardCell[], labels: readonly Label[], withViews = false) {
  const self = dashboardPath(dashboard.id);
  return {
    id: dashboard.id,
    orgID: dashboard.org_id,
    name: dashboard.name,
    description: dashboard.description,
    meta: { createdAt: dashboard.created_at.toISOString(), updatedAt: dashboard.updated_at.toISOString() },
    cells: cells.map((c) => presentCell(dashboard.id, c, withViews)),
    labels: labels.map(presentLabel),
    links: {
      self,
      members: `${self}/members`,
      owners: `${self}/owners`,
      cells: `${self}/cells`,
      labels: `${self}/labels`,
      org: `/api/v2/orgs/${dashboard.org_id}`,
    },
  };
}

/** PUT …/cells answers with the cells only, not the dashboard. */
export function presentCells(dashboardID: string, cells: readonly DashboardCell[]) {
  return { cells: cells.map((c) => presentCell(dashboardID, c)), links: { self: `${dashboardPath(dashboardID)}/cells` } };
}

/** A cell's view; InfluxDB's `self` link points at the cell. */
export function presentView(dashboardID: string, cell: DashboardCell) {
  return {
    id: cell.id,
    name: cell.view_name,
    properties: cell.view_properties,
    links: { self: `${dashboardPath(dashboardID)}/cells/${cell.id}` },
  };
}
