import { readFileSync } from "node:fs";
import { request as httpRequest, createServer } from "node:http";
import { request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { listOperations } from "@fluxgate/openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupInstance, startTestServer, type Instance, type TestServer } from "../test-support/index.js";
import { createApp } from "./app.js";
import { DOMAIN_HANDLERS, mergeHandlers } from "./handlers.js";
import { loadContract } from "./openapi.js";

function rawRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: Buffer }) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? "GET", headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

describe("HTTP basics and errors", () => {
  let t: TestServer;
  let instance: Instance;
  const LIMIT = 4096;

  beforeAll(async () => {
    t = await startTestServer({ httpMaxRequestBytes: LIMIT });
    instance = await setupInstance(t.client, { password: "very-secret-password" });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("answers /health, /ping, /ready and /api/v2 in InfluxDB's shapes", async () => {
    const health = await t.client.get<Record<string, unknown>>("/health");
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ name: "influxdb", status: "pass", checks: [], message: "ready for queries and writes" });
    expect(health.body["version"]).toMatch(/^v2\./);

    for (const method of ["GET", "HEAD"]) {
      const ping = await t.client.request(method, "/ping");
      expect(ping.status).toBe(204);
      expect(ping.headers.get("x-influxdb-version")).toMatch(/^v2\./);
      expect(ping.headers.get("x-influxdb-build")).toBe("OSS");
    }

    const ready = await t.client.get<{ status: string; started: string; up: string }>("/ready");
    expect(ready.body.status).toBe("ready");
    expect(Date.parse(ready.body.started)).toBeLessThanOrEqual(Date.now());
    expect(ready.body.up).toMatch(/^(\d+h)?(\d+m)?[\d.]+s$/);

    const routes = await t.client.get<Record<string, unknown>>("/api/v2");
    expect(routes.body).toMatchObject({ buckets: "/api/v2/buckets", setup: "/api/v2/setup", write: "/api/v2/write" });
  });

  it("exports Prometheus metrics by operation and status", async () => {
    await t.client.get("/ping");
    const res = await t.client.get<string>("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(res.body).toMatch(/http_api_requests_total\{operation_id="GetPing",method="GET",response_code="204",status="2XX"\} \d+/);
    expect(res.body).toContain("http_api_request_duration_seconds_bucket");
    expect(res.body).toContain("process_cpu_user_seconds_total");
  });

  it("answers unknown paths with 404 path not found", async () => {
    const res = await t.client.get("/api/v2/no-such-thing");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: "not found", message: "path not found" });
  });

  it("answers 501 for operations without a handler", async () => {
    const contract = await loadContract();
    const server = createServer(createApp({ app: t.server.app, api: contract.api, handlers: new Map() }));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2/buckets`);
      expect(res.status).toBe(501);
      expect(await res.json()).toEqual({ code: "not implemented", message: "GetBuckets (GET /api/v2/buckets) is not implemented yet" });
      // Still 501 for a body the contract would refuse: the route is missing, not the request wrong.
      const invalid = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2/buckets`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: 42 }),
      });
      expect(invalid.status).toBe(501);
      expect(((await invalid.json()) as { message: string }).message).toBe("PostBuckets (POST /api/v2/buckets) is not implemented yet");
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it("takes a JSON null as no body where the body may be left out, as Go clients send a nil one", async () => {
    const token = instance.operatorToken;
    const json = { token, headers: { "Content-Type": "application/json; charset=utf-8" } };
    // influx task run retry (official CLI) sends `null`: the run is looked up, not the body refused.
    const retry = await t.client.post<{ code: string; message: string }>("/api/v2/tasks/0000000000000001/runs/0000000000000002/retry", "null", json);
    expect(retry.status, retry.text).toBe(404);
    // A body the operation requires is still refused.
    const user = await t.client.post<{ code: string; message: string }>("/api/v2/users", "null", json);
    expect(user.status).toBe(400);
    expect(user.body.code).toBe("invalid");
  });

  it("refuses invalid JSON, wrong content types, missing bodies and malformed IDs with a message naming the problem", async () => {
    const token = instance.operatorToken;
    const badJson = await t.client.post<{ code: string; message: string }>("/api/v2/users", '{"name": ', { token, headers: { "Content-Type": "application/json" } });
    expect(badJson.status).toBe(400);
    expect(badJson.body.code).toBe("invalid");
    expect(badJson.body.message).toMatch(/invalid JSON/);

    const wrongType = await t.client.post<{ code: string }>("/api/v2/users", "name=x", { token, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    // InfluxDB reads JSON whatever the Content-Type says; a form body is simply not JSON.
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.code).toBe("invalid");

    const noBody = await t.client.post<{ message: string }>("/api/v2/users", undefined, { token });
    expect(noBody.status).toBe(400);
    expect(noBody.body.message).toMatch(/request body is required/);

    const wrongField = await t.client.post<{ message: string }>("/api/v2/users", { name: 42 }, { token });
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.message).toMatch(/body field "name"/);

    const badID = await t.client.get<{ message: string }>("/api/v2/users/not-an-id", { token });
    expect(badID.status).toBe(400);
    expect(badID.body.message).toMatch(/path parameter "userID"/);

    const badLimit = await t.client.get<{ message: string }>("/api/v2/users", { token, query: { limit: 1000 } });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.message).toMatch(/query parameter "limit"/);
  });

  it("refuses bodies over --http-max-request-bytes with 413, also when they only grow after gunzip", async () => {
    const token = instance.operatorToken;
    const big = { name: "x".repeat(LIMIT * 2) };
    const plain = await t.client.post<{ code: string }>("/api/v2/users", big, { token });
    expect(plain.status).toBe(413);
    expect(plain.body.code).toBe("request too large");

    const bomb = await t.client.post<{ code: string }>("/api/v2/users", big, { token, gzip: true });
    expect(bomb.status).toBe(413);
  });

  it("accepts gzip request bodies and refuses corrupt gzip and unknown encodings", async () => {
    const token = instance.operatorToken;
    const ok = await t.client.post<{ name: string }>("/api/v2/users", { name: "gzipped-user" }, { token, gzip: true });
    expect(ok.status).toBe(201);
    expect(ok.body.name).toBe("gzipped-user");

    const corrupt = await t.client.post<{ code: string }>("/api/v2/users", Buffer.from("not gzip at all"), {
      token, headers: { "Content-Type": "application/json", "Content-Encoding": "gzip" },
    });
    expect(corrupt.status).toBe(400);

    const br = await t.client.post<{ code: string }>("/api/v2/users", '{"name":"x"}', { token, headers: { "Content-Type": "application/json", "Content-Encoding": "br" } });
    expect(br.status).toBe(415);
  });

  it("gzips responses when the client accepts gzip", async () => {
    const res = await rawRequest(`${t.url}/metrics`, { headers: { "Accept-Encoding": "gzip" } });
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(res.body).toString()).toContain("http_api_requests_total");
    const plain = await rawRequest(`${t.url}/metrics`, {});
    expect(plain.headers["content-encoding"]).toBeUndefined();
    // and a gzip body the raw way, to be sure fetch is not doing anything for us
    const created = await rawRequest(`${t.url}/api/v2/users`, {
      method: "POST",
      headers: { Authorization: `Token ${instance.operatorToken}`, "Content-Type": "application/json", "Content-Encoding": "gzip" },
      body: gzipSync('{"name":"raw-gzip-user"}'),
    });
    expect(created.status).toBe(201);
  });

  it("streams query answers to a client that accepts no encoding, and gzips them for one that does", async () => {
    const query = JSON.stringify({ query: 'import "array"\narray.from(rows: [{a: 1}, {a: 2}])', type: "flux" });
    const headers = { Authorization: `Token ${instance.operatorToken}`, "Content-Type": "application/json" };
    const path = `${t.url}/api/v2/query?orgID=${instance.org.id}`;
    const plain = await rawRequest(path, { method: "POST", headers, body: Buffer.from(query) });
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toContain(",_result,0,2");
    const gzipped = await rawRequest(path, { method: "POST", headers: { ...headers, "Accept-Encoding": "gzip" }, body: Buffer.from(query) });
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzipped.body).toString()).toBe(plain.body.toString());
  });

  it("logs requests without tokens, passwords, cookies or query strings", async () => {
    await t.client.get("/api/v2/me", { token: instance.operatorToken, query: { u: "admin", p: "query-string-secret" } });
    const signin = await t.client.post("/api/v2/signin", undefined, { basic: ["admin", "very-secret-password"] });
    const cookie = signin.headers.get("set-cookie")!.split(";")[0]!;
    await t.client.get("/api/v2/me", { cookie });
    const logs = t.logs.join("\n");
    expect(logs).toContain('"operationId":"GetMe"');
    for (const secret of [instance.operatorToken, "very-secret-password", "query-string-secret", cookie.split("=")[1]!]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs.toLowerCase()).not.toContain("authorization");
  });

  it("answers 405 with the allowed methods when the path exists under other methods", async () => {
    const res = await t.client.request<{ code: string; message: string }>("PUT", "/api/v2/setup");
    expect(res.status).toBe(405);
    expect(res.body.code).toBe("method not allowed");
    expect(res.body.message).toContain("GET, POST");
  });

  it("answers 503 when a handler outlives --http-write-timeout", async () => {
    const contract = await loadContract();
    const slow = new Map([["GetPing", async () => {
      await new Promise((r) => setTimeout(r, 1000));
      return { status: 204 };
    }]]);
    const app = { ...t.server.app, config: { ...t.server.app.config, httpWriteTimeout: 100 } };
    const server = createServer(createApp({ app, api: contract.api, handlers: slow }));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ping`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ code: "unavailable", message: "request timed out" });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe("handler registry", () => {
  it("registers only operations of the contract, each in one domain", () => {
    const operationIds = new Set(listOperations().map((o) => o.operationId));
    const merged = mergeHandlers();
    for (const id of merged.keys()) expect(operationIds, `${id} is not in the contract`).toContain(id);
    expect(merged.has("PostSetup")).toBe(true);
    expect(() => mergeHandlers({ a: DOMAIN_HANDLERS["users"]!, b: DOMAIN_HANDLERS["users"]! })).toThrow(/both a\/ and b\//);
  });
});

describe("TLS", () => {
  it("serves HTTPS with --tls-cert and --tls-key", async () => {
    const fixtures = new URL("../test-support/fixtures/", import.meta.url);
    const cert = readFileSync(new URL("test-tls.crt", fixtures));
    const t = await startTestServer({ tlsCert: fileURLToPath(new URL("test-tls.crt", fixtures)), tlsKey: fileURLToPath(new URL("test-tls.key", fixtures)) });
    try {
      expect(t.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const status = await new Promise<number>((resolve, reject) => {
        httpsRequest(`${t.url}/ping`, { ca: cert }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        }).on("error", reject).end();
      });
      expect(status).toBe(204);
    } finally {
      await t.close();
    }
  });

});
