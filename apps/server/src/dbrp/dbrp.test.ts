import { describe, expect, it } from "vitest";
import { createAuthorization } from "../authorizations/repository.js";
import type { Permission } from "../auth/permissions.js";
import { type ErrorJson, type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";

interface DbrpJson {
  id: string;
  orgID: string;
  bucketID: string;
  database: string;
  retention_policy: string;
  default: boolean;
  virtual: boolean;
}

describe("DBRP mappings", () => {
  let t: TestServer;
  let instance: Instance;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  const op = () => ({ token: instance.operatorToken });
  const bucket = async (name: string, orgID = instance.org.id) =>
    (await t.client.post<{ id: string }>("/api/v2/buckets", { orgID, name, retentionRules: [] }, op())).body.id;
  const create = (body: Record<string, unknown>, token = instance.operatorToken) => t.client.post<DbrpJson>("/api/v2/dbrps", { orgID: instance.org.id, ...body }, { token });
  const list = async (query: Record<string, string> = {}, token = instance.operatorToken) =>
    (await t.client.get<{ content: DbrpJson[] }>("/api/v2/dbrps", { token, query: { orgID: instance.org.id, ...query } })).body.content;
  const tokenFor = async (permissions: Permission[]) => (await createAuthorization(t.server.app.db, { orgID: instance.org.id, userID: instance.user.id, permissions })).token;

  it("creates mappings; the first of a database is its default, a new default demotes the old one", async () => {
    const a = await bucket("crud-a");
    const b = await bucket("crud-b");
    const first = await create({ bucketID: a, database: "crud", retention_policy: "one" });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{16}$/), orgID: instance.org.id, bucketID: a, database: "crud", retention_policy: "one", default: true, virtual: false });
    const second = await create({ bucketID: b, database: "crud", retention_policy: "two" });
    expect(second.body.default).toBe(false);
    const third = await create({ bucketID: b, database: "crud", retention_policy: "three", default: true });
    expect(third.body.default).toBe(true);
    const stored = await list({ db: "crud" });
    expect(stored.map((m) => [m.retention_policy, m.default])).toEqual([["one", false], ["three", true], ["two", false]]);
    expect(stored.filter((m) => m.default)).toHaveLength(1);

    const got = await t.client.get<{ content: DbrpJson }>(`/api/v2/dbrps/${first.body.id}`, { ...op(), query: { orgID: instance.org.id } });
    expect(got.status).toBe(200);
    expect(got.body.content).toMatchObject({ id: first.body.id, default: false, retention_policy: "one" });
  });

  it("patches the retention policy and the default flag, keeping one default per database", async () => {
    const a = await bucket("patch-a");
    const one = (await create({ bucketID: a, database: "patchdb", retention_policy: "one" })).body;
    const two = (await create({ bucketID: a, database: "patchdb", retention_policy: "two" })).body;
    const patch = (id: string, body: unknown) => t.client.patch<{ content: DbrpJson }>(`/api/v2/dbrps/${id}`, body, { ...op(), query: { orgID: instance.org.id } });
    const promoted = await patch(two.id, { default: true });
    expect(promoted.status).toBe(200);
    expect(promoted.body.content).toMatchObject({ id: two.id, default: true });
    expect((await list({ db: "patchdb", default: "true" })).map((m) => m.id)).toEqual([two.id]);
    // Unsetting the default hands it to the other mapping of the database.
    expect((await patch(two.id, { default: false })).body.content.default).toBe(false);
    expect((await list({ db: "patchdb", default: "true" })).map((m) => m.id)).toEqual([one.id]);
    const renamed = await patch(one.id, { retention_policy: "uno" });
    expect(renamed.body.content).toMatchObject({ retention_policy: "uno", default: true });
    const taken = await patch(one.id, { retention_policy: "two" });
    expect(taken.status).toBe(422);
    expect(taken.body).toEqual({ code: "conflict", message: "another DBRP mapping with same orgID, db, and rp exists" });
    expect((await patch(one.id, { retention_policy: "a/b" })).status).toBe(400);
    expect((await patch("0123456789abcdef", { default: true })).status).toBe(404);
  });

  it("deletes mappings; deleting the default hands it to another mapping of the database", async () => {
    const a = await bucket("del-a");
    const one = (await create({ bucketID: a, database: "deldb", retention_policy: "one" })).body;
    const two = (await create({ bucketID: a, database: "deldb", retention_policy: "two" })).body;
    const del = (id: string) => t.client.delete<ErrorJson>(`/api/v2/dbrps/${id}`, { ...op(), query: { orgID: instance.org.id } });
    expect((await del(one.id)).status).toBe(204);
    expect(await list({ db: "deldb" })).toMatchObject([{ id: two.id, default: true }]);
    expect((await del(two.id)).status).toBe(204);
    const gone = await del(two.id);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: "not found", message: "unable to find DBRP" });
    // The bucket has no mapping left, so its virtual one is back.
    expect(await list({ bucketID: a })).toMatchObject([{ id: a, database: "del-a", retention_policy: "autogen", default: true, virtual: true }]);
  });

  it("lists a virtual mapping for every bucket without a stored one, and hides it once one exists", async () => {
    const plain = await bucket("virt");
    const slashed = await bucket("virt/weekly");
    const other = await bucket("other/daily");
    const virt = await list({ db: "virt" });
    expect(virt).toEqual([
      { id: plain, orgID: instance.org.id, bucketID: plain, database: "virt", retention_policy: "autogen", default: true, virtual: true },
      { id: slashed, orgID: instance.org.id, bucketID: slashed, database: "virt", retention_policy: "weekly", default: false, virtual: true },
    ]);
    // Without a plain `db` bucket, the only "db/rp" one is the default.
    expect(await list({ db: "other" })).toMatchObject([{ bucketID: other, retention_policy: "daily", default: true, virtual: true }]);
    expect((await list()).some((m) => m.bucketID === instance.bucket.id && m.database === instance.bucket.name && m.virtual)).toBe(true);
    const byID = await t.client.get<{ content: DbrpJson }>(`/api/v2/dbrps/${plain}`, op());
    expect(byID.body.content).toMatchObject({ id: plain, virtual: true });

    // A stored mapping of the bucket replaces its virtual one; a stored default demotes the virtual default.
    const mapped = (await create({ bucketID: plain, database: "virt", retention_policy: "stored", default: true })).body;
    expect(mapped.default).toBe(true);
    expect((await list({ db: "virt" })).map((m) => [m.retention_policy, m.default, m.virtual])).toEqual([
      ["stored", true, false],
      ["weekly", false, true],
    ]);
    // Virtual mappings are read-only.
    expect((await t.client.patch(`/api/v2/dbrps/${slashed}`, { default: true }, op())).status).toBe(400);
    expect((await t.client.delete(`/api/v2/dbrps/${slashed}`, op())).status).toBe(400);
  });

  it("filters by id, bucketID, default, db and rp, and by org name", async () => {
    const a = await bucket("filter-a");
    const m = (await create({ bucketID: a, database: "filterdb", retention_policy: "rp1" })).body;
    await create({ bucketID: a, database: "filterdb", retention_policy: "rp2" });
    expect((await list({ id: m.id })).map((x) => x.id)).toEqual([m.id]);
    expect((await list({ db: "filterdb", rp: "rp2" })).map((x) => x.retention_policy)).toEqual(["rp2"]);
    expect((await list({ db: "filterdb", default: "false" })).map((x) => x.retention_policy)).toEqual(["rp2"]);
    expect((await list({ bucketID: a })).map((x) => x.retention_policy)).toEqual(["rp1", "rp2"]);
    const byName = await t.client.get<{ content: DbrpJson[] }>("/api/v2/dbrps", { ...op(), query: { org: instance.org.name, db: "filterdb" } });
    expect(byName.body.content).toHaveLength(2);
    const noOrg = await t.client.get<ErrorJson>("/api/v2/dbrps", { ...op(), query: { org: "nowhere" } });
    expect(noOrg.status).toBe(404);
    expect((await t.client.get("/api/v2/dbrps", { ...op(), query: { orgID: "0123456789abcdef" } })).status).toBe(404);
    expect((await t.client.get("/api/v2/dbrps", { ...op(), query: { id: "not-an-id" } })).status).toBe(400);
  });

  it("scopes mappings to their org", async () => {
    const otherOrg = (await t.client.post<{ id: string }>("/api/v2/orgs", { name: "elsewhere" }, op())).body.id;
    const theirs = await bucket("scoped", otherOrg);
    const mine = await bucket("scoped");
    const m = (await create({ orgID: otherOrg, bucketID: theirs, database: "scoped", retention_policy: "rp" })).body;
    expect(m.orgID).toBe(otherOrg);
    // The same db/rp may be mapped in another org; each org has its own default.
    expect((await create({ bucketID: mine, database: "scoped", retention_policy: "rp" })).body.default).toBe(true);
    expect((await list({ db: "scoped" })).every((x) => x.orgID === instance.org.id)).toBe(true);
    expect((await t.client.get(`/api/v2/dbrps/${m.id}`, { ...op(), query: { orgID: instance.org.id } })).status).toBe(404);
    // A bucket of another org cannot be mapped.
    const cross = await create({ bucketID: theirs, database: "cross", retention_policy: "rp" });
    expect(cross.status).toBe(404);
  });

  it("refuses bad input: unknown bucket, taken db/rp, bad names", async () => {
    const a = await bucket("bad-a");
    expect((await create({ bucketID: "0123456789abcdef", database: "bad", retention_policy: "rp" })).status).toBe(404);
    expect((await create({ bucketID: a, database: "bad", retention_policy: "rp" })).status).toBe(201);
    const dup = await create({ bucketID: a, database: "bad", retention_policy: "rp" });
    expect(dup.status).toBe(422);
    expect(dup.body).toMatchObject({ code: "conflict" });
    for (const database of ["..", "a/b", "a\\b", "tab\there"]) {
      const res = await create({ bucketID: a, database, retention_policy: "rp" });
      expect(res.status, database).toBe(400);
      expect((res.body as unknown as ErrorJson).code).toBe("invalid");
    }
    expect((await create({ bucketID: a, database: "", retention_policy: "rp" })).status).toBe(400);
    expect((await create({ bucketID: a, database: "x" })).status).toBe(400);
    expect((await t.client.get("/api/v2/dbrps/0123456789abcdef", op())).status).toBe(404);
  });

  it("follows bucket permissions: read to see a mapping, write to change one", async () => {
    const a = await bucket("perm-a");
    const b = await bucket("perm-b");
    const ma = (await create({ bucketID: a, database: "permdb", retention_policy: "a" })).body;
    await create({ bucketID: b, database: "permdb", retention_policy: "b" });
    const readA = await tokenFor([{ action: "read", resource: { type: "buckets", orgID: instance.org.id, id: a } }]);
    expect((await list({ db: "permdb" }, readA)).map((m) => m.bucketID)).toEqual([a]);
    expect((await t.client.get(`/api/v2/dbrps/${ma.id}`, { token: readA })).status).toBe(200);
    expect((await create({ bucketID: a, database: "permdb", retention_policy: "c" }, readA)).status).toBe(403);
    expect((await t.client.patch(`/api/v2/dbrps/${ma.id}`, { default: true }, { token: readA })).status).toBe(403);
    expect((await t.client.delete(`/api/v2/dbrps/${ma.id}`, { token: readA })).status).toBe(403);
    expect((await t.client.get("/api/v2/dbrps", { query: { orgID: instance.org.id } })).status).toBe(401);
  });
});
