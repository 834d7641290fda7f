// Permission-matrix cases of the task operations (collected by src/permissions-matrix/).
import { newId } from "../db/ids.js";
import { read, write, type Call, type Case, type Fixture } from "../test-support/permission-cases.js";

const flux = (name: string) => `option task = {name: "${name}", every: 1h}\n\n1 + 1`;

async function task(f: Fixture): Promise<{ id: string; orgID: string }> {
  const orgID = f.instance.org.id;
  return { id: await f.created("/api/v2/tasks", { orgID, flux: flux(f.name("task")) }), orgID };
}

/** A run row of the task: finished, or queued far in the future so the scheduler leaves it alone. */
async function run(f: Fixture, taskID: string, status: "success" | "scheduled"): Promise<string> {
  const id = newId();
  const future = new Date(Date.now() + 86_400_000);
  await f.t.server.app.db
    .insertInto("task_runs")
    .values({ id, task_id: taskID, status, scheduled_for: status === "success" ? new Date() : future, due_at: future, manual: true, finished_at: status === "success" ? new Date() : null })
    .execute();
  return id;
}

async function label(f: Fixture): Promise<{ id: string; orgID: string }> {
  const orgID = f.instance.org.id;
  const res = await f.t.client.post<{ label: { id: string } }>("/api/v2/labels", { orgID, name: f.name("label") }, { token: f.instance.operatorToken });
  if (res.status !== 201) throw new Error(`creating a label failed: ${res.status} ${res.text}`);
  return { id: res.body.label.id, orgID };
}

const taskCase = (method: Call["method"], suffix: string, action: "read" | "write", body?: (f: Fixture) => unknown): Case => ({
  denied: 403,
  prepare: async (f) => {
    const t = await task(f);
    return { call: { method, path: `/api/v2/tasks/${t.id}${suffix}`, ...(body ? { body: body(f) } : {}) }, grant: [{ action, resource: { type: "tasks", ...t } }] };
  },
});

const runCase = (method: Call["method"], suffix: string, action: "read" | "write", status: "success" | "scheduled" = "success"): Case => ({
  denied: 403,
  prepare: async (f) => {
    const t = await task(f);
    const runID = await run(f, t.id, status);
    return { call: { method, path: `/api/v2/tasks/${t.id}/runs/${runID}${suffix}`, ...(method === "POST" ? { body: {} } : {}) }, grant: [{ action, resource: { type: "tasks", ...t } }] };
  },
});

const userCase = (role: "members" | "owners", method: "POST" | "DELETE"): Case => ({
  denied: 403,
  prepare: async (f) => {
    const t = await task(f);
    const userID = await f.user();
    if (method === "DELETE") {
      const res = await f.t.client.post(`/api/v2/tasks/${t.id}/${role}`, { id: userID }, { token: f.instance.operatorToken });
      if (res.status !== 201) throw new Error(`adding a task user failed: ${res.status} ${res.text}`);
    }
    const call: Call = method === "POST" ? { method, path: `/api/v2/tasks/${t.id}/${role}`, body: { id: userID } } : { method, path: `/api/v2/tasks/${t.id}/${role}/${userID}` };
    return { call, grant: [write("tasks", t)] };
  },
});

async function taskAndLabel(f: Fixture, attached: boolean) {
  const t = await task(f);
  const l = await label(f);
  if (attached) {
    const res = await f.t.client.post(`/api/v2/tasks/${t.id}/labels`, { labelID: l.id }, { token: f.instance.operatorToken });
    if (res.status !== 201) throw new Error(`attaching a label failed: ${res.status} ${res.text}`);
  }
  return { task: t, label: l };
}

export const cases: Record<string, Case> = {
  GetTasks: {
    denied: { emptyList: "tasks" },
    prepare: async (f) => (await task(f), { call: { method: "GET", path: "/api/v2/tasks" }, grant: [read("tasks", { orgID: f.instance.org.id })] }),
  },
  PostTasks: {
    denied: 403,
    prepare: async (f) => ({
      call: { method: "POST", path: "/api/v2/tasks", body: { orgID: f.instance.org.id, flux: flux(f.name("task")) } },
      grant: [write("tasks", { orgID: f.instance.org.id })],
    }),
  },
  GetTasksID: taskCase("GET", "", "read"),
  PatchTasksID: taskCase("PATCH", "", "write", () => ({ description: "changed" })),
  DeleteTasksID: taskCase("DELETE", "", "write"),
  GetTasksIDRuns: taskCase("GET", "/runs", "read"),
  PostTasksIDRuns: taskCase("POST", "/runs", "write", () => ({ scheduledFor: new Date(Date.now() + 86_400_000).toISOString() })),
  GetTasksIDLogs: taskCase("GET", "/logs", "read"),
  GetTasksIDRunsID: runCase("GET", "", "read"),
  GetTasksIDRunsIDLogs: runCase("GET", "/logs", "read"),
  PostTasksIDRunsIDRetry: runCase("POST", "/retry", "write"),
  DeleteTasksIDRunsID: runCase("DELETE", "", "write", "scheduled"),
  GetTasksIDMembers: taskCase("GET", "/members", "read"),
  GetTasksIDOwners: taskCase("GET", "/owners", "read"),
  PostTasksIDMembers: userCase("members", "POST"),
  PostTasksIDOwners: userCase("owners", "POST"),
  DeleteTasksIDMembersID: userCase("members", "DELETE"),
  DeleteTasksIDOwnersID: userCase("owners", "DELETE"),
  GetTasksIDLabels: {
    denied: 403,
    prepare: async (f) => {
      const { task: t, label: l } = await taskAndLabel(f, true);
      return { call: { method: "GET", path: `/api/v2/tasks/${t.id}/labels` }, grant: [read("tasks", t), read("labels", l)] };
    },
  },
  PostTasksIDLabels: {
    denied: 403,
    prepare: async (f) => {
      const { task: t, label: l } = await taskAndLabel(f, false);
      return { call: { method: "POST", path: `/api/v2/tasks/${t.id}/labels`, body: { labelID: l.id } }, grant: [write("tasks", t), write("labels", l)] };
    },
  },
  DeleteTasksIDLabelsID: {
    denied: 403,
    prepare: async (f) => {
      const { task: t, label: l } = await taskAndLabel(f, true);
      return { call: { method: "DELETE", path: `/api/v2/tasks/${t.id}/labels/${l.id}` }, grant: [write("tasks", t), write("labels", l)] };
    },
  },
};
