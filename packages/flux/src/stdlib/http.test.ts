/** http.post against a real HTTP server on an ephemeral port; basicAuth and pathEscape. */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryTables } from "../test-support/tables.js";

describe("http", () => {
  const received: { headers: IncomingMessage["headers"]; body: string; url: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers, body, url: req.url ?? "" });
      res.statusCode = req.url === "/missing" ? 404 : 204;
      res.end();
    });
  });
  let base = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const status = async (path: string) => {
    const tables = await queryTables(`import "http"\nimport "json"\nimport "array"\ncode = http.post(url: "${base}${path}", headers: {"Content-Type": "application/json", Authorization: http.basicAuth(u: "me", p: "pw")}, data: json.encode(v: {x: 1}))\narray.from(rows: [{v: code}])`);
    return tables[0]?.rows[0]?.v;
  };

  it("posts the data with the headers and returns the status code", async () => {
    expect(await status("/hook")).toBe("204");
    const last = received.at(-1);
    expect(last?.body).toBe('{"x":1}');
    expect(last?.headers["content-type"]).toBe("application/json");
    expect(last?.headers.authorization).toBe(`Basic ${Buffer.from("me:pw").toString("base64")}`);
    expect(await status("/missing")).toBe("404");
  });

  it("reports an unreachable server as an error", async () => {
    await expect(queryTables('import "http"\nx = http.post(url: "http://127.0.0.1:1/nothing")')).rejects.toThrow(/http.post|post http/);
  });

  it("endpoint posts once per row while tables flow and marks _sent", async () => {
    const before = received.length;
    const tables = await queryTables(`import "http"\nimport "json"\nimport "array"
send = http.endpoint(url: "${base}/notify")
array.from(rows: [{host: "a", v: 1}, {host: "b", v: 2}])
  |> send(mapFn: (r) => ({headers: {"Content-Type": "application/json"}, data: json.encode(v: {host: r.host})}))()`);
    expect(tables[0]?.rows.map((r) => r._sent)).toEqual(["true", "true"]);
    expect(received.slice(before).map((r) => r.body)).toEqual(['{"host":"a"}', '{"host":"b"}']);
  });

  it("findRecord works inside a row function too (the table is read when the row needs it)", async () => {
    const tables = await queryTables(`import "array"
limits = array.from(rows: [{host: "a", max: 5}, {host: "b", max: 1}]) |> group(columns: ["host"])
array.from(rows: [{host: "a", v: 3}, {host: "b", v: 3}])
  |> map(fn: (r) => ({r with over: r.v > (limits |> findRecord(fn: (key) => key.host == r.host, idx: 0)).max}))`);
    expect(tables[0]?.rows.map((r) => `${r.host}:${r.over}`)).toEqual(["a:false", "b:true"]);
  });

  it("pathEscape escapes a path segment", async () => {
    const tables = await queryTables('import "http"\nimport "array"\narray.from(rows: [{v: http.pathEscape(inputString: "a b/c?d")}])');
    expect(tables[0]?.rows[0]?.v).toBe("a%20b%2Fc%3Fd");
  });
});
