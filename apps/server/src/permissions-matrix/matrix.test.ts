// The permission matrix: for every operation that has a handler, no token → 401, a valid token
// without the needed permission → what InfluxDB answers (403, 404, or a list filtered down to
// nothing), and a token holding exactly the needed permissions → success. The operations come from
// the handler registry and the contract, so an operation that gains a handler fails here until a
// case says how to call it: below, or in the domain's own `src/<domain>/permission-cases.ts`.
import { listOperations } from "@fluxgate/openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Permission } from "../auth/permissions.js";
import { createAuthorization } from "../authorizations/repository.js";
import { mergeHandlers } from "../http/handlers.js";
import { setupInstance, startTestServer, type Instance, type TestServer } from "../test-support/index.js";
import { loadDomainCases, mergeCases, read, write, type Call, type Case, type Fixture } from "../test-support/permission-cases.js";

/** Operations anyone may call, or that prove identity themselves (signin/signout are tested below). */
const PUBLIC = new Set(["GetHealth", "GetPing", "HeadPing", "GetReady", "GetRoutes", "GetMetrics", "GetSetup", "PostSetup", "PostSignin", "PostSignout"]);

/** Cases of the domains finished before cases moved to domain folders; newer domains keep theirs in `src/<domain>/permission-cases.ts`. */
const MATRIX_CASES: Record<string, Case> = {
  // users
  GetMe: { denied: "allowed", prepare: async () => ({ call: { method: "GET", path: "/api/v2/me" }, grant: [] }) },
  PutMePassword: {
    denied: 403,
    prepare: async (f) => ({ call: { method: "PUT", path: "/api/v2/me/password", body: { password: f.instance.password } }, grant: [write("users", { id: f.instance.user.id })] }),
  },
  GetUsers: { denied: { emptyList: "users" }, prepare: async () => ({ call: { method: "GET", path: "/api/v2/users" }, grant: [read("users")] }) },
  PostUsers: { denied: 403, prepare: async (f) => ({ call: { method: "POST", path: "/api/v2/users", body: { name: f.name("user") } }, grant: [write("users")] }) },
  GetUsersID: {
    denied: 403,
    prepare: async (f) => {
      const id = await f.user();
      return { call: { method: "GET", path: `/api/v2/users/${id}` }, grant: [read("users", { id })] };
    },
  },
  PatchUsersID: {
    denied: 403,
    prepare: async (f) => {
      const id = await f.user();
      return { call: { method: "PATCH", path: `/api/v2/users/${id}`, body: { name: f.name("renamed") } }, grant: [write("users", { id })] };
    },
  },
  DeleteUsersID: {
    denied: 403,
    prepare: async (f) => {
      const id = await f.user();
      return { call: { method: "DELETE", path: `/api/v2/users/${id}` }, grant: [write("users", { id })] };
    },
  },
  PostUsersIDPassword: {
    denied: 403,
    prepare: async (f) => {
      const id = await f.user();
      return { call: { method: "POST", path: `/api/v2/users/${id}/password`, body: { password: "matrix-password" } }, grant: [write("users", { id })] };
    },
  },
  PutUsersIDPassword: {
    denied: 403,
    prepare: async (f) => {
      const id = await f.user();
      return { call: { method: "PUT", path: `/api/v2/users/${id}/password`, body: { password: "matrix-password" } }, grant: [write("users", { id })] };
    },
  },

  // setup
  PostSetupUser: {
    denied: 403,
    prepare: async (f) => ({
      call: { method: "POST", path: "/api/v2/setup/user", body: { username: f.name("su"), password: "setup-user-password", org: f.name("so"), bucket: "b" } },
      grant: [write("users"), write("orgs")],
    }),
  },

  // authorizations
  GetAuthorizations: { denied: { emptyList: "authorizations" }, prepare: async (f) => ({ call: { method: "GET", path: "/api/v2/authorizations" }, grant: [read("authorizations", { orgID: f.instance.org.id }), read("users", { id: f.instance.user.id })] }) },
  PostAuthorizations: {
    denied: 403,
    prepare: async (f) => {
      const orgID = f.instance.org.id;
      return {
        call: { method: "POST", path: "/api/v2/authorizations", body: { orgID, permissions: [read("buckets", { orgID })] } },
        grant: [write("authorizations", { orgID }), write("users", { id: f.instance.user.id }), read("buckets", { orgID })],
      };
    },
  },
  GetAuthorizationsID: {
    denied: 403,
    prepare: async (f) => {
      const { row } = await createAuthorization(f.t.server.app.db, { orgID: f.instance.org.id, userID: f.instance.user.id, permissions: [] });
      return { call: { method: "GET", path: `/api/v2/authorizations/${row.id}` }, grant: [read("authorizations", { orgID: row.org_id, id: row.id }), read("users", { id: row.user_id })] };
    },
  },
  PatchAuthorizationsID: {
    denied: 403,
    prepare: async (f) => {
      const { row } = await createAuthorization(f.t.server.app.db, { orgID: f.instance.org.id, userID: f.instance.user.id, permissions: [] });
      return { call: { method: "PATCH", path: `/api/v2/authorizations/${row.id}`, body: { status: "inactive" } }, grant: [write("authorizations", { orgID: row.org_id, id: row.id }), write("users", { id: row.user_id })] };
    },
  },
  DeleteAuthorizationsID: {
    denied: 403,
    prepare: async (f) => {
      const { row } = await createAuthorization(f.t.server.app.db, { orgID: f.instance.org.id, userID: f.instance.user.id, permissions: [] });
      return { call: { method: "DELETE", path: `/api/v2/authorizations/${row.id}` }, grant: [write("authorizations", { orgID: row.org_id, id: row.id }), write("users", { id: row.user_id })] };
    },
  },

  // orgs
  GetOrgs: { denied: { emptyList: "orgs" }, prepare: async (f) => ({ call: { method: "GET", path: "/api/v2/orgs" }, grant: [read("orgs", { id: f.instance.org.id })] }) },
  PostOrgs: { denied: 403, prepare: async (f) => ({ call: { method: "POST", path: "/api/v2/orgs", body: { name: f.name("org") } }, grant: [write("orgs")] }) },
  GetOrgsID: orgCase("GET", "", "read"),
  PatchOrgsID: orgCase("PATCH", "", "write", () => ({ description: "changed" })),
  DeleteOrgsID: orgCase("DELETE", "", "write"),
  GetOrgsIDMembers: orgCase("GET", "/members", "read"),
  GetOrgsIDOwners: orgCase("GET", "/owners", "read"),
  PostOrgsIDMembers: memberCase("orgs", "members", "POST"),
  PostOrgsIDOwners: memberCase("orgs", "owners", "POST"),
  DeleteOrgsIDMembersID: memberCase("orgs", "members", "DELETE"),
  DeleteOrgsIDOwnersID: memberCase("orgs", "owners", "DELETE"),

  // buckets
  GetBuckets: { denied: { emptyList: "buckets" }, prepare: async (f) => ({ call: { method: "GET", path: "/api/v2/buckets" }, grant: [read("buckets", { orgID: f.instance.org.id })] }) },
  PostBuckets: {
    denied: 403,
    prepare: async (f) => ({
      call: { method: "POST", path: "/api/v2/buckets", body: { orgID: f.instance.org.id, name: f.name("bucket"), retentionRules: [] } },
      grant: [write("buckets", { orgID: f.instance.org.id })],
    }),
  },
  GetBucketsID: bucketCase("GET", "", "read"),
  PatchBucketsID: bucketCase("PATCH", "", "write", () => ({ description: "changed" })),
  DeleteBucketsID: bucketCase("DELETE", "", "write"),
  GetBucketsIDMembers: bucketCase("GET", "/members", "read"),
  GetBucketsIDOwners: bucketCase("GET", "/owners", "read"),
  PostBucketsIDMembers: memberCase("buckets", "members", "POST"),
  PostBucketsIDOwners: memberCase("buckets", "owners", "POST"),
  DeleteBucketsIDMembersID: memberCase("buckets", "members", "DELETE"),
  DeleteBucketsIDOwnersID: memberCase("buckets", "owners", "DELETE"),

  // points
  PostWrite: {
    denied: 403,
    prepare: async (f) => ({
      call: { method: "POST", path: "/api/v2/write", query: { org: f.instance.org.name, bucket: f.instance.bucket.name, precision: "s" }, body: "m,t=a v=1 1700000000", headers: { "Content-Type": "text/plain" } },
      grant: [write("buckets", { orgID: f.instance.org.id, id: f.instance.bucket.id })],
    }),
  },
  PostDelete: {
    denied: 403,
    prepare: async (f) => ({
      call: { method: "POST", path: "/api/v2/delete", query: { org: f.instance.org.name, bucket: f.instance.bucket.name }, body: { start: "2020-01-01T00:00:00Z", stop: "2020-01-02T00:00:00Z" } },
      grant: [write("buckets", { orgID: f.instance.org.id, id: f.instance.bucket.id })],
    }),
  },
};

function orgCase(method: Call["method"], suffix: string, action: "read" | "write", body?: () => unknown): Case {
  return {
    denied: 403,
    prepare: async (f) => {
      const id = await f.org();
      return { call: { method, path: `/api/v2/orgs/${id}${suffix}`, ...(body ? { body: body() } : {}) }, grant: [{ action, resource: { type: "orgs", id } }] };
    },
  };
}

function bucketCase(method: Call["method"], suffix: string, action: "read" | "write", body?: () => unknown): Case {
  return {
    denied: 403,
    prepare: async (f) => {
      const id = await f.bucket();
      return { call: { method, path: `/api/v2/buckets/${id}${suffix}`, ...(body ? { body: body() } : {}) }, grant: [{ action, resource: { type: "buckets", orgID: f.instance.org.id, id } }] };
    },
  };
}

/** Adding (POST) or removing (DELETE) a member or owner needs write on the org or bucket. */
function memberCase(type: "orgs" | "buckets", role: "members" | "owners", method: "POST" | "DELETE"): Case {
  return {
    denied: 403,
    prepare: async (f) => {
      const id = type === "orgs" ? await f.org() : await f.bucket();
      const userID = await f.user();
      const base = `/api/v2/${type}/${id}/${role}`;
      if (method === "DELETE") {
        const added = await f.t.client.post(base, { id: userID }, { token: f.instance.operatorToken });
        if (added.status !== 201) throw new Error(`adding ${role} failed: ${added.status} ${added.text}`);
      }
      const scope = type === "orgs" ? { id } : { orgID: f.instance.org.id, id };
      return {
        call: method === "POST" ? { method, path: base, body: { id: userID } } : { method, path: `${base}/${userID}` },
        grant: [{ action: "write", resource: { type, ...scope } }],
      };
    },
  };
}

const domainCases = await loadDomainCases();

describe("permission matrix", () => {
  const CASES = mergeCases(new Map([["src/permissions-matrix/matrix.test.ts", MATRIX_CASES], ...[...domainCases].map(([domain, cases]) => [`src/${domain}/permission-cases.ts`, cases] as const)]));
  const handlersAtLoad = mergeHandlers();
  // One test per operation below: each has its own timeout and names itself when it fails.
  const operationsWithCases = listOperations()
    .filter((o) => handlersAtLoad.has(o.operationId) && o.operationId in CASES)
    .map((o) => o.operationId);
  let t: TestServer;
  let instance: Instance;
  let fixture: Fixture;
  let unrelatedToken: string;
  beforeAll(async () => {
    t = await startTestServer();
    instance = await setupInstance(t.client);
    let n = 0;
    const op = { token: instance.operatorToken };
    const created = async (path: string, body: unknown) => {
      const res = await t.client.post<{ id: string }>(path, body, op);
      if (res.status !== 201) throw new Error(`POST ${path} failed: ${res.status} ${res.text}`);
      return res.body.id;
    };
    fixture = {
      t,
      instance,
      name: (prefix) => `${prefix}-${++n}`,
      user: () => created("/api/v2/users", { name: fixture.name("user") }),
      org: () => created("/api/v2/orgs", { name: fixture.name("org") }),
      bucket: () => created("/api/v2/buckets", { orgID: instance.org.id, name: fixture.name("bucket"), retentionRules: [] }),
      created,
    };
    // A valid token whose only permission no implemented operation needs.
    unrelatedToken = await tokenFor([read("notebooks", { orgID: instance.org.id })]);
  });
  afterAll(async () => {
    await t?.close();
  });

  const tokenFor = async (permissions: Permission[]) =>
    (await createAuthorization(t.server.app.db, { orgID: instance.org.id, userID: instance.user.id, permissions })).token;

  const handled = () => {
    const handlers = mergeHandlers();
    return listOperations().filter((o) => handlers.has(o.operationId));
  };

  it("knows how to call every operation that has a handler", () => {
    const missing = handled().map((o) => o.operationId).filter((id) => !PUBLIC.has(id) && !(id in CASES));
    expect(missing, "operations with a handler but no permission-matrix case").toEqual([]);
  });

  it("refuses an operation with cases in two files", () => {
    const c: Case = { denied: 403, prepare: async () => ({ call: { method: "GET", path: "/" }, grant: [] }) };
    const one = (id: string): Record<string, Case> => ({ [id]: c });
    expect(() => mergeCases(new Map([["a.ts", one("GetThing")], ["b.ts", one("GetThing")]]))).toThrow(/GetThing .* both a\.ts and b\.ts/);
    expect(Object.keys(mergeCases(new Map([["a.ts", one("GetThing")], ["b.ts", one("GetOther")]])))).toEqual(["GetThing", "GetOther"]);
  });

  it("has no case for an operation without a handler (a stale case tests nothing)", () => {
    const ids = new Set(handled().map((o) => o.operationId));
    expect(Object.keys(CASES).filter((id) => !ids.has(id))).toEqual([]);
  });

  it("lets anyone call the public operations", async () => {
    for (const path of ["/health", "/ping", "/ready", "/api/v2", "/metrics", "/api/v2/setup"]) {
      const res = await t.client.get(path);
      expect(res.status, path).toBeLessThan(300);
    }
  });

  it("signin needs a password and signout a session", async () => {
    expect((await t.client.post("/api/v2/signin")).status).toBe(401);
    expect((await t.client.post("/api/v2/signin", undefined, { token: instance.operatorToken })).status).toBe(401);
    const signin = await t.client.post("/api/v2/signin", undefined, { basic: [instance.user.name, instance.password] });
    expect(signin.status).toBe(204);
    expect((await t.client.post("/api/v2/signout")).status).toBe(401);
    expect((await t.client.post("/api/v2/signout", undefined, { token: instance.operatorToken })).status).toBe(401);
    const cookie = signin.headers.get("set-cookie")!.split(";")[0]!;
    expect((await t.client.post("/api/v2/signout", undefined, { cookie })).status).toBe(204);
  });

  it.for(operationsWithCases)("%s: 401 without a token, the InfluxDB denial without the permission, success with it", async (operationId) => {
    const c = CASES[operationId]!;
    const { call, grant } = await c.prepare(fixture);
    const send = (token?: string) =>
      t.client.request<Record<string, unknown>>(call.method, call.path, {
        ...(token !== undefined ? { token } : {}),
        ...(call.body !== undefined ? { body: call.body } : {}),
        ...(call.query ? { query: call.query } : {}),
        ...(call.headers ? { headers: call.headers } : {}),
      });
    const failures: string[] = [];
    const label = `${operationId} (${call.method} ${call.path})`;

    const anonymous = await send();
    if (anonymous.status !== 401) failures.push(`${label} without a token: ${anonymous.status} ${anonymous.text}`);

    const denied = await send(unrelatedToken);
    if (c.denied === "allowed") {
      if (denied.status >= 300) failures.push(`${label} with any valid token: ${denied.status} ${denied.text}`);
    } else if (typeof c.denied === "number") {
      if (denied.status !== c.denied) failures.push(`${label} without the permission: expected ${c.denied}, got ${denied.status} ${denied.text}`);
    } else {
      const list = denied.body[c.denied.emptyList];
      if (denied.status !== 200 || !Array.isArray(list) || list.length !== 0) failures.push(`${label} without the permission: expected 200 and no ${c.denied.emptyList}, got ${denied.status} ${denied.text}`);
    }

    const allowed = await send(await tokenFor(grant));
    if (allowed.status < 200 || allowed.status >= 300) failures.push(`${label} with ${JSON.stringify(grant)}: ${allowed.status} ${allowed.text}`);
    else if (typeof c.denied === "object") {
      const list = allowed.body[c.denied.emptyList];
      if (!Array.isArray(list) || list.length === 0) failures.push(`${label} with the permission listed nothing`);
    }
    expect(failures).toEqual([]);
  });
});
