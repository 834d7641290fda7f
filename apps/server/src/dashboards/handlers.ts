import { isVisible, readable } from "../auth/visibility.js";
import type { UserRole } from "../db/schema.js";
import { pageLinks, readPage } from "../http/paging.js";
import type { Handler, HandlerContext, HandlerMap, HandlerReply } from "../http/types.js";
import { labelsOf, resourceLabelHandlers, type LabelTarget } from "../labels/resource-labels.js";
import { resourceMemberHandlers } from "../orgs/resource-members.js";
import { presentCell, presentCells, presentDashboard, presentView } from "./present.js";
import { cellsOfDashboards, findDashboardByID, type CellGeometry, type Dashboard, type SortBy, type ViewProperties } from "./repository.js";
import { DashboardService, type CellInput, type ListFilter } from "./service.js";

const service = (ctx: HandlerContext) => new DashboardService(ctx.app, ctx.auth);
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
const dashboardID = (ctx: HandlerContext) => ctx.params["dashboardID"]!;
const cellID = (ctx: HandlerContext) => ctx.params["cellID"]!;

export const DASHBOARD_LABELS: LabelTarget = {
  type: "dashboards",
  path: "/api/v2/dashboards",
  idParam: "dashboardID",
  findOrgID: async (app, id) => (await findDashboardByID(app.db, id))?.org_id,
  notFoundMessage: "dashboard not found",
};
const dashboardLabels = resourceLabelHandlers(DASHBOARD_LABELS);
const dashboardUsers = resourceMemberHandlers({ ...DASHBOARD_LABELS, type: "dashboards" });

interface DashboardBody {
  orgID: string;
  name: string;
  description?: string;
  cells?: CellInput[];
}

/** Dashboards with their cells and the labels the caller may read, as replies present them. */
async function presentDashboards(ctx: HandlerContext, dashboards: readonly Dashboard[], withViews = false) {
  const ids = dashboards.map((d) => d.id);
  const [cells, labels, identity] = await Promise.all([cellsOfDashboards(ctx.app.db, ids), labelsOf(ctx.app, "dashboards", ids), ctx.auth.identity()]);
  const visible = readable(identity.permissions, "labels");
  return dashboards.map((d) => presentDashboard(d, cells.get(d.id) ?? [], (labels.get(d.id) ?? []).filter((l) => isVisible(visible, l)), withViews));
}

async function reply(ctx: HandlerContext, status: number, dashboard: Dashboard, withViews = false): Promise<HandlerReply> {
  const [body] = await presentDashboards(ctx, [dashboard], withViews);
  return { status, body };
}

/** The query's `id` parameter(s): the contract leaves one value a string and several an array. */
function idList(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return undefined;
}

export const handlers: HandlerMap = {
  GetDashboards: async (ctx) => {
    const page = readPage(ctx.query);
    const ids = idList(ctx.query["id"]);
    const ownerID = str(ctx.query["owner"]) ?? str(ctx.query["ownerID"]);
    const filter: ListFilter = {
      ...(str(ctx.query["orgID"]) ? { orgID: str(ctx.query["orgID"])! } : {}),
      ...(str(ctx.query["org"]) ? { org: str(ctx.query["org"])! } : {}),
      ...(ids ? { ids } : {}),
      ...(ownerID ? { ownerID } : {}),
    };
    const sortBy = (str(ctx.query["sortBy"]) ?? "ID") as SortBy;
    const { dashboards, more } = await service(ctx).list(filter, page, sortBy);
    const links = pageLinks("/api/v2/dashboards", page, more ? page.limit : 0, {
      orgID: filter.orgID,
      org: filter.org,
      owner: ownerID,
      ...(str(ctx.query["sortBy"]) ? { sortBy } : {}),
    });
    return { status: 200, body: { links, dashboards: await presentDashboards(ctx, dashboards) } };
  },

  PostDashboards: async (ctx) => {
    const body = ctx.body as DashboardBody;
    const dashboard = await service(ctx).create({
      orgID: body.orgID,
      name: body.name,
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.cells !== undefined ? { cells: body.cells } : {}),
    });
    return reply(ctx, 201, dashboard, body.cells !== undefined && body.cells.length > 0);
  },

  GetDashboardsID: async (ctx) => reply(ctx, 200, await service(ctx).find(dashboardID(ctx)), ctx.query["include"] === "properties"),

  PatchDashboardsID: async (ctx) => {
    const body = ctx.body as Partial<Omit<DashboardBody, "orgID">>;
    const dashboard = await service(ctx).update(dashboardID(ctx), {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.cells !== undefined ? { cells: body.cells } : {}),
    });
    return reply(ctx, 200, dashboard);
  },

  DeleteDashboardsID: async (ctx) => {
    await service(ctx).delete(dashboardID(ctx));
    return { status: 204 };
  },

  PostDashboardsIDCells: async (ctx) => {
    const id = dashboardID(ctx);
    const cell = await service(ctx).addCell(id, ctx.body as Partial<CellGeometry> & { name?: string; usingView?: string });
    return { status: 201, body: presentCell(id, cell) };
  },

  PutDashboardsIDCells: async (ctx) => {
    const id = dashboardID(ctx);
    const cells = await service(ctx).replaceCells(id, ctx.body as CellInput[]);
    return { status: 201, body: presentCells(id, cells) };
  },

  PatchDashboardsIDCellsID: async (ctx) => {
    const id = dashboardID(ctx);
    const cell = await service(ctx).updateCell(id, cellID(ctx), ctx.body as Partial<CellGeometry>);
    return { status: 200, body: presentCell(id, cell) };
  },

  DeleteDashboardsIDCellsID: async (ctx) => {
    await service(ctx).removeCell(dashboardID(ctx), cellID(ctx));
    return { status: 204 };
  },

  GetDashboardsIDCellsIDView: async (ctx) => {
    const id = dashboardID(ctx);
    return { status: 200, body: presentView(id, await service(ctx).view(id, cellID(ctx))) };
  },

  PatchDashboardsIDCellsIDView: async (ctx) => {
    const id = dashboardID(ctx);
    const body = ctx.body as { name?: string; properties?: ViewProperties };
    const cell = await service(ctx).updateView(id, cellID(ctx), {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.properties !== undefined ? { properties: body.properties } : {}),
    });
    return { status: 200, body: presentView(id, cell) };
  },

  GetDashboardsIDLabels: dashboardLabels.list,
  PostDashboardsIDLabels: dashboardLabels.attach,
  DeleteDashboardsIDLabelsID: dashboardLabels.detach,

  GetDashboardsIDMembers: dashboardUsers.listMembers,
  PostDashboardsIDMembers: dashboardUsers.addMember,
  DeleteDashboardsIDMembersID: dashboardUsers.removeMember,
  GetDashboardsIDOwners: dashboardUsers.listOwners,
  PostDashboardsIDOwners: dashboardUsers.addOwner,
  DeleteDashboardsIDOwnersID: dashboardUsers.removeOwner,
};
