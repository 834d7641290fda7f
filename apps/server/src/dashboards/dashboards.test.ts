import { beforeAll, describe, expect, it } from "vitest";
import type { Permission } from "../auth/permissions.js";
import { createAuthorization } from "../authorizations/repository.js";
import { type ErrorJson, type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";
import { VIEW_EXAMPLES } from "./test-support/views.js";

interface CellJson {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  name?: string;
  properties?: Record<string, unknown>;
  links: { self: string; view: string };
}
interface DashboardJson {
  id: string;
  orgID: string;
  name: string;
  description: string;
  meta: { createdAt: string; updatedAt: string };
  cells: CellJson[];
  labels: { id: string; name: string }[];
  links: Record<string, string>;
}
interface DashboardsJson {
  links: { self: string; next?: string; prev?: string };
  dashboards: DashboardJson[];
}
interface ViewJson {
  id: string;
  name: string;
  properties: Record<string, unknown>;
  links: { self: string };
}

describe("dashboards", () => {
  let t: TestServer;
  let instance: Instance;
  let otherOrgID: string;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  beforeAll(async () => {
    otherOrgID = (await t.client.post<{ id: string }>("/api/v2/orgs", { name: "other" }, op())).body.id;
  });
  const op = () => ({ token: instance.operatorToken });
  const create = async (body: Record<string, unknown>, orgID = instance.org.id) => {
    const res = await t.client.post<DashboardJson>("/api/v2/dashboards", { orgID, ...body }, op());
    expect(res.status, res.text).toBe(201);
    return res.body;
  };
  const addCell = async (dashboardID: string, body: Record<string, unknown>) => {
    const res = await t.client.post<CellJson>(`/api/v2/dashboards/${dashboardID}/cells`, body, op());
    expect(res.status, res.text).toBe(201);
    return res.body;
  };
  const label = async (name: string, orgID = instance.org.id) => {
    const res = await t.client.post<{ label: { id: string } }>("/api/v2/labels", { orgID, name }, op());
    expect(res.status, res.text).toBe(201);
    return res.body.label;
  };
  const tokenWith = async (permissions: Permission[]) => (await createAuthorization(t.server.app.db, { orgID: instance.org.id, userID: instance.user.id, permissions })).token;
  const newUser = async (name: string) => (await t.client.post<{ id: string }>("/api/v2/users", { name }, op())).body.id;

  it("creates, reads, renames and deletes a dashboard, with InfluxDB's links and meta", async () => {
    const d = await create({ name: "Ops", description: "the usual" });
    expect(d).toMatchObject({ orgID: instance.org.id, name: "Ops", description: "the usual", cells: [], labels: [] });
    expect(d.links).toEqual({
      self: `/api/v2/dashboards/${d.id}`,
      members: `/api/v2/dashboards/${d.id}/members`,
      owners: `/api/v2/dashboards/${d.id}/owners`,
      cells: `/api/v2/dashboards/${d.id}/cells`,
      labels: `/api/v2/dashboards/${d.id}/labels`,
      org: `/api/v2/orgs/${instance.org.id}`,
    });
    expect(d.meta.createdAt).toBe(d.meta.updatedAt);

    expect((await t.client.get<DashboardJson>(`/api/v2/dashboards/${d.id}`, op())).body).toEqual(d);

    const patched = await t.client.patch<DashboardJson>(`/api/v2/dashboards/${d.id}`, { name: "Ops 2", description: "" }, op());
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ name: "Ops 2", description: "" });
    expect(patched.body.meta.createdAt).toBe(d.meta.createdAt);
    expect(Date.parse(patched.body.meta.updatedAt)).toBeGreaterThanOrEqual(Date.parse(d.meta.updatedAt));

    expect((await t.client.delete(`/api/v2/dashboards/${d.id}`, op())).status).toBe(204);
    const gone = await t.client.get<ErrorJson>(`/api/v2/dashboards/${d.id}`, op());
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: "not found", message: "dashboard not found" });
    expect((await t.client.delete<ErrorJson>(`/api/v2/dashboards/${d.id}`, op())).status).toBe(404);
  });

  it("creates a dashboard with cells and their views in one request", async () => {
    const d = await create({ name: "with cells", cells: [{ x: 0, y: 0, w: 4, h: 3, name: "cpu", properties: VIEW_EXAMPLES["xy"] }, { x: 4, w: 2, h: 2 }] });
    expect(d.cells).toHaveLength(2);
    expect(d.cells[0]).toMatchObject({ x: 0, y: 0, w: 4, h: 3, name: "cpu", properties: VIEW_EXAMPLES["xy"] });
    expect(d.cells[1]).toMatchObject({ x: 4, y: 0, w: 2, h: 2, properties: { shape: "empty" } });
    const view = await t.client.get<ViewJson>(`/api/v2/dashboards/${d.id}/cells/${d.cells[0]!.id}/view`, op());
    expect(view.body).toEqual({ id: d.cells[0]!.id, name: "cpu", properties: VIEW_EXAMPLES["xy"], links: { self: `/api/v2/dashboards/${d.id}/cells/${d.cells[0]!.id}` } });
  });

  it("adds, moves, replaces and removes cells; views follow their cells", async () => {
    const d = await create({ name: "cells" });
    const a = await addCell(d.id, { name: "A", x: 0, y: 0, w: 4, h: 4 });
    expect(a).toEqual({ id: a.id, x: 0, y: 0, w: 4, h: 4, links: { self: `/api/v2/dashboards/${d.id}/cells/${a.id}`, view: `/api/v2/dashboards/${d.id}/cells/${a.id}/view` } });
    const fresh = await t.client.get<ViewJson>(`/api/v2/dashboards/${d.id}/cells/${a.id}/view`, op());
    expect(fresh.body).toMatchObject({ id: a.id, name: "A", properties: { shape: "empty" } });

    const view = await t.client.patch<ViewJson>(`/api/v2/dashboards/${d.id}/cells/${a.id}/view`, { name: "CPU", properties: VIEW_EXAMPLES["single-stat"] }, op());
    expect(view.status, view.text).toBe(200);
    expect(view.body).toEqual({ id: a.id, name: "CPU", properties: VIEW_EXAMPLES["single-stat"], links: { self: `/api/v2/dashboards/${d.id}/cells/${a.id}` } });
    const renamed = await t.client.patch<ViewJson>(`/api/v2/dashboards/${d.id}/cells/${a.id}/view`, { name: "CPU load" }, op());
    expect(renamed.body).toMatchObject({ name: "CPU load", properties: VIEW_EXAMPLES["single-stat"] });

    // usingView copies the view (properties and name); `name` renames the copy.
    const b = await addCell(d.id, { usingView: a.id, x: 4, y: 0, w: 4, h: 4 });
    const c = await addCell(d.id, { usingView: a.id, name: "copy", x: 8 });
    expect((await t.client.get<ViewJson>(`/api/v2/dashboards/${d.id}/cells/${b.id}/view`, op())).body).toMatchObject({ id: b.id, name: "CPU load", properties: VIEW_EXAMPLES["single-stat"] });
    expect((await t.client.get<ViewJson>(`/api/v2/dashboards/${d.id}/cells/${c.id}/view`, op())).body).toMatchObject({ id: c.id, name: "copy" });

    const moved = await t.client.patch<CellJson>(`/api/v2/dashboards/${d.id}/cells/${b.id}`, { y: 5, h: 2 }, op());
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({ id: b.id, x: 4, y: 5, w: 4, h: 2 });

    const withProps = await t.client.get<DashboardJson>(`/api/v2/dashboards/${d.id}`, { ...op(), query: { include: "properties" } });
    expect(withProps.body.cells.map((cell) => [cell.id, cell.name, cell.properties?.["type"]])).toEqual([
      [a.id, "CPU load", "single-stat"],
      [b.id, "CPU load", "single-stat"],
      [c.id, "copy", "single-stat"],
    ]);
    const plain = await t.client.get<DashboardJson>(`/api/v2/dashboards/${d.id}`, op());
    expect(plain.body.cells.every((cell) => cell.properties === undefined && cell.name === undefined)).toBe(true);

    // PUT: new order and positions; the cell left out goes, with its view.
    const put = await t.client.put<{ cells: CellJson[]; links: { self: string } }>(
      `/api/v2/dashboards/${d.id}/cells`,
      [
        { id: c.id, x: 0, y: 0, w: 12, h: 1 },
        { id: a.id, x: 0, y: 1, w: 6, h: 4 },
      ],
      op(),
    );
    expect(put.status, put.text).toBe(201);
    expect(put.body.links).toEqual({ self: `/api/v2/dashboards/${d.id}/cells` });
    expect(put.body.cells.map((cell) => [cell.id, cell.x, cell.y, cell.w, cell.h])).toEqual([
      [c.id, 0, 0, 12, 1],
      [a.id, 0, 1, 6, 4],
    ]);
    expect((await t.client.get<DashboardJson>(`/api/v2/dashboards/${d.id}`, op())).body.cells.map((cell) => cell.id)).toEqual([c.id, a.id]);
    expect((await t.client.get<ErrorJson>(`/api/v2/dashboards/${d.id}/cells/${b.id}/view`, op())).status).toBe(404);

    expect((await t.client.delete(`/api/v2/dashboards/${d.id}/cells/${c.id}`, op())).status).toBe(204);
    const missing = await t.client.delete<ErrorJson>(`/api/v2/dashboards/${d.id}/cells/${c.id}`, op());
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ code: "not found", message: "cell not found" });
    expect((await t.client.get<DashboardJson>(`/api/v2/dashboards/${d.id}`, op())).body.cells.map((cell) => cell.id)).toEqual([a.id]);
  });

  it("PATCH of a dashboard sets its cells: existing ones move and may change view, new ones are added, the rest go", async () => {
    const d = await create({ name: "patch cells" });
    const a = await addCell(d.id, { name: "a", w: 1, h: 1 });
    const b = await addCell(d.id, { name: "b", w: 1, h: 1 });
    const res = await t.client.patch<DashboardJson>(`/api/v2/dashboards/${d.id}`, { cells: [{ id: b.id, x: 3, w: 2, h: 2, properties: VIEW_EXAMPLES["markdown"] }, { x: 0, y: 9, w: 5, h: 5, name: "new" }] }, op());
    expect(res.status, res.text).toBe(200);
    expect(res.body.cells).toHaveLength(2);
    expect(res.body.cells[0]).toMatchObject({ id: b.id, x: 3, y: 0, w: 2, h: 2 });
    expect(res.body.cells[1]).toMatchObject({ x: 0, y: 9, w: 5, h: 5 });
    expect((await t.client.get<ViewJson>(`/api/v2/dashboards/${d.id}/cells/${b.id}/view`, op())).body).toMatchObject({ name: "b", properties: VIEW_EXAMPLES["markdown"] });
    expect((await t.client.get<ViewJson>(`/api/v2/dashboards/${d.id}/cells/${res.body.cells[1]!.id}/view`, op())).body).toMatchObject({ name: "new", properties: { shape: "empty" } });
    expect((await t.client.get(`/api/v2/dashboards/${d.id}/cells/${a.id}/view`, op())).status).toBe(404);
  });

  it("lists with org, id, owner filters, sorting and paging", async () => {
    const org = (await t.client.post<{ id: string; name: string }>("/api/v2/orgs", { name: "listing" }, op())).body;
    const made: DashboardJson[] = [];
    for (const name of ["one", "two", "three"]) made.push(await create({ name }, org.id));
    // Creation times one second apart, so that sorting by them cannot meet a tie.
    for (const [i, d] of made.entries()) {
      await t.server.app.db.updateTable("dashboards").set({ created_at: new Date(Date.UTC(2024, 0, 1, 0, 0, i)) }).where("id", "=", d.id).execute();
    }
    const byOrg = await t.client.get<DashboardsJson>("/api/v2/dashboards", { ...op(), query: { orgID: org.id } });
    expect(byOrg.status).toBe(200);
    expect(byOrg.body.dashboards.map((d) => d.name).sort()).toEqual(["one", "three", "two"]);
    expect(byOrg.body.links.self).toContain(`orgID=${org.id}`);

    const byName = await t.client.get<DashboardsJson>("/api/v2/dashboards", { ...op(), query: { org: "listing" } });
    expect(byName.body.dashboards).toHaveLength(3);
    const unknownOrg = await t.client.get<ErrorJson>("/api/v2/dashboards", { ...op(), query: { org: "nope" } });
    expect(unknownOrg.status).toBe(404);

    const byIDs = await t.client.get<DashboardsJson>(`/api/v2/dashboards?id=${made[0]!.id}&id=${made[2]!.id}`, op());
    expect(byIDs.body.dashboards.map((d) => d.id).sort()).toEqual([made[0]!.id, made[2]!.id].sort());

    const byCreated = await t.client.get<DashboardsJson>("/api/v2/dashboards", { ...op(), query: { orgID: org.id, sortBy: "CreatedAt", descending: "true" } });
    expect(byCreated.body.dashboards.map((d) => d.name)).toEqual(["three", "two", "one"]);

    const first = await t.client.get<DashboardsJson>("/api/v2/dashboards", { ...op(), query: { orgID: org.id, limit: "2" } });
    expect(first.body.dashboards).toHaveLength(2);
    expect(first.body.links.next).toContain("offset=2");
    const second = await t.client.get<DashboardsJson>("/api/v2/dashboards", { ...op(), query: { orgID: org.id, limit: "2", offset: "2" } });
    expect(second.body.dashboards).toHaveLength(1);
    expect(second.body.links.next).toBeUndefined();
    expect(new Set([...first.body.dashboards, ...second.body.dashboards].map((d) => d.id)).size).toBe(3);

    const owner = await newUser("dash-owner");
    expect((await t.client.post(`/api/v2/dashboards/${made[1]!.id}/owners`, { id: owner }, op())).status).toBe(201);
    for (const key of ["owner", "ownerID"]) {
      const owned = await t.client.get<DashboardsJson>("/api/v2/dashboards", { ...op(), query: { [key]: owner } });
      expect(owned.body.dashboards.map((d) => d.id)).toEqual([made[1]!.id]);
    }
  });

  it("lists only the dashboards the caller may read and answers 403 for one it may not", async () => {
    const mine = await create({ name: "visible" });
    const theirs = await create({ name: "hidden" }, otherOrgID);
    const token = await tokenWith([{ action: "read", resource: { type: "dashboards", orgID: instance.org.id } }]);
    const listed = await t.client.get<DashboardsJson>("/api/v2/dashboards", { token });
    expect(listed.body.dashboards.map((d) => d.id)).toContain(mine.id);
    expect(listed.body.dashboards.map((d) => d.orgID).every((id) => id === instance.org.id)).toBe(true);
    expect((await t.client.get(`/api/v2/dashboards/${theirs.id}`, { token })).status).toBe(403);
    // As in InfluxDB, an unknown dashboard is a 404 whatever the caller may do.
    expect((await t.client.get(`/api/v2/dashboards/0000000000000009`, { token })).status).toBe(404);
    expect((await t.client.delete(`/api/v2/dashboards/0000000000000009`, { token })).status).toBe(404);
    expect((await t.client.get(`/api/v2/dashboards/${mine.id}`, { token })).status).toBe(200);
    expect((await t.client.patch(`/api/v2/dashboards/${mine.id}`, { name: "x" }, { token })).status).toBe(403);
    expect((await t.client.post(`/api/v2/dashboards/${mine.id}/cells`, { w: 1 }, { token })).status).toBe(403);
    const single = await tokenWith([{ action: "read", resource: { type: "dashboards", orgID: instance.org.id, id: mine.id } }]);
    expect((await t.client.get<DashboardsJson>("/api/v2/dashboards", { token: single })).body.dashboards.map((d) => d.id)).toEqual([mine.id]);
  });

  it("members and owners: add, list, change role, remove", async () => {
    const d = await create({ name: "people" });
    const user = await newUser("dash-member");
    const added = await t.client.post<{ id: string; name: string; role: string }>(`/api/v2/dashboards/${d.id}/members`, { id: user }, op());
    expect(added.status, added.text).toBe(201);
    expect(added.body).toMatchObject({ id: user, name: "dash-member", role: "member" });
    const members = await t.client.get<{ users: { id: string; role: string }[]; links: { self: string } }>(`/api/v2/dashboards/${d.id}/members`, op());
    expect(members.body.users.map((u) => [u.id, u.role])).toEqual([[user, "member"]]);
    expect(members.body.links.self).toBe(`/api/v2/dashboards/${d.id}/members`);

    expect((await t.client.post(`/api/v2/dashboards/${d.id}/owners`, { id: user }, op())).status).toBe(201);
    expect((await t.client.get<{ users: unknown[] }>(`/api/v2/dashboards/${d.id}/members`, op())).body.users).toEqual([]);
    expect((await t.client.get<{ users: { id: string }[] }>(`/api/v2/dashboards/${d.id}/owners`, op())).body.users.map((u) => u.id)).toEqual([user]);

    expect((await t.client.delete(`/api/v2/dashboards/${d.id}/owners/${user}`, op())).status).toBe(204);
    expect((await t.client.delete<ErrorJson>(`/api/v2/dashboards/${d.id}/members/${user}`, op())).status).toBe(404);
    const unknownUser = await t.client.post<ErrorJson>(`/api/v2/dashboards/${d.id}/members`, { id: "0000000000000009" }, op());
    expect(unknownUser.status).toBe(404);
    expect(unknownUser.body.message).toBe("user not found");
    expect((await t.client.get(`/api/v2/dashboards/0000000000000009/owners`, op())).status).toBe(404);
  });

  it("labels: attach, list (and embedded in the dashboard), detach; not across orgs", async () => {
    const d = await create({ name: "labelled" });
    const l = await label("prod");
    const attached = await t.client.post<{ label: { id: string } }>(`/api/v2/dashboards/${d.id}/labels`, { labelID: l.id }, op());
    expect(attached.status, attached.text).toBe(201);
    expect((await t.client.get<{ labels: { id: string }[] }>(`/api/v2/dashboards/${d.id}/labels`, op())).body.labels.map((x) => x.id)).toEqual([l.id]);
    expect((await t.client.get<DashboardJson>(`/api/v2/dashboards/${d.id}`, op())).body.labels.map((x) => x.id)).toEqual([l.id]);
    const listed = await t.client.get<DashboardsJson>("/api/v2/dashboards", { ...op(), query: { id: d.id } });
    expect(listed.body.dashboards[0]!.labels.map((x) => x.id)).toEqual([l.id]);
    expect((await t.client.post(`/api/v2/dashboards/${d.id}/labels`, { labelID: l.id }, op())).status).toBe(422);
    // A caller who may read the dashboard but not labels sees none of them.
    const noLabels = await tokenWith([{ action: "read", resource: { type: "dashboards", orgID: instance.org.id } }]);
    expect((await t.client.get<DashboardJson>(`/api/v2/dashboards/${d.id}`, { token: noLabels })).body.labels).toEqual([]);

    const foreign = await label("elsewhere", otherOrgID);
    const cross = await t.client.post<ErrorJson>(`/api/v2/dashboards/${d.id}/labels`, { labelID: foreign.id }, op());
    expect(cross.status).toBe(400);
    expect(cross.body.message).toMatch(/different organizations/);
    expect((await t.client.post(`/api/v2/dashboards/${d.id}/labels`, { labelID: "0000000000000009" }, op())).status).toBe(404);
    expect((await t.client.post(`/api/v2/dashboards/0000000000000009/labels`, { labelID: l.id }, op())).status).toBe(404);

    expect((await t.client.delete(`/api/v2/dashboards/${d.id}/labels/${l.id}`, op())).status).toBe(204);
    expect((await t.client.get<{ labels: unknown[] }>(`/api/v2/dashboards/${d.id}/labels`, op())).body.labels).toEqual([]);
  });

  it("deleting a dashboard removes its cells, views, label mappings, owners and members", async () => {
    const d = await create({ name: "doomed", cells: [{ w: 1, h: 1, name: "v", properties: VIEW_EXAMPLES["gauge"] }] });
    const l = await label("doomed-label");
    const user = await newUser("doomed-owner");
    await t.client.post(`/api/v2/dashboards/${d.id}/labels`, { labelID: l.id }, op());
    await t.client.post(`/api/v2/dashboards/${d.id}/owners`, { id: user }, op());
    expect((await t.client.delete(`/api/v2/dashboards/${d.id}`, op())).status).toBe(204);
    const db = t.server.app.db;
    expect(await db.selectFrom("dashboard_cells").selectAll().where("dashboard_id", "=", d.id).execute()).toEqual([]);
    expect(await db.selectFrom("label_mappings").selectAll().where("resource_type", "=", "dashboards").where("resource_id", "=", d.id).execute()).toEqual([]);
    expect(await db.selectFrom("user_resource_mappings").selectAll().where("resource_type", "=", "dashboards").where("resource_id", "=", d.id).execute()).toEqual([]);
    // The label itself stays.
    expect((await t.client.get(`/api/v2/labels/${l.id}`, op())).status).toBe(200);
  });

  it("bad input: unknown and invalid IDs, empty bodies, unknown cells", async () => {
    const d = await create({ name: "bad input" });
    const cell = await addCell(d.id, { w: 1, h: 1 });
    const invalidID = await t.client.get<ErrorJson>("/api/v2/dashboards/not-an-id", op());
    expect(invalidID.status).toBe(400);
    expect(invalidID.body.message).toMatch(/dashboardID/);
    expect((await t.client.get<ErrorJson>("/api/v2/dashboards/0000000000000009", op())).status).toBe(404);
    const noOrg = await t.client.post<ErrorJson>("/api/v2/dashboards", { orgID: "0000000000000009", name: "x" }, op());
    expect(noOrg.status).toBe(404);
    expect((await t.client.post<ErrorJson>("/api/v2/dashboards", { orgID: instance.org.id, name: "" }, op())).status).toBe(400);
    expect((await t.client.post<ErrorJson>("/api/v2/dashboards", { orgID: instance.org.id, name: "   " }, op())).status).toBe(400);
    expect((await t.client.patch<ErrorJson>(`/api/v2/dashboards/${d.id}`, {}, op())).status).toBe(400);

    const empty = await t.client.post<ErrorJson>(`/api/v2/dashboards/${d.id}/cells`, {}, op());
    expect(empty.status).toBe(400);
    expect(empty.body.message).toBe("req body is empty");
    const badCopy = await t.client.post<ErrorJson>(`/api/v2/dashboards/${d.id}/cells`, { usingView: "0000000000000009" }, op());
    expect(badCopy.status).toBe(404);
    expect((await t.client.post<ErrorJson>(`/api/v2/dashboards/0000000000000009/cells`, { w: 1 }, op())).status).toBe(404);
    expect((await t.client.patch<ErrorJson>(`/api/v2/dashboards/${d.id}/cells/0000000000000009`, { x: 1 }, op())).status).toBe(404);
    expect((await t.client.patch<ErrorJson>(`/api/v2/dashboards/${d.id}/cells/${cell.id}`, {}, op())).status).toBe(400);
    const badX = await t.client.patch<ErrorJson>(`/api/v2/dashboards/${d.id}/cells/${cell.id}`, { x: "left" }, op());
    expect(badX.status).toBe(400);
    expect(badX.body.message).toMatch(/"x"/);
    expect((await t.client.get<ErrorJson>(`/api/v2/dashboards/${d.id}/cells/0000000000000009/view`, op())).status).toBe(404);
    expect((await t.client.patch<ErrorJson>(`/api/v2/dashboards/${d.id}/cells/0000000000000009/view`, { name: "x" }, op())).status).toBe(404);

    const noID = await t.client.put<ErrorJson>(`/api/v2/dashboards/${d.id}/cells`, [{ x: 1 }], op());
    expect(noID.status).toBe(400);
    expect(noID.body.message).toBe("cannot provide empty cell id");
    const notPresent = await t.client.put<ErrorJson>(`/api/v2/dashboards/${d.id}/cells`, [{ id: "0000000000000009" }], op());
    expect(notPresent.status).toBe(422);
    expect(notPresent.body.message).toBe("cannot replace cells that were not already present");
    // A cell of another dashboard is not this dashboard's.
    const other = await create({ name: "other board" });
    const otherCell = await addCell(other.id, { w: 1 });
    expect((await t.client.get(`/api/v2/dashboards/${d.id}/cells/${otherCell.id}/view`, op())).status).toBe(404);
    expect((await t.client.post(`/api/v2/dashboards/${d.id}/cells`, { usingView: otherCell.id }, op())).status).toBe(404);
  });
});
