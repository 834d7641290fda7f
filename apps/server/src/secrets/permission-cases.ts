// Permission-matrix cases of the secret operations (collected by src/permissions-matrix/).
import { read, write, type Case, type Fixture } from "../test-support/permission-cases.js";

/** An org holding one secret, `k`. */
async function orgWithSecret(f: Fixture): Promise<string> {
  const orgID = await f.org();
  const res = await f.t.client.patch(`/api/v2/orgs/${orgID}/secrets`, { k: "v" }, { token: f.instance.operatorToken });
  if (res.status !== 204) throw new Error(`storing a secret failed: ${res.status} ${res.text}`);
  return orgID;
}

export const cases: Record<string, Case> = {
  GetOrgsIDSecrets: {
    denied: 403,
    prepare: async (f) => {
      const orgID = await orgWithSecret(f);
      return { call: { method: "GET", path: `/api/v2/orgs/${orgID}/secrets` }, grant: [read("secrets", { orgID })] };
    },
  },
  PatchOrgsIDSecrets: {
    denied: 403,
    prepare: async (f) => {
      const orgID = await f.org();
      return { call: { method: "PATCH", path: `/api/v2/orgs/${orgID}/secrets`, body: { k: "v" } }, grant: [write("secrets", { orgID })] };
    },
  },
  PostOrgsIDSecrets: {
    denied: 403,
    prepare: async (f) => {
      const orgID = await orgWithSecret(f);
      return { call: { method: "POST", path: `/api/v2/orgs/${orgID}/secrets/delete`, body: { secrets: ["k"] } }, grant: [write("secrets", { orgID })] };
    },
  },
  DeleteOrgsIDSecretsID: {
    denied: 403,
    prepare: async (f) => {
      const orgID = await orgWithSecret(f);
      return { call: { method: "DELETE", path: `/api/v2/orgs/${orgID}/secrets/k` }, grant: [write("secrets", { orgID })] };
    },
  },
};
