// Tasks, runs and log events as InfluxDB returns them.
import { presentLabel } from "../labels/present.js";
import type { Label } from "../labels/repository.js";
import type { Run, RunLog, Task } from "./repository.js";

const taskPath = (id: string) => `/api/v2/tasks/${id}`;

/** A task; `basic` leaves the Flux script out (the list's `type=basic`). */
export function presentTask(task: Task, orgName: string | undefined, labels: readonly Label[], basic = false) {
  const self = taskPath(task.id);
  return {
    id: task.id,
    type: task.type,
    orgID: task.org_id,
    ...(orgName !== undefined ? { org: orgName } : {}),
    name: task.name,
    ownerID: task.owner_id,
    ...(task.description ? { description: task.description } : {}),
    status: task.status,
    labels: labels.map(presentLabel),
    ...(task.authorization_id ? { authorizationID: task.authorization_id } : {}),
    ...(basic ? {} : { flux: task.flux }),
    ...(task.every ? { every: task.every } : {}),
    ...(task.cron ? { cron: task.cron } : {}),
    ...(task.schedule_offset ? { offset: task.schedule_offset } : {}),
    latestCompleted: task.latest_completed.toISOString(),
    ...(task.last_run_status ? { lastRunStatus: task.last_run_status } : {}),
    ...(task.last_run_error ? { lastRunError: task.last_run_error } : {}),
    createdAt: task.created_at.toISOString(),
    updatedAt: task.updated_at.toISOString(),
    links: {
      self,
      owners: `${self}/owners`,
      members: `${self}/members`,
      labels: `${self}/labels`,
      runs: `${self}/runs`,
      logs: `${self}/logs`,
    },
  };
}

export function presentLog(log: RunLog) {
  return { runID: log.run_id, time: log.time.toISOString(), message: log.message };
}

export function presentRun(run: Run, logs: readonly RunLog[]) {
  const self = `${taskPath(run.task_id)}/runs/${run.id}`;
  return {
    id: run.id,
    taskID: run.task_id,
    status: run.status,
    scheduledFor: run.scheduled_for.toISOString(),
    log: logs.filter((l) => l.run_id === run.id).map(presentLog),
    ...(run.flux ? { flux: run.flux } : {}),
    ...(run.started_at ? { startedAt: run.started_at.toISOString() } : {}),
    ...(run.finished_at ? { finishedAt: run.finished_at.toISOString() } : {}),
    ...(run.requested_at ? { requestedAt: run.requested_at.toISOString() } : {}),
    links: { self, task: taskPath(run.task_id), retry: `${self}/retry` },
  };
}
