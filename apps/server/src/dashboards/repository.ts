// Dashboards and their cells in the metadata store. A cell's view (name + properties) lives in the
// cell's row: InfluxDB gives every cell exactly one view, with the cell's ID.
import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import { seesNothing, visibleRows, type Visibility } from "../auth/visibility.js";
import { newId } from "../db/ids.js";
import type { Database, Json, Timestamp } from "../db/schema.js";
import type { Page } from "../http/paging.js";

/** A view's properties as sent by the client (the contract has checked their shape). */
export type ViewProperties = { [key: string]: unknown };

/** The properties of a view no one has set yet, as InfluxDB returns them. */
export const EMPTY_VIEW: ViewProperties = { shape: "empty" };

export interface DashboardTable {
  id: string;
  org_id: string;
  name: string;
  description: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DashboardCellTable {
  id: string;
  dashboard_id: string;
  position: number;
  x: number;
  y: number;
  w: number;
  h: number;
  view_name: string;
  view_properties: Json<ViewProperties>;
}

declare module "../db/schema.js" {
  interface Database {
    dashboards: DashboardTable;
    dashboard_cells: DashboardCellTable;
  }
}

export type Dashboard = Selectable<DashboardTable>;
export type DashboardCell = Selectable<DashboardCellTable>;
export type Db = Kysely<Database> | Transaction<Database>;

export interface CellGeometry {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface NewCell extends CellGeometry {
  viewName: string;
  viewProperties: ViewProperties;
}

export type SortBy = "ID" | "CreatedAt" | "UpdatedAt";

export interface DashboardFilter {
  orgID?: string;
  ids?: readonly string[];
  /** Only dashboards this user owns (an `owner` user-resource mapping). */
  ownerID?: string;
  visible: Visibility;
}

const SORT_COLUMN = { ID: "id", CreatedAt: "created_at", UpdatedAt: "updated_at" } as const;

export function createDashboard(db: Db, input: { orgID: string; name: string; description: string }): Promise<Dashboard> {
  const now = new Date();
  return db
    .insertInto("dashboards")
    .values({ id: newId(), org_id: input.orgID, name: input.name, description: input.description, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findDashboardByID(db: Db, id: string): Promise<Dashboard | undefined> {
  return db.selectFrom("dashboards").selectAll().where("id", "=", id).executeTakeFirst();
}

/** One page of dashboards (one row read ahead to tell whether more follow). */
export async function listDashboards(db: Db, filter: DashboardFilter, page: Page, sortBy: SortBy): Promise<{ dashboards: Dashboard[]; more: boolean }> {
  if (seesNothing(filter.visible) || filter.ids?.length === 0) return { dashboards: [], more: false };
  let query = db.selectFrom("dashboards").selectAll().where(visibleRows(filter.visible));
  if (filter.orgID !== undefined) query = query.where("org_id", "=", filter.orgID);
  if (filter.ids !== undefined) query = query.where("id", "in", filter.ids);
  if (filter.ownerID !== undefined) {
    const ownerID = filter.ownerID;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("user_resource_mappings as m")
          .select(sql`1`.as("one"))
          .whereRef("m.resource_id", "=", "dashboards.id")
          .where("m.resource_type", "=", "dashboards")
          .where("m.role", "=", "owner")
          .where("m.user_id", "=", ownerID),
      ),
    );
  }
  const direction = page.descending ? "desc" : "asc";
  const rows = await query
    .orderBy(SORT_COLUMN[sortBy], direction)
    .orderBy("id", direction)
    .offset(page.offset)
    .limit(page.limit + 1)
    .execute();
  return { dashboards: rows.slice(0, page.limit), more: rows.length > page.limit };
}

export function updateDashboard(db: Db, id: string, changes: { name?: string; description?: string }): Promise<Dashboard | undefined> {
  return db
    .updateTable("dashboards")
    .set({ ...changes, updated_at: new Date() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

/** Marks the dashboard changed (its cells or views were). */
export async function touchDashboard(db: Db, id: string): Promise<void> {
  await db.updateTable("dashboards").set({ updated_at: new Date() }).where("id", "=", id).execute();
}

export async function deleteDashboard(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom("dashboards").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The cells of some dashboards, each list in the dashboard's order. */
export async function cellsOfDashboards(db: Db, dashboardIDs: readonly string[]): Promise<Map<string, DashboardCell[]>> {
  const byDashboard = new Map<string, DashboardCell[]>(dashboardIDs.map((id) => [id, []]));
  if (dashboardIDs.length === 0) return byDashboard;
  const rows = await db.selectFrom("dashboard_cells").selectAll().where("dashboard_id", "in", dashboardIDs).orderBy("position").orderBy("id").execute();
  for (const row of rows) byDashboard.get(row.dashboard_id)?.push(row);
  return byDashboard;
}

export function findCell(db: Db, dashboardID: string, cellID: string): Promise<DashboardCell | undefined> {
  return db.selectFrom("dashboard_cells").selectAll().where("dashboard_id", "=", dashboardID).where("id", "=", cellID).executeTakeFirst();
}

/** Appends cells after the dashboard's last one. */
export async function insertCells(db: Db, dashboardID: string, cells: readonly NewCell[]): Promise<DashboardCell[]> {
  if (cells.length === 0) return [];
  const last = await db
    .selectFrom("dashboard_cells")
    .select((eb) => eb.fn.max("position").as("position"))
    .where("dashboard_id", "=", dashboardID)
    .executeTakeFirst();
  const start = last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 1;
  return db
    .insertInto("dashboard_cells")
    .values(
      cells.map((c, i) => ({
        id: newId(),
        dashboard_id: dashboardID,
        position: start + i,
        x: c.x,
        y: c.y,
        w: c.w,
        h: c.h,
        view_name: c.viewName,
        view_properties: JSON.stringify(c.viewProperties),
      })),
    )
    .returningAll()
    .execute();
}

export function updateCell(
  db: Db,
  dashboardID: string,
  cellID: string,
  changes: Partial<CellGeometry> & { position?: number; viewName?: string; viewProperties?: ViewProperties },
): Promise<DashboardCell | undefined> {
  const { viewName, viewProperties, ...rest } = changes;
  return db
    .updateTable("dashboard_cells")
    .set({
      ...rest,
      ...(viewName !== undefined ? { view_name: viewName } : {}),
      ...(viewProperties !== undefined ? { view_properties: JSON.stringify(viewProperties) } : {}),
    })
    .where("dashboard_id", "=", dashboardID)
    .where("id", "=", cellID)
    .returningAll()
    .executeTakeFirst();
}

/** Removes the dashboard's cells (and so their views) except those listed. */
export async function deleteCellsExcept(db: Db, dashboardID: string, keep: readonly string[]): Promise<void> {
  let query = db.deleteFrom("dashboard_cells").where("dashboard_id", "=", dashboardID);
  if (keep.length > 0) query = query.where("id", "not in", keep);
  await query.execute();
}

export async function deleteCell(db: Db, dashboardID: string, cellID: string): Promise<boolean> {
  const result = await db.deleteFrom("dashboard_cells").where("dashboard_id", "=", dashboardID).where("id", "=", cellID).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
