import { describe, expect, it } from "vitest";
import type { Permission } from "../auth/permissions.js";
import { createAuthorization } from "../authorizations/repository.js";
import { type ErrorJson, type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";

interface LegacyAuthJson {
  id: string;
  token: string;
  status: string;
  description: string;
  orgID: string;
  org: string;
  userID: string;
  user: string;
  permissions: { action: string; resource: { type: string; id?: string; orgID?: string; name?: string; org?: string } }[];
  links: { self: string; user: string };
}

const PRIVATE = "/private/legacy/authorizations";
const PUBLIC = "/legacy/authorizations";

describe("v1 (legacy) authorizations", () => {
  let t: TestServer;
  let instance: Instance;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  const op = () => ({ token: instance.operatorToken });
  const bucketPerm = (action: "read" | "write"): Permission => ({ action, resource: { type: "buckets", orgID: instance.org.id, id: instance.bucket.id } });
  const create = (body: Record<string, unknown>, base = PRIVATE, token = instance.operatorToken) =>
    t.client.post<LegacyAuthJson>(base, { orgID: instance.org.id, permissions: [bucketPerm("read"), bucketPerm("write")], ...body }, { token });
  const setPassword = (id: string, password: string, base = PRIVATE) => t.client.post<ErrorJson>(`${base}/${id}/password`, { password }, op());
  /** A 1.x write as the given username/password (Basic auth). */
  const v1Write = (username: string, password: string, line = "cpu v=1 1700000000") =>
    t.client.post<ErrorJson>("/write", line, { basic: [username, password], query: { db: instance.bucket.name, precision: "s" }, headers: { "Content-Type": "text/plain" } });

  it("creates a v1 authorization whose token is the username, with names and the route's link; never a password", async () => {
    const res = await create({ token: "telegraf", description: "collector" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ token: "telegraf", status: "active", description: "collector", orgID: instance.org.id, org: "acme", userID: instance.user.id, user: "admin" });
    expect(res.body.permissions).toEqual([
      { action: "read", resource: { type: "buckets", orgID: instance.org.id, id: instance.bucket.id, name: "telemetry", org: "acme" } },
      { action: "write", resource: { type: "buckets", orgID: instance.org.id, id: instance.bucket.id, name: "telemetry", org: "acme" } },
    ]);
    expect(res.body.links).toEqual({ self: `${PRIVATE}/${res.body.id}`, user: `/api/v2/users/${instance.user.id}` });
    expect(Object.keys(res.body)).not.toContain("password");

    // The public path shows the same authorization, linked to itself.
    const got = await t.client.get<LegacyAuthJson>(`${PUBLIC}/${res.body.id}`, op());
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: res.body.id, token: "telegraf" });
    expect(got.body.links.self).toBe(`${PUBLIC}/${res.body.id}`);
    // It is not an API token: the v2 list does not show it.
    const v2 = await t.client.get<{ authorizations: { id: string }[] }>("/api/v2/authorizations", op());
    expect(v2.body.authorizations.map((a) => a.id)).not.toContain(res.body.id);
  });

  it("stores the password as argon2id, never returns it, and authenticates 1.x writes with it", async () => {
    const a = (await create({ token: "writer-1" })).body;
    // No password yet: the username alone gets nobody in.
    expect((await v1Write("writer-1", "s3cret-password")).status).toBe(401);
    expect((await setPassword(a.id, "s3cret-password")).status).toBe(204);
    const stored = await t.server.app.db.selectFrom("legacy_authorizations").select("password_hash").where("id", "=", a.id).executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    expect(stored.password_hash).not.toContain("s3cret-password");
    const listed = await t.client.get<{ authorizations: LegacyAuthJson[] }>(PRIVATE, op());
    expect(listed.text).not.toContain("s3cret-password");
    expect(listed.text).not.toContain("argon2");

    expect((await v1Write("writer-1", "s3cret-password")).status).toBe(204);
    const viaQuery = await t.client.post("/write", "cpu v=2 1700000001", { query: { db: instance.bucket.name, precision: "s", u: "writer-1", p: "s3cret-password" }, headers: { "Content-Type": "text/plain" } });
    expect(viaQuery.status).toBe(204);
    const wrong = await v1Write("writer-1", "not-the-password");
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe("unauthorized");
    expect((await v1Write("nobody", "s3cret-password")).status).toBe(401);

    // A new password replaces the old one at once.
    expect((await setPassword(a.id, "another-password", PUBLIC)).status).toBe(204);
    expect((await v1Write("writer-1", "s3cret-password")).status).toBe(401);
    expect((await v1Write("writer-1", "another-password")).status).toBe(204);
  });

  it("refuses an inactive v1 authorization until it is active again, and a deleted one", async () => {
    const a = (await create({ token: "toggled" })).body;
    await setPassword(a.id, "toggle-password");
    const off = await t.client.patch<LegacyAuthJson>(`${PRIVATE}/${a.id}`, { status: "inactive", description: "paused" }, op());
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ status: "inactive", description: "paused", token: "toggled" });
    const refused = await v1Write("toggled", "toggle-password");
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ code: "unauthorized", message: "authorization is inactive" });
    expect((await t.client.patch(`${PUBLIC}/${a.id}`, { status: "active" }, op())).status).toBe(200);
    expect((await v1Write("toggled", "toggle-password")).status).toBe(204);
    expect((await t.client.delete(`${PRIVATE}/${a.id}`, op())).status).toBe(204);
    expect((await v1Write("toggled", "toggle-password")).status).toBe(401);
    const gone = await t.client.get<ErrorJson>(`${PRIVATE}/${a.id}`, op());
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: "not found", message: "authorization not found" });
    expect((await t.client.delete(`${PUBLIC}/${a.id}`, op())).status).toBe(404);
    expect((await setPassword(a.id, "whatever-password")).status).toBe(404);
  });

  it("acts with the v1 authorization's own permissions", async () => {
    const reader = (await create({ token: "reader-only", permissions: [bucketPerm("read")] })).body;
    await setPassword(reader.id, "reader-password");
    const denied = await v1Write("reader-only", "reader-password");
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ code: "forbidden", message: "insufficient permissions for write" });
    // On the v2 API it is its own caller too: it may not list tokens.
    const asV1 = await t.client.get("/api/v2/authorizations", { basic: ["reader-only", "reader-password"] });
    expect(asV1.status).toBe(200);
    expect((asV1.body as { authorizations: unknown[] }).authorizations).toEqual([]);
  });

  it("refuses bad input: taken username, non-bucket permissions, short passwords, unknown IDs", async () => {
    await create({ token: "taken" });
    const dup = await create({ token: "taken" }, PUBLIC);
    expect(dup.status).toBe(422);
    expect(dup.body).toEqual({ code: "conflict", message: "token already exists" });
    const dashboards = await create({ token: "dash", permissions: [{ action: "read", resource: { type: "dashboards", orgID: instance.org.id } }] });
    expect(dashboards.status).toBe(400);
    expect((await create({ token: "none", permissions: [] })).status).toBe(400);
    expect((await create({ token: "" })).status).toBe(400);
    const a = (await create({ token: "shorty" })).body;
    const short = await setPassword(a.id, "short", PUBLIC);
    expect(short.status).toBe(400);
    expect(short.body.code).toBe("invalid");
    expect((await t.client.get(`${PRIVATE}/0123456789abcdef`, op())).status).toBe(404);
    expect((await t.client.patch(`${PRIVATE}/0123456789abcdef`, { status: "inactive" }, op())).status).toBe(404);
    expect((await t.client.get(`${PRIVATE}/not-an-id`, op())).status).toBe(400);
    // Without a username one is made up.
    const made = await create({});
    expect(made.status).toBe(201);
    expect(made.body.token.length).toBeGreaterThan(20);
  });

  it("lists by token, ID, user and org; unknown names are 404", async () => {
    const a = (await create({ token: "listed" })).body;
    const ids = async (query: Record<string, string>, base = PRIVATE) => (await t.client.get<{ authorizations: LegacyAuthJson[] }>(base, { ...op(), query })).body.authorizations.map((x) => x.id);
    expect(await ids({ token: "listed" })).toEqual([a.id]);
    expect(await ids({ authID: a.id }, PUBLIC)).toEqual([a.id]);
    expect(await ids({ user: "admin" })).toContain(a.id);
    expect(await ids({ userID: instance.user.id })).toContain(a.id);
    expect(await ids({ org: "acme" })).toContain(a.id);
    expect(await ids({ orgID: "0123456789abcdef" })).toEqual([]);
    expect((await t.client.get(PRIVATE, { ...op(), query: { org: "nowhere" } })).status).toBe(404);
    expect((await t.client.get(PRIVATE, { ...op(), query: { user: "nobody" } })).status).toBe(404);
    const list = await t.client.get<{ links: { self: string } }>(PUBLIC, op());
    expect(list.body.links.self).toBe(PUBLIC);
  });

  it("checks the caller's rights as for API tokens", async () => {
    const a = (await create({ token: "guarded" })).body;
    const readOnly = (await createAuthorization(t.server.app.db, {
      orgID: instance.org.id,
      userID: instance.user.id,
      permissions: [{ action: "read", resource: { type: "authorizations", orgID: instance.org.id } }, { action: "read", resource: { type: "users", id: instance.user.id } }],
    })).token;
    expect((await t.client.get(`${PRIVATE}/${a.id}`, { token: readOnly })).status).toBe(200);
    expect((await t.client.patch(`${PRIVATE}/${a.id}`, { status: "inactive" }, { token: readOnly })).status).toBe(403);
    expect((await t.client.post(`${PRIVATE}/${a.id}/password`, { password: "guarded-password" }, { token: readOnly })).status).toBe(403);
    // A caller may only grant what it holds.
    const grant = await create({ token: "escalate" }, PRIVATE, readOnly);
    expect(grant.status).toBe(403);
    expect((await t.client.get(PRIVATE)).status).toBe(401);
  });
});
