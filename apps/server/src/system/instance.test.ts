import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthorization } from "../authorizations/repository.js";
import { allAccessPermissions, RESOURCE_TYPES } from "../auth/permissions.js";
import { SETTINGS } from "../config/index.js";
import { type ErrorJson, type Instance, startTestServer, type TestServer, setupInstance } from "../test-support/index.js";
import { presentConfig } from "./instance.js";

describe("resources, flags and config", () => {
  let t: TestServer;
  let instance: Instance;
  beforeAll(async () => {
    t = await startTestServer();
    instance = await setupInstance(t.client);
  });
  afterAll(() => t?.close());
  const op = () => ({ token: instance.operatorToken });
  const orgToken = async () =>
    (await createAuthorization(t.server.app.db, { orgID: instance.org.id, userID: instance.user.id, permissions: allAccessPermissions(instance.org.id, instance.user.id) })).token;

  it("lists every resource type permissions can name, in InfluxDB's order", async () => {
    const res = await t.client.get<string[]>("/api/v2/resources", { token: await orgToken() });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([...RESOURCE_TYPES]);
    expect(res.body.slice(0, 4)).toEqual(["authorizations", "buckets", "dashboards", "orgs"]);
    expect((await t.client.get("/api/v2/resources")).status).toBe(401);
  });

  it("has no feature flags", async () => {
    const res = await t.client.get("/api/v2/flags", { token: await orgToken() });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
  });

  it("shows the running configuration to an operator only, without secrets", async () => {
    const res = await t.client.get<{ config: Record<string, unknown> }>("/api/v2/config", op());
    expect(res.status).toBe(200);
    const config = res.body.config;
    expect(Object.keys(config)).toEqual(SETTINGS.map((s) => s.flag));
    expect(config["query-concurrency"]).toBe(t.server.app.config.queryConcurrency);
    expect(config["session-renew-disabled"]).toBe(false);
    expect(config["data-dir"]).toBe(t.server.app.config.dataDir);
    expect(config["storage-retention-check-interval"]).toMatch(/m|s|h/);
    const denied = await t.client.get<ErrorJson>("/api/v2/config", { token: await orgToken() });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ code: "forbidden", message: "only an operator may read the configuration" });
  });

  it("never shows the metadata store's password", () => {
    const shown = presentConfig({ ...t.server.app.config, metadataUrl: "postgres://fluxgate:hunter2-secret@db:5432/meta" });
    expect(shown["metadata-url"]).toBe("postgres://fluxgate:***@db:5432/meta");
    expect(JSON.stringify(shown)).not.toContain("hunter2");
  });
});
