import { beforeAll, describe, expect, it } from "vitest";
import type { Permission } from "../auth/permissions.js";
import { createAuthorization } from "../authorizations/repository.js";
import { type ErrorJson, type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";
import { waitForRun, type RunJson, type TaskJson } from "./testing.js";

describe("tasks API", () => {
  let t: TestServer;
  let instance: Instance;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  const op = () => ({ token: instance.operatorToken });
  const flux = (name: string, schedule = "every: 1h") => `option task = {name: "${name}", ${schedule}}\n\nfrom(bucket: "telemetry") |> range(start: -1h)`;
  const create = async (body: Record<string, unknown>, token = instance.operatorToken) => {
    const res = await t.client.post<TaskJson>("/api/v2/tasks", { orgID: instance.org.id, ...body }, { token });
    expect(res.status, res.text).toBe(201);
    return res.body;
  };
  const tokenWith = async (permissions: Permission[]) => (await createAuthorization(t.server.app.db, { orgID: instance.org.id, userID: instance.user.id, permissions })).token;
  let otherOrgID: string;
  beforeAll(async () => {
    otherOrgID = (await t.client.post<{ id: string }>("/api/v2/orgs", { name: "other" }, op())).body.id;
  });

  it("creates a task from a Flux script with option task, with InfluxDB's fields", async () => {
    const before = Date.now();
    const task = await create({ flux: flux("downsample", "every: 1h, offset: 10m"), description: "hourly" });
    expect(task).toMatchObject({ orgID: instance.org.id, org: instance.org.name, name: "downsample", every: "1h", offset: "10m", status: "active", description: "hourly", ownerID: instance.user.id, labels: [] });
    expect(task.cron).toBeUndefined();
    expect(task.authorizationID).toMatch(/^[0-9a-f]{16}$/);
    expect(task.links).toEqual({
      self: `/api/v2/tasks/${task.id}`,
      owners: `/api/v2/tasks/${task.id}/owners`,
      members: `/api/v2/tasks/${task.id}/members`,
      labels: `/api/v2/tasks/${task.id}/labels`,
      runs: `/api/v2/tasks/${task.id}/runs`,
      logs: `/api/v2/tasks/${task.id}/logs`,
    });
    expect(Date.parse(task.latestCompleted)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect((await t.client.get<TaskJson>(`/api/v2/tasks/${task.id}`, op())).body).toEqual(task);
    const owners = await t.client.get<{ users: { id: string; role: string }[] }>(`/api/v2/tasks/${task.id}/owners`, op());
    expect(owners.body.users.map((u) => [u.id, u.role])).toEqual([[instance.user.id, "owner"]]);
  });

  it("creates from fields: name and cron are written into the script's task option", async () => {
    const task = await create({ org: instance.org.name, name: "nightly", cron: "0 2 * * *", flux: 'from(bucket: "telemetry") |> range(start: -1d)' });
    expect(task).toMatchObject({ name: "nightly", cron: "0 2 * * *" });
    expect(task.flux).toBe('option task = {name: "nightly", cron: "0 2 * * *"}\n\nfrom(bucket: "telemetry") |> range(start: -1d)');
    const six = await create({ flux: flux("seconds", 'cron: "*/5 * * * * *"') });
    expect(six.cron).toBe("*/5 * * * * *");
  });

  it("refuses invalid Flux with its position, both every and cron, neither, and a bad cron", async () => {
    const bad = await t.client.post<ErrorJson>("/api/v2/tasks", { orgID: instance.org.id, flux: 'option task = {name: "x", every: 1h}\nfrom(bucket: "b") |> range(start: -1h' }, op());
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("invalid");
    expect(bad.body.message).toMatch(/@2:\d+-2:\d+/);
    const both = await t.client.post<ErrorJson>("/api/v2/tasks", { orgID: instance.org.id, flux: flux("x", 'every: 1h, cron: "* * * * *"') }, op());
    expect([both.status, both.body.message]).toEqual([400, "invalid options: cannot use both cron and every in task options"]);
    const neither = await t.client.post<ErrorJson>("/api/v2/tasks", { orgID: instance.org.id, flux: 'option task = {name: "x"}\n1' }, op());
    expect([neither.status, neither.body.message]).toEqual([400, "invalid options: cron or every is required"]);
    const noName = await t.client.post<ErrorJson>("/api/v2/tasks", { orgID: instance.org.id, flux: "option task = {every: 1h}\n1" }, op());
    expect(noName.body.message).toBe("invalid options: missing name in task options");
    const cron = await t.client.post<ErrorJson>("/api/v2/tasks", { orgID: instance.org.id, flux: flux("x", 'cron: "not a cron"') }, op());
    expect(cron.status).toBe(400);
    expect(cron.body.message).toMatch(/^invalid cron expression/);
    const noOption = await t.client.post<ErrorJson>("/api/v2/tasks", { orgID: instance.org.id, flux: "1 + 1" }, op());
    expect(noOption.status).toBe(400);
    const unknownOrg = await t.client.post<ErrorJson>("/api/v2/tasks", { orgID: "0000000000000001", flux: flux("x") }, op());
    expect(unknownOrg.status).toBe(404);
  });

  it("patches the schedule and name by rewriting the task option, keeping the rest of the script", async () => {
    const task = await create({ flux: `// keep me\noption task = {name: "p1", every: 1h, offset: 1m, concurrency: 2}\n\nfrom(bucket: "telemetry") |> range(start: -1h)` });
    const renamed = await t.client.patch<TaskJson>(`/api/v2/tasks/${task.id}`, { name: "p2", every: "30m" }, op());
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body).toMatchObject({ name: "p2", every: "30m", offset: "1m" });
    expect(renamed.body.flux).toBe(`// keep me\noption task = {name: "p2", every: 30m, offset: 1m, concurrency: 2}\n\nfrom(bucket: "telemetry") |> range(start: -1h)`);
    const cron = await t.client.patch<TaskJson>(`/api/v2/tasks/${task.id}`, { cron: "0 * * * *", offset: "" }, op());
    expect(cron.body).toMatchObject({ cron: "0 * * * *" });
    expect(cron.body.every).toBeUndefined();
    expect(cron.body.offset).toBeUndefined();
    expect(cron.body.flux).toContain('option task = {name: "p2", cron: "0 * * * *", concurrency: 2}');
    const inactive = await t.client.patch<TaskJson>(`/api/v2/tasks/${task.id}`, { status: "inactive", description: "off" }, op());
    expect(inactive.body).toMatchObject({ status: "inactive", description: "off" });
    const newFlux = await t.client.patch<TaskJson>(`/api/v2/tasks/${task.id}`, { flux: flux("p3", "every: 5m") }, op());
    expect(newFlux.body).toMatchObject({ name: "p3", every: "5m" });
    expect(newFlux.body.cron).toBeUndefined();
    const both = await t.client.patch<ErrorJson>(`/api/v2/tasks/${task.id}`, { every: "1m", cron: "* * * * *" }, op());
    expect(both.status).toBe(400);
    const badFlux = await t.client.patch<ErrorJson>(`/api/v2/tasks/${task.id}`, { flux: "option task = {" }, op());
    expect(badFlux.status).toBe(400);
  });

  it("lists with filters name, org, orgID, user, status, after, limit and type=basic", async () => {
    const a = await create({ flux: flux("list-a") });
    const b = await create({ flux: flux("list-b"), status: "inactive" });
    const inOther = await create({ orgID: otherOrgID, flux: flux("list-c") });
    const list = async (query: Record<string, string>) => {
      const res = await t.client.get<{ tasks: TaskJson[]; links: { self: string; next?: string } }>("/api/v2/tasks", { ...op(), query });
      expect(res.status, res.text).toBe(200);
      return res.body;
    };
    expect((await list({ name: "list-a" })).tasks.map((x) => x.id)).toEqual([a.id]);
    expect((await list({ orgID: otherOrgID })).tasks.map((x) => x.id)).toEqual([inOther.id]);
    expect((await list({ org: "other" })).tasks.map((x) => x.id)).toEqual([inOther.id]);
    expect((await list({ status: "inactive" })).tasks.map((x) => x.id)).toContain(b.id);
    expect((await list({ status: "inactive" })).tasks.map((x) => x.id)).not.toContain(a.id);
    expect((await list({ user: instance.user.id })).tasks.length).toBeGreaterThanOrEqual(3);
    const all = (await list({})).tasks.map((x) => x.id);
    expect(all).toEqual([...all].sort());
    const page = await list({ limit: "1" });
    expect(page.tasks).toHaveLength(1);
    expect(page.links.next).toContain(`after=${page.tasks[0]!.id}`);
    expect((await list({ after: page.tasks[0]!.id })).tasks.map((x) => x.id)).toEqual(all.slice(1));
    const basic = await list({ type: "basic", name: "list-a" });
    expect(basic.tasks[0]!.flux).toBeUndefined();
    const unknownOrg = await t.client.get<ErrorJson>("/api/v2/tasks", { ...op(), query: { org: "nope" } });
    expect(unknownOrg.status).toBe(404);
    const onlyOther = await tokenWith([{ action: "read", resource: { type: "tasks", orgID: otherOrgID } }]);
    const visible = await t.client.get<{ tasks: TaskJson[] }>("/api/v2/tasks", { token: onlyOther });
    expect(visible.body.tasks.map((x) => x.id)).toEqual([inOther.id]);
  });

  it("answers 404 for unknown task and run IDs, 403 without permission", async () => {
    const unknown = "0000000000000abc";
    for (const [method, path] of [
      ["get", `/api/v2/tasks/${unknown}`],
      ["get", `/api/v2/tasks/${unknown}/runs`],
      ["get", `/api/v2/tasks/${unknown}/logs`],
      ["delete", `/api/v2/tasks/${unknown}`],
    ] as const) {
      const res = await t.client[method]<ErrorJson>(path, op());
      expect([path, res.status, res.body.message]).toEqual([path, 404, "task not found"]);
    }
    const task = await create({ flux: flux("ids") });
    expect((await t.client.get<ErrorJson>(`/api/v2/tasks/${task.id}/runs/${unknown}`, op())).status).toBe(404);
    expect((await t.client.get<ErrorJson>(`/api/v2/tasks/${task.id}/runs/${unknown}/logs`, op())).status).toBe(404);
    expect((await t.client.post<ErrorJson>(`/api/v2/tasks/${task.id}/runs/${unknown}/retry`, {}, op())).status).toBe(404);
    expect((await t.client.delete<ErrorJson>(`/api/v2/tasks/${task.id}/runs/${unknown}`, op())).status).toBe(404);
    const readOnly = await tokenWith([{ action: "read", resource: { type: "tasks", orgID: instance.org.id } }]);
    expect((await t.client.get(`/api/v2/tasks/${task.id}`, { token: readOnly })).status).toBe(200);
    expect((await t.client.patch<ErrorJson>(`/api/v2/tasks/${task.id}`, { description: "x" }, { token: readOnly })).status).toBe(403);
    expect((await t.client.post<ErrorJson>("/api/v2/tasks", { orgID: instance.org.id, flux: flux("denied") }, { token: readOnly })).status).toBe(403);
  });

  it("queues a manual run, which runs with now() at its scheduled time and records logs", async () => {
    const task = await create({ flux: flux("manual", "every: 1h") });
    const scheduledFor = "2024-05-01T10:00:00Z";
    const queued = await t.client.post<RunJson>(`/api/v2/tasks/${task.id}/runs`, { scheduledFor }, op());
    expect(queued.status, queued.text).toBe(201);
    expect(queued.body).toMatchObject({ taskID: task.id, status: "scheduled", scheduledFor: "2024-05-01T10:00:00.000Z" });
    expect(queued.body.requestedAt).toBeDefined();
    const run = await waitForRun(t, instance, task.id, queued.body.id);
    expect(run.status).toBe("success");
    expect(run.log.map((l) => l.message)).toContain("Completed(success)");
    const logs = await t.client.get<{ events: { runID: string; message: string }[] }>(`/api/v2/tasks/${task.id}/runs/${run.id}/logs`, op());
    expect(logs.body.events.every((e) => e.runID === run.id)).toBe(true);
    expect(logs.body.events[0]!.message).toMatch(/^Started task from script/);
    const taskLogs = await t.client.get<{ events: { runID: string }[] }>(`/api/v2/tasks/${task.id}/logs`, op());
    expect(taskLogs.body.events.length).toBe(logs.body.events.length);
    const runs = await t.client.get<{ runs: RunJson[] }>(`/api/v2/tasks/${task.id}/runs`, { ...op(), query: { afterTime: "2024-01-01T00:00:00Z", beforeTime: "2024-12-31T00:00:00Z" } });
    expect(runs.body.runs.map((r) => r.id)).toEqual([run.id]);
    const none = await t.client.get<{ runs: RunJson[] }>(`/api/v2/tasks/${task.id}/runs`, { ...op(), query: { afterTime: "2025-01-01T00:00:00Z" } });
    expect(none.body.runs).toEqual([]);
    // Retry: a new run for the same scheduled time.
    const retry = await t.client.post<RunJson>(`/api/v2/tasks/${task.id}/runs/${run.id}/retry`, {}, op());
    expect(retry.status, retry.text).toBe(200);
    expect(retry.body.scheduledFor).toBe(run.scheduledFor);
    expect(retry.body.id).not.toBe(run.id);
    expect((await waitForRun(t, instance, task.id, retry.body.id)).status).toBe("success");
    // Cancel: finished runs cannot be canceled; a queued one can.
    expect((await t.client.delete(`/api/v2/tasks/${task.id}/runs/${run.id}`, op())).status).toBe(404);
    const manualTask = (await t.server.app.db.selectFrom("tasks").select("latest_completed").where("id", "=", task.id).executeTakeFirstOrThrow()).latest_completed;
    expect(manualTask.toISOString()).toBe(task.latestCompleted);
  });

  it("a task created from a UI session gets its own authorization, limited to the task's org, and runs with it", async () => {
    const signin = await t.client.post("/api/v2/signin", undefined, { basic: ["admin", instance.password] });
    expect(signin.status).toBe(204);
    const cookie = signin.headers.get("set-cookie")!.split(";")[0]!;
    const res = await t.client.post<TaskJson>("/api/v2/tasks", { orgID: instance.org.id, flux: flux("from-session") }, { cookie });
    expect(res.status, res.text).toBe(201);
    const auth = await t.server.app.db.selectFrom("authorizations").selectAll().where("id", "=", res.body.authorizationID!).executeTakeFirstOrThrow();
    expect(auth.description).toBe('auto-generated authorization for task "from-session"');
    const permissions = auth.permissions as Permission[];
    expect(permissions.length).toBeGreaterThan(0);
    expect(permissions.every((p) => p.resource.orgID === instance.org.id || p.resource.id === instance.org.id)).toBe(true);
    const queued = await t.client.post<RunJson>(`/api/v2/tasks/${res.body.id}/runs`, {}, op());
    expect((await waitForRun(t, instance, res.body.id, queued.body.id)).status).toBe("success");
  });

  it("deletes a task with its runs, labels and owners", async () => {
    const task = await create({ flux: flux("gone") });
    const label = await t.client.post<{ label: { id: string } }>("/api/v2/labels", { orgID: instance.org.id, name: "gone-label" }, op());
    expect((await t.client.post(`/api/v2/tasks/${task.id}/labels`, { labelID: label.body.label.id }, op())).status).toBe(201);
    const withLabel = await t.client.get<TaskJson>(`/api/v2/tasks/${task.id}`, op());
    expect(withLabel.body.labels.map((l) => l.id)).toEqual([label.body.label.id]);
    expect((await t.client.get<{ labels: unknown[] }>(`/api/v2/tasks/${task.id}/labels`, op())).body.labels).toHaveLength(1);
    expect((await t.client.delete(`/api/v2/tasks/${task.id}/labels/${label.body.label.id}`, op())).status).toBe(204);
    await t.client.post(`/api/v2/tasks/${task.id}/runs`, {}, op());
    expect((await t.client.delete(`/api/v2/tasks/${task.id}`, op())).status).toBe(204);
    expect((await t.client.get(`/api/v2/tasks/${task.id}`, op())).status).toBe(404);
    const runs = await t.server.app.db.selectFrom("task_runs").select("id").where("task_id", "=", task.id).execute();
    expect(runs).toEqual([]);
  });

  it("adds and removes members and owners", async () => {
    const task = await create({ flux: flux("people") });
    const user = await t.client.post<{ id: string }>("/api/v2/users", { name: "task-member" }, op());
    const added = await t.client.post<{ id: string; role: string }>(`/api/v2/tasks/${task.id}/members`, { id: user.body.id }, op());
    expect([added.status, added.body.role]).toEqual([201, "member"]);
    expect((await t.client.get<{ users: { id: string }[] }>(`/api/v2/tasks/${task.id}/members`, op())).body.users.map((u) => u.id)).toEqual([user.body.id]);
    // As in InfluxDB, either route removes the user's mapping whatever its role; then nothing is left.
    expect((await t.client.delete(`/api/v2/tasks/${task.id}/owners/${user.body.id}`, op())).status).toBe(204);
    expect((await t.client.delete(`/api/v2/tasks/${task.id}/members/${user.body.id}`, op())).status).toBe(404);
    const owner = await t.client.post<{ role: string }>(`/api/v2/tasks/${task.id}/owners`, { id: user.body.id }, op());
    expect(owner.body.role).toBe("owner");
    expect((await t.client.delete(`/api/v2/tasks/${task.id}/owners/${user.body.id}`, op())).status).toBe(204);
    expect((await t.client.post(`/api/v2/tasks/${task.id}/members`, { id: "0000000000000fff" }, op())).status).toBe(404);
  });
});

