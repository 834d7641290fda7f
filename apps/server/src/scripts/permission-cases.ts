// Permission-matrix cases of the invokable-script operations (collected by src/permissions-matrix/).
// Scripts are checked as tasks of their org (see service.ts).
import { read, write, type Call, type Case, type Fixture } from "../test-support/permission-cases.js";

async function script(f: Fixture): Promise<string> {
  return f.created("/api/v2/scripts", { name: f.name("script"), script: "1 + 1", language: "flux" });
}

const scriptCase = (method: Call["method"], suffix: string, action: "read" | "write", body?: unknown): Case => ({
  denied: 403,
  prepare: async (f) => {
    const id = await script(f);
    return { call: { method, path: `/api/v2/scripts/${id}${suffix}`, ...(body !== undefined ? { body } : {}) }, grant: [{ action, resource: { type: "tasks", orgID: f.instance.org.id } }] };
  },
});

export const cases: Record<string, Case> = {
  GetScripts: {
    denied: { emptyList: "scripts" },
    prepare: async (f) => (await script(f), { call: { method: "GET", path: "/api/v2/scripts" }, grant: [read("tasks", { orgID: f.instance.org.id })] }),
  },
  PostScripts: {
    denied: 403,
    prepare: async (f) => ({ call: { method: "POST", path: "/api/v2/scripts", body: { name: f.name("script"), script: "1", language: "flux" } }, grant: [write("tasks", { orgID: f.instance.org.id })] }),
  },
  GetScriptsID: scriptCase("GET", "", "read"),
  PatchScriptsID: scriptCase("PATCH", "", "write", { description: "changed" }),
  DeleteScriptsID: scriptCase("DELETE", "", "write"),
  GetScriptsIDParams: scriptCase("GET", "/params", "read"),
  PostScriptsIDInvoke: scriptCase("POST", "/invoke", "read", { params: {} }),
};
