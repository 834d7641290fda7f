import { DashboardsAPI, LabelsAPI, UsersAPI, type View, type XYViewProperties } from "@influxdata/influxdb-client-apis";
import { describe, expect, it } from "vitest";
import { influxClient, uniqueName } from "../harness/client.js";
import { errorCode, expectHttpError } from "../harness/expect-http-error.js";
import { useOnboardedServer } from "../harness/onboarded-server.js";

const instance = useOnboardedServer();
const client = () => influxClient(instance.current.server.url, instance.current.setup.token);
const dashboardsAPI = (): DashboardsAPI => new DashboardsAPI(client());
const orgID = (): string => instance.current.setup.orgID;

/** An xy graph as the InfluxDB UI saves one. */
const xy: XYViewProperties = {
  type: "xy",
  shape: "chronograf-v2",
  geom: "line",
  position: "overlaid",
  note: "",
  showNoteWhenEmpty: false,
  queries: [{ text: 'from(bucket: "b") |> range(start: v.timeRangeStart)', editMode: "advanced", name: "" }],
  axes: {
    x: { bounds: ["", ""], label: "", prefix: "", suffix: "", base: "10", scale: "linear" },
    y: { bounds: ["", ""], label: "", prefix: "", suffix: "", base: "10", scale: "linear" },
  },
  colors: [{ id: "a", type: "scale", hex: "#31C0F6", name: "Nineteen Eighty Four", value: 0 }],
};

describe("JS client: DashboardsAPI", () => {
  it("creates a dashboard, adds a cell, sets its view and reads it back with include=properties", async () => {
    const name = uniqueName("dashboard");
    const created = await dashboardsAPI().postDashboards({ body: { orgID: orgID(), name, description: "e2e" } });
    const dashboardID = created.id ?? "";
    expect(dashboardID).toMatch(/^[0-9a-f]{16}$/);
    expect(created).toMatchObject({ orgID: orgID(), name, description: "e2e", cells: [], labels: [] });

    const cell = await dashboardsAPI().postDashboardsIDCells({ dashboardID, body: { name: "load", x: 0, y: 0, w: 6, h: 4 } });
    const cellID = cell.id ?? "";
    expect(cell).toMatchObject({ x: 0, y: 0, w: 6, h: 4 });
    expect(cell.links?.view).toBe(`/api/v2/dashboards/${dashboardID}/cells/${cellID}/view`);

    const view: View = await dashboardsAPI().patchDashboardsIDCellsIDView({ dashboardID, cellID, body: { name: "CPU load", properties: xy } });
    expect(view).toMatchObject({ id: cellID, name: "CPU load", properties: xy });
    expect(await dashboardsAPI().getDashboardsIDCellsIDView({ dashboardID, cellID })).toMatchObject({ name: "CPU load", properties: xy });

    const full = await dashboardsAPI().getDashboardsID({ dashboardID, include: "properties" });
    expect(full.cells).toEqual([expect.objectContaining({ id: cellID, name: "CPU load", properties: xy })]);
  });

  it("copies a view into a new cell, moves cells, replaces them and deletes one", async () => {
    const dashboard = await dashboardsAPI().postDashboards({ body: { orgID: orgID(), name: uniqueName("dashboard-cells") } });
    const dashboardID = dashboard.id ?? "";
    const first = await dashboardsAPI().postDashboardsIDCells({ dashboardID, body: { name: "first", w: 4, h: 4 } });
    await dashboardsAPI().patchDashboardsIDCellsIDView({ dashboardID, cellID: first.id ?? "", body: { name: "first", properties: xy } });
    const copy = await dashboardsAPI().postDashboardsIDCells({ dashboardID, body: { usingView: first.id ?? "", x: 4, w: 4, h: 4 } });
    expect(await dashboardsAPI().getDashboardsIDCellsIDView({ dashboardID, cellID: copy.id ?? "" })).toMatchObject({ name: "first", properties: xy });

    const moved = await dashboardsAPI().patchDashboardsIDCellsID({ dashboardID, cellID: copy.id ?? "", body: { y: 4 } });
    expect(moved).toMatchObject({ x: 4, y: 4, w: 4, h: 4 });

    await dashboardsAPI().putDashboardsIDCells({ dashboardID, body: [{ id: copy.id ?? "", x: 0, y: 0, w: 12, h: 2 }] });
    const afterPut = await dashboardsAPI().getDashboardsID({ dashboardID });
    expect(afterPut.cells?.map((c) => [c.id, c.w, c.h])).toEqual([[copy.id, 12, 2]]);

    await dashboardsAPI().deleteDashboardsIDCellsID({ dashboardID, cellID: copy.id ?? "" });
    expect((await dashboardsAPI().getDashboardsID({ dashboardID })).cells).toEqual([]);
  });

  it("lists dashboards by org and by ID, renames and deletes one", async () => {
    const names = [uniqueName("dashboard-list"), uniqueName("dashboard-list")];
    const made = [];
    for (const name of names) made.push(await dashboardsAPI().postDashboards({ body: { orgID: orgID(), name } }));
    const listed = await dashboardsAPI().getDashboards({ orgID: orgID(), limit: 100 });
    for (const name of names) expect(listed.dashboards?.map((d) => d.name)).toContain(name);
    const byOrgName = await dashboardsAPI().getDashboards({ org: instance.current.setup.orgName, limit: 100 });
    expect(byOrgName.dashboards?.length).toBe(listed.dashboards?.length);
    const byID = await dashboardsAPI().getDashboards({ id: made[1]?.id ?? "" });
    expect(byID.dashboards?.map((d) => d.name)).toEqual([names[1]]);

    const renamed = await dashboardsAPI().patchDashboardsID({ dashboardID: made[0]?.id ?? "", body: { name: "renamed", description: "now" } });
    expect(renamed).toMatchObject({ name: "renamed", description: "now" });

    await dashboardsAPI().deleteDashboardsID({ dashboardID: made[0]?.id ?? "" });
    const error = await expectHttpError(dashboardsAPI().getDashboardsID({ dashboardID: made[0]?.id ?? "" }));
    expect(error.statusCode).toBe(404);
    expect(errorCode(error)).toBe("not found");
  });

  it("attaches labels and manages owners and members", async () => {
    const dashboard = await dashboardsAPI().postDashboards({ body: { orgID: orgID(), name: uniqueName("dashboard-people") } });
    const dashboardID = dashboard.id ?? "";
    const label = await new LabelsAPI(client()).postLabels({ body: { orgID: orgID(), name: uniqueName("label") } });
    await dashboardsAPI().postDashboardsIDLabels({ dashboardID, body: { labelID: label.label?.id ?? "" } });
    expect((await dashboardsAPI().getDashboardsIDLabels({ dashboardID })).labels?.map((l) => l.id)).toEqual([label.label?.id]);
    expect((await dashboardsAPI().getDashboardsID({ dashboardID })).labels?.map((l) => l.id)).toEqual([label.label?.id]);
    await dashboardsAPI().deleteDashboardsIDLabelsID({ dashboardID, labelID: label.label?.id ?? "" });
    expect((await dashboardsAPI().getDashboardsIDLabels({ dashboardID })).labels).toEqual([]);

    const user = await new UsersAPI(client()).postUsers({ body: { name: uniqueName("viewer") } });
    const userID = user.id ?? "";
    expect(await dashboardsAPI().postDashboardsIDMembers({ dashboardID, body: { id: userID } })).toMatchObject({ id: userID, role: "member" });
    expect((await dashboardsAPI().getDashboardsIDMembers({ dashboardID })).users?.map((u) => u.id)).toEqual([userID]);
    await dashboardsAPI().deleteDashboardsIDMembersID({ dashboardID, userID });
    expect(await dashboardsAPI().postDashboardsIDOwners({ dashboardID, body: { id: userID } })).toMatchObject({ id: userID, role: "owner" });
    expect((await dashboardsAPI().getDashboardsIDOwners({ dashboardID })).users?.map((u) => u.id)).toEqual([userID]);
    expect((await dashboardsAPI().getDashboards({ owner: userID })).dashboards?.map((d) => d.id)).toEqual([dashboardID]);
    await dashboardsAPI().deleteDashboardsIDOwnersID({ dashboardID, userID });
    expect((await dashboardsAPI().getDashboardsIDOwners({ dashboardID })).users).toEqual([]);
  });

  it("refuses a view of the wrong shape with a 400 naming the field", async () => {
    const dashboard = await dashboardsAPI().postDashboards({ body: { orgID: orgID(), name: uniqueName("dashboard-bad-view") } });
    const cell = await dashboardsAPI().postDashboardsIDCells({ dashboardID: dashboard.id ?? "", body: { name: "bad", w: 1, h: 1 } });
    const error = await expectHttpError(
      dashboardsAPI().patchDashboardsIDCellsIDView({
        dashboardID: dashboard.id ?? "",
        cellID: cell.id ?? "",
        body: { name: "bad", properties: { ...xy, geom: "pie" } as unknown as XYViewProperties },
      }),
    );
    expect(error.statusCode).toBe(400);
    expect(errorCode(error)).toBe("invalid");
    expect(JSON.stringify(error.json)).toContain("properties.geom");
  });
});
