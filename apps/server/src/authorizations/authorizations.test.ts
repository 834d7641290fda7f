import { describe, expect, it } from "vitest";
import { allAccessPermissions, operatorPermissions, type Permission } from "../auth/permissions.js";
import { type ErrorJson, type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";

interface AuthJson {
  id: string;
  token?: string;
  status: string;
  description: string;
  orgID: string;
  org: string;
  userID: string;
  user: string;
  permissions: { action: string; resource: { type: string; id?: string; orgID?: string; name?: string; org?: string } }[];
  createdAt: string;
  updatedAt: string;
  links: { self: string; user: string };
}

describe("authorizations", () => {
  let t: TestServer;
  let instance: Instance;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  const op = () => ({ token: instance.operatorToken });
  const create = (body: unknown, token = instance.operatorToken) => t.client.post<AuthJson>("/api/v2/authorizations", body, { token });
  const readBucket = (): Permission => ({ action: "read", resource: { type: "buckets", orgID: instance.org.id, id: instance.bucket.id } });

  it("creates a token, shows it once, and fills in names", async () => {
    const res = await create({ orgID: instance.org.id, description: "reader", permissions: [readBucket(), { action: "write", resource: { type: "dashboards", orgID: instance.org.id } }] });
    expect(res.status).toBe(201);
    const a = res.body;
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{86}==$/);
    expect(a).toMatchObject({ status: "active", description: "reader", orgID: instance.org.id, org: "acme", userID: instance.user.id, user: "admin" });
    expect(a.permissions[0]).toEqual({ action: "read", resource: { type: "buckets", orgID: instance.org.id, id: instance.bucket.id, name: "telemetry", org: "acme" } });
    expect(a.permissions[1]).toEqual({ action: "write", resource: { type: "dashboards", orgID: instance.org.id, org: "acme" } });
    expect(a.links).toEqual({ self: `/api/v2/authorizations/${a.id}`, user: `/api/v2/users/${instance.user.id}` });
    expect(Date.parse(a.createdAt)).toBeLessThanOrEqual(Date.now());

    // The new token works, and never appears again in clear.
    expect((await t.client.get(`/api/v2/users/${instance.user.id}`, { token: a.token! })).status).toBe(403);
    const got = await t.client.get<AuthJson>(`/api/v2/authorizations/${a.id}`, op());
    expect(got.status).toBe(200);
    expect(got.body.token).toBeUndefined();
    expect(got.body.permissions).toEqual(a.permissions);
    const list = await t.client.get<{ authorizations: AuthJson[]; links: { self: string } }>("/api/v2/authorizations", op());
    expect(list.body.links.self).toBe("/api/v2/authorizations");
    expect(list.body.authorizations.map((x) => x.id)).toContain(a.id);
    expect(list.text).not.toContain(a.token!);
    expect(list.text).not.toContain(instance.operatorToken);
    const stored = await t.server.app.db.selectFrom("authorizations").select("token_hash").where("id", "=", a.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(a.token!);
  });

  it("lists by user, user name, org, org name and token; unknown names are 404", async () => {
    const bob = (await t.client.post<{ id: string }>("/api/v2/users", { name: "bob" }, op())).body;
    const bobs = await create({ orgID: instance.org.id, userID: bob.id, permissions: [readBucket()] });
    expect(bobs.body).toMatchObject({ userID: bob.id, user: "bob" });
    const ids = async (query: Record<string, string>) =>
      (await t.client.get<{ authorizations: AuthJson[] }>("/api/v2/authorizations", { ...op(), query })).body.authorizations.map((a) => a.id);
    expect(await ids({ userID: bob.id })).toEqual([bobs.body.id]);
    expect(await ids({ user: "bob" })).toEqual([bobs.body.id]);
    expect(await ids({ token: bobs.body.token! })).toEqual([bobs.body.id]);
    expect(await ids({ orgID: instance.org.id })).toContain(bobs.body.id);
    expect(await ids({ org: "acme" })).toContain(bobs.body.id);
    expect(await ids({ orgID: "0123456789abcdef" })).toEqual([]);
    expect((await t.client.get<ErrorJson>("/api/v2/authorizations", { ...op(), query: { user: "nobody" } })).status).toBe(404);
    const noOrg = await t.client.get<ErrorJson>("/api/v2/authorizations", { ...op(), query: { org: "nowhere" } });
    expect(noOrg.status).toBe(404);
    expect(noOrg.body.code).toBe("not found");
    expect((await t.client.get("/api/v2/authorizations", { ...op(), query: { orgID: "zz" } })).status).toBe(400);
  });

  it("deactivates, reactivates, describes and deletes; the token follows at once", async () => {
    const a = (await create({ orgID: instance.org.id, permissions: [{ action: "read", resource: { type: "users", id: instance.user.id } }] })).body;
    const me = () => t.client.get("/api/v2/me", { token: a.token! });
    expect((await me()).status).toBe(200);
    const off = await t.client.patch<AuthJson>(`/api/v2/authorizations/${a.id}`, { status: "inactive" }, op());
    expect(off.body).toMatchObject({ status: "inactive", description: "" });
    expect(off.body.token).toBeUndefined();
    expect(Date.parse(off.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(a.updatedAt));
    const refused = await me();
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: "unauthorized" });
    const on = await t.client.patch<AuthJson>(`/api/v2/authorizations/${a.id}`, { status: "active", description: "again" }, op());
    expect(on.body).toMatchObject({ status: "active", description: "again" });
    expect((await me()).status).toBe(200);
    expect((await t.client.delete(`/api/v2/authorizations/${a.id}`, op())).status).toBe(204);
    expect((await me()).status).toBe(401);
    expect((await t.client.get(`/api/v2/authorizations/${a.id}`, op())).status).toBe(404);
    expect((await t.client.patch(`/api/v2/authorizations/${a.id}`, { status: "active" }, op())).status).toBe(404);
    const gone = await t.client.delete<ErrorJson>(`/api/v2/authorizations/${a.id}`, op());
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: "not found", message: "authorization not found" });
  });

  it("creates inactive tokens on request, which are refused from the start", async () => {
    const a = (await create({ orgID: instance.org.id, status: "inactive", permissions: [readBucket()] })).body;
    expect(a.status).toBe("inactive");
    expect((await t.client.get("/api/v2/authorizations", { token: a.token! })).status).toBe(401);
  });

  it("refuses unknown resource types, bad actions, empty permissions, unknown users and orgs", async () => {
    const flows = await create({ orgID: instance.org.id, permissions: [{ action: "read", resource: { type: "flows" } }] });
    expect(flows.status).toBe(400);
    expect((flows.body as unknown as ErrorJson).message).toMatch(/unknown resource type/);
    expect((await create({ orgID: instance.org.id, permissions: [{ action: "read", resource: { type: "bogus" } }] })).status).toBe(400);
    expect((await create({ orgID: instance.org.id, permissions: [{ action: "delete", resource: { type: "buckets" } }] })).status).toBe(400);
    expect((await create({ orgID: instance.org.id, permissions: [] })).status).toBe(400);
    expect((await create({ permissions: [readBucket()] })).status).toBe(400);
    const noUser = await create({ orgID: instance.org.id, userID: "0123456789abcdef", permissions: [readBucket()] });
    expect(noUser.status).toBe(400);
    expect(noUser.body).toEqual({ code: "invalid", message: "unable to create token" });
    expect((await create({ orgID: "0123456789abcdef", permissions: [readBucket()] })).status).toBe(400);
    expect((await t.client.patch(`/api/v2/authorizations/0123456789abcdef`, { status: "paused" }, op())).status).toBe(400);
  });

  it("makes operator and all-access tokens; a caller grants only what it holds", async () => {
    const operator = await create({ orgID: instance.org.id, description: "another operator", permissions: operatorPermissions() });
    expect(operator.status).toBe(201);
    expect((await t.client.get("/api/v2/users", { token: operator.body.token! })).status).toBe(200);

    const allAccess = await create({ orgID: instance.org.id, permissions: allAccessPermissions(instance.org.id, instance.user.id) });
    expect(allAccess.status).toBe(201);
    const orgPerm = allAccess.body.permissions.find((p) => p.resource.type === "orgs")!;
    expect(orgPerm.resource).toMatchObject({ id: instance.org.id, name: "acme" });
    const all = allAccess.body.token!;
    // Within its org it may make tokens for its own user…
    expect((await create({ orgID: instance.org.id, permissions: [readBucket()] }, all)).status).toBe(201);
    // …but not grant more than it holds, nor act for another user.
    const more = await create({ orgID: instance.org.id, permissions: [{ action: "read", resource: { type: "instance" } }] }, all);
    expect(more.status).toBe(403);
    expect(more.body).toEqual({ code: "forbidden", message: "permission read:instance is not allowed" });
    expect((await create({ orgID: instance.org.id, permissions: [{ action: "write", resource: { type: "buckets" } }] }, all)).status).toBe(403);
    const carol = (await t.client.post<{ id: string }>("/api/v2/users", { name: "carol" }, op())).body;
    expect((await create({ orgID: instance.org.id, userID: carol.id, permissions: [readBucket()] }, all)).status).toBe(403);

    const reader = (await create({ orgID: instance.org.id, permissions: [readBucket()] })).body.token!;
    expect((await create({ orgID: instance.org.id, permissions: [readBucket()] }, reader)).status).toBe(403);
  });

  it("shows a limited caller only the tokens it may read, and 403s the rest", async () => {
    const dave = (await t.client.post<{ id: string }>("/api/v2/users", { name: "dave" }, op())).body;
    const daves = await create({
      orgID: instance.org.id, userID: dave.id,
      permissions: [{ action: "read", resource: { type: "authorizations", orgID: instance.org.id } }, { action: "read", resource: { type: "users", id: dave.id } }],
    });
    const token = daves.body.token!;
    const list = await t.client.get<{ authorizations: AuthJson[] }>("/api/v2/authorizations", { token });
    expect(list.body.authorizations.map((a) => a.id)).toEqual([daves.body.id]);
    expect((await t.client.get(`/api/v2/authorizations/${daves.body.id}`, { token })).status).toBe(200);
    const admins = (await t.client.get<{ authorizations: AuthJson[] }>("/api/v2/authorizations", { ...op(), query: { userID: instance.user.id } })).body.authorizations;
    expect((await t.client.get(`/api/v2/authorizations/${admins[0]!.id}`, { token })).status).toBe(403);
    expect((await t.client.patch(`/api/v2/authorizations/${daves.body.id}`, { status: "inactive" }, { token })).status).toBe(403);
    expect((await t.client.delete(`/api/v2/authorizations/${daves.body.id}`, { token })).status).toBe(403);
    expect((await t.client.get("/api/v2/authorizations")).status).toBe(401);
  });
});
