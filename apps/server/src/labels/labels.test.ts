import { beforeAll, describe, expect, it } from "vitest";
import type { Permission } from "../auth/permissions.js";
import { ERROR_STATUS } from "../http/errors.js";
import { createAuthorization } from "../authorizations/repository.js";
import { type ErrorJson, type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";

interface LabelJson {
  id: string;
  orgID: string;
  name: string;
  properties?: Record<string, string>;
}
interface LabelResponse {
  label: LabelJson;
  links: { self: string };
}
interface LabelsResponse {
  labels: LabelJson[];
  links: { self: string };
}

describe("labels", () => {
  let t: TestServer;
  let instance: Instance;
  let otherOrgID: string;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  beforeAll(async () => {
    otherOrgID = (await t.client.post<{ id: string }>("/api/v2/orgs", { name: "other" }, op())).body.id;
  });
  const op = () => ({ token: instance.operatorToken });
  const create = async (body: Record<string, unknown>) => {
    const res = await t.client.post<LabelResponse>("/api/v2/labels", { orgID: instance.org.id, ...body }, op());
    expect(res.status, res.text).toBe(201);
    return res.body.label;
  };
  const bucket = async (orgID = instance.org.id) => {
    const res = await t.client.post<{ id: string }>("/api/v2/buckets", { orgID, name: `b-${Math.random().toString(16).slice(2)}`, retentionRules: [] }, op());
    expect(res.status, res.text).toBe(201);
    return res.body.id;
  };
  const tokenWith = async (permissions: Permission[]) => (await createAuthorization(t.server.app.db, { orgID: instance.org.id, userID: instance.user.id, permissions })).token;

  it("creates, reads, updates and deletes a label", async () => {
    const created = await t.client.post<LabelResponse>("/api/v2/labels", { orgID: instance.org.id, name: "  production ", properties: { color: "#ff0000", description: "prod" } }, op());
    expect(created.status).toBe(201);
    const label = created.body.label;
    expect(label).toEqual({ id: expect.stringMatching(/^[0-9a-f]{16}$/), orgID: instance.org.id, name: "production", properties: { color: "#ff0000", description: "prod" } });
    expect(created.body.links).toEqual({ self: `/api/v2/labels/${label.id}` });

    expect((await t.client.get<LabelResponse>(`/api/v2/labels/${label.id}`, op())).body.label).toEqual(label);

    // PATCH merges properties; an empty value removes the key.
    const patched = await t.client.patch<LabelResponse>(`/api/v2/labels/${label.id}`, { name: "prod", properties: { color: "#00ff00", description: "", owner: "ops" } }, op());
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.label).toEqual({ id: label.id, orgID: instance.org.id, name: "prod", properties: { color: "#00ff00", owner: "ops" } });

    expect((await t.client.delete(`/api/v2/labels/${label.id}`, op())).status).toBe(204);
    const gone = await t.client.get<ErrorJson>(`/api/v2/labels/${label.id}`, op());
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: "not found", message: "label not found" });
  });

  it("omits properties when a label has none", async () => {
    const label = await create({ name: "bare" });
    expect(label).toEqual({ id: label.id, orgID: instance.org.id, name: "bare" });
  });

  it("lists labels by name, filtered by org and by what the caller may read", async () => {
    const a = await create({ name: "list-b" });
    const b = await create({ name: "list-a" });
    const foreign = (await t.client.post<LabelResponse>("/api/v2/labels", { orgID: otherOrgID, name: "list-c" }, op())).body.label;

    const all = await t.client.get<LabelsResponse>("/api/v2/labels", op());
    expect(all.status).toBe(200);
    expect(all.body.links).toEqual({ self: "/api/v2/labels" });
    const names = all.body.labels.map((l) => l.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(["list-a", "list-b", "list-c"]));

    const mine = await t.client.get<LabelsResponse>("/api/v2/labels", { ...op(), query: { orgID: instance.org.id } });
    expect(mine.body.labels.map((l) => l.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(mine.body.labels.some((l) => l.id === foreign.id)).toBe(false);

    const onlyA = await tokenWith([{ action: "read", resource: { type: "labels", orgID: instance.org.id, id: a.id } }]);
    expect((await t.client.get<LabelsResponse>("/api/v2/labels", { token: onlyA })).body.labels.map((l) => l.id)).toEqual([a.id]);
  });

  it("refuses a second label of the same name in an org, ignoring case, but not in another org", async () => {
    await create({ name: "Unique" });
    const again = await t.client.post<ErrorJson>("/api/v2/labels", { orgID: instance.org.id, name: "unique" }, op());
    expect(again.status).toBe(ERROR_STATUS.conflict);
    expect(again.body.code).toBe("conflict");
    expect((await t.client.post("/api/v2/labels", { orgID: otherOrgID, name: "Unique" }, op())).status).toBe(201);

    const other = await create({ name: "other-name" });
    const rename = await t.client.patch<ErrorJson>(`/api/v2/labels/${other.id}`, { name: "UNIQUE" }, op());
    expect(rename.status).toBe(ERROR_STATUS.conflict);
  });

  it("rejects bad input", async () => {
    expect((await t.client.post<ErrorJson>("/api/v2/labels", { orgID: instance.org.id, name: "   " }, op())).status).toBe(400);
    expect((await t.client.post<ErrorJson>("/api/v2/labels", { orgID: instance.org.id }, op())).status).toBe(400);
    expect((await t.client.post<ErrorJson>("/api/v2/labels", { orgID: instance.org.id, name: "x", properties: { color: 3 } }, op())).status).toBe(400);
    const noOrg = await t.client.post<ErrorJson>("/api/v2/labels", { orgID: "0123456789abcdef", name: "x" }, op());
    expect(noOrg.status).toBe(404);
    expect(noOrg.body.message).toBe("organization not found");
    expect((await t.client.get("/api/v2/labels/0123456789abcdef", op())).status).toBe(404);
    expect((await t.client.get("/api/v2/labels/not-an-id", op())).status).toBe(400);
    expect((await t.client.patch("/api/v2/labels/0123456789abcdef", { name: "y" }, op())).status).toBe(404);
    expect((await t.client.delete("/api/v2/labels/0123456789abcdef", op())).status).toBe(404);
  });

  describe("on buckets", () => {
    it("attaches, lists and detaches labels", async () => {
      const bucketID = await bucket();
      const red = await create({ name: "b-red", properties: { color: "red" } });
      const blue = await create({ name: "b-blue" });
      const path = `/api/v2/buckets/${bucketID}/labels`;
      expect((await t.client.get<LabelsResponse>(path, op())).body).toEqual({ labels: [], links: { self: path } });

      const attached = await t.client.post<LabelResponse>(path, { labelID: red.id }, op());
      expect(attached.status, attached.text).toBe(201);
      expect(attached.body).toEqual({ label: red, links: { self: `/api/v2/labels/${red.id}` } });
      expect((await t.client.post(path, { labelID: blue.id }, op())).status).toBe(201);
      expect((await t.client.get<LabelsResponse>(path, op())).body.labels).toEqual([blue, red]);

      const twice = await t.client.post<ErrorJson>(path, { labelID: red.id }, op());
      expect(twice.status).toBe(ERROR_STATUS.conflict);

      expect((await t.client.delete(`${path}/${red.id}`, op())).status).toBe(204);
      expect((await t.client.get<LabelsResponse>(path, op())).body.labels).toEqual([blue]);
      expect((await t.client.delete(`${path}/${red.id}`, op())).status).toBe(404);

      // Deleting a label detaches it everywhere.
      expect((await t.client.delete(`/api/v2/labels/${blue.id}`, op())).status).toBe(204);
      expect((await t.client.get<LabelsResponse>(path, op())).body.labels).toEqual([]);
    });

    it("refuses unknown labels, unknown buckets and labels of another org", async () => {
      const bucketID = await bucket();
      const label = await create({ name: "b-known" });
      const unknownLabel = await t.client.post<ErrorJson>(`/api/v2/buckets/${bucketID}/labels`, { labelID: "0123456789abcdef" }, op());
      expect(unknownLabel.status).toBe(404);
      expect(unknownLabel.body).toEqual({ code: "not found", message: "label not found" });
      expect((await t.client.delete(`/api/v2/buckets/${bucketID}/labels/0123456789abcdef`, op())).status).toBe(404);
      expect((await t.client.post(`/api/v2/buckets/${bucketID}/labels`, { labelID: "nope" }, op())).status).toBe(400);

      const unknownBucket = await t.client.post<ErrorJson>("/api/v2/buckets/0123456789abcdef/labels", { labelID: label.id }, op());
      expect(unknownBucket.status).toBe(404);
      expect(unknownBucket.body.message).toBe("bucket not found");
      expect((await t.client.get("/api/v2/buckets/0123456789abcdef/labels", op())).status).toBe(404);
      expect((await t.client.get("/api/v2/buckets/zz/labels", op())).status).toBe(400);

      const foreign = (await t.client.post<LabelResponse>("/api/v2/labels", { orgID: otherOrgID, name: "b-foreign" }, op())).body.label;
      const crossOrg = await t.client.post<ErrorJson>(`/api/v2/buckets/${bucketID}/labels`, { labelID: foreign.id }, op());
      expect(crossOrg.status).toBe(400);
      expect(crossOrg.body.code).toBe("invalid");
      expect((await t.client.get<LabelsResponse>(`/api/v2/buckets/${bucketID}/labels`, op())).body.labels).toEqual([]);
    });

    it("lists only the attached labels the caller may read", async () => {
      const bucketID = await bucket();
      const seen = await create({ name: "b-seen" });
      const hidden = await create({ name: "b-hidden" });
      for (const l of [seen, hidden]) expect((await t.client.post(`/api/v2/buckets/${bucketID}/labels`, { labelID: l.id }, op())).status).toBe(201);
      const token = await tokenWith([
        { action: "read", resource: { type: "buckets", orgID: instance.org.id, id: bucketID } },
        { action: "read", resource: { type: "labels", orgID: instance.org.id, id: seen.id } },
      ]);
      expect((await t.client.get<LabelsResponse>(`/api/v2/buckets/${bucketID}/labels`, { token })).body.labels).toEqual([seen]);
    });

    it("needs write on the label as well as on the bucket to attach", async () => {
      const bucketID = await bucket();
      const label = await create({ name: "b-guarded" });
      const bucketOnly = await tokenWith([{ action: "write", resource: { type: "buckets", orgID: instance.org.id, id: bucketID } }]);
      expect((await t.client.post(`/api/v2/buckets/${bucketID}/labels`, { labelID: label.id }, { token: bucketOnly })).status).toBe(403);
      const labelOnly = await tokenWith([{ action: "write", resource: { type: "labels", orgID: instance.org.id } }]);
      expect((await t.client.post(`/api/v2/buckets/${bucketID}/labels`, { labelID: label.id }, { token: labelOnly })).status).toBe(403);
    });
  });

  it("removes an org's labels and their mappings with the org", async () => {
    const orgID = (await t.client.post<{ id: string }>("/api/v2/orgs", { name: "short-lived" }, op())).body.id;
    const label = (await t.client.post<LabelResponse>("/api/v2/labels", { orgID, name: "doomed" }, op())).body.label;
    const bucketID = await bucket(orgID);
    expect((await t.client.post(`/api/v2/buckets/${bucketID}/labels`, { labelID: label.id }, op())).status).toBe(201);
    expect((await t.client.delete(`/api/v2/orgs/${orgID}`, op())).status).toBe(204);
    expect((await t.client.get(`/api/v2/labels/${label.id}`, op())).status).toBe(404);
    const left = await t.server.app.db.selectFrom("label_mappings").selectAll().where("label_id", "=", label.id).execute();
    expect(left).toEqual([]);
  });
});
