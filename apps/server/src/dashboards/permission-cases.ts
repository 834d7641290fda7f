// Permission-matrix cases of the dashboard, cell, view, label and member operations (collected by
// src/permissions-matrix/). A dashboard's cells and views are governed by the dashboard: reading a
// view needs read on it, everything that changes it needs write.
import { read, write, type Call, type Case, type Fixture } from "../test-support/permission-cases.js";
import type { Permission } from "../auth/permissions.js";

interface Made {
  id: string;
  orgID: string;
  cellID: string;
}

/** A dashboard of the instance's org with one cell. */
async function dashboard(f: Fixture): Promise<Made> {
  const orgID = f.instance.org.id;
  const id = await f.created("/api/v2/dashboards", { orgID, name: f.name("dash") });
  const cellID = await f.created(`/api/v2/dashboards/${id}/cells`, { name: "cell", x: 0, y: 0, w: 4, h: 4 });
  return { id, orgID, cellID };
}

async function label(f: Fixture): Promise<{ id: string; orgID: string }> {
  const orgID = f.instance.org.id;
  const res = await f.t.client.post<{ label: { id: string } }>("/api/v2/labels", { orgID, name: f.name("label") }, { token: f.instance.operatorToken });
  if (res.status !== 201) throw new Error(`creating a label failed: ${res.status} ${res.text}`);
  return { id: res.body.label.id, orgID };
}

const scope = (d: Made) => ({ orgID: d.orgID, id: d.id });

/** A call on one dashboard (made fresh), allowed by `action` on that dashboard alone. */
const onDashboard = (action: "read" | "write", call: (d: Made) => Call): Case => ({
  denied: 403,
  prepare: async (f) => {
    const d = await dashboard(f);
    return { call: call(d), grant: [action === "read" ? read("dashboards", scope(d)) : write("dashboards", scope(d))] };
  },
});

const markdown = { type: "markdown", shape: "chronograf-v2", note: "hello" };

/** A dashboard and a label, attached when `attached`. */
async function dashboardAndLabel(f: Fixture, attached: boolean) {
  const d = await dashboard(f);
  const l = await label(f);
  if (attached) {
    const res = await f.t.client.post(`/api/v2/dashboards/${d.id}/labels`, { labelID: l.id }, { token: f.instance.operatorToken });
    if (res.status !== 201) throw new Error(`attaching a label failed: ${res.status} ${res.text}`);
  }
  return { d, l };
}

const labelCase = (call: (d: Made, labelID: string) => Call, attached: boolean, grant: (d: Made, l: { id: string; orgID: string }) => Permission[]): Case => ({
  denied: 403,
  prepare: async (f) => {
    const { d, l } = await dashboardAndLabel(f, attached);
    return { call: call(d, l.id), grant: grant(d, l) };
  },
});

const memberCase = (role: "members" | "owners", method: "GET" | "POST" | "DELETE"): Case => ({
  denied: 403,
  prepare: async (f) => {
    const d = await dashboard(f);
    const userID = await f.user();
    const base = `/api/v2/dashboards/${d.id}/${role}`;
    if (method !== "POST") {
      const added = await f.t.client.post(base, { id: userID }, { token: f.instance.operatorToken });
      if (added.status !== 201) throw new Error(`adding ${role} failed: ${added.status} ${added.text}`);
    }
    const call: Call = method === "GET" ? { method, path: base } : method === "POST" ? { method, path: base, body: { id: userID } } : { method, path: `${base}/${userID}` };
    return { call, grant: [method === "GET" ? read("dashboards", scope(d)) : write("dashboards", scope(d))] };
  },
});

export const cases: Record<string, Case> = {
  GetDashboards: {
    denied: { emptyList: "dashboards" },
    prepare: async (f) => (await dashboard(f), { call: { method: "GET", path: "/api/v2/dashboards" }, grant: [read("dashboards", { orgID: f.instance.org.id })] }),
  },
  PostDashboards: {
    denied: 403,
    prepare: async (f) => ({
      call: { method: "POST", path: "/api/v2/dashboards", body: { orgID: f.instance.org.id, name: f.name("dash") } },
      grant: [write("dashboards", { orgID: f.instance.org.id })],
    }),
  },
  GetDashboardsID: onDashboard("read", (d) => ({ method: "GET", path: `/api/v2/dashboards/${d.id}`, query: { include: "properties" } })),
  PatchDashboardsID: onDashboard("write", (d) => ({ method: "PATCH", path: `/api/v2/dashboards/${d.id}`, body: { description: "changed" } })),
  DeleteDashboardsID: onDashboard("write", (d) => ({ method: "DELETE", path: `/api/v2/dashboards/${d.id}` })),
  PostDashboardsIDCells: onDashboard("write", (d) => ({ method: "POST", path: `/api/v2/dashboards/${d.id}/cells`, body: { usingView: d.cellID, x: 4 } })),
  PutDashboardsIDCells: onDashboard("write", (d) => ({ method: "PUT", path: `/api/v2/dashboards/${d.id}/cells`, body: [{ id: d.cellID, x: 1, y: 1, w: 2, h: 2 }] })),
  PatchDashboardsIDCellsID: onDashboard("write", (d) => ({ method: "PATCH", path: `/api/v2/dashboards/${d.id}/cells/${d.cellID}`, body: { w: 6 } })),
  DeleteDashboardsIDCellsID: onDashboard("write", (d) => ({ method: "DELETE", path: `/api/v2/dashboards/${d.id}/cells/${d.cellID}` })),
  GetDashboardsIDCellsIDView: onDashboard("read", (d) => ({ method: "GET", path: `/api/v2/dashboards/${d.id}/cells/${d.cellID}/view` })),
  PatchDashboardsIDCellsIDView: onDashboard("write", (d) => ({ method: "PATCH", path: `/api/v2/dashboards/${d.id}/cells/${d.cellID}/view`, body: { name: "notes", properties: markdown } })),
  GetDashboardsIDLabels: labelCase((d) => ({ method: "GET", path: `/api/v2/dashboards/${d.id}/labels` }), true, (d, l) => [read("dashboards", scope(d)), read("labels", l)]),
  PostDashboardsIDLabels: labelCase(
    (d, labelID) => ({ method: "POST", path: `/api/v2/dashboards/${d.id}/labels`, body: { labelID } }),
    false,
    (d, l) => [write("dashboards", scope(d)), write("labels", l)],
  ),
  DeleteDashboardsIDLabelsID: labelCase(
    (d, labelID) => ({ method: "DELETE", path: `/api/v2/dashboards/${d.id}/labels/${labelID}` }),
    true,
    (d, l) => [write("dashboards", scope(d)), write("labels", l)],
  ),
  GetDashboardsIDMembers: memberCase("members", "GET"),
  PostDashboardsIDMembers: memberCase("members", "POST"),
  DeleteDashboardsIDMembersID: memberCase("members", "DELETE"),
  GetDashboardsIDOwners: memberCase("owners", "GET"),
  PostDashboardsIDOwners: memberCase("owners", "POST"),
  DeleteDashboardsIDOwnersID: memberCase("owners", "DELETE"),
};
