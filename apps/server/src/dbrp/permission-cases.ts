// Permission-matrix cases of the DBRP operations (collected by src/permissions-matrix/). A mapping
// is guarded by its bucket: read to see it, write to create, change or delete it.
import type { Permission } from "../auth/permissions.js";
import type { Case, Fixture } from "../test-support/permission-cases.js";

async function mapping(f: Fixture): Promise<{ id: string; bucket: Permission["resource"] }> {
  const bucketID = await f.bucket();
  const res = await f.t.client.post<{ id: string }>(
    "/api/v2/dbrps",
    { orgID: f.instance.org.id, bucketID, database: f.name("db"), retention_policy: "rp" },
    { token: f.instance.operatorToken },
  );
  if (res.status !== 201) throw new Error(`creating a DBRP mapping failed: ${res.status} ${res.text}`);
  return { id: res.body.id, bucket: { type: "buckets", orgID: f.instance.org.id, id: bucketID } };
}

const byID = (method: "GET" | "PATCH" | "DELETE", action: "read" | "write", body?: unknown): Case => ({
  denied: 403,
  prepare: async (f) => {
    const m = await mapping(f);
    return { call: { method, path: `/api/v2/dbrps/${m.id}`, query: { orgID: f.instance.org.id }, ...(body !== undefined ? { body } : {}) }, grant: [{ action, resource: m.bucket }] };
  },
});

export const cases: Record<string, Case> = {
  GetDBRPs: {
    denied: { emptyList: "content" },
    prepare: async (f) => {
      const m = await mapping(f);
      return { call: { method: "GET", path: "/api/v2/dbrps", query: { orgID: f.instance.org.id } }, grant: [{ action: "read", resource: m.bucket }] };
    },
  },
  PostDBRP: {
    denied: 403,
    prepare: async (f) => {
      const bucketID = await f.bucket();
      return {
        call: { method: "POST", path: "/api/v2/dbrps", body: { orgID: f.instance.org.id, bucketID, database: f.name("db"), retention_policy: "rp" } },
        grant: [{ action: "write", resource: { type: "buckets", orgID: f.instance.org.id, id: bucketID } }],
      };
    },
  },
  GetDBRPsID: byID("GET", "read"),
  PatchDBRPID: byID("PATCH", "write", { default: true }),
  DeleteDBRPID: byID("DELETE", "write"),
};
