// Permission-matrix cases of the source operations (collected by src/permissions-matrix/).
import { read, write, type Case, type Fixture } from "../test-support/permission-cases.js";
import { SELF_SOURCE_ID } from "./self.js";

/** A stored v2 source in the instance's org. */
const storedSource = (f: Fixture) =>
  f.created("/api/v2/sources", { orgID: f.instance.org.id, name: f.name("source"), type: "v2", url: "http://127.0.0.1:9" });

function onStored(method: "GET" | "PATCH" | "DELETE", suffix: string, action: "read" | "write", body?: unknown): Case {
  return {
    denied: 403,
    prepare: async (f) => {
      const id = await storedSource(f);
      const orgID = f.instance.org.id;
      return { call: { method, path: `/api/v2/sources/${id}${suffix}`, ...(body !== undefined ? { body } : {}) }, grant: [action === "read" ? read("sources", { orgID }) : write("sources", { orgID })] };
    },
  };
}

export const cases: Record<string, Case> = {
  GetSources: {
    denied: { emptyList: "sources" },
    prepare: async (f) => {
      await storedSource(f);
      return { call: { method: "GET", path: "/api/v2/sources" }, grant: [read("sources", { orgID: f.instance.org.id })] };
    },
  },
  PostSources: {
    denied: 403,
    prepare: async (f) => ({
      call: { method: "POST", path: "/api/v2/sources", body: { orgID: f.instance.org.id, name: f.name("source"), type: "v1", url: "http://127.0.0.1:9" } },
      grant: [write("sources", { orgID: f.instance.org.id })],
    }),
  },
  GetSourcesID: onStored("GET", "", "read"),
  PatchSourcesID: onStored("PATCH", "", "write", { name: "renamed" }),
  DeleteSourcesID: onStored("DELETE", "", "write"),
  GetSourcesIDBuckets: onStored("GET", "/buckets", "read"),
  // The built-in self source: reachable with a grant on its ID.
  GetSourcesIDHealth: {
    denied: 403,
    prepare: async () => ({ call: { method: "GET", path: `/api/v2/sources/${SELF_SOURCE_ID}/health` }, grant: [read("sources", { id: SELF_SOURCE_ID })] }),
  },
};
