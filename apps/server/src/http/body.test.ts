// Regressions of request-body handling: limits, gzip, and Content-Type leniency as InfluxDB has it.
import { request as httpRequest } from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupInstance, startTestServer, type Instance, type TestServer } from "../test-support/index.js";

interface RawResponse {
  status: number;
  body: string;
}

/** A request through node:http, so nothing (fetch, undici) rewrites headers or bodies for us. */
function raw(url: string, method: string, headers: Record<string, string>, body?: Buffer | string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("request bodies", () => {
  let t: TestServer;
  let instance: Instance;
  const LIMIT = 4096;
  beforeAll(async () => {
    t = await startTestServer({ httpMaxRequestBytes: LIMIT });
    instance = await setupInstance(t.client);
  });
  afterAll(async () => {
    await t?.close();
  });
  const writeUrl = () => `${t.url}/api/v2/write?org=acme&bucket=telemetry&precision=s`;
  const auth = () => ({ Authorization: `Token ${instance.operatorToken}` });
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `cpu,host=h${i} usage=${i} ${1_700_000_000 + i}`).join("\n");

  it("answers 413 to a gzip write that only grows past the limit after decoding, and keeps serving", async () => {
    const bomb = gzipSync("cpu,host=h usage=1 1700000000\n".repeat(2000));
    expect(bomb.length).toBeLessThan(LIMIT);
    const res = await raw(writeUrl(), "POST", { ...auth(), "Content-Encoding": "gzip", "Content-Type": "text/plain" }, bomb);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ code: "request too large" });
    // A body still arriving when the limit trips (many chunks after it) gets the same answer.
    const long = gzipSync(lines(40_000));
    expect(long.length).toBeGreaterThan(64 * 1024);
    const streamed = await raw(writeUrl(), "POST", { ...auth(), "Content-Encoding": "gzip", "Content-Type": "text/plain" }, long);
    expect(streamed.status).toBe(413);
    // The response was logged (not crashed on a detached socket) and the server still answers.
    await new Promise((r) => setTimeout(r, 50));
    expect(t.logs.some((l) => l.includes('"operationId":"PostWrite"') && l.includes('"status":413'))).toBe(true);
    expect((await raw(`${t.url}/ping`, "GET", {})).status).toBe(204);
    const again = await raw(writeUrl(), "POST", { ...auth(), "Content-Encoding": "gzip" }, gzipSync(lines(3)));
    expect(again.status).toBe(204);
  });

  it("answers 413 to a large gzip JSON body the same way", async () => {
    const body = gzipSync(JSON.stringify({ name: "x".repeat(LIMIT * 4) }));
    const res = await raw(`${t.url}/api/v2/users`, "POST", { ...auth(), "Content-Type": "application/json", "Content-Encoding": "gzip" }, body);
    expect(res.status).toBe(413);
    expect((await raw(`${t.url}/ping`, "GET", {})).status).toBe(204);
  });

  it("answers 400 invalid to a corrupt gzip body, on writes and on JSON endpoints", async () => {
    const corrupt = Buffer.concat([gzipSync(lines(50)).subarray(0, 40), Buffer.from("garbage that is not deflate data")]);
    const write = await raw(writeUrl(), "POST", { ...auth(), "Content-Encoding": "gzip" }, corrupt);
    expect(write.status).toBe(400);
    expect(JSON.parse(write.body)).toMatchObject({ code: "invalid", message: expect.stringMatching(/gzip/) });
    const json = await raw(`${t.url}/api/v2/users`, "POST", { ...auth(), "Content-Type": "application/json", "Content-Encoding": "gzip" }, Buffer.from("not gzip"));
    expect(json.status).toBe(400);
    expect(JSON.parse(json.body)).toMatchObject({ code: "invalid", message: expect.stringMatching(/gzip/) });
    expect((await raw(`${t.url}/ping`, "GET", {})).status).toBe(204);
  });

  it("accepts writes with any Content-Type or none, as InfluxDB ignores it", async () => {
    for (const type of [undefined, "application/x-www-form-urlencoded", "text/plain; charset=utf-8", "application/octet-stream", "application/json"]) {
      const headers: Record<string, string> = { ...auth(), ...(type ? { "Content-Type": type } : {}) };
      const res = await raw(writeUrl(), "POST", headers, lines(2));
      expect(res.status, `Content-Type ${String(type)}: ${res.body}`).toBe(204);
    }
  });

  it("reads JSON bodies whatever the Content-Type (curl's form default too), and 400s what is not JSON", async () => {
    const form = await raw(`${t.url}/api/v2/users`, "POST", { ...auth(), "Content-Type": "application/x-www-form-urlencoded" }, '{"name":"curl-user"}');
    expect(form.status).toBe(201);
    expect(JSON.parse(form.body)).toMatchObject({ name: "curl-user" });
    const none = await raw(`${t.url}/api/v2/users`, "POST", auth(), '{"name":"untyped-user"}');
    expect(none.status).toBe(201);
    const text = await raw(`${t.url}/api/v2/users`, "POST", { ...auth(), "Content-Type": "text/plain" }, '{"name":"text-user"}');
    expect(text.status).toBe(201);
    const notJson = await raw(`${t.url}/api/v2/users`, "POST", { ...auth(), "Content-Type": "application/x-www-form-urlencoded" }, "name=form-user");
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body)).toMatchObject({ code: "invalid", message: expect.stringMatching(/invalid JSON/) });
    const invalidField = await raw(`${t.url}/api/v2/users`, "POST", { ...auth(), "Content-Type": "text/plain" }, '{"name":42}');
    expect(invalidField.status).toBe(400);
    expect(JSON.parse(invalidField.body).message).toMatch(/body field "name"/);
    const scalar = await raw(`${t.url}/api/v2/users`, "POST", { ...auth(), "Content-Type": "text/plain" }, '"just a string"');
    expect(scalar.status).toBe(400);
  });
});
