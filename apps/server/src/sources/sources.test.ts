import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthorization } from "../authorizations/repository.js";
import { allAccessPermissions } from "../auth/permissions.js";
import { type ErrorJson, type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";
import { SELF_SOURCE_ID, SELF_SOURCE_ORG_ID } from "./self.js";

interface SourceJson {
  id: string;
  orgID: string;
  name: string;
  type: string;
  default: boolean;
  url?: string;
  username?: string;
  languages: string[];
  links: Record<string, string>;
  [key: string]: unknown;
}

interface SourcesJson {
  links: { self: string };
  sources: SourceJson[];
}

describe("sources", () => {
  let t: TestServer;
  let instance: Instance;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  const op = () => ({ token: instance.operatorToken });

  // A stand-in remote InfluxDB: /ping answers 204 while `healthy`, 500 otherwise.
  let remote: Server;
  let remoteURL: string;
  let healthy = true;
  beforeAll(async () => {
    remote = createServer((req, res) => {
      res.statusCode = req.url === "/ping" && healthy ? 204 : 500;
      res.end();
    });
    await new Promise<void>((resolve) => remote.listen(0, "127.0.0.1", resolve));
    remoteURL = `http://127.0.0.1:${(remote.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => remote.close(() => resolve())));

  const create = (body: unknown, token = instance.operatorToken) => t.client.post<SourceJson & ErrorJson>("/api/v2/sources", body, { token });

  it("lists the built-in self source to an operator", async () => {
    const res = await t.client.get<SourcesJson>("/api/v2/sources", op());
    expect(res.status).toBe(200);
    expect(res.body.links).toEqual({ self: "/api/v2/sources" });
    const self = res.body.sources.find((s) => s.id === SELF_SOURCE_ID);
    expect(self).toEqual({
      id: SELF_SOURCE_ID,
      orgID: SELF_SOURCE_ORG_ID,
      default: true,
      name: "autogen",
      type: "self",
      insecureSkipVerify: false,
      languages: ["flux", "influxql"],
      links: {
        self: `/api/v2/sources/${SELF_SOURCE_ID}`,
        query: `/api/v2/sources/${SELF_SOURCE_ID}/query`,
        buckets: `/api/v2/sources/${SELF_SOURCE_ID}/buckets`,
        health: `/api/v2/sources/${SELF_SOURCE_ID}/health`,
      },
    });
    expect((await t.client.get<SourceJson>(`/api/v2/sources/${SELF_SOURCE_ID}`, op())).body).toEqual(self);
  });

  it("creates, reads, updates and deletes a stored source without ever returning its credentials", async () => {
    const created = await create({ orgID: instance.org.id, name: "old influx", type: "v1", url: remoteURL, username: "admin", password: "pw-plaintext", sharedSecret: "ss-plaintext", defaultRP: "autogen", metaUrl: "http://meta:8091" });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ orgID: instance.org.id, name: "old influx", type: "v1", url: remoteURL, username: "admin", defaultRP: "autogen", metaUrl: "http://meta:8091", default: false, languages: ["influxql"] });
    expect(created.text).not.toContain("plaintext");
    const row = await t.server.app.db.selectFrom("sources").selectAll().where("id", "=", created.body.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain("plaintext");
    expect(row.sealed_password).toMatch(/^v1:/);

    const id = created.body.id;
    const patched = await t.client.patch<SourceJson>(`/api/v2/sources/${id}`, { name: "new name", type: "v2", token: "tok-plaintext", default: true }, op());
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ id, name: "new name", type: "v2", default: true, url: remoteURL, username: "admin" });
    expect(patched.text).not.toContain("plaintext");

    const listed = await t.client.get<SourcesJson>("/api/v2/sources", { ...op(), query: { org: instance.org.name } });
    expect(listed.body.sources.map((s) => s.id)).toEqual([id]);
    expect((await t.client.get<SourceJson>(`/api/v2/sources/${id}`, op())).body.name).toBe("new name");

    expect((await t.client.delete(`/api/v2/sources/${id}`, op())).status).toBe(204);
    const gone = await t.client.get<ErrorJson>(`/api/v2/sources/${id}`, op());
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: "not found", message: "source not found" });
    expect((await t.client.delete(`/api/v2/sources/${id}`, op())).status).toBe(404);
  });

  it("shows an org-scoped token only its org's sources", async () => {
    const mine = await create({ orgID: instance.org.id, name: "mine", type: "v2", url: remoteURL });
    const other = await t.client.post<{ id: string }>("/api/v2/orgs", { name: "elsewhere" }, op());
    const theirs = await create({ orgID: other.body.id, name: "theirs", type: "v2", url: remoteURL });
    const { token } = await createAuthorization(t.server.app.db, { orgID: instance.org.id, userID: instance.user.id, permissions: allAccessPermissions(instance.org.id, instance.user.id) });
    const ids = (await t.client.get<SourcesJson>("/api/v2/sources", { token })).body.sources.map((s) => s.id);
    expect(ids).toContain(mine.body.id);
    expect(ids).not.toContain(theirs.body.id);
    expect(ids).not.toContain(SELF_SOURCE_ID);
    expect((await t.client.get(`/api/v2/sources/${theirs.body.id}`, { token })).status).toBe(403);
    // Without orgID the token's own org is meant.
    const implied = await create({ name: "implied", type: "v2", url: remoteURL }, token);
    expect(implied.status).toBe(201);
    expect(implied.body.orgID).toBe(instance.org.id);
  });

  it("rejects bad input", async () => {
    const bad = async (body: unknown, status = 400) => {
      const res = await create(body);
      expect(res.status, res.text).toBe(status);
      return res.body.message;
    };
    expect(await bad({ orgID: instance.org.id, name: "s", type: "self", url: remoteURL })).toBe("a source of type self cannot be created: this server is the built-in self source");
    expect(await bad({ orgID: instance.org.id, name: " ", url: remoteURL })).toBe("source name is required");
    expect(await bad({ orgID: instance.org.id, name: "s", url: "not a url" })).toBe('source url "not a url" is not a valid URL');
    expect(await bad({ orgID: instance.org.id, name: "s", url: "ftp://x" })).toBe('source url "ftp://x" must be http or https');
    expect(await bad({ orgID: "0000000000000009", name: "s", url: remoteURL }, 404)).toBe("organization not found");
    expect((await t.client.get("/api/v2/sources/0000000000000009", op())).status).toBe(404);
    expect((await t.client.patch("/api/v2/sources/0000000000000009", { name: "x" }, op())).status).toBe(404);
    expect((await t.client.get("/api/v2/sources", { ...op(), query: { org: "no-such-org" } })).status).toBe(404);
    const selfPatch = await t.client.patch<ErrorJson>(`/api/v2/sources/${SELF_SOURCE_ID}`, { name: "x" }, op());
    expect(selfPatch.body).toEqual({ code: "invalid", message: "the self source cannot be changed" });
    expect((await t.client.delete<ErrorJson>(`/api/v2/sources/${SELF_SOURCE_ID}`, op())).body.message).toBe("the self source cannot be deleted");
  });

  it("lists this server's readable buckets for a source", async () => {
    const res = await t.client.get<{ links: { self: string }; buckets: { id: string; name: string }[] }>(`/api/v2/sources/${SELF_SOURCE_ID}/buckets`, { ...op(), query: { org: instance.org.name } });
    expect(res.status).toBe(200);
    expect(res.body.links.self).toBe(`/api/v2/sources/${SELF_SOURCE_ID}/buckets?org=${instance.org.name}`);
    expect(res.body.buckets.map((b) => b.name)).toContain(instance.bucket.name);
    expect((await t.client.get(`/api/v2/sources/0000000000000009/buckets`, op())).status).toBe(404);
  });

  it("checks health: the self source passes, a remote source by its /ping", async () => {
    const self = await t.client.get(`/api/v2/sources/${SELF_SOURCE_ID}/health`, op());
    expect(self.status).toBe(200);
    expect(self.body).toEqual({ name: "sources", message: "source is healthy", status: "pass", checks: [] });

    const { body } = await create({ orgID: instance.org.id, name: "remote", type: "v2", url: remoteURL });
    healthy = true;
    expect((await t.client.get(`/api/v2/sources/${body.id}/health`, op())).body).toMatchObject({ status: "pass" });
    healthy = false;
    const failing = await t.client.get<{ status: string; message: string }>(`/api/v2/sources/${body.id}/health`, op());
    expect(failing.status).toBe(503);
    expect(failing.body).toMatchObject({ name: "sources", status: "fail", message: `source is not healthy: ${remoteURL} answered /ping with 500` });
    expect((await t.client.get(`/api/v2/sources/0000000000000009/health`, op())).status).toBe(404);
  });
});
