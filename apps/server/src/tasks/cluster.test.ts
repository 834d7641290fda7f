// Exactly once across servers: two schedulers sharing one metadata store never run the same run
// twice. On PostgreSQL these are two real servers on one database (the deployment this protects);
// on PGlite, which one process owns, a second scheduler joins the first server's store.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupInstance, startTestServer, type Instance, type MetadataBackend, type TestServer } from "../test-support/index.js";
import { createTemporaryDatabase, metadataBackends, POSTGRES_URL_VAR } from "../test-support/metadata-backends.js";
import { TaskScheduler } from "./scheduler.js";
import type { RunJson, TaskJson } from "./testing.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(metadataBackends())("two schedulers on one $name store", (backend: MetadataBackend) => {
  let a: TestServer;
  let b: TestServer | undefined;
  let extra: TaskScheduler | undefined;
  let database: { url: string; drop(): Promise<void> } | undefined;
  let instance: Instance;
  let slow: Server;
  let slowURL: string;

  beforeAll(async () => {
    // Each run posts here and waits 200 ms for the answer, so a second's work outlasts one claim.
    slow = createServer((_req, res) => void setTimeout(() => res.end("ok"), 200));
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    slowURL = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`;
    if (backend.name === "postgres") {
      database = await createTemporaryDatabase(process.env[POSTGRES_URL_VAR]!);
      a = await startTestServer({ metadataUrl: database.url });
      b = await startTestServer({ metadataUrl: database.url });
    } else {
      a = await startTestServer();
      extra = new TaskScheduler();
      extra.start(a.server.app);
    }
    instance = await setupInstance(a.client);
    // Few slots and a short queue each, so that both schedulers take part in every second's work.
    for (const s of [a.server.app.tasks, b?.server.app.tasks, extra]) {
      if (!s) continue;
      s.options.concurrency = 2;
      s.options.queueSize = 2;
    }
  });
  afterAll(async () => {
    await extra?.stop();
    await b?.close();
    await a?.close();
    await database?.drop();
    slow?.closeAllConnections();
    await new Promise((resolve) => slow?.close(resolve));
  });

  it("runs every scheduled and manual run exactly once", async () => {
    const op = { token: instance.operatorToken };
    const tasks: TaskJson[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await a.client.post<TaskJson>("/api/v2/tasks", { orgID: instance.org.id, flux: `import "http"\noption task = {name: "shared-${i}", every: 1s}\n\nhttp.post(url: "${slowURL}", data: bytes(v: "${i}"))` }, op);
      expect(res.status, res.text).toBe(201);
      tasks.push(res.body);
    }
    const other = b ?? a;
    const manual: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const task of tasks.slice(0, 6)) manual.push((await other.client.post<RunJson>(`/api/v2/tasks/${task.id}/runs`, {}, op)).body.id);
      await sleep(1000);
    }
    await sleep(500);
    for (const task of tasks) await a.client.patch(`/api/v2/tasks/${task.id}`, { status: "inactive" }, op);
    // Let runs in flight and queued manual runs finish.
    const db = a.server.app.db;
    const deadline = Date.now() + 10_000;
    while ((await db.selectFrom("task_runs").select("id").where("status", "in", ["scheduled", "started"]).execute()).length > 0) {
      if (Date.now() > deadline) throw new Error("runs did not finish");
      await sleep(100);
    }

    const ids = tasks.map((t) => t.id);
    const runs = await db.selectFrom("task_runs").selectAll().where("task_id", "in", ids).execute();
    const scheduled = runs.filter((r) => !r.manual);
    expect(scheduled.length).toBeGreaterThanOrEqual(tasks.length * 3);
    const keys = scheduled.map((r) => `${r.task_id}@${r.scheduled_for.toISOString()}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const id of manual) expect(runs.find((r) => r.id === id)?.status).toBe("success");
    expect(runs.every((r) => r.status === "success")).toBe(true);
    // A run executed twice would have two start lines in its log.
    const starts = await db.selectFrom("task_run_logs").select(["run_id"]).where("task_id", "in", ids).where("message", "like", "Started task%").execute();
    const perRun = new Map<string, number>();
    for (const s of starts) perRun.set(s.run_id, (perRun.get(s.run_id) ?? 0) + 1);
    expect(perRun.size).toBe(runs.length);
    expect([...perRun.values()].every((n) => n === 1)).toBe(true);
    // Both schedulers did part of the work.
    expect(new Set(runs.map((r) => r.executed_by)).size).toBe(2);
    for (const server of [a, b]) expect(server?.logs.filter((l) => l.includes("claiming due runs failed")) ?? []).toEqual([]);
  }, 30_000);
});
