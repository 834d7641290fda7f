// Permission-matrix cases of the variable operations (collected by src/permissions-matrix/).
import { read, write, type Case, type Fixture } from "../test-support/permission-cases.js";

const constant = { type: "constant", values: ["a", "b"] };

async function variable(f: Fixture): Promise<{ id: string; orgID: string }> {
  const orgID = f.instance.org.id;
  return { id: await f.created("/api/v2/variables", { orgID, name: f.name("var").replace("-", "_"), arguments: constant }), orgID };
}

async function label(f: Fixture): Promise<{ id: string; orgID: string }> {
  const orgID = f.instance.org.id;
  const res = await f.t.client.post<{ label: { id: string } }>("/api/v2/labels", { orgID, name: f.name("label") }, { token: f.instance.operatorToken });
  if (res.status !== 201) throw new Error(`creating a label failed: ${res.status} ${res.text}`);
  return { id: res.body.label.id, orgID };
}

const variableCase = (method: "GET" | "PUT" | "PATCH" | "DELETE", action: "read" | "write", body?: (f: Fixture) => unknown): Case => ({
  denied: 403,
  prepare: async (f) => {
    const v = await variable(f);
    return { call: { method, path: `/api/v2/variables/${v.id}`, ...(body ? { body: body(f) } : {}) }, grant: [{ action, resource: { type: "variables", ...v } }] };
  },
});

/** A variable and a label, attached when `attached`. */
async function variableAndLabel(f: Fixture, attached: boolean) {
  const v = await variable(f);
  const l = await label(f);
  if (attached) {
    const res = await f.t.client.post(`/api/v2/variables/${v.id}/labels`, { labelID: l.id }, { token: f.instance.operatorToken });
    if (res.status !== 201) throw new Error(`attaching a label failed: ${res.status} ${res.text}`);
  }
  return { variable: v, label: l };
}

export const cases: Record<string, Case> = {
  GetVariables: {
    denied: { emptyList: "variables" },
    prepare: async (f) => (await variable(f), { call: { method: "GET", path: "/api/v2/variables" }, grant: [read("variables", { orgID: f.instance.org.id })] }),
  },
  PostVariables: {
    denied: 403,
    prepare: async (f) => ({
      call: { method: "POST", path: "/api/v2/variables", body: { orgID: f.instance.org.id, name: f.name("var").replace("-", "_"), arguments: constant } },
      grant: [write("variables", { orgID: f.instance.org.id })],
    }),
  },
  GetVariablesID: variableCase("GET", "read"),
  PutVariablesID: variableCase("PUT", "write", (f) => ({ orgID: f.instance.org.id, name: f.name("put").replace("-", "_"), arguments: { type: "map", values: { k: "v" } } })),
  PatchVariablesID: variableCase("PATCH", "write", () => ({ selected: ["b"] })),
  DeleteVariablesID: variableCase("DELETE", "write"),
  GetVariablesIDLabels: {
    denied: 403,
    prepare: async (f) => {
      const { variable: v, label: l } = await variableAndLabel(f, true);
      return { call: { method: "GET", path: `/api/v2/variables/${v.id}/labels` }, grant: [read("variables", v), read("labels", l)] };
    },
  },
  PostVariablesIDLabels: {
    denied: 403,
    prepare: async (f) => {
      const { variable: v, label: l } = await variableAndLabel(f, false);
      return { call: { method: "POST", path: `/api/v2/variables/${v.id}/labels`, body: { labelID: l.id } }, grant: [write("variables", v), write("labels", l)] };
    },
  },
  DeleteVariablesIDLabelsID: {
    denied: 403,
    prepare: async (f) => {
      const { variable: v, label: l } = await variableAndLabel(f, true);
      return { call: { method: "DELETE", path: `/api/v2/variables/${v.id}/labels/${l.id}` }, grant: [write("variables", v), write("labels", l)] };
    },
  },
};
