import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { OpenAPIBackend, type Document, type Request } from "openapi-backend";
import { beforeAll, describe, expect, it } from "vitest";
import { addContractFormats, loadSpec, specPath } from "./index.js";

// Validators compile on first use, with the contract's formats, as in the server. Validating the
// whole document and compiling a validator for every operation is seconds of synchronous work alone,
// 56 s on a 2-core machine at load 5.5 and over 120 s once: done in this worker it would starve
// vitest's own messages, which time out after 60 s and fail a run whose every test passed, so a
// child process does it.
let api: OpenAPIBackend;
beforeAll(async () => {
  api = new OpenAPIBackend({ definition: loadSpec() as unknown as Document, validate: true, quick: true, customizeAjv: addContractFormats });
  await api.init();
});

/** Runs openapi-backend's strict, eager initialisation of the bundle in a child process. */
function initialiseEagerly(): Promise<{ code: number; output: string }> {
  const script = `
    import { OpenAPIBackend } from "openapi-backend";
    const api = new OpenAPIBackend({ definition: ${JSON.stringify(specPath)}, validate: true, strict: true, quick: false });
    await api.init();
    if (!api.initalized) throw new Error("openapi-backend did not finish initialising");
  `;
  const cwd = fileURLToPath(new URL("..", import.meta.url));
  return new Promise((resolve) => {
    execFile(process.execPath, ["--input-type=module", "--eval", script], { cwd, timeout: 280_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** Validates a request the way the server will, and returns the error messages (empty = valid). */
function problems(request: Request): string[] {
  const result = api.validateRequest(request);
  return (result.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ""}`);
}

describe("the bundled contract", () => {
  it("is a valid OpenAPI 3.0 document whose refs all resolve, and every operation's validators compile", async () => {
    const run = await initialiseEagerly();
    // The child registers no formats, so ajv warns of each one it meets: only a failure matters here.
    expect(run.code, run.output.slice(-4000)).toBe(0);
  }, 300_000);

  it("is OpenAPI 3.0.3 with the four security schemes and global security", () => {
    const document = loadSpec();
    expect(document.openapi).toBe("3.0.3");
    expect(Object.keys(document.components?.securitySchemes ?? {}).sort()).toEqual([
      "BasicAuth",
      "QuerystringAuth",
      "SessionCookie",
      "TokenAuth",
    ]);
    expect(document.security).toEqual([{ TokenAuth: [] }, { BasicAuth: [] }, { SessionCookie: [] }]);
  });
});

describe("requests real clients send are accepted", () => {
  it("a gzipped line-protocol write from Telegraf", () => {
    expect(
      problems({
        method: "post",
        path: "/api/v2/write",
        query: { bucket: "telegraf", org: "acme", precision: "ns" },
        headers: { "content-type": "text/plain; charset=utf-8", "content-encoding": "gzip" },
        body: "cpu,host=a usage=1 1700000000000000000",
      }),
    ).toEqual([]);
  });

  it("a Flux query as a JSON Query object with the JS client's dialect", () => {
    expect(
      problems({
        method: "post",
        path: "/api/v2/query",
        query: { org: "acme" },
        headers: { "content-type": "application/json" },
        body: {
          query: 'from(bucket:"b") |> range(start:-1h)',
          type: "flux",
          dialect: { header: true, delimiter: ",", quoteChar: '"', commentPrefix: "#", annotations: ["datatype", "group", "default"] },
        },
      }),
    ).toEqual([]);
  });

  it("a Flux query as bare application/vnd.flux", () => {
    expect(
      problems({
        method: "post",
        path: "/api/v2/query",
        query: { orgID: "0a1b2c3d4e5f6a7b" },
        headers: { "content-type": "application/vnd.flux" },
        body: 'from(bucket:"b") |> range(start:-1h)',
      }),
    ).toEqual([]);
  });

  it("a bucket creation with a retention rule, and a PATCH carrying the whole bucket back", () => {
    expect(
      problems({
        method: "post",
        path: "/api/v2/buckets",
        headers: { "content-type": "application/json" },
        body: { orgID: "0a1b2c3d4e5f6a7b", name: "b", retentionRules: [{ type: "expire", everySeconds: 3600 }] },
      }),
    ).toEqual([]);
    expect(
      problems({
        method: "patch",
        path: "/api/v2/buckets/0a1b2c3d4e5f6a7b",
        headers: { "content-type": "application/json" },
        body: {
          id: "0a1b2c3d4e5f6a7b",
          orgID: "0a1b2c3d4e5f6a7b",
          type: "user",
          name: "renamed",
          retentionRules: [{ type: "expire", everySeconds: 0, shardGroupDurationSeconds: 604800 }],
          links: { self: "/api/v2/buckets/0a1b2c3d4e5f6a7b" },
          labels: [],
        },
      }),
    ).toEqual([]);
  });

  it("list paging parameters arrive as strings and are coerced", () => {
    expect(
      problems({ method: "get", path: "/api/v2/buckets", query: { limit: "50", offset: "0", orgID: "0a1b2c3d4e5f6a7b" }, headers: {} }),
    ).toEqual([]);
  });

  it("an InfluxQL query with 1.x credentials in the query string", () => {
    expect(
      problems({ method: "get", path: "/query", query: { db: "telegraf", q: "SELECT 1", epoch: "ms", u: "me", p: "secret" }, headers: {} }),
    ).toEqual([]);
  });

  it("a legacy authorization from `influx v1 auth create`", () => {
    expect(
      problems({
        method: "post",
        path: "/private/legacy/authorizations",
        headers: { "content-type": "application/json" },
        body: {
          orgID: "0a1b2c3d4e5f6a7b",
          token: "grafana",
          description: "grafana reader",
          permissions: [{ action: "read", resource: { type: "buckets", id: "0a1b2c3d4e5f6a7b", orgID: "0a1b2c3d4e5f6a7b" } }],
        },
      }),
    ).toEqual([]);
  });
});

describe("malformed requests are rejected before a handler runs", () => {
  it("a time that is not RFC 3339, while an RFC 3339 time with an offset passes", () => {
    const runs = (afterTime: string) => problems({ method: "get", path: "/api/v2/tasks/0a1b2c3d4e5f6a7b/runs", query: { afterTime }, headers: {} });
    expect(runs("2024-01-01T00:00:00+02:00")).toEqual([]);
    expect(runs("yesterday").join("\n")).toContain("afterTime");
  });

  it("a malformed path ID, naming the parameter", () => {
    expect(problems({ method: "get", path: "/api/v2/buckets/not-an-id", headers: {} }).join("\n")).toContain("bucketID");
  });

  it("a malformed orgID filter, naming the parameter", () => {
    expect(problems({ method: "get", path: "/api/v2/buckets", query: { orgID: "XYZ" }, headers: {} }).join("\n")).toContain("orgID");
  });

  it("an authorization without permissions", () => {
    const found = problems({
      method: "post",
      path: "/api/v2/authorizations",
      headers: { "content-type": "application/json" },
      body: { orgID: "0a1b2c3d4e5f6a7b" },
    });
    expect(found.join("\n")).toContain("permissions");
  });

  it("a write without a bucket", () => {
    const found = problems({ method: "post", path: "/api/v2/write", query: { org: "acme" }, headers: {}, body: "m f=1" });
    expect(found.join("\n")).toContain("bucket");
  });
});

/** Validates a JSON response body the way the integration suites will. */
function responseProblems(operationId: string, status: number, body: unknown): string[] {
  const result = api.validateResponse(body, operationId, status);
  return (result.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ""}`);
}

const orgID = "0a1b2c3d4e5f6a7b";
const userID = "1b2c3d4e5f6a7b8c";
const bucketID = "2c3d4e5f6a7b8c9d";
const bucket = {
  id: bucketID,
  orgID,
  type: "user",
  name: "telegraf",
  description: "",
  retentionRules: [{ type: "expire", everySeconds: 604800, shardGroupDurationSeconds: 86400 }],
  createdAt: "2024-01-02T03:04:05.123456789Z",
  updatedAt: "2024-01-02T03:04:05.123456789Z",
  labels: [],
  links: {
    self: `/api/v2/buckets/${bucketID}`,
    labels: `/api/v2/buckets/${bucketID}/labels`,
    members: `/api/v2/buckets/${bucketID}/members`,
    owners: `/api/v2/buckets/${bucketID}/owners`,
    org: `/api/v2/orgs/${orgID}`,
    write: `/api/v2/write?org=${orgID}&bucket=${bucketID}`,
  },
};
const authorization = {
  id: "3d4e5f6a7b8c9d0e",
  token: "secret-token==",
  status: "active",
  description: "operator token",
  orgID,
  org: "acme",
  userID,
  user: "admin",
  permissions: [{ action: "read", resource: { type: "buckets", orgID, org: "acme" } }],
  createdAt: "2024-01-02T03:04:05Z",
  updatedAt: "2024-01-02T03:04:05Z",
  links: { self: "/api/v2/authorizations/3d4e5f6a7b8c9d0e", user: `/api/v2/users/${userID}` },
};

describe("responses InfluxDB sends match the response schemas", () => {
  it("a bucket list with paging links", () => {
    expect(
      responseProblems("GetBuckets", 200, { links: { self: "/api/v2/buckets?limit=20&offset=0", next: "/api/v2/buckets?limit=20&offset=20" }, buckets: [bucket] }),
    ).toEqual([]);
  });

  it("an onboarding result", () => {
    expect(
      responseProblems("PostSetup", 201, {
        user: { id: userID, name: "admin", status: "active", links: { self: `/api/v2/users/${userID}` } },
        org: { id: orgID, name: "acme", description: "", createdAt: "2024-01-02T03:04:05Z", updatedAt: "2024-01-02T03:04:05Z", links: { self: `/api/v2/orgs/${orgID}` } },
        bucket,
        auth: authorization,
      }),
    ).toEqual([]);
  });

  it("an authorization list", () => {
    expect(responseProblems("GetAuthorizations", 200, { links: { self: "/api/v2/authorizations" }, authorizations: [authorization] })).toEqual([]);
  });

  it("a DBRP list uses `content`", () => {
    expect(
      responseProblems("GetDBRPs", 200, {
        content: [{ id: "4e5f6a7b8c9d0e1f", orgID, bucketID, database: "telegraf", retention_policy: "autogen", default: true, virtual: false }],
      }),
    ).toEqual([]);
  });

  it("an error body, and a line-protocol error naming the line", () => {
    expect(responseProblems("GetBucketsID", 404, { code: "not found", message: "bucket not found" })).toEqual([]);
    expect(responseProblems("PostWrite", 400, { code: "invalid", message: "unable to parse 'x': missing fields", line: 1 })).toEqual([]);
  });

  it("rejects a bucket without retentionRules and an error with an unknown code", () => {
    const { retentionRules: _dropped, ...withoutRules } = bucket;
    expect(responseProblems("GetBucketsID", 200, withoutRules).join("\n")).toContain("retentionRules");
    expect(responseProblems("GetBucketsID", 404, { code: "nope", message: "x" }).join("\n")).toContain("code");
  });
});

describe("bodies in a non-JSON media type of an operation that also takes JSON", () => {
  it("a template applied as jsonnet", () => {
    expect(
      problems({
        method: "post",
        path: "/api/v2/templates/apply",
        headers: { "content-type": "application/x-jsonnet" },
        body: "local x = 1; []",
      }),
    ).toEqual([]);
  });
});
