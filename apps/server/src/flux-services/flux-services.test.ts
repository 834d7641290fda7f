// Flux's metadata, secrets and to() against a real server: data written through /api/v2/write,
// programs run with the query's DataSource and these services, under tokens of varying reach.
import { executeAsync, formatCell, type FluxServices, type Table } from "@fluxgate/flux";
import { describe, expect, it } from "vitest";
import { Authorizer } from "../auth/authorizer.js";
import { StorageDataSource } from "../query/datasource.js";
import { type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";
import { fluxServices } from "./index.js";

/** A table's rows, cells as annotated CSV writes them. */
function rowsOf(table: Table): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (let r = 0; r < table.length; r++) rows.push(Object.fromEntries(table.columns.map((c, i) => [c.label, formatCell(table.data[i]?.[r] ?? null, c.type)])));
  return rows;
}

interface Permission {
  action: "read" | "write";
  resource: { type: string; orgID?: string; id?: string };
}

describe("Flux services over the storage engine", () => {
  let t: TestServer;
  let instance: Instance;
  let other: { id: string; name: string };
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  const op = () => ({ token: instance.operatorToken });
  const nowSeconds = Math.floor(Date.now() / 1000);

  async function setUpData(): Promise<void> {
    if (other !== undefined) return;
    const created = await t.client.post<{ id: string; name: string }>("/api/v2/buckets", { orgID: instance.org.id, name: "copies", retentionRules: [] }, op());
    expect(created.status, created.text).toBe(201);
    other = created.body;
    const lines = [0, 10, 20]
      .flatMap((i) => [`cpu,host=a,region=eu usage=${i / 10 + 1.5},idle=${90 - i}i ${nowSeconds - 600 + i}`, `cpu,host=b,region=us usage=${i} ${nowSeconds - 600 + i}`, `mem,host=a used=50 ${nowSeconds - 600 + i}`])
      .join("\n");
    const res = await t.client.post("/api/v2/write", lines, { query: { org: instance.org.name, bucket: instance.bucket.name, precision: "s" }, headers: { "Content-Type": "text/plain; charset=utf-8" }, ...op() });
    expect(res.status, res.text).toBe(204);
    expect((await t.client.patch(`/api/v2/orgs/${instance.org.id}/secrets`, { DB_PASSWORD: "hunter2" }, op())).status).toBe(204);
  }

  async function tokenWith(permissions: Permission[]): Promise<string> {
    const res = await t.client.post<{ token: string }>("/api/v2/authorizations", { orgID: instance.org.id, permissions }, op());
    expect(res.status, res.text).toBe(201);
    return res.body.token;
  }

  /** Runs `query` as `token` would through /api/v2/query, and returns each table's rows as text. */
  async function run(query: string, token = instance.operatorToken): Promise<Record<string, string>[][]> {
    await setUpData();
    const auth = new Authorizer(t.server.app, { kind: "token", token });
    const services: FluxServices = fluxServices(t.server.app, auth, instance.org.id);
    const { results } = await executeAsync(query, { source: new StorageDataSource(t.server.app, auth, instance.org.id), services });
    const out: Record<string, string>[][] = [];
    for (const result of results) for await (const table of result.tables) out.push(rowsOf(table));
    return out;
  }

  const values = (tables: Record<string, string>[][]): string[] => tables.flatMap((rows) => rows.map((r) => r._value ?? ""));
  const schema = 'import "influxdata/influxdb/schema"\n';

  it("answers schema questions from the engine's series catalogs", async () => {
    const bucket = instance.bucket.name;
    expect(values(await run(`${schema}schema.measurements(bucket: "${bucket}")`))).toEqual(["cpu", "mem"]);
    expect(values(await run(`${schema}schema.tagKeys(bucket: "${bucket}")`))).toEqual(["_field", "_measurement", "_start", "_stop", "host", "region"]);
    expect(values(await run(`${schema}schema.tagValues(bucket: "${bucket}", tag: "host")`))).toEqual(["a", "b"]);
    expect(values(await run(`${schema}schema.measurementTagValues(bucket: "${bucket}", measurement: "mem", tag: "host")`))).toEqual(["a"]);
    expect(values(await run(`${schema}schema.fieldKeys(bucket: "${bucket}")`))).toEqual(["idle", "usage", "used"]);
    expect(values(await run(`${schema}schema.measurementFieldKeys(bucket: "${bucket}", measurement: "cpu")`))).toEqual(["idle", "usage"]);
    expect(values(await run(`${schema}schema.tagValues(bucket: "${bucket}", tag: "host", predicate: (r) => r.region == "us")`))).toEqual(["b"]);
    expect(values(await run(`import "influxdata/influxdb/v1"\nv1.tagValues(bucket: "${bucket}", tag: "host", predicate: (r) => r._field == "idle", start: -1h)`))).toEqual(["a"]);
    expect(values(await run(`${schema}schema.tagValues(bucket: "${bucket}", tag: "host", predicate: (r) => r._field == "usage" and r._value > 5.0)`))).toEqual(["b"]);
    expect(values(await run(`import "influxdata/influxdb"\ninfluxdb.cardinality(bucket: "${bucket}", start: -1h)`))).toEqual(["4"]);
  });

  it("buckets() lists the org's buckets the token may read", async () => {
    const all = (await run("buckets()")).flat().map((r) => r.name);
    expect(all).toEqual(expect.arrayContaining([instance.bucket.name, "copies"]));
    const limited = await tokenWith([{ action: "read", resource: { type: "buckets", orgID: instance.org.id, id: instance.bucket.id } }]);
    expect((await run("buckets()", limited)).flat().map((r) => r.name)).toEqual([instance.bucket.name]);
    await expect(run(`${schema}schema.measurements(bucket: "copies")`, limited)).rejects.toThrow(/could not find bucket "copies"/);
  });

  it("secrets.get reads the org's secret for a token that may read secrets", async () => {
    const rows = await run('import "influxdata/influxdb/secrets"\nimport "array"\narray.from(rows: [{v: secrets.get(key: "DB_PASSWORD")}])');
    expect(rows[0]?.[0]?.v).toBe("hunter2");
    const noSecrets = await tokenWith([{ action: "read", resource: { type: "buckets", orgID: instance.org.id } }]);
    await expect(run('import "influxdata/influxdb/secrets"\nx = secrets.get(key: "DB_PASSWORD")', noSecrets)).rejects.toThrow(/permission|unauthorized|forbidden/i);
  });

  it("to() writes through the storage write path, and needs write permission on the bucket", async () => {
    const copy = `from(bucket: "${instance.bucket.name}") |> range(start: -1h) |> filter(fn: (r) => r._measurement == "cpu" and r.host == "b") |> to(bucket: "copies")`;
    const passed = await run(copy);
    expect(passed.flat()).toHaveLength(3);
    const read = await run('from(bucket: "copies") |> range(start: -1h) |> keep(columns: ["_value", "host", "region", "_field"])');
    expect(read.flat()).toEqual([0, 10, 20].map((v) => ({ _field: "usage", _value: String(v), host: "b", region: "us" })));

    const readOnly = await tokenWith([{ action: "read", resource: { type: "buckets", orgID: instance.org.id } }]);
    await expect(run(copy, readOnly)).rejects.toThrow(/insufficient permissions to write to bucket "copies"/);
  });
});
