import { stat, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createAuthorization } from "../authorizations/repository.js";
import { type ErrorJson, type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";
import { open, seal } from "./crypto.js";
import { getSecret } from "./service.js";

interface SecretKeysJson {
  secrets: string[];
  links: { self: string; org: string };
}

describe("secrets", () => {
  let t: TestServer;
  let instance: Instance;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  const op = () => ({ token: instance.operatorToken });
  const newOrg = async () => (await t.client.post<{ id: string }>("/api/v2/orgs", { name: `o-${Math.random().toString(16).slice(2)}` }, op())).body.id;
  const keys = async (orgID: string) => {
    const res = await t.client.get<SecretKeysJson>(`/api/v2/orgs/${orgID}/secrets`, op());
    expect(res.status, res.text).toBe(200);
    return res.body.secrets;
  };

  it("stores, lists (keys only), updates and deletes secrets", async () => {
    const orgID = await newOrg();
    const empty = await t.client.get<SecretKeysJson>(`/api/v2/orgs/${orgID}/secrets`, op());
    expect(empty.body).toEqual({ secrets: [], links: { self: `/api/v2/orgs/${orgID}/secrets`, org: `/api/v2/orgs/${orgID}` } });

    expect((await t.client.patch(`/api/v2/orgs/${orgID}/secrets`, { PG_PASSWORD: "hunter2-plaintext", "api.key": "abc-plaintext" }, op())).status).toBe(204);
    const listed = await t.client.get<SecretKeysJson>(`/api/v2/orgs/${orgID}/secrets`, op());
    expect(listed.body.secrets).toEqual(["PG_PASSWORD", "api.key"]);
    expect(listed.text).not.toContain("plaintext");
    expect(await getSecret(t.server.app, orgID, "PG_PASSWORD")).toBe("hunter2-plaintext");

    // PATCH upserts: a new value replaces the old, other keys stay.
    expect((await t.client.patch(`/api/v2/orgs/${orgID}/secrets`, { PG_PASSWORD: "changed", other_key: "x" }, op())).status).toBe(204);
    expect(await keys(orgID)).toEqual(["PG_PASSWORD", "api.key", "other_key"]);
    expect(await getSecret(t.server.app, orgID, "PG_PASSWORD")).toBe("changed");

    expect((await t.client.delete(`/api/v2/orgs/${orgID}/secrets/api.key`, op())).status).toBe(204);
    expect(await keys(orgID)).toEqual(["PG_PASSWORD", "other_key"]);
    const again = await t.client.delete<ErrorJson>(`/api/v2/orgs/${orgID}/secrets/api.key`, op());
    expect(again.status).toBe(404);
    expect(again.body.code).toBe("not found");

    // The deprecated bulk delete ignores keys that do not exist.
    expect((await t.client.post(`/api/v2/orgs/${orgID}/secrets/delete`, { secrets: ["PG_PASSWORD", "missing"] }, op())).status).toBe(204);
    expect(await keys(orgID)).toEqual(["other_key"]);
    expect(await getSecret(t.server.app, orgID, "PG_PASSWORD")).toBeUndefined();
  });

  it("keeps secrets per org", async () => {
    const a = await newOrg();
    const b = await newOrg();
    await t.client.patch(`/api/v2/orgs/${a}/secrets`, { shared_name: "in-a" }, op());
    await t.client.patch(`/api/v2/orgs/${b}/secrets`, { shared_name: "in-b" }, op());
    expect(await getSecret(t.server.app, a, "shared_name")).toBe("in-a");
    expect(await getSecret(t.server.app, b, "shared_name")).toBe("in-b");
    expect((await t.client.delete(`/api/v2/orgs/${a}`, op())).status).toBe(204);
    expect(await t.server.app.db.selectFrom("secrets").selectAll().where("org_id", "=", a).execute()).toEqual([]);
    expect(await keys(b)).toEqual(["shared_name"]);
  });

  it("encrypts values at rest with a key generated into the data dir, and never logs them", async () => {
    const orgID = await newOrg();
    const value = "very-secret-value-7c1e";
    await t.client.patch(`/api/v2/orgs/${orgID}/secrets`, { token: value }, op());
    const row = await t.server.app.db.selectFrom("secrets").selectAll().where("org_id", "=", orgID).executeTakeFirstOrThrow();
    expect(row.sealed_value).toMatch(/^v1:/);
    expect(row.sealed_value).not.toContain(value);
    expect(Buffer.from(row.sealed_value.slice(3), "base64").toString("latin1")).not.toContain(value);

    const keyPath = t.server.app.config.secretsKeyFile;
    expect(keyPath).toBe(join(t.dataDir, "secrets.key"));
    expect((await stat(keyPath)).mode & 0o777).toBe(0o600);
    const key = Buffer.from((await readFile(keyPath, "utf8")).trim(), "hex");
    expect(key.length).toBe(32);
    expect(open(key, orgID, "token", row.sealed_value)).toBe(value);
    // Bound to its org and key: the same sealed value does not open as another secret.
    expect(() => open(key, orgID, "other", row.sealed_value)).toThrow();
    expect(() => open(key, instance.org.id, "token", row.sealed_value)).toThrow();
    expect(() => open(Buffer.alloc(32, 1), orgID, "token", row.sealed_value)).toThrow();

    expect(t.logs.join("\n")).not.toContain(value);
  });

  it("seals each value with a fresh IV", () => {
    const key = Buffer.alloc(32, 7);
    const a = seal(key, "o", "k", "same");
    const b = seal(key, "o", "k", "same");
    expect(a).not.toBe(b);
    expect(open(key, "o", "k", a)).toBe("same");
  });

  it("rejects invalid keys, unknown orgs and malformed IDs", async () => {
    const orgID = await newOrg();
    for (const bad of ["", "has space", "slash/inside", "quote\"", "x".repeat(256), "ünicode"]) {
      const res = await t.client.patch<ErrorJson>(`/api/v2/orgs/${orgID}/secrets`, { [bad]: "v" }, op());
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.code).toBe("invalid");
    }
    expect(await keys(orgID)).toEqual([]);
    expect((await t.client.post(`/api/v2/orgs/${orgID}/secrets/delete`, { secrets: ["bad key"] }, op())).status).toBe(400);
    expect((await t.client.delete(`/api/v2/orgs/${orgID}/secrets/${encodeURIComponent("bad key")}`, op())).status).toBe(400);
    expect((await t.client.patch(`/api/v2/orgs/${orgID}/secrets`, { k: 1 }, op())).status).toBe(400);

    const unknown = await t.client.get<ErrorJson>("/api/v2/orgs/0123456789abcdef/secrets", op());
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe("organization not found");
    expect((await t.client.patch("/api/v2/orgs/0123456789abcdef/secrets", { k: "v" }, op())).status).toBe(404);
    expect((await t.client.get("/api/v2/orgs/nothex/secrets", op())).status).toBe(400);
  });

  it("needs read to list and write to change, on the org's secrets", async () => {
    const orgID = await newOrg();
    const token = (permissions: Parameters<typeof createAuthorization>[1]["permissions"]) =>
      createAuthorization(t.server.app.db, { orgID: instance.org.id, userID: instance.user.id, permissions }).then((a) => a.token);
    const reader = await token([{ action: "read", resource: { type: "secrets", orgID } }]);
    expect((await t.client.get(`/api/v2/orgs/${orgID}/secrets`, { token: reader })).status).toBe(200);
    expect((await t.client.patch(`/api/v2/orgs/${orgID}/secrets`, { k: "v" }, { token: reader })).status).toBe(403);
    const otherOrgWriter = await token([{ action: "write", resource: { type: "secrets", orgID: instance.org.id } }]);
    expect((await t.client.patch(`/api/v2/orgs/${orgID}/secrets`, { k: "v" }, { token: otherOrgWriter })).status).toBe(403);
  });
});
