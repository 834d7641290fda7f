// Org, bucket and member repositories on every metadata backend (PGlite always, PostgreSQL when configured).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetadataStore } from "../db/index.js";
import { listResourceUsers, removeResourceUser, setResourceRole } from "../orgs/members.js";
import { createOrgWithSystemBuckets, deleteOrg, listOrgs } from "../orgs/repository.js";
import { metadataBackends } from "../test-support/metadata-backends.js";
import { createDashboard } from "../dashboards/repository.js";
import { insertUser } from "../users/repository.js";
import * as buckets from "./repository.js";

const page = (p: Partial<{ offset: number; limit: number; after: string; descending: boolean }> = {}) => ({ offset: 0, limit: 100, descending: false, ...p });

describe.each(metadataBackends())("org and bucket repositories on $name", (backend) => {
  let store: MetadataStore;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it("lists buckets by name within an org, by ID across orgs, with after, offset, visibility and look-ahead", async () => {
    const org = await createOrgWithSystemBuckets(store.db, { name: "repo-a" });
    const other = await createOrgWithSystemBuckets(store.db, { name: "repo-b" });
    for (const name of ["c", "a", "b"]) await buckets.createBucket(store.db, { orgID: org.id, name });
    const otherBucket = await buckets.createBucket(store.db, { orgID: other.id, name: "z" });

    const inOrg = await buckets.listBuckets(store.db, { orgID: org.id, visible: "all" }, page());
    expect(inOrg.buckets.map((b) => b.name)).toEqual(["_monitoring", "_tasks", "a", "b", "c"]);
    expect(inOrg.more).toBe(false);
    const a = inOrg.buckets[2]!;
    const afterA = await buckets.listBuckets(store.db, { orgID: org.id, visible: "all" }, page({ after: a.id, limit: 1 }));
    expect(afterA).toMatchObject({ buckets: [{ name: "b" }], more: true });
    const afterAOffset = await buckets.listBuckets(store.db, { orgID: org.id, visible: "all" }, page({ after: a.id, offset: 1, limit: 1 }));
    expect(afterAOffset).toMatchObject({ buckets: [{ name: "c" }], more: false });
    const descending = await buckets.listBuckets(store.db, { orgID: org.id, visible: "all" }, page({ descending: true }));
    expect(descending.buckets.map((b) => b.name)).toEqual(["c", "b", "a", "_tasks", "_monitoring"]);
    const beforeC = await buckets.listBuckets(store.db, { orgID: org.id, visible: "all" }, page({ descending: true, after: descending.buckets[0]!.id, limit: 1 }));
    expect(beforeC).toMatchObject({ buckets: [{ name: "b" }], more: true });
    // An `after` bucket of another org matches nothing in this one.
    expect((await buckets.listBuckets(store.db, { orgID: org.id, visible: "all" }, page({ after: otherBucket.id }))).buckets).toEqual([]);

    const all = await buckets.listBuckets(store.db, { visible: "all" }, page());
    const ids = all.buckets.map((b) => b.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toHaveLength(8);
    expect((await buckets.listBuckets(store.db, { visible: "all" }, page({ after: ids[4]! }))).buckets.map((b) => b.id)).toEqual(ids.slice(5));

    const byName = await buckets.listBuckets(store.db, { name: "_tasks", visible: "all" }, page());
    expect(byName.buckets.map((b) => b.org_id).sort()).toEqual([org.id, other.id].sort());

    const visible = await buckets.listBuckets(store.db, { visible: { orgIDs: [other.id], ids: [a.id] } }, page());
    expect(visible.buckets.map((b) => b.name).sort()).toEqual(["_monitoring", "_tasks", "a", "z"]);
    expect((await buckets.listBuckets(store.db, { visible: { orgIDs: [], ids: [] } }, page())).buckets).toEqual([]);
  });

  it("updates and deletes buckets, forgetting their members", async () => {
    const org = await createOrgWithSystemBuckets(store.db, { name: "repo-c" });
    const user = await insertUser(store.db, { name: "repo-user" });
    const b = await buckets.createBucket(store.db, { orgID: org.id, name: "x", retentionSeconds: 3600 });
    expect(b.shard_group_duration_seconds).toBe(3600);
    const updated = await buckets.updateBucket(store.db, b.id, { name: "y", retentionSeconds: 7200, shardGroupDurationSeconds: 3600, description: "d" });
    expect(updated).toMatchObject({ name: "y", retention_seconds: 7200, shard_group_duration_seconds: 3600, description: "d" });
    expect(await buckets.findBucketByName(store.db, org.id, "y")).toMatchObject({ id: b.id });

    await setResourceRole(store.db, "buckets", b.id, user.id, "member");
    await setResourceRole(store.db, "buckets", b.id, user.id, "owner");
    expect(await listResourceUsers(store.db, "buckets", b.id, "member")).toEqual([]);
    expect((await listResourceUsers(store.db, "buckets", b.id, "owner")).map((u) => u.id)).toEqual([user.id]);
    expect(await buckets.deleteBucket(store.db, b.id)).toBe(true);
    expect(await buckets.deleteBucket(store.db, b.id)).toBe(false);
    expect(await removeResourceUser(store.db, "buckets", b.id, user.id)).toBe(false);
  });

  it("lists orgs by user and visibility, pages them, and deletes an org with its buckets and mappings", async () => {
    const user = await insertUser(store.db, { name: "org-member" });
    const o1 = await createOrgWithSystemBuckets(store.db, { name: "repo-o1", ownerID: user.id });
    const o2 = await createOrgWithSystemBuckets(store.db, { name: "repo-o2" });
    await setResourceRole(store.db, "orgs", o2.id, user.id, "member");
    await createOrgWithSystemBuckets(store.db, { name: "repo-o3" });
    const mine = await listOrgs(store.db, { userID: user.id }, page());
    expect(mine.orgs.map((o) => o.name).sort()).toEqual(["repo-o1", "repo-o2"]);
    expect((await listOrgs(store.db, { visibleIDs: [o2.id] }, page())).orgs.map((o) => o.id)).toEqual([o2.id]);
    expect((await listOrgs(store.db, { visibleIDs: [] }, page())).orgs).toEqual([]);
    const all = await listOrgs(store.db, {}, page());
    const ids = all.orgs.map((o) => o.id);
    expect(ids).toEqual([...ids].sort());
    expect(await listOrgs(store.db, {}, page({ limit: 1 }))).toMatchObject({ orgs: [{ id: ids[0] }], more: true });
    expect((await listOrgs(store.db, {}, page({ descending: true, after: ids[ids.length - 1]! }))).orgs.map((o) => o.id)).toEqual(ids.slice(0, -1).reverse());

    const b = await buckets.createBucket(store.db, { orgID: o1.id, name: "doomed" });
    await setResourceRole(store.db, "buckets", b.id, user.id, "owner");
    const dashboard = await createDashboard(store.db, { orgID: o1.id, name: "doomed", description: "" });
    await setResourceRole(store.db, "dashboards", dashboard.id, user.id, "member");
    const deleted = await deleteOrg(store.db, o1.id);
    expect(deleted?.bucketIDs.sort()).toHaveLength(3);
    expect(deleted?.bucketIDs).toContain(b.id);
    expect(await buckets.findBucketByID(store.db, b.id)).toBeUndefined();
    const left = await store.db.selectFrom("user_resource_mappings").select(["resource_type", "resource_id"]).where("user_id", "=", user.id).execute();
    expect(left).toEqual([{ resource_type: "orgs", resource_id: o2.id }]);
    expect(await deleteOrg(store.db, o1.id)).toBeUndefined();
  });
});
