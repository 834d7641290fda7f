// GET and POST /query with `Accept: application/x-msgpack`, decoded with @msgpack/msgpack (an
// independent decoder) and compared with the JSON answer to the same request.
import { decode, decodeMulti, ExtensionCodec } from "@msgpack/msgpack";
import { formatRFC3339 } from "@fluxgate/influxql";
import { beforeAll, describe, expect, it } from "vitest";
import { checkResponse, testContract } from "../test-support/contract.js";
import type { TestServer } from "../test-support/server.js";
import { type Instance, writeLines } from "../test-support/setup-instance.js";
import { useSetUpServer } from "../test-support/set-up-server.js";

let t: TestServer;
let instance: Instance;
useSetUpServer((server, i) => {
  t = server;
  instance = i;
});

const LINES = [
  "cpu,host=a,region=eu usage_user=10,usage_system=1i,ok=true,note=\"x\" 1700000000000000000",
  "cpu,host=a,region=eu usage_user=30.5,usage_system=2i 1700000030123456789",
  "cpu,host=b,region=us usage_user=95,usage_system=-3i 1700000000000000000",
  "cpu,host=b,region=us usage_user=50,usage_system=4i 1700000060000000000",
  "mem,host=a used=100i 1700000000000000000",
].join("\n");

beforeAll(async () => {
  await writeLines(t.client, instance, LINES);
});

/** InfluxDB's time extension (msgp's type 5) → the time in ns, so it can be compared with JSON. */
class Time5 {
  constructor(readonly ns: bigint) {}
}
const codec = new ExtensionCodec();
codec.register({
  type: 5,
  encode: () => null,
  decode: (data: Uint8Array) => {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    expect(data.byteLength).toBe(12);
    return new Time5(view.getBigInt64(0) * 1_000_000_000n + BigInt(view.getInt32(8)));
  },
});

interface Raw {
  status: number;
  contentType: string;
  bytes: Uint8Array;
}

/** /query through fetch (the TestClient reads text), still checked against the contract. */
async function raw(params: Record<string, string>, accept: string | undefined, method: "GET" | "POST" = "GET"): Promise<Raw> {
  const url = new URL("/query", t.url);
  const headers: Record<string, string> = { Authorization: `Token ${instance.operatorToken}` };
  if (accept !== undefined) headers["Accept"] = accept;
  let body: string | undefined;
  if (method === "GET") for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  else {
    body = new URLSearchParams(params).toString();
    headers["Content-Type"] = "application/x-www-form-urlencoded";
  }
  const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const contentType = res.headers.get("content-type") ?? "";
  // Chunked JSON is one document per line: each is checked.
  const text = Buffer.from(bytes).toString("utf8");
  const documents: unknown[] = !contentType.includes("json") ? [undefined] : params.chunked === "true" ? text.trim().split("\n").map((l) => JSON.parse(l) as unknown) : [JSON.parse(text)];
  const contract = await testContract();
  for (const body of documents) {
    expect(checkResponse(contract, { method, path: url.pathname, query: Object.fromEntries(url.searchParams), status: res.status, contentType, body })).toEqual([]);
  }
  return { status: res.status, contentType, bytes };
}

const unpack = (bytes: Uint8Array): unknown => decode(bytes, { extensionCodec: codec, useBigInt64: true });

/**
 * A decoded MessagePack document in the JSON answer's terms: times as the JSON writes them (RFC3339
 * or epoch integers), int64s as numbers; the two shape differences of InfluxDB's MessagePack
 * (`series` always present, no `statement_id` beside an `error`) are asserted, then undone.
 */
function asJson(doc: unknown, statementIDs: number[]): unknown {
  const { results } = doc as { results: Array<Record<string, unknown>> };
  return {
    results: results.map((r, i) => {
      if ("error" in r) {
        expect(Object.keys(r)).toEqual(["error"]);
        return { statement_id: statementIDs[i], error: r.error };
      }
      expect(Array.isArray(r.series)).toBe(true);
      const out = cells(r) as Record<string, unknown>;
      if ((r.series as unknown[]).length === 0) delete out.series;
      return out;
    }),
  };
}

function cells(v: unknown): unknown {
  if (v instanceof Time5) return formatRFC3339(v.ns);
  if (typeof v === "bigint") return Number(v);
  if (Array.isArray(v)) return v.map(cells);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cells(x)]));
  return v;
}

async function both(params: Record<string, string>, method: "GET" | "POST" = "GET"): Promise<{ msgpack: Raw; json: unknown }> {
  const msgpack = await raw(params, "application/x-msgpack", method);
  const json = await raw(params, "application/json", method);
  expect(json.status).toBe(200);
  return { msgpack, json: JSON.parse(Buffer.from(json.bytes).toString("utf8")) as unknown };
}

describe("/query with Accept: application/x-msgpack", () => {
  it("answers several statements, an error statement among them, with epoch=ms", async () => {
    const q = [
      `SELECT mean("usage_user") FROM "cpu" WHERE time >= 1700000000000ms AND time <= 1700000060000ms GROUP BY time(20s), "host" fill(null)`,
      `SHOW TAG VALUES WITH KEY = "host"`,
      `SHOW RETENTION POLICIES`,
      `SELECT usage_user FROM cpu WHERE host = 'nobody'`,
      `SELECT * FROM "nope"."autogen"."cpu"`,
      `SHOW MEASUREMENTS`,
    ].join("; ");
    const { msgpack, json } = await both({ db: instance.bucket.name, q, epoch: "ms" });
    expect(msgpack.status).toBe(200);
    expect(msgpack.contentType).toBe("application/x-msgpack");
    const doc = unpack(msgpack.bytes) as { results: Array<Record<string, unknown>> };
    // A failed statement is its error alone; the statements after it are not executed.
    expect(doc.results.slice(4)).toEqual([{ error: "database not found: nope" }, { error: "not executed" }]);
    // An empty result still carries `series: []`, as InfluxDB's encoder writes it.
    expect(doc.results[3]).toEqual({ statement_id: 3, series: [] });
    expect(asJson(doc, [0, 1, 2, 3, 4, 5])).toEqual(json);
    // Integers (epoch times, replicaN) are MessagePack integers, not floats.
    const first = (doc.results[0]!.series as Array<{ values: unknown[][] }>)[0]!.values[0]!;
    expect(first).toEqual([1700000000000n, 10]);
    expect((doc.results[2]!.series as Array<{ values: unknown[][] }>)[0]!.values[0]).toEqual(["autogen", "0s", "168h0m0s", 1, true]);
  });

  it("writes times as InfluxDB's extension 5 without epoch, and every field type", async () => {
    const q = `SELECT usage_user, usage_system, ok, note, host FROM cpu`;
    const { msgpack, json } = await both({ db: instance.bucket.name, q });
    const doc = unpack(msgpack.bytes) as { results: Array<{ series: Array<{ values: unknown[][] }> }> };
    const values = doc.results[0]!.series[0]!.values;
    expect(values[0]![0]).toEqual(new Time5(1700000000000000000n));
    expect(values.map((row) => (row[0] as Time5).ns)).toContain(1700000030123456789n);
    expect(values.map((row) => row.slice(1))).toEqual([
      [10, 1, true, "x", "a"],
      [95, -3, null, null, "b"],
      [30.5, 2, null, null, "a"],
      [50, 4, null, null, "b"],
    ]);
    expect(asJson(doc, [0])).toEqual(json);
  });

  it("answers each epoch unit as integers", async () => {
    for (const epoch of ["ns", "u", "ms", "s", "m", "h"]) {
      const { msgpack, json } = await both({ db: instance.bucket.name, q: `SELECT used FROM mem`, epoch });
      expect(asJson(unpack(msgpack.bytes), [0])).toEqual(json);
    }
    const ns = unpack((await raw({ db: instance.bucket.name, q: `SELECT used FROM mem`, epoch: "ns" }, "application/x-msgpack")).bytes) as { results: Array<{ series: Array<{ values: unknown[][] }> }> };
    // Beyond 2^31: a 64-bit integer, exact.
    expect(ns.results[0]!.series[0]!.values).toEqual([[1700000000000000000n, 100]]);
  });

  it("streams chunked answers as MessagePack documents back to back, like the JSON chunks", async () => {
    const params = { db: instance.bucket.name, q: `SELECT usage_user FROM cpu GROUP BY host; SELECT used FROM mem`, chunked: "true", chunk_size: "1", epoch: "s" };
    const msgpack = await raw(params, "application/x-msgpack");
    expect(msgpack.contentType).toBe("application/x-msgpack");
    const docs = [...decodeMulti(msgpack.bytes, { extensionCodec: codec, useBigInt64: true })];
    const json = await raw(params, "application/json");
    const jsonDocs = Buffer.from(json.bytes).toString("utf8").trim().split("\n").map((l) => JSON.parse(l) as unknown);
    expect(docs.length).toBe(5);
    expect(docs.map((d, i) => asJson(d, [(jsonDocs[i] as { results: [{ statement_id: number }] }).results[0].statement_id]))).toEqual(jsonDocs);
    expect(docs[0]).toEqual({ results: [{ statement_id: 0, series: [{ name: "cpu", tags: { host: "a" }, columns: ["time", "usage_user"], values: [[1700000000, 10]], partial: true }], partial: true }] });
  });

  it("takes POST form bodies", async () => {
    const { msgpack, json } = await both({ db: instance.bucket.name, q: `SELECT max(usage_user) FROM cpu; SHOW MEASUREMENTS`, epoch: "s" }, "POST");
    expect(msgpack.status).toBe(200);
    expect(asJson(unpack(msgpack.bytes), [0, 1])).toEqual(json);
  });

  it("answers a request-level error in JSON, as InfluxDB 2.x does", async () => {
    const res = await raw({ db: instance.bucket.name, q: `SELECT FROM cpu` }, "application/x-msgpack");
    expect(res.status).toBe(400);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(Buffer.from(res.bytes).toString("utf8"))).toMatchObject({ code: "invalid", error: expect.stringContaining("error parsing query") });
  });

  it("picks the format from the Accept list by q, JSON when nothing matches", async () => {
    const params = { db: instance.bucket.name, q: `SELECT used FROM mem` };
    expect((await raw(params, "text/csv;q=0.5, application/x-msgpack")).contentType).toBe("application/x-msgpack");
    expect((await raw(params, "application/x-msgpack;q=0.2, text/csv")).contentType).toMatch(/^text\/csv/);
    expect((await raw(params, "*/*")).contentType).toMatch(/^application\/json/);
    expect((await raw(params, "image/png")).contentType).toMatch(/^application\/json/);
    expect((await raw(params, undefined)).contentType).toMatch(/^application\/json/);
  });
});

describe("MessagePack and gzip", () => {
  it("is gzipped when the client accepts gzip, as InfluxDB answers", async () => {
    const { request } = await import("node:http");
    const { gunzipSync } = await import("node:zlib");
    const url = new URL("/query", t.url);
    url.searchParams.set("db", instance.bucket.name);
    // Enough rows to pass the 1 KiB compression threshold.
    url.searchParams.set("q", Array.from({ length: 20 }, () => "SELECT * FROM cpu").join("; "));
    const answer = await new Promise<{ encoding: string | undefined; type: string | undefined; body: Buffer }>((resolve, reject) => {
      const req = request(url, { headers: { Authorization: `Token ${instance.operatorToken}`, Accept: "application/x-msgpack", "Accept-Encoding": "gzip" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ encoding: res.headers["content-encoding"], type: res.headers["content-type"], body: Buffer.concat(chunks) }));
      });
      req.on("error", reject);
      req.end();
    });
    expect(answer.type).toBe("application/x-msgpack");
    expect(answer.encoding).toBe("gzip");
    const doc = decode(gunzipSync(answer.body), { extensionCodec: codec }) as { results: { statement_id: number }[] };
    expect(doc.results.map((r) => r.statement_id)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
