// Permission-matrix cases of the v1 authorization operations (both the /legacy and the /private/legacy
// copies) and of the 1.x write (collected by src/permissions-matrix/).
import { read, write, type Call, type Case, type Fixture } from "../test-support/permission-cases.js";
import { createLegacyAuthorization } from "./repository.js";

async function legacyAuthorization(f: Fixture): Promise<{ id: string; orgID: string; userID: string }> {
  const row = await createLegacyAuthorization(f.t.server.app.db, {
    token: f.name("v1user"),
    orgID: f.instance.org.id,
    userID: f.instance.user.id,
    permissions: [{ action: "read", resource: { type: "buckets", orgID: f.instance.org.id, id: f.instance.bucket.id } }],
  });
  return { id: row.id, orgID: row.org_id, userID: row.user_id };
}

function casesUnder(base: string, prefix: "" | "Private"): Record<string, Case> {
  const byID = (method: Call["method"], action: "read" | "write", suffix = "", body?: unknown): Case => ({
    denied: 403,
    prepare: async (f) => {
      const a = await legacyAuthorization(f);
      return {
        call: { method, path: `${base}/${a.id}${suffix}`, ...(body !== undefined ? { body } : {}) },
        grant: [{ action, resource: { type: "authorizations", orgID: a.orgID, id: a.id } }, { action, resource: { type: "users", id: a.userID } }],
      };
    },
  });
  return {
    [`Get${prefix}LegacyAuthorizations`]: {
      denied: { emptyList: "authorizations" },
      prepare: async (f) => (
        await legacyAuthorization(f), { call: { method: "GET", path: base }, grant: [read("authorizations", { orgID: f.instance.org.id }), read("users", { id: f.instance.user.id })] }
      ),
    },
    [`Post${prefix}LegacyAuthorizations`]: {
      denied: 403,
      prepare: async (f) => {
        const orgID = f.instance.org.id;
        const bucket = { orgID, id: f.instance.bucket.id };
        return {
          call: { method: "POST", path: base, body: { orgID, token: f.name("v1new"), permissions: [write("buckets", bucket)] } },
          grant: [write("authorizations", { orgID }), write("users", { id: f.instance.user.id }), write("buckets", bucket)],
        };
      },
    },
    [`Get${prefix}LegacyAuthorizationsID`]: byID("GET", "read"),
    [`Patch${prefix}LegacyAuthorizationsID`]: byID("PATCH", "write", "", { status: "inactive" }),
    [`Delete${prefix}LegacyAuthorizationsID`]: byID("DELETE", "write"),
    [`Post${prefix}LegacyAuthorizationsIDPassword`]: byID("POST", "write", "/password", { password: "matrix-v1-password" }),
  };
}

export const cases: Record<string, Case> = {
  ...casesUnder("/legacy/authorizations", ""),
  ...casesUnder("/private/legacy/authorizations", "Private"),
  // Without read or write on the bucket its mapping is invisible: 404, as InfluxDB answers.
  PostLegacyWrite: {
    denied: 404,
    prepare: async (f) => ({
      call: { method: "POST", path: "/write", query: { db: f.instance.bucket.name, precision: "s" }, body: "m,t=a v=1 1700000000", headers: { "Content-Type": "text/plain" } },
      grant: [write("buckets", { orgID: f.instance.org.id, id: f.instance.bucket.id })],
    }),
  },
};
