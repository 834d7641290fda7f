import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../db/ids.js";
import type { MetadataStore } from "../db/index.js";
import { metadataBackends, type MetadataBackend } from "../test-support/index.js";
import { appendLogs, insertRun, insertTask, listRuns, pruneRuns, runLogs, type Task } from "./repository.js";

describe.each(metadataBackends())("task repository on $name", (backend: MetadataBackend) => {
  let store: MetadataStore;
  let task: Task;
  beforeAll(async () => {
    store = await backend.open();
    const now = new Date();
    const orgID = newId();
    await store.db.insertInto("orgs").values({ id: orgID, name: `org-${orgID}`, description: "", created_at: now, updated_at: now }).execute();
    task = await insertTask(store.db, {
      orgID,
      ownerID: newId(),
      authorizationID: "",
      name: "t",
      description: "",
      status: "inactive",
      flux: "1",
      every: "1s",
      cron: "",
      offset: "",
      latestCompleted: now,
      nextScheduledFor: now,
      nextDueAt: now,
    });
  });
  afterAll(async () => {
    await store?.close();
  });

  const at = (second: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, second));

  it("lists the newest runs oldest first, filtered by schedule time, and keeps a bounded history", async () => {
    for (let s = 0; s < 8; s++) {
      const run = await insertRun(store.db, { taskID: task.id, status: "success", scheduledFor: at(s), dueAt: at(s), manual: false });
      await appendLogs(store.db, task.id, run.id, [{ time: at(s), message: `run ${s}` }]);
    }
    const newest = await listRuns(store.db, task.id, { limit: 3 });
    expect(newest.map((r) => r.scheduled_for.getUTCSeconds())).toEqual([5, 6, 7]);
    const between = await listRuns(store.db, task.id, { limit: 100, afterTime: at(2), beforeTime: at(5) });
    expect(between.map((r) => r.scheduled_for.getUTCSeconds())).toEqual([3, 4]);

    await pruneRuns(store.db, task.id, 5);
    const kept = await listRuns(store.db, task.id, { limit: 100 });
    expect(kept.map((r) => r.scheduled_for.getUTCSeconds())).toEqual([3, 4, 5, 6, 7]);
    // Logs of forgotten runs go with them.
    const logs = await store.db.selectFrom("task_run_logs").select("message").where("task_id", "=", task.id).orderBy("seq").execute();
    expect(logs.map((l) => l.message)).toEqual(["run 3", "run 4", "run 5", "run 6", "run 7"]);
    expect((await runLogs(store.db, [kept[0]!.id])).map((l) => l.message)).toEqual(["run 3"]);
  });

  it("stores a schedule time as one scheduled run at most; manual runs may repeat it", async () => {
    await expect(insertRun(store.db, { taskID: task.id, status: "success", scheduledFor: at(7), dueAt: at(7), manual: false })).rejects.toThrow();
    const manual = await insertRun(store.db, { taskID: task.id, status: "scheduled", scheduledFor: at(7), dueAt: at(7), manual: true });
    expect(manual.requested_at).toBeInstanceOf(Date);
  });
});
