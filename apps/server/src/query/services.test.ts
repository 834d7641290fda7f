// Flux over HTTP reaching past from(): schema metadata, table-reading functions (findRecord),
// secrets and to(), each through /api/v2/query with the calling token's permissions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ErrorJson, type Instance, setupInstance, startTestServer, type TestServer, writeLines } from "../test-support/index.js";

describe("Flux services through POST /api/v2/query", () => {
  let t: TestServer;
  let instance: Instance;
  beforeAll(async () => {
    t = await startTestServer();
    instance = await setupInstance(t.client);
    const lines = ["cpu,host=a usage=1 10000000000", "cpu,host=b usage=3 20000000000", "mem,host=a used=5i 10000000000"].join("\n");
    await writeLines(t.client, instance, lines);
  });
  afterAll(async () => {
    await t?.close();
  });
  const query = (flux: string) =>
    t.client.post<ErrorJson>("/api/v2/query", { query: flux, dialect: { annotations: [] } }, { token: instance.operatorToken, query: { org: instance.org.name } });
  const rows = (csv: string) => csv.trim().split(/\r?\n/).filter((l) => l !== "");

  it("lists measurements with schema.measurements", async () => {
    // The default range is the last 30 days; these points are from 1970.
    const res = await query(`import "influxdata/influxdb/schema"\nschema.measurements(bucket: "${instance.bucket.name}", start: 0)`);
    expect(res.status, res.text).toBe(200);
    expect(rows(res.text).slice(1).map((l) => l.split(",").at(-1))).toEqual(["cpu", "mem"]);
  });

  it("reads a record into a value with findRecord", async () => {
    const flux = `last = from(bucket: "${instance.bucket.name}") |> range(start: 0) |> filter(fn: (r) => r._measurement == "cpu") |> group() |> max() |> findRecord(fn: (key) => true, idx: 0)
array.from(rows: [{host: last.host, peak: last._value}])`;
    const res = await query(`import "array"\n${flux}`);
    expect(res.status, res.text).toBe(200);
    expect(rows(res.text)).toEqual([",result,table,host,peak", ",_result,0,b,3"]);
  });

  it("writes with to() exactly once, readable afterwards", async () => {
    const copy = await query(
      `from(bucket: "${instance.bucket.name}") |> range(start: 0) |> filter(fn: (r) => r._measurement == "cpu") |> set(key: "_measurement", value: "cpu_copy") |> to(bucket: "${instance.bucket.name}")`,
    );
    expect(copy.status, copy.text).toBe(200);
    const res = await query(`from(bucket: "${instance.bucket.name}") |> range(start: 0) |> filter(fn: (r) => r._measurement == "cpu_copy") |> count()`);
    expect(res.status, res.text).toBe(200);
    const counts = rows(res.text).slice(1).map((l) => l.split(",").at(-1));
    // Either form of the grouped result: one table per host, each with exactly one point.
    expect(counts.filter((c) => c === "1")).toHaveLength(2);
  });

  it("answers 400 naming the secret a query asks for that does not exist", async () => {
    const res = await query(`import "array"\nimport "influxdata/influxdb/secrets"\nx = secrets.get(key: "nope")\narray.from(rows: [{v: x}])`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.body.message).toMatch(/nope/);
  });
});
