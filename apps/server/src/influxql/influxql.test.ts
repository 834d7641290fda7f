// GET and POST /query end to end: line protocol written through /api/v2/write, read back with
// InfluxQL in the shapes Grafana and the 1.x clients send.
import { beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../test-support/server.js";
import { type Instance, writeLines } from "../test-support/setup-instance.js";
import { useSetUpServer } from "../test-support/set-up-server.js";

let t: TestServer;
let instance: Instance;
useSetUpServer((server, i) => {
  t = server;
  instance = i;
});

interface QueryJson {
  results: Array<{ statement_id: number; series?: Array<{ name?: string; tags?: Record<string, string>; columns: string[]; values: unknown[][]; partial?: boolean }>; error?: string; partial?: boolean }>;
}

const LINES = [
  "cpu,host=a,region=eu usage_user=10,usage_system=1i 1700000000000000000",
  "cpu,host=a,region=eu usage_user=30,usage_system=2i 1700000030000000000",
  "cpu,host=b,region=us usage_user=95,usage_system=3i 1700000000000000000",
  "cpu,host=b,region=us usage_user=50,usage_system=4i 1700000060000000000",
  "mem,host=a used=100i 1700000000000000000",
].join("\n");

beforeAll(async () => {
  await writeLines(t.client, instance, LINES);
});

const query = (q: string, extra: Record<string, string> = {}, token: string | null = instance.operatorToken) =>
  t.client.get<QueryJson>("/query", { query: { db: instance.bucket.name, q, ...extra }, ...(token !== null ? { token } : {}) });

describe("GET /query", () => {
  it("answers several statements (Grafana's shape) with epoch=ms", async () => {
    const res = await query(
      `SELECT mean("usage_user") FROM "cpu" WHERE time >= 1700000000000ms AND time <= 1700000060000ms GROUP BY time(20s), "host" fill(null); SHOW TAG VALUES WITH KEY = "host"`,
      { epoch: "ms" },
    );
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      {
        statement_id: 0,
        series: [
          { name: "cpu", tags: { host: "a" }, columns: ["time", "mean"], values: [[1700000000000, 10], [1700000020000, 30], [1700000040000, null], [1700000060000, null]] },
          { name: "cpu", tags: { host: "b" }, columns: ["time", "mean"], values: [[1700000000000, 95], [1700000020000, null], [1700000040000, null], [1700000060000, 50]] },
        ],
      },
      { statement_id: 1, series: [{ name: "cpu", columns: ["key", "value"], values: [["host", "a"], ["host", "b"]] }, { name: "mem", columns: ["key", "value"], values: [["host", "a"]] }] },
    ]);
  });

  it("filters on fields and tags, returns RFC3339 times by default (also for the empty epoch 1.x clients send)", async () => {
    const empty = await query(`SELECT usage_user, usage_system, host FROM cpu WHERE usage_user > 20 AND region =~ /u/`, { epoch: "" });
    expect(empty.status).toBe(200);
    const res = await query(`SELECT usage_user, usage_system, host FROM cpu WHERE usage_user > 20 AND region =~ /u/`);
    expect(empty.body).toEqual(res.body);
    expect(res.body.results[0]!.series).toEqual([
      {
        name: "cpu",
        columns: ["time", "usage_user", "usage_system", "host"],
        values: [
          ["2023-11-14T22:13:20Z", 95, 3, "b"],
          ["2023-11-14T22:13:50Z", 30, 2, "a"],
          ["2023-11-14T22:14:20Z", 50, 4, "b"],
        ],
      },
    ]);
  });

  it("lists databases and retention policies the caller may read", async () => {
    const res = await query(`SHOW DATABASES; SHOW RETENTION POLICIES; SHOW MEASUREMENTS; SHOW FIELD KEYS FROM cpu`);
    // The operator token reads the system buckets too; each bucket has its virtual mapping.
    expect(res.body.results[0]!.series![0]!.values).toEqual([["_monitoring"], ["_tasks"], [instance.bucket.name]]);
    expect(res.body.results[1]!.series![0]!.values).toEqual([["autogen", "0s", "168h0m0s", 1, true]]);
    expect(res.body.results[2]!.series![0]!.values).toEqual([["cpu"], ["mem"]]);
    expect(res.body.results[3]!.series![0]!.values).toEqual([["usage_system", "integer"], ["usage_user", "float"]]);
  });

  it("answers a parse error with 400 and the 1.x message", async () => {
    const res = await query(`SELECT FROM cpu`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "invalid", error: "error parsing query: found FROM, expected identifier, string, number, bool at line 1, char 8" });
  });

  it("answers an unknown database per statement", async () => {
    const res = await query(`SELECT * FROM cpu`, { db: "nope" });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([{ statement_id: 0, error: "database not found: nope" }]);
  });

  it("answers a retention policy the database has no mapping for per statement, as 2.x and influxd do", async () => {
    const res = await query(`SELECT * FROM ${instance.bucket.name}.nosuchrp.cpu; SELECT * FROM nope.nosuchrp.cpu`);
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { statement_id: 0, error: "retention policy not found: nosuchrp" },
      { statement_id: 1, error: "not executed" },
    ]);
    expect((await query(`SELECT * FROM nope.nosuchrp.cpu`)).body.results).toEqual([{ statement_id: 0, error: "database not found: nope" }]);
    expect((await query(`SELECT usage_user FROM cpu`, { rp: "nosuchrp" })).body.results).toEqual([{ statement_id: 0, error: "retention policy not found: nosuchrp" }]);
  });

  it("requires credentials and accepts u/p with a token as password", async () => {
    expect((await query(`SHOW DATABASES`, {}, null)).status).toBe(401);
    const res = await query(`SHOW MEASUREMENTS`, { u: "anyone", p: instance.operatorToken }, null);
    expect(res.status).toBe(200);
    expect(res.body.results[0]!.series![0]!.values).toEqual([["cpu"], ["mem"]]);
    const basic = await t.client.get<QueryJson>("/query", { query: { db: instance.bucket.name, q: "SHOW MEASUREMENTS" }, basic: ["anyone", instance.operatorToken] });
    expect(basic.status).toBe(200);
  });

  it("reads only buckets the token may read", async () => {
    const other = await t.client.post<{ id: string }>("/api/v2/buckets", { orgID: instance.org.id, name: "secret" }, { token: instance.operatorToken });
    const auth = await t.client.post<{ token: string }>(
      "/api/v2/authorizations",
      { orgID: instance.org.id, permissions: [{ action: "read", resource: { type: "buckets", orgID: instance.org.id, id: instance.bucket.id } }] },
      { token: instance.operatorToken },
    );
    const token = auth.body.token;
    expect((await query(`SHOW DATABASES`, {}, token)).body.results[0]!.series![0]!.values).toEqual([[instance.bucket.name]]);
    expect((await query(`SHOW MEASUREMENTS`, { db: "secret" }, token)).body.results[0]!.error).toBe("database not found: secret");
    void other;
  });

  it("streams chunks with chunk_size and partial flags", async () => {
    // One JSON document per line, which no response schema describes: read with fetch itself.
    const url = new URL("/query", t.url);
    for (const [k, v] of Object.entries({ db: instance.bucket.name, q: `SELECT usage_user FROM cpu`, chunked: "true", chunk_size: "2", epoch: "s" })) url.searchParams.set(k, v);
    const res = await fetch(url, { headers: { Authorization: `Token ${instance.operatorToken}` } });
    expect(res.status).toBe(200);
    const docs = (await res.text()).trim().split("\n").map((l) => JSON.parse(l) as QueryJson);
    expect(docs.map((d) => d.results[0]!.series![0]!.values)).toEqual([
      [[1700000000, 10], [1700000000, 95]],
      [[1700000030, 30], [1700000060, 50]],
    ]);
    expect(docs.map((d) => [d.results[0]!.partial, d.results[0]!.series![0]!.partial])).toEqual([[true, true], [undefined, undefined]]);
  });

  it("sends an answer larger than one write chunk whole, plain and gzipped", async () => {
    // 3000 rows of multi-byte tags and text: ~200 KiB of JSON, several 64 KiB chunks.
    const lines = Array.from({ length: 3000 }, (_, i) => `big,host=h\\ é${i % 7} s="naïve \\"q\\" ${i}",f=${i / 7} ${1700000000000000000 + i * 1000}`);
    await writeLines(t.client, instance, lines);
    const url = new URL("/query", t.url);
    for (const [k, v] of Object.entries({ db: instance.bucket.name, q: `SELECT f, s, host FROM big`, epoch: "ns" })) url.searchParams.set(k, v);
    const plain = await fetch(url, { headers: { Authorization: `Token ${instance.operatorToken}`, "Accept-Encoding": "identity" } });
    const text = await plain.text();
    expect(text.length).toBeGreaterThan(150_000);
    const values = (JSON.parse(text) as QueryJson).results[0]!.series![0]!.values;
    expect(values).toHaveLength(3000);
    expect(values[2999]).toEqual([1700000000000000000 + 2999 * 1000, 2999 / 7, 'naïve "q" 2999', `h é${2999 % 7}`]);
    const gzipped = await fetch(url, { headers: { Authorization: `Token ${instance.operatorToken}`, "Accept-Encoding": "gzip" } });
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    expect(await gzipped.text()).toBe(text);
    // The other tests list the measurements: this one leaves none behind.
    const drop = await t.client.post<QueryJson>("/query", new URLSearchParams({ q: "DROP MEASUREMENT big", db: instance.bucket.name }).toString(), {
      token: instance.operatorToken,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(drop.body.results).toEqual([{ statement_id: 0 }]);
  });

  it("answers CSV when asked", async () => {
    const res = await t.client.get("/query", { query: { db: instance.bucket.name, q: `SELECT used FROM mem` }, headers: { Accept: "application/csv" }, token: instance.operatorToken });
    expect(res.headers.get("content-type")).toMatch(/^application\/csv/);
    expect(res.text).toBe("name,tags,time,used\nmem,,1700000000000000000,100\n");
  });

  it("indents with pretty=true and binds params", async () => {
    const res = await t.client.get("/query", { query: { db: instance.bucket.name, q: `SELECT used FROM mem WHERE host = $h`, params: JSON.stringify({ h: "a" }), pretty: "true" }, token: instance.operatorToken });
    expect(res.text).toContain('\n    "results": [');
    expect((JSON.parse(res.text) as QueryJson).results[0]!.series![0]!.values).toEqual([["2023-11-14T22:13:20Z", 100]]);
  });

  it("binds values whose kind is said, and refuses a params text influxd 1.6.7 refuses", async () => {
    const typed = { f: { identifier: "used" }, m: { regex: "^me" }, h: { regex: "^a$" } };
    const res = await query(`SELECT $f FROM $m WHERE host =~ $h`, { params: JSON.stringify(typed), epoch: "s" });
    expect(res.body.results).toEqual([{ statement_id: 0, series: [{ name: "mem", columns: ["time", "used"], values: [[1700000000, 100]] }] }]);
    const bad = await query(`SELECT used FROM mem`, { params: '{"n":1e1}' });
    expect(bad.status).toBe(400);
    const message = 'error parsing json value: strconv.ParseInt: parsing "1e1": invalid syntax';
    expect(bad.body).toEqual({ code: "invalid", message, error: message });
  });
});

describe("POST /query", () => {
  it("takes a form-encoded body, as the 1.x clients send it", async () => {
    const body = new URLSearchParams({ q: "SELECT max(usage_user) FROM cpu", db: instance.bucket.name, epoch: "s" }).toString();
    const res = await t.client.post<QueryJson>("/query", body, { token: instance.operatorToken, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([{ statement_id: 0, series: [{ name: "cpu", columns: ["time", "max"], values: [[1700000000, 95]] }] }]);
  });

  it("runs DELETE and DROP MEASUREMENT with write permission", async () => {
    await writeLines(t.client, instance, ["tmp,host=x v=1 1700000000000000000", "old v=1 1700000000000000000"]);
    const run = (q: string) =>
      t.client.post<QueryJson>("/query", new URLSearchParams({ q, db: instance.bucket.name }).toString(), { token: instance.operatorToken, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect((await run(`DELETE FROM tmp WHERE host = 'x'; DROP MEASUREMENT old`)).body.results).toEqual([{ statement_id: 0 }, { statement_id: 1 }]);
    expect((await run(`SHOW MEASUREMENTS`)).body.results[0]!.series![0]!.values).toEqual([["cpu"], ["mem"]]);
  });
});
