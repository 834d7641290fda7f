// Dashboard and cell SQL on every metadata backend (PGlite always, PostgreSQL when configured):
// jsonb view properties, cell order, list filters and sorting, and cascades.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetadataStore } from "../db/index.js";
import { createOrgWithSystemBuckets, deleteOrg } from "../orgs/repository.js";
import { metadataBackends } from "../test-support/metadata-backends.js";
import { insertUser } from "../users/repository.js";
import { removeAllResourceUsers, setResourceRole } from "../orgs/members.js";
import * as repo from "./repository.js";

const page = (limit = 20, offset = 0, descending = false) => ({ limit, offset, descending });

describe.each(metadataBackends())("dashboard repository on $name", (backend) => {
  let store: MetadataStore;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it("stores cells in order with their views' jsonb properties, and replaces them", async () => {
    const org = await createOrgWithSystemBuckets(store.db, { name: "dash-repo-cells" });
    const d = await repo.createDashboard(store.db, { orgID: org.id, name: "d", description: "" });
    const properties = { type: "markdown", shape: "chronograf-v2", note: "ünïcode ✓", nested: { list: [1, "two", null] } };
    const [a, b] = await repo.insertCells(store.db, d.id, [
      { x: 0, y: 0, w: 1, h: 1, viewName: "a", viewProperties: properties },
      { x: 1, y: 0, w: 1, h: 1, viewName: "b", viewProperties: repo.EMPTY_VIEW },
    ]);
    const [c] = await repo.insertCells(store.db, d.id, [{ x: 2, y: 0, w: 1, h: 1, viewName: "c", viewProperties: repo.EMPTY_VIEW }]);
    expect([a!.position, b!.position, c!.position]).toEqual([0, 1, 2]);
    expect((await repo.findCell(store.db, d.id, a!.id))?.view_properties).toEqual(properties);

    await repo.deleteCellsExcept(store.db, d.id, [c!.id, a!.id]);
    await repo.updateCell(store.db, d.id, c!.id, { position: 0, w: 9 });
    await repo.updateCell(store.db, d.id, a!.id, { position: 1 });
    const cells = (await repo.cellsOfDashboards(store.db, [d.id])).get(d.id) ?? [];
    expect(cells.map((cell) => [cell.view_name, cell.w])).toEqual([
      ["c", 9],
      ["a", 1],
    ]);
    expect(await repo.updateCell(store.db, "0000000000000000", c!.id, { w: 1 })).toBeUndefined();
    expect(await repo.deleteCell(store.db, d.id, b!.id)).toBe(false);
    await repo.deleteCellsExcept(store.db, d.id, []);
    expect((await repo.cellsOfDashboards(store.db, [d.id])).get(d.id)).toEqual([]);
  });

  it("filters lists by org, IDs, owner and visibility; sorts and pages", async () => {
    const org = await createOrgWithSystemBuckets(store.db, { name: "dash-repo-list" });
    const other = await createOrgWithSystemBuckets(store.db, { name: "dash-repo-list-other" });
    const made = [];
    for (const name of ["x", "y", "z"]) made.push(await repo.createDashboard(store.db, { orgID: org.id, name, description: "" }));
    const foreign = await repo.createDashboard(store.db, { orgID: other.id, name: "f", description: "" });
    // Creation times one second apart, so that sorting by them cannot meet a tie.
    for (const [i, d] of [...made, foreign].entries()) {
      await store.db.updateTable("dashboards").set({ created_at: new Date(Date.UTC(2024, 0, 1, 0, 0, i)) }).where("id", "=", d.id).execute();
    }
    const names = async (filter: repo.DashboardFilter, sortBy: repo.SortBy = "CreatedAt", p = page()) => (await repo.listDashboards(store.db, filter, p, sortBy)).dashboards.map((d) => d.name);

    expect(await names({ orgID: org.id, visible: "all" })).toEqual(["x", "y", "z"]);
    expect(await names({ orgID: org.id, visible: "all" }, "CreatedAt", page(20, 0, true))).toEqual(["z", "y", "x"]);
    expect(await names({ ids: [made[0]!.id, foreign.id], visible: "all" })).toEqual(["x", "f"]);
    expect(await names({ ids: [], visible: "all" })).toEqual([]);
    expect(await names({ visible: { orgIDs: [other.id], ids: [made[1]!.id] } })).toEqual(["y", "f"]);
    expect(await names({ visible: { orgIDs: [], ids: [] } })).toEqual([]);

    const first = await repo.listDashboards(store.db, { orgID: org.id, visible: "all" }, page(2), "CreatedAt");
    expect([first.dashboards.length, first.more]).toEqual([2, true]);
    const last = await repo.listDashboards(store.db, { orgID: org.id, visible: "all" }, page(2, 2), "CreatedAt");
    expect([last.dashboards.map((d) => d.name), last.more]).toEqual([["z"], false]);

    const user = await insertUser(store.db, { name: "dash-repo-owner" });
    await setResourceRole(store.db, "dashboards", made[2]!.id, user.id, "owner");
    await setResourceRole(store.db, "dashboards", made[1]!.id, user.id, "member");
    expect(await names({ ownerID: user.id, visible: "all" })).toEqual(["z"]);
    await removeAllResourceUsers(store.db, "dashboards", [made[2]!.id]);
    expect(await names({ ownerID: user.id, visible: "all" })).toEqual([]);
  });

  it("deleting a dashboard or its org removes its cells", async () => {
    const org = await createOrgWithSystemBuckets(store.db, { name: "dash-repo-cascade" });
    const d = await repo.createDashboard(store.db, { orgID: org.id, name: "gone", description: "" });
    const e = await repo.createDashboard(store.db, { orgID: org.id, name: "gone too", description: "" });
    await repo.insertCells(store.db, d.id, [{ x: 0, y: 0, w: 1, h: 1, viewName: "", viewProperties: repo.EMPTY_VIEW }]);
    await repo.insertCells(store.db, e.id, [{ x: 0, y: 0, w: 1, h: 1, viewName: "", viewProperties: repo.EMPTY_VIEW }]);
    expect(await repo.deleteDashboard(store.db, d.id)).toBe(true);
    expect(await repo.deleteDashboard(store.db, d.id)).toBe(false);
    expect((await repo.cellsOfDashboards(store.db, [d.id])).get(d.id)).toEqual([]);
    await store.db.transaction().execute((trx) => deleteOrg(trx, org.id));
    expect(await repo.findDashboardByID(store.db, e.id)).toBeUndefined();
    expect((await repo.cellsOfDashboards(store.db, [e.id])).get(e.id)).toEqual([]);
  });
});
