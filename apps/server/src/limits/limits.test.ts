import { describe, expect, it } from "vitest";
import { type ErrorJson, type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";

/** `_field → _value` of the usage CSV's data rows. */
function counts(csv: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of csv.split("\r\n")) {
    if (!line.startsWith(",,")) continue;
    const cells = line.split(",");
    out[cells[7]!] = Number(cells[8]);
  }
  return out;
}

describe("org limits and usage", () => {
  let t: TestServer;
  let instance: Instance;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  const op = () => ({ token: instance.operatorToken });

  it("reports no quotas (0 = unlimited) but the server's query concurrency", async () => {
    const res = await t.client.get<{ links: { self: string }; limits: Record<string, unknown> }>(`/api/v2/orgs/${instance.org.id}/limits`, op());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      links: { self: `/api/v2/orgs/${instance.org.id}/limits` },
      limits: {
        orgID: instance.org.id,
        rate: { readKBs: 0, concurrentReadRequests: t.server.app.config.queryConcurrency, writeKBs: 0, concurrentWriteRequests: 0, cardinality: 0, queryTime: 0 },
        bucket: { maxBuckets: 0, maxRetentionDuration: 0 },
        task: { maxTasks: 0 },
        dashboard: { maxDashboards: 0 },
        check: { maxChecks: 0 },
        notificationRule: { maxNotifications: 0, blockedNotificationRules: "" },
        notificationEndpoint: { blockedNotificationEndpoints: "" },
      },
    });
  });

  it("counts what the org holds, as annotated CSV", async () => {
    const org = await t.client.post<{ id: string }>("/api/v2/orgs", { name: "counted" }, op());
    const orgID = org.body.id;
    for (const name of ["a", "b", "c"]) expect((await t.client.post("/api/v2/buckets", { orgID, name, retentionRules: [] }, op())).status).toBe(201);
    expect((await t.client.post("/api/v2/labels", { orgID, name: "l1" }, op())).status).toBe(201);
    expect((await t.client.patch(`/api/v2/orgs/${orgID}/secrets`, { k1: "v", k2: "v" }, op())).status).toBe(204);
    expect((await t.client.post(`/api/v2/orgs/${orgID}/members`, { id: instance.user.id }, op())).status).toBe(201);

    const res = await t.client.get<string>(`/api/v2/orgs/${orgID}/usage`, { ...op(), query: { start: "2024-01-01T00:00:00Z", stop: "2024-02-01T00:00:00Z" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const text = res.body;
    expect(text.split("\r\n").slice(0, 4)).toEqual([
      "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,string,string,long",
      "#group,false,false,true,true,false,true,true,false",
      "#default,_result,,,,,,,",
      ",result,table,_start,_stop,_time,_measurement,_field,_value",
    ]);
    // A new org also gets InfluxDB's system buckets (_monitoring, _tasks) besides the three made here.
    const buckets = await t.server.app.db.selectFrom("buckets").select(["name", "type"]).where("org_id", "=", orgID).execute();
    expect(buckets.filter((b) => b.type === "user").map((b) => b.name).sort()).toEqual(["a", "b", "c"]);
    expect(text).toContain(`,,0,2024-01-01T00:00:00.000Z,2024-02-01T00:00:00.000Z,2024-02-01T00:00:00.000Z,resources,buckets,${buckets.length}`);
    expect(counts(text)).toMatchObject({ buckets: buckets.length, labels: 1, secrets: 2, sources: 0, users: 1, variables: 0 });
    // The instance org holds the setup bucket (and InfluxDB's system buckets, when created).
    expect(counts((await t.client.get<string>(`/api/v2/orgs/${instance.org.id}/usage`, { ...op(), query: { start: "2024-01-01T00:00:00Z" } })).body)["buckets"]).toBeGreaterThanOrEqual(1);
  });

  it("rejects bad input", async () => {
    const inverted = await t.client.get<ErrorJson>(`/api/v2/orgs/${instance.org.id}/usage`, { ...op(), query: { start: "2024-02-01T00:00:00Z", stop: "2024-01-01T00:00:00Z" } });
    expect(inverted.status).toBe(400);
    expect(inverted.body.message).toBe("start 2024-02-01T00:00:00.000Z must not be after stop 2024-01-01T00:00:00.000Z");
    expect((await t.client.get(`/api/v2/orgs/${instance.org.id}/usage`, op())).status).toBe(400);
    expect((await t.client.get(`/api/v2/orgs/${instance.org.id}/usage`, { ...op(), query: { start: "yesterday" } })).status).toBe(400);
    const missing = await t.client.get<ErrorJson>("/api/v2/orgs/0000000000000009/limits", op());
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe("organization not found");
    expect((await t.client.get("/api/v2/orgs/0000000000000009/usage", { ...op(), query: { start: "2024-01-01T00:00:00Z" } })).status).toBe(404);
  });
});
