// Tasks: business rules and permission checks (tasks read/write per org, as InfluxDB checks them).
import type { Authorizer, Identity } from "../auth/authorizer.js";
import type { Permission } from "../auth/permissions.js";
import { readable } from "../auth/visibility.js";
import { createAuthorization } from "../authorizations/repository.js";
import { invalid, notFound } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import { removeResourceLabelMappings } from "../labels/resource-labels.js";
import { removeAllResourceUsers, setResourceRole } from "../orgs/members.js";
import { findOrgByID, findOrgByName } from "../orgs/repository.js";
import { ORG_NOT_FOUND } from "../orgs/service.js";
import { hasTaskOption, readTaskOptions, rewriteTaskOptions, type OptionChanges, type TaskOptions } from "./options.js";
import * as repo from "./repository.js";
import type { Run, RunFilter, RunLog, Task, TaskChanges, TaskStatus } from "./repository.js";
import { dueAt, nextScheduledAfter } from "./schedule.js";

export const TASK_NOT_FOUND = "task not found";
export const RUN_NOT_FOUND = "run not found";

export interface NewTaskInput {
  orgID?: string;
  org?: string;
  flux?: string;
  status?: TaskStatus;
  description?: string;
  name?: string;
  every?: string;
  cron?: string;
  offset?: string;
  scriptID?: string;
}

export interface TaskUpdate extends OptionChanges {
  flux?: string;
  status?: TaskStatus;
  description?: string;
  scriptID?: string;
}

export interface TaskListFilter {
  orgID?: string;
  org?: string;
  user?: string;
  name?: string;
  status?: TaskStatus;
  after?: string;
  limit?: number;
  offset?: number;
}

/** The scheduling columns for a task whose latest completed time is `latest`. */
function scheduleColumns(options: TaskOptions, latest: Date) {
  const schedule = { every: options.every, cron: options.cron, offset: options.offset };
  const next = nextScheduledAfter(schedule, latest);
  return { next_scheduled_for: next, next_due_at: dueAt(schedule, next) };
}

/** InfluxDB records completion times to the second. */
const truncatedToSecond = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

export class TaskService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  async list(filter: TaskListFilter): Promise<Task[]> {
    const identity = await this.auth.identity();
    let orgID = filter.orgID;
    if (!orgID && filter.org) {
      const org = await findOrgByName(this.app.db, filter.org);
      if (!org) throw notFound(`organization name "${filter.org}" not found`);
      orgID = org.id;
    }
    return repo.listTasks(this.app.db, {
      ...(orgID ? { orgID } : {}),
      ...(filter.user ? { ownerID: filter.user } : {}),
      ...(filter.name !== undefined ? { name: filter.name } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.after ? { after: filter.after } : {}),
      ...(filter.limit !== undefined ? { limit: filter.limit } : {}),
      ...(filter.offset ? { offset: filter.offset } : {}),
      visible: readable(identity.permissions, "tasks"),
    });
  }

  async find(id: string): Promise<Task> {
    const task = await existingTask(this.app, id);
    await this.auth.requireOn("read", "tasks", { orgID: task.org_id, id });
    return task;
  }

  async create(input: NewTaskInput): Promise<Task> {
    const identity = await this.auth.identity();
    const orgID = await this.#orgID(input, identity);
    await this.auth.requireOn("write", "tasks", { orgID });
    if (input.scriptID !== undefined) throw invalid("tasks that run an invokable script (scriptID) are not supported; send the Flux script in `flux`");
    if (input.flux === undefined || input.flux.trim() === "") throw invalid("flux is required: the task's Flux script with its option task record");
    const fields: OptionChanges = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.every !== undefined && input.every !== "" ? { every: input.every } : {}),
      ...(input.cron !== undefined && input.cron !== "" ? { cron: input.cron } : {}),
      ...(input.offset !== undefined ? { offset: input.offset } : {}),
    };
    if (fields.every !== undefined && fields.cron !== undefined) throw invalid("invalid options: cannot use both cron and every in task options");
    let flux = input.flux;
    let options: TaskOptions;
    if (Object.keys(fields).length > 0 || !hasTaskOption(flux)) ({ flux, options } = rewriteTaskOptions(flux, fields));
    else options = readTaskOptions(flux);
    const now = truncatedToSecond(new Date());
    const authorizationID = await this.#authorizationFor(identity, orgID, options.name);
    const task = await this.app.db.transaction().execute(async (trx) => {
      const schedule = scheduleColumns(options, now);
      const created = await repo.insertTask(trx, {
        orgID,
        ownerID: identity.userID,
        authorizationID,
        name: options.name,
        description: input.description ?? "",
        status: input.status ?? "active",
        flux,
        every: options.every,
        cron: options.cron,
        offset: options.offset,
        latestCompleted: now,
        nextScheduledFor: schedule.next_scheduled_for,
        nextDueAt: schedule.next_due_at,
      });
      await setResourceRole(trx, "tasks", created.id, identity.userID, "owner");
      return created;
    });
    this.app.tasks.wake();
    return task;
  }

  async update(id: string, update: TaskUpdate): Promise<Task> {
    const task = await existingTask(this.app, id);
    await this.auth.requireOn("write", "tasks", { orgID: task.org_id, id });
    if (update.scriptID !== undefined) throw invalid("tasks that run an invokable script (scriptID) are not supported");
    const changes: TaskChanges = {};
    let flux = update.flux ?? task.flux;
    const optionChanges: OptionChanges = {
      ...(update.name !== undefined ? { name: update.name } : {}),
      ...(update.every !== undefined && update.every !== "" ? { every: update.every } : {}),
      ...(update.cron !== undefined && update.cron !== "" ? { cron: update.cron } : {}),
      ...(update.offset !== undefined ? { offset: update.offset } : {}),
    };
    if (optionChanges.every !== undefined && optionChanges.cron !== undefined) throw invalid("invalid options: cannot use both cron and every in task options");
    let options: TaskOptions;
    if (Object.keys(optionChanges).length > 0) ({ flux, options } = rewriteTaskOptions(flux, optionChanges));
    else options = readTaskOptions(flux);
    let latest = task.latest_completed;
    if (update.status === "active" && task.status === "inactive") {
      // InfluxDB: an activated task starts from now instead of catching up on the time it was off.
      latest = truncatedToSecond(new Date());
      changes.latest_completed = latest;
    }
    if (update.status !== undefined) changes.status = update.status;
    if (update.description !== undefined) changes.description = update.description;
    const scheduleChanged = options.every !== task.every || options.cron !== task.cron || options.offset !== task.schedule_offset;
    Object.assign(changes, { flux, name: options.name, every: options.every, cron: options.cron, schedule_offset: options.offset });
    if (scheduleChanged || changes.latest_completed !== undefined) Object.assign(changes, scheduleColumns(options, latest));
    const updated = await repo.updateTask(this.app.db, id, changes);
    if (!updated) throw notFound(TASK_NOT_FOUND);
    this.app.tasks.wake();
    return updated;
  }

  async delete(id: string): Promise<void> {
    const task = await existingTask(this.app, id);
    await this.auth.requireOn("write", "tasks", { orgID: task.org_id, id });
    if (task.running_run_id) this.app.tasks.cancel(task.running_run_id);
    const deleted = await this.app.db.transaction().execute(async (trx) => {
      await removeResourceLabelMappings(trx, "tasks", [id]);
      await removeAllResourceUsers(trx, "tasks", [id]);
      return repo.deleteTask(trx, id);
    });
    if (!deleted) throw notFound(TASK_NOT_FOUND);
  }

  async runs(id: string, filter: RunFilter): Promise<{ task: Task; runs: Run[]; logs: RunLog[] }> {
    const task = await this.find(id);
    const runs = await repo.listRuns(this.app.db, id, filter);
    return { task, runs, logs: await repo.runLogs(this.app.db, runs.map((r) => r.id)) };
  }

  async run(id: string, runID: string): Promise<{ run: Run; logs: RunLog[] }> {
    await this.find(id);
    const run = await repo.findRun(this.app.db, id, runID);
    if (!run) throw notFound(RUN_NOT_FOUND);
    return { run, logs: await repo.runLogs(this.app.db, [run.id]) };
  }

  /** POST /runs: a manual run for `scheduledFor` (now when absent), started by the scheduler at once. */
  async runNow(id: string, scheduledFor: Date | undefined): Promise<Run> {
    const task = await existingTask(this.app, id);
    await this.auth.requireOn("write", "tasks", { orgID: task.org_id, id });
    const when = scheduledFor ?? truncatedToSecond(new Date());
    const run = await repo.insertRun(this.app.db, { taskID: id, status: "scheduled", scheduledFor: when, dueAt: new Date(), manual: true });
    this.app.tasks.wake();
    return run;
  }

  /** A new run for the same scheduled time as a finished one. */
  async retry(id: string, runID: string): Promise<Run> {
    const task = await existingTask(this.app, id);
    await this.auth.requireOn("write", "tasks", { orgID: task.org_id, id });
    const old = await repo.findRun(this.app.db, id, runID);
    if (!old) throw notFound(RUN_NOT_FOUND);
    if (old.status === "scheduled" || old.status === "started") throw invalid("run is still queued or running; it can be retried once it has finished");
    const run = await repo.insertRun(this.app.db, { taskID: id, status: "scheduled", scheduledFor: old.scheduled_for, dueAt: new Date(), manual: true });
    this.app.tasks.wake();
    return run;
  }

  /** Cancels a queued or running run; a finished run is not found among the cancellable ones. */
  async cancel(id: string, runID: string): Promise<void> {
    const task = await existingTask(this.app, id);
    await this.auth.requireOn("write", "tasks", { orgID: task.org_id, id });
    if (!(await repo.findRun(this.app.db, id, runID))) throw notFound(RUN_NOT_FOUND);
    const canceled = await repo.updateRun(this.app.db, runID, { status: "canceled", finished_at: new Date() }, ["scheduled", "started"]);
    if (!canceled) throw notFound(`${RUN_NOT_FOUND}: only a queued or running run can be canceled`);
    await repo.appendLogs(this.app.db, id, runID, [{ time: new Date(), message: "Run canceled" }]);
    this.app.tasks.cancel(runID);
  }

  async logs(id: string, runID?: string): Promise<RunLog[]> {
    await this.find(id);
    if (runID === undefined) return repo.taskLogs(this.app.db, id);
    const run = await repo.findRun(this.app.db, id, runID);
    if (!run) throw notFound(RUN_NOT_FOUND);
    return repo.runLogs(this.app.db, [runID]);
  }

  async #orgID(input: NewTaskInput, identity: Identity): Promise<string> {
    if (input.orgID) {
      if (!(await findOrgByID(this.app.db, input.orgID))) throw notFound(ORG_NOT_FOUND);
      return input.orgID;
    }
    if (input.org) {
      const org = await findOrgByName(this.app.db, input.org);
      if (!org) throw notFound(`organization name "${input.org}" not found`);
      return org.id;
    }
    if (identity.orgID) return identity.orgID;
    throw invalid("orgID or org is required");
  }

  /**
   * The authorization the task runs with. A token creates the task with itself, as InfluxDB does; a
   * UI session gets a new authorization holding the user's permissions within the task's org.
   */
  async #authorizationFor(identity: Identity, orgID: string, name: string): Promise<string> {
    if (identity.authorizationID) return identity.authorizationID;
    const permissions: Permission[] = identity.permissions.filter((p) => p.resource.orgID === orgID || (p.resource.type === "orgs" && p.resource.id === orgID));
    const { row } = await createAuthorization(this.app.db, { orgID, userID: identity.userID, permissions, description: `auto-generated authorization for task "${name}"` });
    return row.id;
  }
}

export async function existingTask(app: AppContext, id: string): Promise<Task> {
  const task = await repo.findTask(app.db, id);
  if (!task) throw notFound(TASK_NOT_FOUND);
  return task;
}
