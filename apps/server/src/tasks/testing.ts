// Shapes and helpers the task tests share.
import type { Instance, TestServer } from "../test-support/index.js";

export interface TaskJson {
  id: string;
  orgID: string;
  org?: string;
  name: string;
  ownerID: string;
  status: string;
  flux?: string;
  every?: string;
  cron?: string;
  offset?: string;
  description?: string;
  authorizationID?: string;
  latestCompleted: string;
  lastRunStatus?: string;
  lastRunError?: string;
  labels: { id: string; name: string }[];
  links: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}
export interface RunJson {
  id: string;
  taskID: string;
  status: string;
  scheduledFor: string;
  startedAt?: string;
  finishedAt?: string;
  requestedAt?: string;
  log: { runID: string; time: string; message: string }[];
  links: Record<string, string>;
}

/** Polls a run until it has finished (the scheduler runs it in the background). */
export async function waitForRun(t: TestServer, instance: Instance, taskID: string, runID: string, timeoutMs = 10_000): Promise<RunJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.client.get<RunJson>(`/api/v2/tasks/${taskID}/runs/${runID}`, { token: instance.operatorToken });
    if (res.status === 200 && !["scheduled", "started"].includes(res.body.status)) return res.body;
    if (Date.now() > deadline) throw new Error(`run ${runID} did not finish: ${res.text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
