// Tasks, runs and run logs in the metadata store.
import type { Generated, Kysely, Selectable, Transaction, Updateable } from "kysely";
import { newId } from "../db/ids.js";
import type { Database, Timestamp } from "../db/schema.js";
import { seesNothing, visibleRows, type Visibility } from "../auth/visibility.js";

export type TaskStatus = "active" | "inactive";
export type RunStatus = "scheduled" | "started" | "success" | "failed" | "canceled";

export interface TaskTable {
  id: string;
  org_id: string;
  owner_id: string;
  authorization_id: string;
  name: string;
  description: string;
  type: string;
  status: TaskStatus;
  flux: string;
  every: string;
  cron: string;
  schedule_offset: string;
  latest_completed: Timestamp;
  last_run_status: string;
  last_run_error: string;
  next_scheduled_for: Timestamp;
  next_due_at: Timestamp;
  running_run_id: string | null;
  lease_until: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TaskRunTable {
  id: string;
  task_id: string;
  status: RunStatus;
  scheduled_for: Timestamp;
  due_at: Timestamp;
  manual: Generated<boolean>;
  requested_at: Timestamp | null;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  flux: Generated<string>;
  executed_by: Generated<string>;
}

export interface TaskRunLogTable {
  seq: Generated<number>;
  run_id: string;
  task_id: string;
  time: Timestamp;
  message: string;
}

declare module "../db/schema.js" {
  interface Database {
    tasks: TaskTable;
    task_runs: TaskRunTable;
    task_run_logs: TaskRunLogTable;
  }
}

export type Task = Selectable<TaskTable>;
export type Run = Selectable<TaskRunTable>;
export type RunLog = Selectable<TaskRunLogTable>;
export type Db = Kysely<Database> | Transaction<Database>;

export interface NewTask {
  orgID: string;
  ownerID: string;
  authorizationID: string;
  name: string;
  description: string;
  status: TaskStatus;
  flux: string;
  every: string;
  cron: string;
  offset: string;
  latestCompleted: Date;
  nextScheduledFor: Date;
  nextDueAt: Date;
}

export function insertTask(db: Db, t: NewTask): Promise<Task> {
  const now = new Date();
  return db
    .insertInto("tasks")
    .values({
      id: newId(),
      org_id: t.orgID,
      owner_id: t.ownerID,
      authorization_id: t.authorizationID,
      name: t.name,
      description: t.description,
      type: "system",
      status: t.status,
      flux: t.flux,
      every: t.every,
      cron: t.cron,
      schedule_offset: t.offset,
      latest_completed: t.latestCompleted,
      last_run_status: "",
      last_run_error: "",
      next_scheduled_for: t.nextScheduledFor,
      next_due_at: t.nextDueAt,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findTask(db: Db, id: string): Promise<Task | undefined> {
  return db.selectFrom("tasks").selectAll().where("id", "=", id).executeTakeFirst();
}

export interface TaskFilter {
  orgID?: string;
  ownerID?: string;
  name?: string;
  status?: TaskStatus;
  after?: string;
  /** Undefined: no limit. */
  limit?: number;
  offset?: number;
  visible: Visibility;
}

export function listTasks(db: Db, f: TaskFilter): Promise<Task[]> {
  if (seesNothing(f.visible)) return Promise.resolve([]);
  let q = db.selectFrom("tasks").selectAll().where(visibleRows(f.visible));
  if (f.orgID) q = q.where("org_id", "=", f.orgID);
  if (f.ownerID) q = q.where("owner_id", "=", f.ownerID);
  if (f.name !== undefined) q = q.where("name", "=", f.name);
  if (f.status) q = q.where("status", "=", f.status);
  if (f.after) q = q.where("id", ">", f.after);
  q = q.orderBy("id");
  if (f.limit !== undefined) q = q.limit(f.limit);
  if (f.offset) q = q.offset(f.offset);
  return q.execute();
}

export type TaskChanges = Omit<Updateable<TaskTable>, "id" | "org_id" | "created_at">;

export function updateTask(db: Db, id: string, changes: TaskChanges): Promise<Task | undefined> {
  return db
    .updateTable("tasks")
    .set({ ...changes, updated_at: new Date() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteTask(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom("tasks").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export function findRun(db: Db, taskID: string, runID: string): Promise<Run | undefined> {
  return db.selectFrom("task_runs").selectAll().where("id", "=", runID).where("task_id", "=", taskID).executeTakeFirst();
}

export interface RunFilter {
  after?: string;
  afterTime?: Date;
  beforeTime?: Date;
  limit: number;
}

/** The newest `limit` runs matching the filter, oldest first. */
export async function listRuns(db: Db, taskID: string, f: RunFilter): Promise<Run[]> {
  let q = db.selectFrom("task_runs").selectAll().where("task_id", "=", taskID);
  if (f.after) q = q.where("id", ">", f.after);
  if (f.afterTime) q = q.where("scheduled_for", ">", f.afterTime);
  if (f.beforeTime) q = q.where("scheduled_for", "<", f.beforeTime);
  const rows = await q.orderBy("scheduled_for", "desc").orderBy("id", "desc").limit(f.limit).execute();
  return rows.reverse();
}

export function insertRun(db: Db, run: { taskID: string; status: RunStatus; scheduledFor: Date; dueAt: Date; manual: boolean; flux?: string; executedBy?: string }): Promise<Run> {
  const now = new Date();
  return db
    .insertInto("task_runs")
    .values({
      id: newId(),
      task_id: run.taskID,
      status: run.status,
      scheduled_for: run.scheduledFor,
      due_at: run.dueAt,
      manual: run.manual,
      requested_at: run.manual ? now : null,
      started_at: run.status === "started" ? now : null,
      flux: run.flux ?? "",
      executed_by: run.executedBy ?? "",
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateRun(db: Db, runID: string, changes: Omit<Updateable<TaskRunTable>, "id" | "task_id">, onlyIfStatus?: RunStatus[]): Promise<Run | undefined> {
  let q = db.updateTable("task_runs").set(changes).where("id", "=", runID);
  if (onlyIfStatus) q = q.where("status", "in", onlyIfStatus);
  return q.returningAll().executeTakeFirst();
}

export async function appendLogs(db: Db, taskID: string, runID: string, lines: readonly { time: Date; message: string }[]): Promise<void> {
  if (lines.length === 0) return;
  await db
    .insertInto("task_run_logs")
    .values(lines.map((l) => ({ run_id: runID, task_id: taskID, time: l.time, message: l.message })))
    .execute();
}

export function runLogs(db: Db, runIDs: readonly string[]): Promise<RunLog[]> {
  if (runIDs.length === 0) return Promise.resolve([]);
  return db.selectFrom("task_run_logs").selectAll().where("run_id", "in", runIDs).orderBy("seq").execute();
}

export function taskLogs(db: Db, taskID: string): Promise<RunLog[]> {
  return db.selectFrom("task_run_logs").selectAll().where("task_id", "=", taskID).orderBy("seq").execute();
}

/** Keeps the newest `keep` finished runs of a task (and their logs); older ones are forgotten. */
export async function pruneRuns(db: Db, taskID: string, keep: number): Promise<void> {
  const old = await db
    .selectFrom("task_runs")
    .select("id")
    .where("task_id", "=", taskID)
    .where("status", "in", ["success", "failed", "canceled"])
    .orderBy("scheduled_for", "desc")
    .orderBy("id", "desc")
    .offset(keep)
    .limit(1000)
    .execute();
  if (old.length === 0) return;
  await db.deleteFrom("task_runs").where("id", "in", old.map((r) => r.id)).execute();
}
