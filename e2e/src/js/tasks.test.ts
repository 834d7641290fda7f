// Tasks through the official JS client's TasksAPI: create from Flux, list, update (the option task
// record is rewritten), run now, read runs and logs, retry, labels, owners, delete; and a
// downsampling task that runs on its own schedule and writes aggregates a query reads back.
import { Point } from "@influxdata/influxdb-client";
import { BucketsAPI, LabelsAPI, TasksAPI, type Run } from "@influxdata/influxdb-client-apis";
import { describe, expect, it } from "vitest";
import { influxClient, uniqueName } from "../harness/client.js";
import { errorCode, expectHttpError } from "../harness/expect-http-error.js";
import { useOnboardedServer } from "../harness/onboarded-server.js";

const instance = useOnboardedServer();
const client = () => influxClient(instance.current.server.url, instance.current.setup.token);
const tasksAPI = (): TasksAPI => new TasksAPI(client());
const orgID = (): string => instance.current.setup.orgID;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function finishedRun(taskID: string, runID: string): Promise<Run> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const run = await tasksAPI().getTasksIDRunsID({ taskID, runID });
    if (run.status !== "scheduled" && run.status !== "started") return run;
    if (Date.now() > deadline) throw new Error(`run ${runID} did not finish`);
    await sleep(100);
  }
}

describe("JS client: TasksAPI", () => {
  it("creates, lists, updates, runs, retries and deletes a task", async () => {
    const name = uniqueName("task");
    const flux = `option task = {name: "${name}", every: 1h}\n\nfrom(bucket: "${instance.current.setup.bucketName}") |> range(start: -1h)`;
    const task = await tasksAPI().postTasks({ body: { orgID: orgID(), flux, description: "e2e" } });
    expect(task).toMatchObject({ orgID: orgID(), name, every: "1h", status: "active", description: "e2e", flux });
    const taskID = task.id;

    const listed = await tasksAPI().getTasks({ name });
    expect(listed.tasks?.map((t) => t.id)).toEqual([taskID]);
    expect((await tasksAPI().getTasksID({ taskID })).name).toBe(name);

    const updated = await tasksAPI().patchTasksID({ taskID, body: { every: "30m", offset: "5m" } });
    expect(updated).toMatchObject({ every: "30m", offset: "5m" });
    expect(updated.flux).toContain(`option task = {name: "${name}", every: 30m, offset: 5m}`);

    const queued = await tasksAPI().postTasksIDRuns({ taskID, body: {} });
    expect(queued.status).toBe("scheduled");
    const run = await finishedRun(taskID, queued.id ?? "");
    expect(run.status).toBe("success");
    const runs = await tasksAPI().getTasksIDRuns({ taskID });
    expect(runs.runs?.map((r) => r.id)).toContain(run.id);
    const logs = await tasksAPI().getTasksIDRunsIDLogs({ taskID, runID: run.id ?? "" });
    expect(logs.events?.map((e) => e.message)).toContain("Completed(success)");
    expect((await tasksAPI().getTasksIDLogs({ taskID })).events?.length).toBeGreaterThanOrEqual(2);

    const retried = await tasksAPI().postTasksIDRunsIDRetry({ taskID, runID: run.id ?? "", body: {} });
    expect(retried.scheduledFor).toBe(run.scheduledFor);
    expect((await finishedRun(taskID, retried.id ?? "")).status).toBe("success");

    const label = await new LabelsAPI(client()).postLabels({ body: { orgID: orgID(), name: uniqueName("label") } });
    await tasksAPI().postTasksIDLabels({ taskID, body: { labelID: label.label?.id ?? "" } });
    expect((await tasksAPI().getTasksIDLabels({ taskID })).labels?.map((l) => l.id)).toEqual([label.label?.id]);
    expect((await tasksAPI().getTasksIDOwners({ taskID })).users?.map((u) => u.id)).toEqual([instance.current.setup.userID]);

    await tasksAPI().deleteTasksID({ taskID });
    const gone = await expectHttpError(tasksAPI().getTasksID({ taskID }));
    expect(gone.statusCode).toBe(404);
  });

  it("refuses invalid Flux and a task with both every and cron with 400 invalid", async () => {
    const syntax = await expectHttpError(tasksAPI().postTasks({ body: { orgID: orgID(), flux: 'option task = {name: "x", every: 1h}\nfrom(bucket: ' } }));
    expect([syntax.statusCode, errorCode(syntax)]).toEqual([400, "invalid"]);
    const both = await expectHttpError(tasksAPI().postTasks({ body: { orgID: orgID(), flux: 'option task = {name: "x", every: 1h, cron: "* * * * *"}\n1' } }));
    expect([both.statusCode, errorCode(both)]).toEqual([400, "invalid"]);
  });

  it("a downsampling task every 1s writes aggregates with to() that a query reads back", async () => {
    const { server, setup } = instance.current;
    const target = await new BucketsAPI(client()).postBuckets({ body: { orgID: orgID(), name: uniqueName("downsampled"), retentionRules: [] } });
    const write = influxClient(server.url, setup.token).getWriteApi(setup.orgName, setup.bucketName, "s", { maxRetries: 0 });
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 10; i++) write.writePoint(new Point("load").tag("host", "a").floatField("value", i).timestamp(now - 30 + i));
    await write.close();
    const flux = `option task = {name: "${uniqueName("downsample")}", every: 1s}

from(bucket: "${setup.bucketName}")
  |> range(start: -1h)
  |> filter(fn: (r) => r._measurement == "load")
  |> mean()
  |> map(fn: (r) => ({r with _time: r._stop}))
  |> to(bucket: "${target.name}")`;
    const task = await tasksAPI().postTasks({ body: { orgID: orgID(), flux } });
    const query = influxClient(server.url, setup.token).getQueryApi(setup.orgName);
    const deadline = Date.now() + 15_000;
    let rows: Record<string, unknown>[] = [];
    while (rows.length === 0 && Date.now() < deadline) {
      await sleep(500);
      rows = await query.collectRows<Record<string, unknown>>(`from(bucket: "${target.name}") |> range(start: -1h, stop: 1h) |> filter(fn: (r) => r._measurement == "load")`);
    }
    const runs = await tasksAPI().getTasksIDRuns({ taskID: task.id });
    expect(rows.length, JSON.stringify(runs.runs?.slice(-2).map((r) => [r.status, r.log?.map((l) => l.message)]))).toBeGreaterThan(0);
    expect(rows[0]).toMatchObject({ _value: 4.5, host: "a", _field: "value" });
    expect(runs.runs?.some((r) => r.status === "success")).toBe(true);
    await tasksAPI().patchTasksID({ taskID: task.id, body: { status: "inactive" } });
  });
});
