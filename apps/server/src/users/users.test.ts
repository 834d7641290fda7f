import { describe, expect, it } from "vitest";
import { createAuthorization } from "../authorizations/repository.js";
import { TTL_MS } from "../db/metadata-cache.js";
import { type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";

interface UserJson {
  id: string;
  name: string;
  status: string;
  links: { self: string };
}

describe("users", () => {
  let t: TestServer;
  let instance: Instance;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  const op = () => ({ token: instance.operatorToken });

  it("creates, reads, lists, renames, deactivates and deletes users", async () => {
    const created = await t.client.post<UserJson>("/api/v2/users", { name: "alice" }, op());
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: created.body.id, name: "alice", status: "active", links: { self: `/api/v2/users/${created.body.id}` } });
    const id = created.body.id;

    expect((await t.client.get<UserJson>(`/api/v2/users/${id}`, op())).body.name).toBe("alice");

    const list = await t.client.get<{ users: UserJson[]; links: { self: string } }>("/api/v2/users", op());
    expect(list.body.users.map((u) => u.name).sort()).toEqual(["admin", "alice"]);
    expect(list.body.links.self).toMatch(/^\/api\/v2\/users\?/);
    const byName = await t.client.get<{ users: UserJson[] }>("/api/v2/users", { ...op(), query: { name: "alice" } });
    expect(byName.body.users.map((u) => u.id)).toEqual([id]);
    const paged = await t.client.get<{ users: UserJson[]; links: { next?: string } }>("/api/v2/users", { ...op(), query: { limit: 1 } });
    expect(paged.body.users).toHaveLength(1);
    expect(paged.body.links.next).toContain("offset=1");

    const renamed = await t.client.patch<UserJson>(`/api/v2/users/${id}`, { name: "alice2", status: "inactive" }, op());
    expect(renamed.body).toMatchObject({ name: "alice2", status: "inactive" });

    expect((await t.client.delete(`/api/v2/users/${id}`, op())).status).toBe(204);
    expect((await t.client.get(`/api/v2/users/${id}`, op())).status).toBe(404);
    expect((await t.client.delete(`/api/v2/users/${id}`, op())).status).toBe(404);
  });

  it("refuses duplicate and empty names, unknown and malformed IDs", async () => {
    expect((await t.client.post("/api/v2/users", { name: "bob" }, op())).status).toBe(201);
    const dup = await t.client.post("/api/v2/users", { name: "bob" }, op());
    expect(dup.status).toBe(422);
    expect(dup.body).toEqual({ code: "conflict", message: "user with name bob already exists" });
    expect((await t.client.post("/api/v2/users", { name: "" }, op())).status).toBe(400);
    expect((await t.client.post("/api/v2/users", { name: "   " }, op())).status).toBe(400);
    expect((await t.client.patch(`/api/v2/users/${instance.user.id}`, { name: "bob" }, op())).status).toBe(422);
    const unknown = await t.client.get("/api/v2/users/0123456789abcdef", op());
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ code: "not found", message: "user not found" });
    expect((await t.client.get("/api/v2/users/0123456789ABCDEF", op())).status).toBe(400);
    expect((await t.client.get("/api/v2/users/123", op())).status).toBe(400);
  });

  it("sets passwords (at least 8 characters) that then sign in", async () => {
    const carol = (await t.client.post<UserJson>("/api/v2/users", { name: "carol" }, op())).body;
    const short = await t.client.post<{ code: string; message: string }>(`/api/v2/users/${carol.id}/password`, { password: "short" }, op());
    expect(short.status).toBe(400);
    expect(short.body.message).toMatch(/at least 8 characters/);
    expect((await t.client.post(`/api/v2/users/${carol.id}/password`, { password: "carol-password" }, op())).status).toBe(204);
    expect((await t.client.post("/api/v2/signin", undefined, { basic: ["carol", "carol-password"] })).status).toBe(204);
    expect((await t.client.put(`/api/v2/users/${carol.id}/password`, { password: "carol-password-2" }, op())).status).toBe(204);
    expect((await t.client.post("/api/v2/signin", undefined, { basic: ["carol", "carol-password"] })).status).toBe(401);
    expect((await t.client.post("/api/v2/users/0123456789abcdef/password", { password: "whatever-long" }, op())).status).toBe(404);
  });

  it("authenticates: no token 401, wrong token 401, inactive token 401, token without the permission 403", async () => {
    expect((await t.client.get("/api/v2/users")).status).toBe(401);
    expect((await t.client.get("/api/v2/me")).status).toBe(401);
    const wrong = await t.client.get("/api/v2/users", { token: "definitely-not-a-token" });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ code: "unauthorized", message: "unauthorized access" });

    const dave = (await t.client.post<UserJson>("/api/v2/users", { name: "dave" }, op())).body;
    const { row, token } = await createAuthorization(t.server.app.db, {
      orgID: instance.org.id, userID: dave.id, permissions: [{ action: "read", resource: { type: "users", id: dave.id } }],
    });
    expect((await t.client.get<UserJson>("/api/v2/me", { token })).body.id).toBe(dave.id);
    expect((await t.client.get(`/api/v2/users/${dave.id}`, { token })).status).toBe(200);
    const forbidden = await t.client.get<{ code: string; message: string }>(`/api/v2/users/${instance.user.id}`, { token });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({ code: "forbidden", message: `read:users/${instance.user.id} is unauthorized` });
    expect((await t.client.post("/api/v2/users", { name: "eve" }, { token })).status).toBe(403);
    expect((await t.client.post(`/api/v2/users/${dave.id}/password`, { password: "long-enough" }, { token })).status).toBe(403);
    // A limited token lists only the users it may read.
    const list = await t.client.get<{ users: UserJson[] }>("/api/v2/users", { token });
    expect(list.body.users.map((u) => u.id)).toEqual([dave.id]);

    // Through the API, a deactivated token stops working with the very next request.
    await t.client.patch(`/api/v2/authorizations/${row.id}`, { status: "inactive" }, op());
    expect((await t.client.get("/api/v2/me", { token })).status).toBe(401);
    await t.client.patch(`/api/v2/authorizations/${row.id}`, { status: "active" }, op());
    expect((await t.client.get("/api/v2/me", { token })).status).toBe(200);

    // A change another server made in the shared metadata store is seen within the cache's TTL.
    await t.server.app.db.updateTable("authorizations").set({ status: "inactive" }).where("id", "=", row.id).execute();
    await new Promise((r) => setTimeout(r, TTL_MS + 50));
    expect((await t.client.get("/api/v2/me", { token })).status).toBe(401);
    await t.server.app.db.updateTable("authorizations").set({ status: "active" }).where("id", "=", row.id).execute();
    await t.client.patch(`/api/v2/users/${dave.id}`, { status: "inactive" }, op());
    expect((await t.client.get("/api/v2/me", { token })).status).toBe(401);
  });

  it("deleting a user removes their tokens", async () => {
    const frank = (await t.client.post<UserJson>("/api/v2/users", { name: "frank" }, op())).body;
    const { token } = await createAuthorization(t.server.app.db, { orgID: instance.org.id, userID: frank.id, permissions: [] });
    expect((await t.client.get("/api/v2/me", { token })).status).toBe(200);
    await t.client.delete(`/api/v2/users/${frank.id}`, op());
    expect((await t.client.get("/api/v2/me", { token })).status).toBe(401);
  });
});
