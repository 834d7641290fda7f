import { namesByID } from "../authorizations/repository.js";
import { invalid } from "../http/errors.js";
import type { Handler, HandlerContext, HandlerMap, HandlerReply } from "../http/types.js";
import { labelsOf, resourceLabelHandlers, type LabelTarget } from "../labels/resource-labels.js";
import { resourceMemberHandlers } from "../orgs/resource-members.js";
import { presentLog, presentRun, presentTask } from "./present.js";
import { findTask, type Task, type TaskStatus } from "./repository.js";
import { TaskService, type NewTaskInput, type TaskUpdate } from "./service.js";

const service = (ctx: HandlerContext) => new TaskService(ctx.app, ctx.auth);
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
const taskID = (ctx: HandlerContext) => ctx.params["taskID"]!;

export const TASK_LABELS: LabelTarget = {
  type: "tasks",
  path: "/api/v2/tasks",
  idParam: "taskID",
  findOrgID: async (app, id) => (await findTask(app.db, id))?.org_id,
  notFoundMessage: "task not found",
};
const taskLabels = resourceLabelHandlers(TASK_LABELS);
const taskUsers = resourceMemberHandlers({ ...TASK_LABELS, type: "tasks" });

/** Tasks with their org names and labels, as JSON. */
async function present(ctx: HandlerContext, tasks: readonly Task[], basic = false) {
  const ids = tasks.map((t) => t.id);
  const labels = await labelsOf(ctx.app, "tasks", ids);
  const orgs = await namesByID(ctx.app.db, "orgs", [...new Set(tasks.map((t) => t.org_id))]);
  return tasks.map((t) => presentTask(t, orgs.get(t.org_id), labels.get(t.id) ?? [], basic));
}

async function reply(ctx: HandlerContext, status: number, task: Task): Promise<HandlerReply> {
  return { status, body: (await present(ctx, [task]))[0] };
}

function time(value: unknown, name: string): Date | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw invalid(`invalid ${name} ${JSON.stringify(value)}: must be RFC3339`);
  return parsed;
}

export const handlers: HandlerMap = {
  GetTasks: async (ctx) => {
    const q = ctx.query;
    const limit = typeof q["limit"] === "number" ? q["limit"] : 100;
    const filter = {
      ...(str(q["orgID"]) ? { orgID: str(q["orgID"])! } : {}),
      ...(str(q["org"]) ? { org: str(q["org"])! } : {}),
      ...(str(q["user"]) ? { user: str(q["user"])! } : {}),
      ...(typeof q["name"] === "string" ? { name: q["name"] } : {}),
      ...(str(q["status"]) ? { status: q["status"] as TaskStatus } : {}),
      ...(str(q["after"]) ? { after: str(q["after"])! } : {}),
      ...(limit > 0 ? { limit } : {}),
      ...(typeof q["offset"] === "number" ? { offset: q["offset"] } : {}),
    };
    const tasks = await service(ctx).list(filter);
    const params = new URLSearchParams();
    for (const key of ["orgID", "org", "user", "name", "status", "type", "after"]) if (str(q[key])) params.set(key, String(q[key]));
    params.set("limit", String(limit));
    const links: { self: string; next?: string } = { self: `/api/v2/tasks?${params.toString()}` };
    const last = tasks[tasks.length - 1];
    if (limit > 0 && tasks.length === limit && last) {
      params.set("after", last.id);
      links.next = `/api/v2/tasks?${params.toString()}`;
    }
    return { status: 200, body: { tasks: await present(ctx, tasks, q["type"] === "basic"), links } };
  },

  PostTasks: async (ctx) => reply(ctx, 201, await service(ctx).create(ctx.body as NewTaskInput)),

  GetTasksID: async (ctx) => reply(ctx, 200, await service(ctx).find(taskID(ctx))),

  PatchTasksID: async (ctx) => reply(ctx, 200, await service(ctx).update(taskID(ctx), ctx.body as TaskUpdate)),

  DeleteTasksID: async (ctx) => {
    await service(ctx).delete(taskID(ctx));
    return { status: 204 };
  },

  GetTasksIDRuns: async (ctx) => {
    const q = ctx.query;
    const afterTime = time(q["afterTime"], "afterTime");
    const beforeTime = time(q["beforeTime"], "beforeTime");
    const { runs, logs } = await service(ctx).runs(taskID(ctx), {
      limit: typeof q["limit"] === "number" ? q["limit"] : 100,
      ...(str(q["after"]) ? { after: str(q["after"])! } : {}),
      ...(afterTime ? { afterTime } : {}),
      ...(beforeTime ? { beforeTime } : {}),
    });
    return { status: 200, body: { runs: runs.map((r) => presentRun(r, logs)), links: { self: `/api/v2/tasks/${taskID(ctx)}/runs`, task: `/api/v2/tasks/${taskID(ctx)}` } } };
  },

  PostTasksIDRuns: async (ctx) => {
    const scheduledFor = time((ctx.body as { scheduledFor?: string | null } | undefined)?.scheduledFor, "scheduledFor");
    return { status: 201, body: presentRun(await service(ctx).runNow(taskID(ctx), scheduledFor), []) };
  },

  GetTasksIDRunsID: async (ctx) => {
    const { run, logs } = await service(ctx).run(taskID(ctx), ctx.params["runID"]!);
    return { status: 200, body: presentRun(run, logs) };
  },

  DeleteTasksIDRunsID: async (ctx) => {
    await service(ctx).cancel(taskID(ctx), ctx.params["runID"]!);
    return { status: 204 };
  },

  PostTasksIDRunsIDRetry: async (ctx) => ({ status: 200, body: presentRun(await service(ctx).retry(taskID(ctx), ctx.params["runID"]!), []) }),

  GetTasksIDLogs: async (ctx) => ({ status: 200, body: { events: (await service(ctx).logs(taskID(ctx))).map(presentLog) } }),

  GetTasksIDRunsIDLogs: async (ctx) => ({ status: 200, body: { events: (await service(ctx).logs(taskID(ctx), ctx.params["runID"]!)).map(presentLog) } }),

  GetTasksIDLabels: taskLabels.list,
  PostTasksIDLabels: taskLabels.attach,
  DeleteTasksIDLabelsID: taskLabels.detach,

  GetTasksIDMembers: taskUsers.listMembers,
  PostTasksIDMembers: taskUsers.addMember,
  DeleteTasksIDMembersID: taskUsers.removeMember,
  GetTasksIDOwners: taskUsers.listOwners,
  PostTasksIDOwners: taskUsers.addOwner,
  DeleteTasksIDOwnersID: taskUsers.removeOwner,
};
