// Tenancy repositories on every metadata backend (PGlite always, PostgreSQL when configured).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorPermissions } from "../auth/permissions.js";
import { hashToken } from "../auth/tokens.js";
import { createAuthorization } from "../authorizations/repository.js";
import type { MetadataStore } from "../db/index.js";
import { findOrgByName, createOrgWithSystemBuckets } from "../orgs/repository.js";
import { metadataBackends } from "../test-support/metadata-backends.js";
import * as users from "./repository.js";

describe.each(metadataBackends())("tenancy repositories on $name", (backend) => {
  let store: MetadataStore;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it("stores, finds, pages, updates and deletes users", async () => {
    const names = ["u1", "u2", "u3", "u4", "u5"];
    const created = [];
    for (const name of names) created.push(await users.insertUser(store.db, { name }));
    expect((await users.findUserByName(store.db, "u3"))?.id).toBe(created[2]!.id);
    const sorted = created.map((u) => u.id).sort();
    const page1 = await users.listUsers(store.db, {}, { offset: 0, limit: 2, descending: false });
    const page2 = await users.listUsers(store.db, {}, { offset: 2, limit: 2, descending: false });
    expect([...page1, ...page2].map((u) => u.id)).toEqual(sorted.slice(0, 4));
    const after = await users.listUsers(store.db, {}, { offset: 0, limit: 10, descending: false, after: sorted[2]! });
    expect(after.map((u) => u.id)).toEqual(sorted.slice(3));
    expect(await users.listUsers(store.db, { visibleIDs: [] }, { offset: 0, limit: 10, descending: false })).toEqual([]);
    const renamed = await users.updateUser(store.db, created[0]!.id, { name: "u1-renamed", status: "inactive" });
    expect(renamed).toMatchObject({ name: "u1-renamed", status: "inactive" });
    expect(renamed!.updated_at.getTime()).toBeGreaterThanOrEqual(created[0]!.updated_at.getTime());
    expect(await users.deleteUser(store.db, created[0]!.id)).toBe(true);
    expect(await users.deleteUser(store.db, created[0]!.id)).toBe(false);
  });

  it("upserts password hashes", async () => {
    const u = await users.insertUser(store.db, { name: "pw" });
    await users.setPasswordHash(store.db, u.id, "hash-1");
    await users.setPasswordHash(store.db, u.id, "hash-2");
    expect(await users.findPasswordHash(store.db, u.id)).toBe("hash-2");
  });

  it("creates orgs with their system buckets and owner, and cascades user deletion to tokens and sessions", async () => {
    const owner = await users.insertUser(store.db, { name: "owner" });
    const org = await createOrgWithSystemBuckets(store.db, { name: "org-a", ownerID: owner.id });
    expect((await findOrgByName(store.db, "org-a"))?.id).toBe(org.id);
    const buckets = await store.db.selectFrom("buckets").select(["name", "type"]).where("org_id", "=", org.id).orderBy("name").execute();
    expect(buckets).toEqual([{ name: "_monitoring", type: "system" }, { name: "_tasks", type: "system" }]);
    const mapping = await store.db.selectFrom("user_resource_mappings").selectAll().where("user_id", "=", owner.id).executeTakeFirstOrThrow();
    expect(mapping).toMatchObject({ resource_type: "orgs", resource_id: org.id, role: "owner" });

    const { row, token } = await createAuthorization(store.db, { orgID: org.id, userID: owner.id, permissions: operatorPermissions() });
    expect(row.token_hash).toBe(hashToken(token));
    expect(row.permissions).toEqual(operatorPermissions());
    await store.db.insertInto("sessions").values({ id: "00000000000000ff", user_id: owner.id, created_at: new Date(), expires_at: new Date(Date.now() + 60_000) }).execute();

    await users.deleteUser(store.db, owner.id);
    expect(await store.db.selectFrom("authorizations").select("id").where("user_id", "=", owner.id).execute()).toEqual([]);
    expect(await store.db.selectFrom("sessions").select("id").where("user_id", "=", owner.id).execute()).toEqual([]);
    expect(await store.db.selectFrom("user_resource_mappings").select("user_id").where("user_id", "=", owner.id).execute()).toEqual([]);
  });
});
