import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createAuthorization } from "../authorizations/repository.js";
import { newId } from "../db/ids.js";
import { type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";
import { TaskScheduler } from "./scheduler.js";
import { waitForRun, type RunJson, type TaskJson } from "./testing.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("task scheduler", () => {
  let t: TestServer;
  let instance: Instance;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  const op = () => ({ token: instance.operatorToken });
  const create = async (flux: string, token = instance.operatorToken) => {
    const res = await t.client.post<TaskJson>("/api/v2/tasks", { orgID: instance.org.id, flux }, { token });
    expect(res.status, res.text).toBe(201);
    return res.body;
  };
  const runs = async (taskID: string) => (await t.client.get<{ runs: RunJson[] }>(`/api/v2/tasks/${taskID}/runs`, op())).body.runs;
  const finished = async (taskID: string, count: number, timeoutMs = 8_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const done = (await runs(taskID)).filter((r) => r.status !== "scheduled" && r.status !== "started");
      if (done.length >= count) return done;
      if (Date.now() > deadline) throw new Error(`task ${taskID}: ${done.length} of ${count} runs finished`);
      await sleep(100);
    }
  };

  it("runs a task every 1 s at whole seconds, records runs, logs and latestCompleted", async () => {
    const task = await create('import "array"\noption task = {name: "each-second", every: 1s}\n\narray.from(rows: [{v: 1}])');
    const done = await finished(task.id, 2);
    const times = done.map((r) => Date.parse(r.scheduledFor));
    for (const time of times) expect(time % 1000).toBe(0);
    expect(times[1]! - times[0]!).toBe(1000);
    expect(done.every((r) => r.status === "success")).toBe(true);
    expect(done[0]!.log.map((l) => l.message)).toEqual([expect.stringMatching(/^Started task from script: /), "Execution produced 1 result(s), 1 table(s), 1 row(s)", "Completed(success)"]);
    const after = (await t.client.get<TaskJson>(`/api/v2/tasks/${task.id}`, op())).body;
    expect(after.lastRunStatus).toBe("success");
    expect(Date.parse(after.latestCompleted)).toBeGreaterThanOrEqual(times[1]!);
    await t.client.patch(`/api/v2/tasks/${task.id}`, { status: "inactive" }, op());
  });

  it("fails a failing task with its error in the logs, now() being the scheduled time, and keeps running others", async () => {
    const failing = await create('option task = {name: "failing", every: 1s}\n\ndie(msg: "boom at " + string(v: now()))');
    const healthy = await create('option task = {name: "healthy", every: 1s}\n\n1 + 1');
    const failed = await finished(failing.id, 2);
    for (const run of failed) {
      expect(run.status).toBe("failed");
      const scheduled = run.scheduledFor.replace(".000Z", "");
      expect(run.log.map((l) => l.message)).toContainEqual(expect.stringMatching(new RegExp(`^Error: .*boom at ${scheduled}(\\.0+)?Z`)));
      expect(run.log.at(-1)!.message).toBe("Completed(failed)");
    }
    expect((await finished(healthy.id, 2)).every((r) => r.status === "success")).toBe(true);
    const after = (await t.client.get<TaskJson>(`/api/v2/tasks/${failing.id}`, op())).body;
    expect(after.lastRunStatus).toBe("failed");
    expect(after.lastRunError).toMatch(/boom at/);
    for (const id of [failing.id, healthy.id]) await t.client.patch(`/api/v2/tasks/${id}`, { status: "inactive" }, op());
  });

  it("a manual run's now() is the requested scheduledFor", async () => {
    const task = await create('option task = {name: "now-check", every: 1h}\n\ndie(msg: "now=" + string(v: now()))');
    const queued = await t.client.post<RunJson>(`/api/v2/tasks/${task.id}/runs`, { scheduledFor: "2024-05-01T10:00:00Z" }, op());
    const run = await waitForRun(t, instance, task.id, queued.body.id);
    expect(run.log.map((l) => l.message)).toContainEqual(expect.stringMatching(/now=2024-05-01T10:00:00(\.0+)?Z/));
  });

  it("tasks.lastSuccess() answers the latest successful run's scheduled time, or the default", async () => {
    const task = await create('import "influxdata/influxdb/tasks"\noption task = {name: "last-success", every: 1h}\n\ndie(msg: "last=" + string(v: tasks.lastSuccess(orTime: 2000-01-01T00:00:00Z)))');
    const first = await waitForRun(t, instance, task.id, (await t.client.post<RunJson>(`/api/v2/tasks/${task.id}/runs`, {}, op())).body.id);
    expect(first.log.map((l) => l.message)).toContainEqual(expect.stringMatching(/last=2000-01-01T00:00:00(\.0+)?Z/));
    await t.server.app.db
      .insertInto("task_runs")
      .values({ id: newId(), task_id: task.id, status: "success", scheduled_for: new Date("2023-03-04T05:06:07Z"), due_at: new Date(), manual: false, finished_at: new Date() })
      .execute();
    const second = await waitForRun(t, instance, task.id, (await t.client.post<RunJson>(`/api/v2/tasks/${task.id}/runs`, {}, op())).body.id);
    expect(second.log.map((l) => l.message)).toContainEqual(expect.stringMatching(/last=2023-03-04T05:06:07(\.0+)?Z/));
  });

  it("a task whose token was deleted fails its runs with a clear log line", async () => {
    const { row, token } = await createAuthorization(t.server.app.db, {
      orgID: instance.org.id,
      userID: instance.user.id,
      permissions: [
        { action: "write", resource: { type: "tasks", orgID: instance.org.id } },
        { action: "read", resource: { type: "tasks", orgID: instance.org.id } },
      ],
    });
    const task = await create('option task = {name: "orphan", every: 1h}\n\n1', token);
    expect(task.authorizationID).toBe(row.id);
    expect((await t.client.delete(`/api/v2/authorizations/${row.id}`, op())).status).toBe(204);
    const run = await waitForRun(t, instance, task.id, (await t.client.post<RunJson>(`/api/v2/tasks/${task.id}/runs`, {}, op())).body.id);
    expect(run.status).toBe("failed");
    expect(run.log.map((l) => l.message)).toContain(`Error: could not find authorization ${row.id} for task: the token it runs with was deleted`);
  });

  it("runs with the task's permissions, not more: a bucket its token cannot read is not found", async () => {
    const { token } = await createAuthorization(t.server.app.db, {
      orgID: instance.org.id,
      userID: instance.user.id,
      permissions: [{ action: "write", resource: { type: "tasks", orgID: instance.org.id } }],
    });
    const task = await create(`option task = {name: "no-read", every: 1h}\n\nfrom(bucket: "${instance.bucket.name}") |> range(start: -1h)`, token);
    const run = await waitForRun(t, instance, task.id, (await t.client.post<RunJson>(`/api/v2/tasks/${task.id}/runs`, {}, op())).body.id);
    expect(run.status).toBe("failed");
    expect(run.log.map((l) => l.message).join("\n")).toContain(`could not find bucket "${instance.bucket.name}"`);
    const allowed = await create(`option task = {name: "can-read", every: 1h}\n\nfrom(bucket: "${instance.bucket.name}") |> range(start: -1h)`);
    expect((await waitForRun(t, instance, allowed.id, (await t.client.post<RunJson>(`/api/v2/tasks/${allowed.id}/runs`, {}, op())).body.id)).status).toBe("success");
  });

  it("a downsampling task writes aggregates with to() that a query reads back; to() needs write permission", async () => {
    const base = Date.parse("2024-06-01T10:00:00Z") / 1000;
    const lines = [0, 20, 40, 60, 80, 100].map((s, i) => `cpu,host=a usage=${10 + i} ${base + s}`).join("\n");
    const written = await t.client.post("/api/v2/write", lines, { ...op(), query: { org: instance.org.name, bucket: instance.bucket.name, precision: "s" }, headers: { "Content-Type": "text/plain" } });
    expect(written.status, written.text).toBe(204);
    const target = await t.client.post<{ id: string }>("/api/v2/buckets", { orgID: instance.org.id, name: "downsampled", retentionRules: [] }, op());
    expect(target.status, target.text).toBe(201);
    const script = `option task = {name: "downsample", every: 1h}\n\nfrom(bucket: "${instance.bucket.name}")\n  |> range(start: -1h)\n  |> filter(fn: (r) => r._measurement == "cpu")\n  |> aggregateWindow(every: 1m, fn: mean)\n  |> to(bucket: "downsampled")`;
    const task = await create(script);
    const scheduledFor = new Date((base + 3600) * 1000).toISOString();
    const run = await waitForRun(t, instance, task.id, (await t.client.post<RunJson>(`/api/v2/tasks/${task.id}/runs`, { scheduledFor }, op())).body.id);
    expect(run.status, JSON.stringify(run.log)).toBe("success");
    const query = await t.client.post("/api/v2/query", { query: `from(bucket: "downsampled") |> range(start: 2024-06-01T00:00:00Z, stop: 2024-06-02T00:00:00Z) |> keep(columns: ["_time", "_value"])`, dialect: { annotations: [] } }, { ...op(), query: { org: instance.org.name } });
    expect(query.status, query.text).toBe(200);
    const rows = query.text.trim().split(/\r?\n/).slice(1).map((l) => l.split(",").slice(3).join(","));
    expect(rows).toEqual(["2024-06-01T10:01:00Z,11", "2024-06-01T10:02:00Z,14"]);

    const { token } = await createAuthorization(t.server.app.db, {
      orgID: instance.org.id,
      userID: instance.user.id,
      permissions: [
        { action: "write", resource: { type: "tasks", orgID: instance.org.id } },
        { action: "read", resource: { type: "buckets", orgID: instance.org.id } },
      ],
    });
    const readOnly = await create(script.replace('name: "downsample"', 'name: "cannot-write"'), token);
    const denied = await waitForRun(t, instance, readOnly.id, (await t.client.post<RunJson>(`/api/v2/tasks/${readOnly.id}/runs`, { scheduledFor }, op())).body.id);
    expect(denied.status).toBe("failed");
    expect(denied.log.map((l) => l.message).join("\n")).toMatch(/Error: .*(unauthorized|permission|forbidden)/i);
  });

  it("a slow task occupies only its own slot: others keep running, its runs never overlap, a running run can be canceled", async () => {
    // An HTTP endpoint that answers after 3 s makes the slow task's http.post slow.
    const slowServer = createServer((_req, res) => void setTimeout(() => res.end("ok"), 3_000));
    await new Promise<void>((resolve) => slowServer.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(slowServer.address() as AddressInfo).port}/`;
    try {
      const slow = await create(`import "http"\noption task = {name: "slow", every: 1s}\n\nstatus = http.post(url: "${url}", data: bytes(v: "x"))\ndie(msg: "answered " + string(v: status))`);
      const fast = await create('option task = {name: "fast", every: 1s}\n\n1 + 1');
      const done = await finished(fast.id, 2);
      expect(done.every((r) => r.status === "success")).toBe(true);
      const slowRuns = await runs(slow.id);
      expect(slowRuns.filter((r) => r.status === "started")).toHaveLength(1);
      const running = slowRuns.find((r) => r.status === "started")!;
      expect((await t.client.delete(`/api/v2/tasks/${slow.id}/runs/${running.id}`, op())).status).toBe(204);
      await t.client.patch(`/api/v2/tasks/${slow.id}`, { status: "inactive" }, op());
      await t.client.patch(`/api/v2/tasks/${fast.id}`, { status: "inactive" }, op());
      const canceled = await waitForRun(t, instance, slow.id, running.id);
      expect(canceled.status).toBe("canceled");
      // Finished, the next slow run (if one was claimed meanwhile) records its answer.
      const deadline = Date.now() + 8_000;
      let all = await runs(slow.id);
      while (all.some((r) => r.status === "started") && Date.now() < deadline) {
        await sleep(200);
        all = await runs(slow.id);
      }
      for (const r of all.filter((x) => x.id !== running.id)) expect(r.log.map((l) => l.message).join("\n")).toContain("answered 200");
    } finally {
      slowServer.closeAllConnections();
      await new Promise((resolve) => slowServer.close(resolve));
    }
  });

  it("a stopping scheduler hands claimed runs that never started back, and they run later", async () => {
    const app = t.server.app;
    await app.tasks.stop();
    // Claims but never executes: everything it takes waits in its queue.
    const idle = new TaskScheduler({ concurrency: 0, pollMs: 50 });
    try {
      idle.start(app);
      const task = await create('option task = {name: "handed-back", every: 1s}\n\n1');
      const deadline = Date.now() + 5_000;
      let claimed: { id: string; scheduled_for: Date } | undefined;
      while (!claimed && Date.now() < deadline) {
        await sleep(100);
        claimed = await app.db.selectFrom("task_runs").select(["id", "scheduled_for"]).where("task_id", "=", task.id).where("executed_by", "=", idle.instanceID).executeTakeFirst();
      }
      expect(claimed).toBeDefined();
      await idle.stop();
      expect(await app.db.selectFrom("task_runs").select("id").where("id", "=", claimed!.id).executeTakeFirst()).toBeUndefined();
      const row = await app.db.selectFrom("tasks").select(["running_run_id", "next_scheduled_for"]).where("id", "=", task.id).executeTakeFirstOrThrow();
      expect(row.running_run_id).toBeNull();
      expect(row.next_scheduled_for.toISOString()).toBe(claimed!.scheduled_for.toISOString());
      app.tasks.start(app);
      const done = await finished(task.id, 1);
      expect(done[0]!.scheduledFor).toBe(claimed!.scheduled_for.toISOString());
      expect(done[0]!.status).toBe("success");
      await t.client.patch(`/api/v2/tasks/${task.id}`, { status: "inactive" }, op());
    } finally {
      await idle.stop();
      app.tasks.start(app);
    }
  });

  it("after downtime resumes from latestCompleted, running each missed schedule time once, in order", async () => {
    const task = await create('option task = {name: "catch-up", every: 1s}\n\n1', instance.operatorToken);
    await t.client.patch(`/api/v2/tasks/${task.id}`, { status: "inactive" }, op());
    // As if the server had been down: the task's next schedule time lies 4 s in the past.
    const start = new Date(Math.floor(Date.now() / 1000) * 1000 - 4000);
    await t.server.app.db
      .updateTable("tasks")
      .set({ status: "active", latest_completed: new Date(start.getTime() - 1000), next_scheduled_for: start, next_due_at: start })
      .where("id", "=", task.id)
      .execute();
    const done = await finished(task.id, 5);
    const times = done.map((r) => Date.parse(r.scheduledFor));
    expect(times.slice(0, 5)).toEqual([0, 1, 2, 3, 4].map((i) => start.getTime() + i * 1000));
    expect(new Set(times).size).toBe(times.length);
    await t.client.patch(`/api/v2/tasks/${task.id}`, { status: "inactive" }, op());
  });

  it("cancels a queued run; an inactive task never runs on schedule", async () => {
    const task = await create('option task = {name: "idle", every: 1s}\n\n1');
    await t.client.patch(`/api/v2/tasks/${task.id}`, { status: "inactive" }, op());
    const future = new Date(Date.now() + 3_600_000);
    const queued = await t.server.app.db
      .insertInto("task_runs")
      .values({ id: newId(), task_id: task.id, status: "scheduled", scheduled_for: future, due_at: future, manual: true, requested_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect((await t.client.delete(`/api/v2/tasks/${task.id}/runs/${queued.id}`, op())).status).toBe(204);
    const canceled = (await t.client.get<RunJson>(`/api/v2/tasks/${task.id}/runs/${queued.id}`, op())).body;
    expect(canceled.status).toBe("canceled");
    expect(canceled.log.map((l) => l.message)).toEqual(["Run canceled"]);
    await sleep(1500);
    expect((await runs(task.id)).map((r) => r.id)).toEqual([queued.id]);
  });
});
