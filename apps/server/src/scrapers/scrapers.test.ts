import { beforeAll, describe, expect, it } from "vitest";
import type { Permission } from "../auth/permissions.js";
import { createAuthorization } from "../authorizations/repository.js";
import { type ErrorJson, type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";

interface ScraperJson {
  id: string;
  name: string;
  type: string;
  url: string;
  orgID: string;
  bucketID: string;
  allowInsecure: boolean;
  org: string;
  bucket: string;
  labels: { id: string }[];
  links: Record<string, string>;
}

// Nothing listens on port 1: should the loop reach these targets during the tests, they fail fast.
const URL = "http://127.0.0.1:1/metrics";

describe("scrapers", () => {
  let t: TestServer;
  let instance: Instance;
  let otherOrgID: string;
  let otherBucketID: string;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  beforeAll(async () => {
    otherOrgID = (await t.client.post<{ id: string }>("/api/v2/orgs", { name: "other" }, op())).body.id;
    otherBucketID = (await t.client.post<{ id: string }>("/api/v2/buckets", { orgID: otherOrgID, name: "theirs" }, op())).body.id;
  });
  const op = () => ({ token: instance.operatorToken });
  const create = async (body: Record<string, unknown> = {}) => {
    const res = await t.client.post<ScraperJson>("/api/v2/scrapers", { name: "node", type: "prometheus", url: URL, orgID: instance.org.id, bucketID: instance.bucket.id, ...body }, op());
    expect(res.status, res.text).toBe(201);
    return res.body;
  };
  const tokenWith = async (permissions: Permission[]) => (await createAuthorization(t.server.app.db, { orgID: instance.org.id, userID: instance.user.id, permissions })).token;

  it("creates, reads, patches and deletes a scraper target", async () => {
    const created = await create({ name: "node exporter", allowInsecure: true });
    const self = `/api/v2/scrapers/${created.id}`;
    expect(created).toEqual({
      id: created.id,
      name: "node exporter",
      type: "prometheus",
      url: URL,
      orgID: instance.org.id,
      bucketID: instance.bucket.id,
      allowInsecure: true,
      org: instance.org.name,
      bucket: instance.bucket.name,
      labels: [],
      links: { self, bucket: `/api/v2/buckets/${instance.bucket.id}`, organization: `/api/v2/orgs/${instance.org.id}`, labels: `${self}/labels`, members: `${self}/members`, owners: `${self}/owners` },
    });
    expect((await t.client.get<ScraperJson>(self, op())).body).toEqual(created);

    const bucketID = (await t.client.post<{ id: string }>("/api/v2/buckets", { orgID: instance.org.id, name: "elsewhere" }, op())).body.id;
    const patched = await t.client.patch<ScraperJson>(self, { name: "renamed", url: "https://127.0.0.1:1/m", bucketID, allowInsecure: false }, op());
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ name: "renamed", url: "https://127.0.0.1:1/m", bucketID, bucket: "elsewhere", allowInsecure: false, type: "prometheus" });

    expect((await t.client.delete(self, op())).status).toBe(204);
    expect((await t.client.get<ErrorJson>(self, op())).body).toEqual({ code: "not found", message: "scraper target not found" });
    expect((await t.client.delete(self, op())).status).toBe(404);
    expect((await t.client.patch(self, { name: "x" }, op())).status).toBe(404);
  });

  it("lists targets by org, org name, name and ID, and only those the caller may read", async () => {
    const a = await create({ name: "list-a" });
    const b = await create({ name: "list-b" });
    const theirs = await create({ name: "list-theirs", orgID: otherOrgID, bucketID: otherBucketID });
    const ids = async (query: Record<string, string | string[]>, token = instance.operatorToken) => {
      const res = await t.client.get<{ configurations: ScraperJson[] }>("/api/v2/scrapers", { token, query: query as Record<string, string> });
      expect(res.status, res.text).toBe(200);
      return res.body.configurations.map((s) => s.id);
    };
    expect(await ids({})).toEqual(expect.arrayContaining([a.id, b.id, theirs.id]));
    expect(await ids({ orgID: otherOrgID })).toEqual([theirs.id]);
    expect(await ids({ org: "other" })).toEqual([theirs.id]);
    expect(await ids({ name: "list-b" })).toEqual([b.id]);
    expect(await ids({ id: a.id })).toEqual([a.id]);
    expect((await t.client.get<ErrorJson>("/api/v2/scrapers", { ...op(), query: { org: "nope" } })).status).toBe(404);
    const token = await tokenWith([{ action: "read", resource: { type: "scrapers", orgID: instance.org.id } }]);
    const visible = await ids({}, token);
    expect(visible).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(visible).not.toContain(theirs.id);
  });

  it("shows an empty bucket name once the bucket is gone", async () => {
    const bucketID = (await t.client.post<{ id: string }>("/api/v2/buckets", { orgID: instance.org.id, name: "short-lived" }, op())).body.id;
    const created = await create({ name: "outlives", bucketID });
    expect((await t.client.delete(`/api/v2/buckets/${bucketID}`, op())).status).toBe(204);
    expect((await t.client.get<ScraperJson>(`/api/v2/scrapers/${created.id}`, op())).body).toMatchObject({ bucketID, bucket: "" });
  });

  it("rejects bad input and unknown IDs", async () => {
    const post = (body: Record<string, unknown>) =>
      t.client.post<ErrorJson>("/api/v2/scrapers", { name: "bad", type: "prometheus", url: URL, orgID: instance.org.id, bucketID: instance.bucket.id, ...body }, op());
    expect((await post({ url: "not a url" })).body).toEqual({ code: "invalid", message: 'invalid scraper target URL "not a url"' });
    expect((await post({ url: "ftp://host/metrics" })).status).toBe(400);
    expect((await post({ name: " " })).status).toBe(400);
    expect((await post({ type: "influx" })).status).toBe(400);
    expect((await post({ orgID: undefined })).body).toEqual({ code: "invalid", message: "orgID is required" });
    expect((await post({ bucketID: undefined })).body).toEqual({ code: "invalid", message: "bucketID is required" });
    expect((await post({ orgID: "0123456789abcdef" })).status).toBe(404);
    expect((await post({ bucketID: "0123456789abcdef" })).body).toEqual({ code: "not found", message: "bucket not found" });
    expect((await post({ bucketID: otherBucketID })).status).toBe(400);

    const created = await create({ name: "target" });
    const self = `/api/v2/scrapers/${created.id}`;
    expect((await t.client.patch(self, { bucketID: otherBucketID }, op())).status).toBe(400);
    expect((await t.client.patch(self, { orgID: otherOrgID }, op())).status).toBe(400);
    expect((await t.client.patch(self, { url: "nope" }, op())).status).toBe(400);
    expect((await t.client.get("/api/v2/scrapers/0123456789abcdef", op())).status).toBe(404);
    expect((await t.client.get("/api/v2/scrapers/xyz", op())).status).toBe(400);
  });

  it("needs write on the target bucket to point a target at it", async () => {
    const scrapersOnly = await tokenWith([{ action: "write", resource: { type: "scrapers", orgID: instance.org.id } }]);
    const body = { name: "sneaky", type: "prometheus", url: URL, orgID: instance.org.id, bucketID: instance.bucket.id };
    expect((await t.client.post("/api/v2/scrapers", body, { token: scrapersOnly })).status).toBe(403);
    const both = await tokenWith([
      { action: "write", resource: { type: "scrapers", orgID: instance.org.id } },
      { action: "write", resource: { type: "buckets", orgID: instance.org.id, id: instance.bucket.id } },
    ]);
    expect((await t.client.post("/api/v2/scrapers", body, { token: both })).status).toBe(201);
  });

  it("attaches and detaches labels, not across orgs", async () => {
    const created = await create({ name: "labelled" });
    const label = (await t.client.post<{ label: { id: string } }>("/api/v2/labels", { orgID: instance.org.id, name: "scraper-label" }, op())).body.label;
    const foreign = (await t.client.post<{ label: { id: string } }>("/api/v2/labels", { orgID: otherOrgID, name: "foreign" }, op())).body.label;
    const path = `/api/v2/scrapers/${created.id}/labels`;
    expect((await t.client.post(path, { labelID: label.id }, op())).status).toBe(201);
    expect((await t.client.get<{ labels: { id: string }[] }>(path, op())).body.labels.map((l) => l.id)).toEqual([label.id]);
    expect((await t.client.get<ScraperJson>(`/api/v2/scrapers/${created.id}`, op())).body.labels.map((l) => l.id)).toEqual([label.id]);
    expect((await t.client.post<ErrorJson>(path, { labelID: foreign.id }, op())).status).toBe(400);
    expect((await t.client.post(path, { labelID: "0123456789abcdef" }, op())).status).toBe(404);
    expect((await t.client.get("/api/v2/scrapers/0123456789abcdef/labels", op())).status).toBe(404);
    expect((await t.client.delete(`${path}/${label.id}`, op())).status).toBe(204);
    expect((await t.client.delete(`${path}/${label.id}`, op())).status).toBe(404);
  });

  it("makes the creator an owner; adds, lists and removes members and owners", async () => {
    const created = await create({ name: "shared" });
    const base = `/api/v2/scrapers/${created.id}`;
    expect((await t.client.get<{ users: { id: string; role: string }[] }>(`${base}/owners`, op())).body.users).toEqual([expect.objectContaining({ id: instance.user.id, role: "owner" })]);
    const user = (await t.client.post<{ id: string }>("/api/v2/users", { name: "scraper-member" }, op())).body.id;
    expect((await t.client.post<{ role: string }>(`${base}/members`, { id: user }, op())).body).toMatchObject({ id: user, role: "member" });
    expect((await t.client.get<{ users: { id: string }[] }>(`${base}/members`, op())).body.users.map((u) => u.id)).toEqual([user]);
    expect((await t.client.delete(`${base}/members/${user}`, op())).status).toBe(204);
    expect((await t.client.delete(`${base}/members/${user}`, op())).status).toBe(404);
    expect((await t.client.post(`${base}/owners`, { id: "0123456789abcdef" }, op())).status).toBe(404);
    expect((await t.client.get("/api/v2/scrapers/0123456789abcdef/members", op())).status).toBe(404);
    expect((await t.client.delete(base, op())).status).toBe(204);
    expect(await t.server.app.db.selectFrom("user_resource_mappings").selectAll().where("resource_id", "=", created.id).execute()).toEqual([]);
  });
});
