import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthorization } from "../authorizations/repository.js";
import type { Permission } from "../auth/permissions.js";
import { type ErrorJson, type Instance, setupInstance, startTestServer, type TestServer, useSetUpServer, writeLines } from "../test-support/index.js";


// The dialect the official JS client sends (quoteChar included, which InfluxDB ignores).
const ANNOTATED = { header: true, delimiter: ",", quoteChar: '"', commentPrefix: "#", annotations: ["datatype", "group", "default"] };
const crlf = (lines: string[]) => lines.map((l) => `${l}\r\n`).join("");

describe("POST /api/v2/query", () => {
  let t: TestServer;
  let instance: Instance;
  beforeAll(async () => {
    t = await startTestServer();
    instance = await setupInstance(t.client);
    // Two series of "m" (hosts a and b) and one point of another measurement, at 10 s, 20 s, 70 s.
    const lines = ["m,host=a v=1 10000000000", "m,host=a v=3 20000000000", "m,host=a v=5 70000000000", "m,host=b w=10i 10000000000", "other v=7 10000000000"].join("\n");
    await writeLines(t.client, instance, lines);
  });
  afterAll(async () => {
    await t?.close();
  });
  const op = () => ({ token: instance.operatorToken });
  const query = (body: Record<string, unknown>, token = instance.operatorToken, orgQuery: Record<string, string> = { org: instance.org.name }) =>
    t.client.post<ErrorJson>("/api/v2/query", body, { token, query: orgQuery });
  const tokenWith = async (permissions: Permission[]) => (await createAuthorization(t.server.app.db, { orgID: instance.org.id, userID: instance.user.id, permissions })).token;

  it("returns the written points as annotated CSV", async () => {
    const flux = `from(bucket: "${instance.bucket.name}") |> range(start: 0) |> filter(fn: (r) => r._measurement == "m")`;
    const res = await query({ query: flux, type: "flux", dialect: ANNOTATED, now: "2030-01-01T00:00:00Z" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const stop = "2030-01-01T00:00:00Z";
    expect(res.text).toBe(
      crlf([
        "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string,string,string",
        "#group,false,false,true,true,false,false,true,true,true",
        "#default,_result,,,,,,,,",
        ",result,table,_start,_stop,_time,_value,_field,_measurement,host",
        `,,0,1970-01-01T00:00:00Z,${stop},1970-01-01T00:00:10Z,1,v,m,a`,
        `,,0,1970-01-01T00:00:00Z,${stop},1970-01-01T00:00:20Z,3,v,m,a`,
        `,,0,1970-01-01T00:00:00Z,${stop},1970-01-01T00:01:10Z,5,v,m,a`,
        "",
        "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,long,string,string,string",
        "#group,false,false,true,true,false,false,true,true,true",
        "#default,_result,,,,,,,,",
        ",result,table,_start,_stop,_time,_value,_field,_measurement,host",
        `,,1,1970-01-01T00:00:00Z,${stop},1970-01-01T00:00:10Z,10,w,m,b`,
        "",
      ]),
    );
  });

  it("windows with aggregateWindow(fn: mean) and honours `now`", async () => {
    const flux = `from(bucket: "${instance.bucket.name}") |> range(start: 0, stop: 1970-01-01T00:02:00Z) |> filter(fn: (r) => r._measurement == "m" and r.host == "a") |> aggregateWindow(every: 1m, fn: mean)`;
    const res = await query({ query: flux, now: "1970-01-01T00:05:00Z" });
    expect(res.status).toBe(200);
    // No dialect: InfluxDB writes no annotations, only the header row.
    expect(res.text).toBe(
      crlf([
        ",result,table,_start,_stop,_time,_value,_field,_measurement,host",
        ",_result,0,1970-01-01T00:00:00Z,1970-01-01T00:02:00Z,1970-01-01T00:01:00Z,2,v,m,a",
        ",_result,0,1970-01-01T00:00:00Z,1970-01-01T00:02:00Z,1970-01-01T00:02:00Z,5,v,m,a",
        "",
      ]),
    );
  });

  it("takes bare Flux as application/vnd.flux, the org defaulting to the token's", async () => {
    const token = await tokenWith([{ action: "read", resource: { type: "buckets", orgID: instance.org.id } }]);
    const flux = `from(bucket: "${instance.bucket.name}") |> range(start: 0) |> filter(fn: (r) => r._measurement == "other") |> keep(columns: ["_time", "_value"])`;
    const res = await t.client.post("/api/v2/query", flux, { token, headers: { "Content-Type": "application/vnd.flux" } });
    expect(res.status).toBe(200);
    expect(res.text).toBe(crlf([",result,table,_time,_value", ",_result,0,1970-01-01T00:00:10Z,7", ""]));
  });

  it("passes params and extern into the query", async () => {
    const extern = {
      type: "File",
      body: [{ type: "OptionStatement", assignment: { type: "VariableAssignment", id: { type: "Identifier", name: "v" }, init: { type: "ObjectExpression", properties: [{ type: "Property", key: { type: "Identifier", name: "host" }, value: { type: "StringLiteral", value: "b" } }] } } }],
    };
    const flux = `from(bucket: params.b) |> range(start: 0) |> filter(fn: (r) => r.host == v.host) |> keep(columns: ["_value"])`;
    const res = await query({ query: flux, params: { b: instance.bucket.name }, extern });
    expect(res.status).toBe(200);
    expect(res.text).toBe(crlf([",result,table,_value", ",_result,0,10", ""]));
  });

  it("honours the dialect's header and delimiter, a gzipped body and `option now` from extern", async () => {
    const extern = { type: "File", body: [{ type: "OptionStatement", assignment: { type: "VariableAssignment", id: { type: "Identifier", name: "now" }, init: { type: "FunctionExpression", params: [], body: { type: "DateTimeLiteral", value: "1970-01-01T00:00:30Z" } } } }] };
    const flux = `from(bucket: "${instance.bucket.name}") |> range(start: 0) |> filter(fn: (r) => r.host == "a") |> keep(columns: ["_stop", "_time", "_value"])`;
    const res = await t.client.post("/api/v2/query", { query: flux, extern, dialect: { header: false, delimiter: ";" } }, { ...op(), query: { orgID: instance.org.id }, gzip: true });
    expect(res.status).toBe(200);
    expect(res.text).toBe(crlf([";_result;0;1970-01-01T00:00:30Z;1970-01-01T00:00:10Z;1", ";_result;0;1970-01-01T00:00:30Z;1970-01-01T00:00:20Z;3", ""]));
  });

  it("answers 404 for an unknown bucket", async () => {
    const res = await query({ query: `from(bucket: "nope") |> range(start: 0)` });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: "not found", message: 'failed to initialize execute state: could not find bucket "nope"' });
  });

  it("answers 400 with the position of a syntax error", async () => {
    const res = await query({ query: `from(bucket: "x"` });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("invalid");
    expect(res.body.message).toMatch(/^compilation failed: error @1:\d+-1:\d+: /);
  });

  it("answers 400 for an empty query", async () => {
    expect((await query({ query: "  " })).status).toBe(400);
    expect((await t.client.post("/api/v2/query", "", { ...op(), headers: { "Content-Type": "application/vnd.flux" } })).status).toBe(400);
  });

  it("answers 401 without a token", async () => {
    const res = await t.client.post("/api/v2/query", { query: "1" });
    expect(res.status).toBe(401);
  });

  it("answers 404 to a token that may not read the bucket, as for a missing one", async () => {
    const other = await t.client.post<{ id: string }>("/api/v2/buckets", { orgID: instance.org.id, name: "other-bucket" }, op());
    const token = await tokenWith([{ action: "read", resource: { type: "buckets", orgID: instance.org.id, id: other.body.id } }]);
    const res = await query({ query: `from(bucket: "${instance.bucket.name}") |> range(start: 0)` }, token);
    expect(res.status).toBe(404);
    expect(res.body.message).toBe(`failed to initialize execute state: could not find bucket "${instance.bucket.name}"`);
    // The same token reads the bucket it may read, named by ID.
    expect((await query({ query: `from(bucketID: "${other.body.id}") |> range(start: 0)` }, token)).status).toBe(200);
  });

  it("writes a runtime error after output started as Flux's error table", async () => {
    const flux = `from(bucket: "${instance.bucket.name}") |> range(start: 0) |> filter(fn: (r) => r._measurement == "other") |> yield(name: "a")\nfrom(bucket: "missing") |> range(start: 0) |> yield(name: "b")`;
    const res = await query({ query: flux, now: "2030-01-01T00:00:00Z" });
    expect(res.status).toBe(200);
    expect(res.text).toBe(
      crlf([
        ",result,table,_start,_stop,_time,_value,_field,_measurement",
        ",a,0,1970-01-01T00:00:00Z,2030-01-01T00:00:00Z,1970-01-01T00:00:10Z,7,v,other",
        "",
        ",error,reference",
        ',"failed to initialize execute state: could not find bucket ""missing""",',
        "",
      ]),
    );
  });
});

describe("POST /api/v2/query/ast", () => {
  let t: TestServer;
  let instance: Instance;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));

  it("returns the AST of a query", async () => {
    const res = await t.client.post<{ ast: { type: string; files: Array<{ body: Array<{ type: string }> }> } }>("/api/v2/query/ast", { query: "x = 1" }, { token: instance.operatorToken });
    expect(res.status).toBe(200);
    expect(res.body.ast.type).toBe("Package");
    expect(res.body.ast.files[0]?.body[0]?.type).toBe("VariableAssignment");
  });

  it("answers 400 with the parse errors", async () => {
    const res = await t.client.post<ErrorJson>("/api/v2/query/ast", { query: "x = )" }, { token: instance.operatorToken });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("invalid");
    expect(res.body.message).toMatch(/@1:/);
  });

  it("answers 401 without a token", async () => {
    expect((await t.client.post("/api/v2/query/ast", { query: "x = 1" })).status).toBe(401);
  });
});
