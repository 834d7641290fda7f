import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupInstance, startTestServer, type Instance, type TestServer } from "../test-support/index.js";

describe("sessions", () => {
  let t: TestServer;
  let instance: Instance;
  beforeAll(async () => {
    t = await startTestServer({ sessionLength: 5 });
    instance = await setupInstance(t.client, { username: "admin", password: "admin-password" });
  });
  afterAll(async () => {
    await t?.close();
  });

  const signin = async (user = "admin", password = "admin-password") => {
    const res = await t.client.post("/api/v2/signin", undefined, { basic: [user, password] });
    expect(res.status).toBe(204);
    const header = res.headers.get("set-cookie")!;
    expect(header).toMatch(/^influxdb-oss-session=[^;]+; Path=\/api\/; HttpOnly/);
    return header.split(";")[0]!;
  };

  it("signs in with Basic auth and acts as the user through the cookie", async () => {
    const cookie = await signin();
    const me = await t.client.get<{ id: string; name: string }>("/api/v2/me", { cookie });
    expect(me.body).toMatchObject({ id: instance.user.id, name: "admin" });
    // the instance owner's session may manage users, like the operator token
    expect((await t.client.get("/api/v2/users", { cookie })).status).toBe(200);
  });

  it("refuses wrong passwords, unknown users and missing credentials", async () => {
    for (const basic of [["admin", "wrong-password"], ["nobody", "admin-password"]] as [string, string][]) {
      const res = await t.client.post("/api/v2/signin", undefined, { basic });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: "unauthorized", message: "unauthorized access" });
    }
    expect((await t.client.post("/api/v2/signin")).status).toBe(401);
  });

  it("signout revokes the session server-side", async () => {
    const cookie = await signin();
    const out = await t.client.post("/api/v2/signout", undefined, { cookie });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await t.client.get("/api/v2/me", { cookie })).status).toBe(401);
    expect((await t.client.post("/api/v2/signout", undefined, { cookie })).status).toBe(401);
  });

  it("refuses forged cookies", async () => {
    const cookie = await signin();
    const [name, jwt] = cookie.split("=") as [string, string];
    const [header, , signature] = jwt.split(".");
    const forged = `${header}.${Buffer.from(JSON.stringify({ sid: "0123456789abcdef" })).toString("base64url")}.${signature}`;
    expect((await t.client.get("/api/v2/me", { cookie: `${name}=${forged}` })).status).toBe(401);
    expect((await t.client.get("/api/v2/me", { cookie: `${name}=garbage` })).status).toBe(401);
  });

  it("expires sessions after --session-length and renews them on use", async () => {
    const cookie = await signin();
    const row = () => t.server.app.db.selectFrom("sessions").select(["id", "expires_at"]).orderBy("created_at", "desc").executeTakeFirstOrThrow();
    const first = await row();
    expect(first.expires_at.getTime() - Date.now()).toBeGreaterThan(4 * 60_000);
    expect(first.expires_at.getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000);

    // Pretend most of the session length has passed; a use renews it to a full length again.
    await t.server.app.db.updateTable("sessions").set({ expires_at: new Date(Date.now() + 1000) }).where("id", "=", first.id).execute();
    expect((await t.client.get("/api/v2/me", { cookie })).status).toBe(200);
    expect((await row()).expires_at.getTime() - Date.now()).toBeGreaterThan(4 * 60_000);

    await t.server.app.db.updateTable("sessions").set({ expires_at: new Date(Date.now() - 1000) }).where("id", "=", first.id).execute();
    const expired = await t.client.get<{ code: string }>("/api/v2/me", { cookie });
    expect(expired.status).toBe(401);
    expect(await t.server.app.db.selectFrom("sessions").select("id").where("id", "=", first.id).execute()).toHaveLength(0);
  });

  it("changes the own password with the old one (Basic) or with the session", async () => {
    const res = await t.client.put("/api/v2/me/password", { password: "admin-password-2" }, { basic: ["admin", "admin-password"] });
    expect(res.status).toBe(204);
    expect((await t.client.put("/api/v2/me/password", { password: "admin-password-3" }, { basic: ["admin", "admin-password"] })).status).toBe(401);
    const cookie = await signin("admin", "admin-password-2");
    expect((await t.client.put("/api/v2/me/password", { password: "admin-password" }, { cookie })).status).toBe(204);
    expect((await t.client.put("/api/v2/me/password", { password: "short" }, { cookie })).status).toBe(400);
    await signin("admin", "admin-password");
  });

  it("deleting a user ends their sessions", async () => {
    const op = { token: instance.operatorToken };
    const user = (await t.client.post<{ id: string }>("/api/v2/users", { name: "temp" }, op)).body;
    await t.client.post(`/api/v2/users/${user.id}/password`, { password: "temp-password" }, op);
    const cookie = await signin("temp", "temp-password");
    expect((await t.client.get("/api/v2/me", { cookie })).status).toBe(200);
    await t.client.delete(`/api/v2/users/${user.id}`, op);
    expect((await t.client.get("/api/v2/me", { cookie })).status).toBe(401);
  });
});

describe("sessions without renewal", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ sessionRenewDisabled: true });
    await setupInstance(t.client, { password: "admin-password" });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("keeps the original expiry when --session-renew-disabled", async () => {
    const res = await t.client.post("/api/v2/signin", undefined, { basic: ["admin", "admin-password"] });
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    const before = await t.server.app.db.selectFrom("sessions").select("expires_at").executeTakeFirstOrThrow();
    await new Promise((r) => setTimeout(r, 20));
    expect((await t.client.get("/api/v2/me", { cookie })).status).toBe(200);
    const after = await t.server.app.db.selectFrom("sessions").select("expires_at").executeTakeFirstOrThrow();
    expect(after.expires_at.getTime()).toBe(before.expires_at.getTime());
  });
});
