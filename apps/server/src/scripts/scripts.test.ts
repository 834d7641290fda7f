import { describe, expect, it } from "vitest";
import { createAuthorization } from "../authorizations/repository.js";
import { type ErrorJson, type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";
import { scriptParams } from "./params.js";

interface ScriptJson {
  id: string;
  orgID: string;
  name: string;
  description: string;
  script: string;
  language: string;
  url: string;
  createdAt: string;
  updatedAt: string;
}

describe("scriptParams", () => {
  it("types each params reference from the argument or literal it meets, else any", () => {
    const source = `
from(bucket: params.mybucket)
  |> range(start: params.start, stop: now())
  |> filter(fn: (r) => r._value > params.threshold and r.host == params.host and r.count == params["limit"])
  |> aggregateWindow(every: params.every, fn: mean)
  |> limit(n: params.n)
  |> map(fn: (r) => ({r with other: params.whatever}))`;
    expect(scriptParams(source)).toEqual({ every: "duration", host: "any", limit: "any", mybucket: "string", n: "int", start: "time", threshold: "any", whatever: "any" });
    expect(scriptParams("x = params.ratio * 2.5\ny = params.label + \"s\"\nz = params.flag == true")).toEqual({ flag: "bool", label: "string", ratio: "float" });
    expect(scriptParams("1 + 1")).toEqual({});
  });
});

describe("invokable scripts API", () => {
  let t: TestServer;
  let instance: Instance;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  const op = () => ({ token: instance.operatorToken });
  const create = async (body: Record<string, unknown>) => {
    const res = await t.client.post<ScriptJson>("/api/v2/scripts", { language: "flux", ...body }, op());
    expect(res.status, res.text).toBe(201);
    return res.body;
  };

  it("creates, reads, lists, updates and deletes scripts", async () => {
    const s = await create({ name: "getLastPoint", description: "last point", script: "from(bucket: params.mybucket) |> range(start: -7d) |> limit(n: 1)" });
    expect(s).toMatchObject({ orgID: instance.org.id, name: "getLastPoint", description: "last point", language: "flux", url: `/api/v2/scripts/${s.id}/invoke` });
    expect((await t.client.get<ScriptJson>(`/api/v2/scripts/${s.id}`, op())).body).toEqual(s);
    const other = await create({ name: "second", script: "1" });
    const all = await t.client.get<{ scripts: ScriptJson[] }>("/api/v2/scripts", op());
    expect(all.body.scripts.map((x) => x.id)).toEqual(expect.arrayContaining([s.id, other.id]));
    const named = await t.client.get<{ scripts: ScriptJson[] }>("/api/v2/scripts", { ...op(), query: { name: "second" } });
    expect(named.body.scripts.map((x) => x.id)).toEqual([other.id]);
    expect((await t.client.get<{ scripts: ScriptJson[] }>("/api/v2/scripts", { ...op(), query: { limit: "1", offset: "1" } })).body.scripts).toHaveLength(1);
    const dup = await t.client.post<ErrorJson>("/api/v2/scripts", { name: "second", script: "2", language: "flux" }, op());
    expect(dup.status).toBe(422);

    const patched = await t.client.patch<ScriptJson>(`/api/v2/scripts/${s.id}`, { description: "newer", script: "from(bucket: params.b) |> range(start: -1d)" }, op());
    expect(patched.body).toMatchObject({ description: "newer", script: "from(bucket: params.b) |> range(start: -1d)", name: "getLastPoint" });
    const empty = await t.client.patch<ScriptJson>(`/api/v2/scripts/${s.id}`, {}, op());
    expect(empty.body.script).toBe(patched.body.script);

    const params = await t.client.get<{ params: Record<string, string> }>(`/api/v2/scripts/${s.id}/params`, op());
    expect(params.body).toEqual({ params: { b: "string" } });

    expect((await t.client.delete(`/api/v2/scripts/${s.id}`, op())).status).toBe(204);
    expect((await t.client.get<ErrorJson>(`/api/v2/scripts/${s.id}`, op())).status).toBe(404);
    // Cloud answers 204 for an unknown script too.
    expect((await t.client.delete(`/api/v2/scripts/${s.id}`, op())).status).toBe(204);
    expect((await t.client.patch<ErrorJson>(`/api/v2/scripts/${s.id}`, { description: "x" }, op())).status).toBe(404);
    expect((await t.client.post<ErrorJson>(`/api/v2/scripts/${s.id}/invoke`, {}, op())).status).toBe(404);
    expect((await t.client.get<ErrorJson>(`/api/v2/scripts/${s.id}/params`, op())).status).toBe(404);
  });

  it("invokes a script with params and answers CSV like the Cloud reference", async () => {
    const write = await t.client.post("/api/v2/write", "mem,host=host2 used_percent=72.01 1577836800000000000", {
      ...op(),
      query: { org: instance.org.name, bucket: instance.bucket.name },
      headers: { "Content-Type": "text/plain" },
    });
    expect(write.status, write.text).toBe(204);
    const s = await create({ name: "lastPoint", script: "from(bucket: params.mybucket) |> range(start: 2019-01-01T00:00:00Z) |> limit(n: params.n)" });
    const res = await t.client.post(`/api/v2/scripts/${s.id}/invoke`, { params: { mybucket: instance.bucket.name, n: 1 } }, op());
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = res.text.trim().split(/\r?\n/);
    expect(lines[0]).toBe(",result,table,_start,_stop,_time,_value,_field,_measurement,host");
    expect(lines[1]).toMatch(/^,_result,0,2019-01-01T00:00:00Z,.*,2020-01-01T00:00:00Z,72.01,used_percent,mem,host2$/);

    const missingParam = await t.client.post<ErrorJson>(`/api/v2/scripts/${s.id}/invoke`, { params: {} }, op());
    expect(missingParam.status).toBe(400);
    const broken = await create({ name: "broken", script: "from(bucket: " });
    const bad = await t.client.post<ErrorJson>(`/api/v2/scripts/${broken.id}/invoke`, {}, op());
    expect([bad.status, bad.body.code]).toEqual([400, "invalid"]);
    const sql = await create({ name: "sql", script: "SELECT 1", language: "sql" });
    expect((await t.client.post<ErrorJson>(`/api/v2/scripts/${sql.id}/invoke`, {}, op())).status).toBe(400);
  });

  it("checks permissions: a token without task rights sees no scripts and may not create or invoke", async () => {
    const s = await create({ name: "guarded", script: "1 + 1" });
    const { token } = await createAuthorization(t.server.app.db, { orgID: instance.org.id, userID: instance.user.id, permissions: [{ action: "read", resource: { type: "buckets", orgID: instance.org.id } }] });
    expect((await t.client.get<{ scripts: unknown[] }>("/api/v2/scripts", { token })).body.scripts).toEqual([]);
    expect((await t.client.post("/api/v2/scripts", { name: "x", script: "1", language: "flux" }, { token })).status).toBe(403);
    expect((await t.client.post(`/api/v2/scripts/${s.id}/invoke`, {}, { token })).status).toBe(403);
    expect((await t.client.get("/api/v2/scripts")).status).toBe(401);
  });
});
