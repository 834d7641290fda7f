// Permission-matrix cases of the Telegraf operations (collected by src/permissions-matrix/).
import { read, write, type Case, type Fixture } from "../test-support/permission-cases.js";

type Scoped = { id: string; orgID: string };

async function telegraf(f: Fixture): Promise<Scoped> {
  const orgID = f.instance.org.id;
  return { id: await f.created("/api/v2/telegrafs", { orgID, name: f.name("telegraf"), config: "[[inputs.cpu]]\n" }), orgID };
}

async function label(f: Fixture): Promise<Scoped> {
  const orgID = f.instance.org.id;
  const res = await f.t.client.post<{ label: { id: string } }>("/api/v2/labels", { orgID, name: f.name("label") }, { token: f.instance.operatorToken });
  if (res.status !== 201) throw new Error(`creating a label failed: ${res.status} ${res.text}`);
  return { id: res.body.label.id, orgID };
}

async function withLabel(f: Fixture, attached: boolean): Promise<{ telegraf: Scoped; label: Scoped }> {
  const t = await telegraf(f);
  const l = await label(f);
  if (attached) {
    const res = await f.t.client.post(`/api/v2/telegrafs/${t.id}/labels`, { labelID: l.id }, { token: f.instance.operatorToken });
    if (res.status !== 201) throw new Error(`attaching a label failed: ${res.status} ${res.text}`);
  }
  return { telegraf: t, label: l };
}

/** A user who is (`mapped`) or is not yet a member or owner of a fresh configuration. */
async function withUser(f: Fixture, role: "members" | "owners", mapped: boolean): Promise<{ telegraf: Scoped; userID: string }> {
  const t = await telegraf(f);
  const userID = await f.user();
  if (mapped) {
    const res = await f.t.client.post(`/api/v2/telegrafs/${t.id}/${role}`, { id: userID }, { token: f.instance.operatorToken });
    if (res.status !== 201) throw new Error(`adding a ${role} entry failed: ${res.status} ${res.text}`);
  }
  return { telegraf: t, userID };
}

const onTelegraf = (method: "GET" | "PUT" | "DELETE", action: "read" | "write", body?: (f: Fixture) => unknown): Case => ({
  denied: 403,
  prepare: async (f) => {
    const t = await telegraf(f);
    return { call: { method, path: `/api/v2/telegrafs/${t.id}`, ...(body ? { body: body(f) } : {}) }, grant: [{ action, resource: { type: "telegrafs", ...t } }] };
  },
});

const userCases = (role: "members" | "owners"): Record<"list" | "add" | "remove", Case> => ({
  list: {
    denied: 403,
    prepare: async (f) => {
      const { telegraf: t } = await withUser(f, role, true);
      return { call: { method: "GET", path: `/api/v2/telegrafs/${t.id}/${role}` }, grant: [read("telegrafs", t)] };
    },
  },
  add: {
    denied: 403,
    prepare: async (f) => {
      const { telegraf: t, userID } = await withUser(f, role, false);
      return { call: { method: "POST", path: `/api/v2/telegrafs/${t.id}/${role}`, body: { id: userID } }, grant: [write("telegrafs", t)] };
    },
  },
  remove: {
    denied: 403,
    prepare: async (f) => {
      const { telegraf: t, userID } = await withUser(f, role, true);
      return { call: { method: "DELETE", path: `/api/v2/telegrafs/${t.id}/${role}/${userID}` }, grant: [write("telegrafs", t)] };
    },
  },
});
const members = userCases("members");
const owners = userCases("owners");

export const cases: Record<string, Case> = {
  GetTelegrafs: {
    denied: { emptyList: "configurations" },
    prepare: async (f) => (await telegraf(f), { call: { method: "GET", path: "/api/v2/telegrafs" }, grant: [read("telegrafs", { orgID: f.instance.org.id })] }),
  },
  PostTelegrafs: {
    denied: 403,
    prepare: async (f) => ({
      call: { method: "POST", path: "/api/v2/telegrafs", body: { orgID: f.instance.org.id, name: f.name("telegraf"), config: "[[inputs.mem]]\n" } },
      grant: [write("telegrafs", { orgID: f.instance.org.id })],
    }),
  },
  GetTelegrafsID: onTelegraf("GET", "read"),
  PutTelegrafsID: onTelegraf("PUT", "write", (f) => ({ name: f.name("renamed"), config: "[[inputs.disk]]\n" })),
  DeleteTelegrafsID: onTelegraf("DELETE", "write"),
  GetTelegrafPlugins: { denied: "allowed", prepare: async () => ({ call: { method: "GET", path: "/api/v2/telegraf/plugins" }, grant: [] }) },
  GetTelegrafsIDLabels: {
    denied: 403,
    prepare: async (f) => {
      const { telegraf: t, label: l } = await withLabel(f, true);
      return { call: { method: "GET", path: `/api/v2/telegrafs/${t.id}/labels` }, grant: [read("telegrafs", t), read("labels", l)] };
    },
  },
  PostTelegrafsIDLabels: {
    denied: 403,
    prepare: async (f) => {
      const { telegraf: t, label: l } = await withLabel(f, false);
      return { call: { method: "POST", path: `/api/v2/telegrafs/${t.id}/labels`, body: { labelID: l.id } }, grant: [write("telegrafs", t), write("labels", l)] };
    },
  },
  DeleteTelegrafsIDLabelsID: {
    denied: 403,
    prepare: async (f) => {
      const { telegraf: t, label: l } = await withLabel(f, true);
      return { call: { method: "DELETE", path: `/api/v2/telegrafs/${t.id}/labels/${l.id}` }, grant: [write("telegrafs", t), write("labels", l)] };
    },
  },
  GetTelegrafsIDMembers: members.list,
  PostTelegrafsIDMembers: members.add,
  DeleteTelegrafsIDMembersID: members.remove,
  GetTelegrafsIDOwners: owners.list,
  PostTelegrafsIDOwners: owners.add,
  DeleteTelegrafsIDOwnersID: owners.remove,
};
