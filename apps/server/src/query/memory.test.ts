// --query-memory-bytes on a real server: a query holding more table data than the limit fails with
// Flux's allocator error, answered 400 invalid before output (influxd maps Flux's ResourceExhausted
// to its "invalid" code) and as Flux's error table once output has started; queries that fit, or
// that stream their tables through, answer 200.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ErrorJson, type Instance, setupInstance, startTestServer, type TestServer } from "../test-support/index.js";

const HOSTS = 20;
const POINTS = 100;
const LIMIT = 128 * 1024;
const fluxMessage = /^memory allocation limit reached: limit \d+ bytes, allocated: \d+, wanted: \d+$/;

describe("POST /api/v2/query under --query-memory-bytes", () => {
  let t: TestServer;
  let instance: Instance;
  beforeAll(async () => {
    // Four slots of 16 KiB set aside, 128 KiB more for queries to grow into.
    t = await startTestServer({ queryConcurrency: 4, queryMemoryBytes: LIMIT, queryMaxMemoryBytes: 4 * 16 * 1024 + LIMIT, queryInitialMemoryBytes: 16 * 1024 });
    instance = await setupInstance(t.client);
    const lines: string[] = [];
    for (let h = 0; h < HOSTS; h++) for (let i = 0; i < POINTS; i++) lines.push(`cpu,host=h${h} usage=${i}.5 ${(i + 1) * 1_000_000_000}`);
    const res = await t.client.post("/api/v2/write", lines.join("\n"), { token: instance.operatorToken, query: { org: instance.org.name, bucket: instance.bucket.name }, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    expect(res.status).toBe(204);
  });
  afterAll(async () => {
    await t?.close();
  });
  const query = (flux: string) => t.client.post<ErrorJson>("/api/v2/query", { query: flux, now: "2030-01-01T00:00:00Z" }, { token: instance.operatorToken, query: { org: instance.org.name } });
  const all = () => `from(bucket: "${instance.bucket.name}") |> range(start: 0)`;

  it("refuses a query that buffers more than the limit with 400 and Flux's message", async () => {
    const res = await query(`${all()} |> group() |> sort(columns: ["_value"])`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("invalid");
    expect(res.body.message).toMatch(fluxMessage);
  });

  it("answers 200 to a query within the limit, and to one streaming every series through", async () => {
    const one = await query(`${all()} |> filter(fn: (r) => r.host == "h1") |> sort(columns: ["_value"], desc: true)`);
    expect(one.status).toBe(200);
    expect(one.text.trim().split("\r\n")).toHaveLength(1 + POINTS);
    const streamed = await query(`${all()} |> map(fn: (r) => ({r with _value: r._value * 2.0}))`);
    expect(streamed.status).toBe(200);
    expect(streamed.text.split("\r\n").filter((l) => l.startsWith(",_result,")).length).toBe(HOSTS * POINTS);
  });

  it("reports the limit in Flux's error table once output has started", async () => {
    const res = await query(`${all()} |> filter(fn: (r) => r.host == "h1") |> limit(n: 1) |> yield(name: "a")\n${all()} |> group() |> sort(columns: ["_value"]) |> yield(name: "b")`);
    expect(res.status).toBe(200);
    const lines = res.text.split("\r\n");
    expect(lines[1]).toMatch(/^,a,0,/);
    const at = lines.indexOf(",error,reference");
    expect(at).toBeGreaterThan(1);
    // The message holds commas, so the CSV quotes it.
    expect(lines[at + 1]).toMatch(/^,"memory allocation limit reached: limit \d+ bytes, allocated: \d+, wanted: \d+",$/);
  });

  it("gives each query's memory back when it ends, so the next ones fit the shared budget", async () => {
    // Three series sorted together need more than a slot's 16 KiB: they grow into the shared budget,
    // which the failed queries before them (each taking all they could) must have given back.
    const three = `${all()} |> filter(fn: (r) => r.host == "h1" or r.host == "h2" or r.host == "h3") |> group() |> sort(columns: ["_value"])`;
    for (let i = 0; i < 3; i++) {
      expect((await query(`${all()} |> group() |> sort(columns: ["_value"])`)).status).toBe(400);
      const res = await query(three);
      expect(res.status).toBe(200);
      expect(res.text.split("\r\n").filter((l) => l.startsWith(",_result,")).length).toBe(3 * POINTS);
    }
  });
});
