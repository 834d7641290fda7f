// Dashboards, cells and views: business rules and permission checks. As in InfluxDB, an unknown
// dashboard is a 404 before any permission check; a known one the caller may not read or change is
// a 403. Cell and view operations need read (views) or write (everything else) on the dashboard.
import type { Authorizer } from "../auth/authorizer.js";
import { readable } from "../auth/visibility.js";
import { conflict, invalid, notFound } from "../http/errors.js";
import type { Page } from "../http/paging.js";
import type { AppContext } from "../http/types.js";
import { removeResourceLabelMappings } from "../labels/resource-labels.js";
import { findOrgByID, findOrgByName } from "../orgs/repository.js";
import { ORG_NOT_FOUND } from "../orgs/service.js";
import { removeAllResourceUsers } from "../orgs/members.js";
import * as repo from "./repository.js";
import type { CellGeometry, Dashboard, DashboardCell, Db, NewCell, SortBy, ViewProperties } from "./repository.js";

export const DASHBOARD_NOT_FOUND = "dashboard not found";
export const CELL_NOT_FOUND = "cell not found";

/** A cell as request bodies carry it: position, size and optionally its view's name and properties. */
export interface CellInput extends Partial<CellGeometry> {
  id?: string;
  name?: string;
  properties?: ViewProperties;
}

export interface ListFilter {
  orgID?: string;
  org?: string;
  ids?: string[];
  ownerID?: string;
}

export class DashboardService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  /** The dashboards the caller may read; naming an org that does not exist is a 404. */
  async list(filter: ListFilter, page: Page, sortBy: SortBy): Promise<{ dashboards: Dashboard[]; more: boolean }> {
    const identity = await this.auth.identity();
    let orgID = filter.orgID;
    if (orgID === undefined && filter.org !== undefined) {
      const org = await findOrgByName(this.app.db, filter.org);
      if (!org) throw notFound(`organization name "${filter.org}" not found`);
      orgID = org.id;
    }
    return repo.listDashboards(
      this.app.db,
      {
        ...(orgID !== undefined ? { orgID } : {}),
        ...(filter.ids !== undefined ? { ids: filter.ids } : {}),
        ...(filter.ownerID !== undefined ? { ownerID: filter.ownerID } : {}),
        visible: readable(identity.permissions, "dashboards"),
      },
      page,
      sortBy,
    );
  }

  async find(id: string): Promise<Dashboard> {
    return this.#readable(id);
  }

  async create(input: { orgID: string; name: string; description?: string; cells?: CellInput[] }): Promise<Dashboard> {
    await this.auth.requireOn("write", "dashboards", { orgID: input.orgID });
    const name = checkName(input.name);
    if (!(await findOrgByID(this.app.db, input.orgID))) throw notFound(ORG_NOT_FOUND);
    const cells = (input.cells ?? []).map(newCell);
    return this.app.db.transaction().execute(async (trx) => {
      const dashboard = await repo.createDashboard(trx, { orgID: input.orgID, name, description: input.description ?? "" });
      await repo.insertCells(trx, dashboard.id, cells);
      return dashboard;
    });
  }

  /** PATCH: name, description and/or the cells (see `#replaceCells`, which also adds cells without `id`). */
  async update(id: string, changes: { name?: string; description?: string; cells?: CellInput[] }): Promise<Dashboard> {
    await this.#writable(id);
    const fields = {
      ...(changes.name !== undefined ? { name: checkName(changes.name) } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
    };
    return this.app.db.transaction().execute(async (trx) => {
      if (changes.cells !== undefined) await this.#replaceCells(trx, id, changes.cells, true);
      const updated = await repo.updateDashboard(trx, id, fields);
      if (!updated) throw notFound(DASHBOARD_NOT_FOUND);
      return updated;
    });
  }

  /** Deletes the dashboard with its cells and views, label mappings, owners and members. */
  async delete(id: string): Promise<void> {
    await this.#writable(id);
    const deleted = await this.app.db.transaction().execute(async (trx) => {
      await removeResourceLabelMappings(trx, "dashboards", [id]);
      await removeAllResourceUsers(trx, "dashboards", [id]);
      return repo.deleteDashboard(trx, id);
    });
    if (!deleted) throw notFound(DASHBOARD_NOT_FOUND);
  }

  async cells(dashboardID: string): Promise<DashboardCell[]> {
    return (await repo.cellsOfDashboards(this.app.db, [dashboardID])).get(dashboardID) ?? [];
  }

  /**
   * POST …/cells: a new cell at the end. `usingView` copies the view of that cell of the same
   * dashboard; `name` names the new view. InfluxDB refuses a body that says nothing.
   */
  async addCell(dashboardID: string, input: Partial<CellGeometry> & { name?: string; usingView?: string }): Promise<DashboardCell> {
    await this.#writable(dashboardID);
    const hasGeometry = input.x !== undefined || input.y !== undefined || input.w !== undefined || input.h !== undefined;
    if (input.usingView === undefined && input.name === undefined && !hasGeometry) throw invalid("req body is empty");
    let view = { viewName: "", viewProperties: repo.EMPTY_VIEW };
    if (input.usingView !== undefined) {
      const source = await repo.findCell(this.app.db, dashboardID, input.usingView);
      if (!source) throw notFound("view not found");
      view = { viewName: source.view_name, viewProperties: source.view_properties };
    }
    if (input.name !== undefined) view = { ...view, viewName: input.name };
    return this.app.db.transaction().execute(async (trx) => {
      const [cell] = await repo.insertCells(trx, dashboardID, [{ ...geometry(input), ...view }]);
      await repo.touchDashboard(trx, dashboardID);
      return cell!;
    });
  }

  /** PUT …/cells: order, positions and sizes of existing cells; cells left out are removed. */
  async replaceCells(dashboardID: string, cells: CellInput[]): Promise<DashboardCell[]> {
    await this.#writable(dashboardID);
    return this.app.db.transaction().execute(async (trx) => {
      const replaced = await this.#replaceCells(trx, dashboardID, cells, false);
      await repo.touchDashboard(trx, dashboardID);
      return replaced;
    });
  }

  /** PATCH …/cells/{cellID}: moves or resizes one cell. */
  async updateCell(dashboardID: string, cellID: string, changes: Partial<CellGeometry>): Promise<DashboardCell> {
    await this.#writable(dashboardID);
    if (Object.keys(changes).length === 0) throw invalid("must update at least one attribute");
    return this.app.db.transaction().execute(async (trx) => {
      const cell = await repo.updateCell(trx, dashboardID, cellID, changes);
      if (!cell) throw notFound(CELL_NOT_FOUND);
      await repo.touchDashboard(trx, dashboardID);
      return cell;
    });
  }

  async removeCell(dashboardID: string, cellID: string): Promise<void> {
    await this.#writable(dashboardID);
    await this.app.db.transaction().execute(async (trx) => {
      if (!(await repo.deleteCell(trx, dashboardID, cellID))) throw notFound(CELL_NOT_FOUND);
      await repo.touchDashboard(trx, dashboardID);
    });
  }

  /** The view of a cell (it has the cell's ID). */
  async view(dashboardID: string, cellID: string): Promise<DashboardCell> {
    await this.#readable(dashboardID);
    const cell = await repo.findCell(this.app.db, dashboardID, cellID);
    if (!cell) throw notFound("view not found");
    return cell;
  }

  async updateView(dashboardID: string, cellID: string, changes: { name?: string; properties?: ViewProperties }): Promise<DashboardCell> {
    await this.#writable(dashboardID);
    return this.app.db.transaction().execute(async (trx) => {
      const cell = await repo.updateCell(trx, dashboardID, cellID, {
        ...(changes.name !== undefined ? { viewName: changes.name } : {}),
        ...(changes.properties !== undefined ? { viewProperties: changes.properties } : {}),
      });
      if (!cell) throw notFound("view not found");
      await repo.touchDashboard(trx, dashboardID);
      return cell;
    });
  }

  /**
   * Sets the dashboard's cells to `cells`, in that order: each names an existing cell (whose view
   * changes when it carries `name` or `properties`); the others are removed with their views. With
   * `allowNew` (PATCH of the dashboard) a cell without `id` is created.
   */
  async #replaceCells(trx: Db, dashboardID: string, cells: CellInput[], allowNew: boolean): Promise<DashboardCell[]> {
    const existing = new Set(((await repo.cellsOfDashboards(trx, [dashboardID])).get(dashboardID) ?? []).map((c) => c.id));
    const seen = new Set<string>();
    for (const cell of cells) {
      if (cell.id === undefined) {
        if (!allowNew) throw invalid("cannot provide empty cell id");
        continue;
      }
      if (!existing.has(cell.id)) throw conflict("cannot replace cells that were not already present");
      if (seen.has(cell.id)) throw invalid(`cell ${cell.id} is listed twice`);
      seen.add(cell.id);
    }
    await repo.deleteCellsExcept(trx, dashboardID, [...seen]);
    const result: DashboardCell[] = [];
    for (const [position, cell] of cells.entries()) {
      if (cell.id === undefined) {
        const [created] = await repo.insertCells(trx, dashboardID, [newCell(cell)]);
        await repo.updateCell(trx, dashboardID, created!.id, { position });
        result.push({ ...created!, position });
        continue;
      }
      const updated = await repo.updateCell(trx, dashboardID, cell.id, {
        ...geometry(cell),
        position,
        ...(cell.name !== undefined ? { viewName: cell.name } : {}),
        ...(cell.properties !== undefined ? { viewProperties: cell.properties } : {}),
      });
      result.push(updated!);
    }
    return result;
  }

  async #readable(id: string): Promise<Dashboard> {
    const dashboard = await existingDashboard(this.app, id);
    await this.auth.requireOn("read", "dashboards", { orgID: dashboard.org_id, id });
    return dashboard;
  }

  async #writable(id: string): Promise<Dashboard> {
    const dashboard = await existingDashboard(this.app, id);
    await this.auth.requireOn("write", "dashboards", { orgID: dashboard.org_id, id });
    return dashboard;
  }
}

export async function existingDashboard(app: AppContext, id: string): Promise<Dashboard> {
  const dashboard = await repo.findDashboardByID(app.db, id);
  if (!dashboard) throw notFound(DASHBOARD_NOT_FOUND);
  return dashboard;
}

/** Position and size as InfluxDB stores them: what is not given is 0. */
function geometry(cell: Partial<CellGeometry>): CellGeometry {
  return { x: cell.x ?? 0, y: cell.y ?? 0, w: cell.w ?? 0, h: cell.h ?? 0 };
}

function newCell(cell: CellInput): NewCell {
  return { ...geometry(cell), viewName: cell.name ?? "", viewProperties: cell.properties ?? repo.EMPTY_VIEW };
}

function checkName(raw: string): string {
  const name = raw.trim();
  if (!name) throw invalid("dashboard name is empty");
  return name;
}
