import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test-support/index.js";

interface OnboardingBody {
  user: { id: string; name: string; status: string; links: { self: string } };
  org: { id: string; name: string; links: Record<string, string> };
  bucket: { id: string; name: string; orgID: string; type: string; retentionRules: { everySeconds: number; shardGroupDurationSeconds: number }[] };
  auth: { id: string; token: string; orgID: string; userID: string; user: string; org: string; status: string; description: string; permissions: { action: string; resource: { type: string } }[] };
}

describe("setup", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("refuses incomplete or invalid setup requests and stays open", async () => {
    const base = { username: "admin", password: "correct-horse", org: "acme", bucket: "b" };
    const cases: [unknown, number, RegExp][] = [
      [{ ...base, username: "" }, 400, /username/],
      [{ ...base, org: undefined }, 400, /org/],
      [{ ...base, bucket: "   " }, 400, /bucket/],
      [{ ...base, password: "short" }, 400, /at least 8 characters/],
      [{ ...base, retentionPeriodSeconds: -5 }, 400, /retentionPeriodSeconds/],
      [{ ...base, retentionPeriodSeconds: 60 }, 422, /at least 1h/],
    ];
    for (const [body, status, message] of cases) {
      const res = await t.client.post<{ code: string; message: string }>("/api/v2/setup", body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.message).toMatch(message);
    }
    expect((await t.client.get("/api/v2/setup")).body).toEqual({ allowed: true });
  });

  it("creates the user, org, bucket and an operator token, once", async () => {
    const res = await t.client.post<OnboardingBody>("/api/v2/setup", {
      username: "admin", password: "correct-horse", org: "acme", bucket: "telemetry", retentionPeriodSeconds: 7 * 86400,
    });
    expect(res.status).toBe(201);
    const { user, org, bucket, auth } = res.body;
    expect(user).toMatchObject({ name: "admin", status: "active", links: { self: `/api/v2/users/${user.id}` } });
    expect(org).toMatchObject({ name: "acme", links: { self: `/api/v2/orgs/${org.id}`, buckets: "/api/v2/buckets?org=acme" } });
    expect(bucket).toMatchObject({ name: "telemetry", orgID: org.id, type: "user" });
    expect(bucket.retentionRules).toEqual([{ type: "expire", everySeconds: 604800, shardGroupDurationSeconds: 86400 }]);
    expect(auth).toMatchObject({ orgID: org.id, userID: user.id, user: "admin", org: "acme", status: "active", description: "admin's Token" });
    expect(auth.token).toMatch(/^[A-Za-z0-9_-]{86}==$/);
    const types = new Set(auth.permissions.map((p) => p.resource.type));
    for (const type of ["authorizations", "buckets", "orgs", "users", "instance", "dbrp", "remotes"]) expect(types).toContain(type);

    expect((await t.client.get("/api/v2/setup")).body).toEqual({ allowed: false });
    const me = await t.client.get<{ id: string }>("/api/v2/me", { token: auth.token });
    expect(me.body.id).toBe(user.id);

    const buckets = await t.server.app.db.selectFrom("buckets").select(["name", "type", "retention_seconds"]).where("org_id", "=", org.id).orderBy("name").execute();
    expect(buckets).toEqual([
      { name: "_monitoring", type: "system", retention_seconds: 604800 },
      { name: "_tasks", type: "system", retention_seconds: 259200 },
      { name: "telemetry", type: "user", retention_seconds: 604800 },
    ]);
    const stored = await t.server.app.db.selectFrom("authorizations").select("token_hash").where("id", "=", auth.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(auth.token);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const again = await t.client.post("/api/v2/setup", { username: "other", password: "correct-horse", org: "o2", bucket: "b2" });
    expect(again.status).toBe(422);
    expect(again.body).toEqual({ code: "conflict", message: "onboarding has already been completed" });
  });

  it("setup/user needs a token allowed to create users and orgs", async () => {
    const body = { username: "second", password: "correct-horse", org: "second-org", bucket: "b" };
    expect((await t.client.post("/api/v2/setup/user", body)).status).toBe(401);
    expect((await t.client.post("/api/v2/setup/user", body, { token: "not-a-token" })).status).toBe(401);
  });

  it("setup/user with the operator token adds a user, org and bucket with an all-access token for that org", async () => {
    const first = await t.client.post<OnboardingBody>("/api/v2/signin", undefined, { basic: ["admin", "correct-horse"] });
    expect(first.status).toBe(204);
    const cookie = first.headers.get("set-cookie")!.split(";")[0]!;
    const res = await t.client.post<OnboardingBody>("/api/v2/setup/user", { username: "second", password: "correct-horse", org: "second-org", bucket: "b" }, { cookie });
    expect(res.status).toBe(201);
    const { auth, org, user } = res.body;
    expect(auth.orgID).toBe(org.id);
    expect(auth.permissions.some((p) => p.resource.type === "instance")).toBe(false);
    const me = await t.client.get<{ id: string }>("/api/v2/me", { token: auth.token });
    expect(me.body.id).toBe(user.id);
    const dup = await t.client.post("/api/v2/setup/user", { username: "second", password: "correct-horse", org: "third-org", bucket: "b" }, { cookie });
    expect(dup.status).toBe(422);
  });
});

describe("setup with a given token and concurrent attempts", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("uses the given token and lets exactly one of several concurrent setups win", async () => {
    const attempts = await Promise.all(
      [1, 2, 3].map((i) => t.client.post<OnboardingBody>("/api/v2/setup", { username: `u${i}`, org: `o${i}`, bucket: "b", token: `my-own-token-${i}` })),
    );
    const won = attempts.filter((r) => r.status === 201);
    expect(won).toHaveLength(1);
    expect(attempts.filter((r) => r.status === 422)).toHaveLength(2);
    const token = won[0]!.body.auth.token;
    expect(token).toMatch(/^my-own-token-\d$/);
    expect((await t.client.get("/api/v2/me", { token })).status).toBe(200);
  });
});
