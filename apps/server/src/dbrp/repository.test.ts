// DBRP and v1 authorization SQL on every metadata backend (PGlite always, PostgreSQL when
// configured): the partial unique index that keeps one default per database, the default hand-over
// on update and delete, cascades from buckets and orgs, and virtual mappings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBucket, deleteBucket } from "../buckets/repository.js";
import type { MetadataStore } from "../db/index.js";
import { isUniqueViolation } from "../db/errors.js";
import * as legacy from "../legacy/repository.js";
import { createOrgWithSystemBuckets, deleteOrg } from "../orgs/repository.js";
import { metadataBackends } from "../test-support/metadata-backends.js";
import { findDbrps } from "./mappings.js";
import * as repo from "./repository.js";

const uniqueViolation = (p: Promise<unknown>) => p.then(() => false, (err: unknown) => isUniqueViolation(err));

describe.each(metadataBackends())("DBRP and v1 authorization repositories on $name", (backend) => {
  let store: MetadataStore;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it("keeps one default per database through create, update and delete", async () => {
    const org = await createOrgWithSystemBuckets(store.db, { name: "dbrp-repo" });
    const b = await createBucket(store.db, { orgID: org.id, name: "b" });
    const input = { orgID: org.id, bucketID: b.id, database: "db" };
    const one = await repo.createDbrp(store.db, { ...input, retentionPolicy: "one", isDefault: false });
    expect(one.is_default).toBe(true);
    const two = await repo.createDbrp(store.db, { ...input, retentionPolicy: "two", isDefault: true });
    const defaults = async () => (await repo.listDbrps(store.db, { orgID: org.id, database: "db", isDefault: true })).map((r) => r.retention_policy);
    expect(await defaults()).toEqual(["two"]);
    // The index itself refuses a second default and a second db/rp.
    expect(await uniqueViolation(store.db.updateTable("dbrps").set({ is_default: true }).where("id", "=", one.id).execute())).toBe(true);
    expect(await uniqueViolation(repo.createDbrp(store.db, { ...input, retentionPolicy: "two", isDefault: false }))).toBe(true);

    expect((await repo.updateDbrp(store.db, one.id, { isDefault: true }))?.is_default).toBe(true);
    expect(await defaults()).toEqual(["one"]);
    expect((await repo.updateDbrp(store.db, one.id, { isDefault: false }))?.is_default).toBe(false);
    expect(await defaults()).toEqual(["two"]);
    expect(await repo.deleteDbrp(store.db, two.id)).toBe(true);
    expect(await defaults()).toEqual(["one"]);
    // The last mapping of a database stays its default.
    expect((await repo.updateDbrp(store.db, one.id, { isDefault: false }))?.is_default).toBe(true);
    expect(await repo.deleteDbrp(store.db, two.id)).toBe(false);
    expect(await repo.updateDbrp(store.db, two.id, { isDefault: true })).toBeUndefined();
  });

  it("derives virtual mappings from bucket names and drops stored ones with their bucket", async () => {
    const org = await createOrgWithSystemBuckets(store.db, { name: "dbrp-virtual" });
    const plain = await createBucket(store.db, { orgID: org.id, name: "telegraf" });
    const daily = await createBucket(store.db, { orgID: org.id, name: "telegraf/daily" });
    const other = await createBucket(store.db, { orgID: org.id, name: "other" });
    const all = await findDbrps(store.db, { orgID: org.id });
    // Buckets made in the same millisecond have no order by age: compare sorted by retention policy.
    const telegrafRows = all.filter((m) => m.database === "telegraf").sort((a, b) => a.retentionPolicy.localeCompare(b.retentionPolicy));
    expect(telegrafRows.map((m) => [m.bucketID, m.retentionPolicy, m.isDefault, m.virtual])).toEqual([
      [plain.id, "autogen", true, true],
      [daily.id, "daily", false, true],
    ]);
    expect(all.some((m) => m.database === "_monitoring" && m.virtual)).toBe(true);

    const stored = await repo.createDbrp(store.db, { orgID: org.id, bucketID: other.id, database: "telegraf", retentionPolicy: "daily", isDefault: false });
    const telegraf = await findDbrps(store.db, { orgID: org.id, database: "telegraf" });
    // The stored db/rp hides the virtual one of the same name and, as the only stored one, is the default.
    expect(telegraf.map((m) => [m.id, m.isDefault, m.virtual])).toEqual([
      [stored.id, true, false],
      [plain.id, false, true],
    ]);
    // `other` has a stored mapping now, so no virtual one.
    expect((await findDbrps(store.db, { orgID: org.id, database: "other" })).length).toBe(0);

    expect(await deleteBucket(store.db, other.id)).toBe(true);
    expect(await repo.findDbrpByID(store.db, stored.id)).toBeUndefined();
    expect((await findDbrps(store.db, { orgID: org.id, database: "telegraf", isDefault: true })).map((m) => m.bucketID)).toEqual([plain.id]);
  });

  it("keeps v1 usernames unique, stores the password hash apart, and cascades with the org", async () => {
    const org = await createOrgWithSystemBuckets(store.db, { name: "legacy-repo" });
    const now = new Date();
    await store.db.insertInto("users").values({ id: "00000000000000aa", name: "legacy-user", status: "active", created_at: now, updated_at: now }).execute();
    const permissions = [{ action: "write" as const, resource: { type: "buckets" as const, orgID: org.id } }];
    const a = await legacy.createLegacyAuthorization(store.db, { token: "v1user", orgID: org.id, userID: "00000000000000aa", permissions });
    expect(a).toMatchObject({ token: "v1user", status: "active", password_hash: null, permissions });
    expect(await uniqueViolation(legacy.createLegacyAuthorization(store.db, { token: "v1user", orgID: org.id, userID: "00000000000000aa", permissions }))).toBe(true);
    expect(await legacy.setLegacyPassword(store.db, a.id, "$argon2id$fake")).toBe(true);
    expect((await legacy.findLegacyAuthorizationByToken(store.db, "v1user"))?.password_hash).toBe("$argon2id$fake");
    expect((await legacy.updateLegacyAuthorization(store.db, a.id, { status: "inactive" }))?.status).toBe("inactive");
    expect((await legacy.listLegacyAuthorizations(store.db, { orgID: org.id })).map((r) => r.id)).toEqual([a.id]);
    await deleteOrg(store.db, org.id);
    expect(await legacy.findLegacyAuthorizationByID(store.db, a.id)).toBeUndefined();
  });
});
