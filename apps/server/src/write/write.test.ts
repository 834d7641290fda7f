import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allAccessPermissions } from "../auth/permissions.js";
import { hashToken } from "../auth/tokens.js";
import type { Bucket } from "../db/schema.js";
import { readRows, startWriteFixture, type WriteFixture } from "./test-support/fixture.js";

let fx: WriteFixture;
let bucket: Bucket;
const LIMIT = 64 * 1024;

beforeAll(async () => {
  fx = await startWriteFixture({ httpMaxRequestBytes: LIMIT });
  bucket = await fx.createBucket("telemetry");
});
afterAll(() => fx.close());

interface WriteOptions {
  query?: Record<string, string>;
  token?: string | null;
  headers?: Record<string, string>;
}

/** A write through the contract-checking client: every answer must match the OpenAPI spec. */
async function write(body: string | Buffer, options: WriteOptions = {}) {
  const token = options.token === undefined ? fx.allAccessToken : options.token;
  const res = await fx.client.post("/api/v2/write", body, {
    query: options.query ?? { org: fx.orgName, bucket: bucket.name },
    headers: { "Content-Type": "text/plain; charset=utf-8", ...options.headers },
    ...(token !== null ? { token } : {}),
  });
  return { status: res.status, body: res.text === "" ? undefined : res.body };
}

describe("POST /api/v2/write", () => {
  it("refuses a token at once after it is deleted or deactivated, despite the write path's metadata cache", async () => {
    const token = await fx.createToken(allAccessPermissions(fx.orgID, fx.userID));
    const { id } = await fx.app.db.selectFrom("authorizations").select("id").where("token_hash", "=", hashToken(token)).executeTakeFirstOrThrow();
    expect((await write("m v=1 1", { token })).status).toBe(204);
    const inactive = await fx.client.patch(`/api/v2/authorizations/${id}`, { status: "inactive" }, { token: fx.allAccessToken });
    expect(inactive.status).toBe(200);
    expect((await write("m v=1 2", { token })).status).toBe(401);
    expect((await fx.client.patch(`/api/v2/authorizations/${id}`, { status: "active" }, { token: fx.allAccessToken })).status).toBe(200);
    expect((await write("m v=1 3", { token })).status).toBe(204);
    expect((await fx.client.delete(`/api/v2/authorizations/${id}`, { token: fx.allAccessToken })).status).toBe(204);
    expect((await write("m v=1 4", { token })).status).toBe(401);
  });

  it("stores every field type and answers 204 once durable", async () => {
    const b = await fx.createBucket("types");
    const res = await write(
      ['m,host=a f=1.5,i=-3i,u=7u,s="say \\"hi\\"",b=true 1000', "m,host=b f=2 2000", "", "# comment", "n v=1 3000"].join("\n"),
      { query: { org: fx.orgName, bucket: b.name } },
    );
    expect(res).toEqual({ status: 204, body: undefined });
    expect(await readRows(fx.app, b)).toEqual([
      "m,host=a b 1000=true",
      "m,host=a f 1000=1.5",
      "m,host=a i 1000=-3",
      "m,host=a s 1000=say \"hi\"",
      "m,host=a u 1000=7",
      "m,host=b f 2000=2",
      "n v 3000=1",
    ]);
  });

  it("applies the precision to timestamps", async () => {
    const b = await fx.createBucket("precisions");
    for (const [precision, value] of [["s", "1"], ["ms", "2"], ["us", "3"], ["ns", "4"]] as const) {
      const res = await write(`p,unit=${precision} v=${value} 1700000000`, { query: { org: fx.orgName, bucket: b.name, precision } });
      expect(res.status, precision).toBe(204);
    }
    expect(await readRows(fx.app, b)).toEqual([
      "p,unit=ms v 1700000000000000=2",
      "p,unit=ns v 1700000000=4",
      "p,unit=s v 1700000000000000000=1",
      "p,unit=us v 1700000000000=3",
    ]);
    const bad = await write("p v=1 1", { query: { org: fx.orgName, bucket: b.name, precision: "m" } });
    expect(bad.status).toBe(400);
  });

  it("stamps points without a timestamp with the server time, truncated to the precision", async () => {
    const b = await fx.createBucket("now");
    const before = BigInt(Date.now() - 1000) * 1_000_000n;
    expect((await write("t v=1", { query: { org: fx.orgName, bucket: b.name, precision: "s" } })).status).toBe(204);
    const [row] = await readRows(fx.app, b);
    const time = BigInt(/ (\d+)=/.exec(row!)![1]!);
    expect(time % 1_000_000_000n).toBe(0n);
    expect(time >= before - 1_000_000_000n && time <= BigInt(Date.now()) * 1_000_000n).toBe(true);
  });

  it("accepts gzip bodies", async () => {
    const b = await fx.createBucket("gzip");
    const lines = Array.from({ length: 500 }, (_, i) => `g,host=h${i % 7} v=${i} ${i}`).join("\n");
    const res = await write(gzipSync(lines), { query: { org: fx.orgName, bucket: b.name }, headers: { "Content-Encoding": "gzip" } });
    expect(res.status).toBe(204);
    expect(await readRows(fx.app, b)).toHaveLength(500);
    const corrupt = await write(Buffer.from("not gzip at all"), { query: { org: fx.orgName, bucket: b.name }, headers: { "Content-Encoding": "gzip" } });
    expect(corrupt.status).toBe(400);
  });

  it("rejects the whole request on the first bad line and stores nothing", async () => {
    const b = await fx.createBucket("bad-lines");
    const res = await write("ok v=1 1\nok v=2 2\nbroken,host=a\nok v=3 3\n", { query: { org: fx.orgName, bucket: b.name } });
    expect(res).toEqual({ status: 400, body: { code: "invalid", message: "unable to parse 'broken,host=a': missing fields (line 3)" } });
    expect(await readRows(fx.app, b)).toEqual([]);
  });

  it("answers 204 to an empty body, as InfluxDB 2.1+ does", async () => {
    expect((await write("")).status).toBe(204);
    expect((await write("\n# only a comment\n")).status).toBe(204);
  });

  it("stores the other points and answers 422 on field type conflicts", async () => {
    const b = await fx.createBucket("conflicts");
    await write("c v=1 1", { query: { org: fx.orgName, bucket: b.name } });
    const res = await write("c v=2i 2\nc v=3 3\nc v=\"x\" 4", { query: { org: fx.orgName, bucket: b.name } });
    expect(res).toEqual({
      status: 422,
      body: {
        code: "unprocessable entity",
        message: 'partial write: field type conflict: input field "v" on measurement "c" is type integer, already exists as type float dropped=2',
      },
    });
    expect(await readRows(fx.app, b)).toEqual(["c v 1=1", "c v 3=3"]);
  });

  it("stores the other points and answers 422 for points beyond retention", async () => {
    const b = await fx.createBucket("short", 3600);
    const now = BigInt(Date.now()) * 1_000_000n;
    const old = now - 2n * 3_600_000_000_000n;
    const res = await write(`r v=1 ${old}\nr v=2 ${now}`, { query: { org: fx.orgName, bucket: b.name } });
    expect(res).toEqual({ status: 422, body: { code: "unprocessable entity", message: "partial write: points beyond retention policy dropped=1" } });
    expect(await readRows(fx.app, b)).toEqual([`r v ${now}=2`]);
  });

  it("finds org and bucket by name or ID, and the token's org when none is given", async () => {
    const b = await fx.createBucket("by-id");
    const queries: Array<Record<string, string>> = [
      { orgID: fx.orgID, bucket: b.id },
      { org: fx.orgID, bucket: b.name },
      { bucket: b.name },
    ];
    for (const query of queries) {
      expect((await write("x v=1 1", { query })).status, JSON.stringify(query)).toBe(204);
    }
  });

  it("answers 404 for an unknown bucket or org", async () => {
    expect(await write("x v=1", { query: { org: fx.orgName, bucket: "nope" } })).toEqual({ status: 404, body: { code: "not found", message: 'bucket "nope" not found' } });
    expect(await write("x v=1", { query: { org: "no-such-org", bucket: bucket.name } })).toEqual({
      status: 404,
      body: { code: "not found", message: 'organization name "no-such-org" not found' },
    });
    expect(await write("x v=1", { query: { orgID: "00000000000000aa", bucket: bucket.name } })).toEqual({
      status: 404,
      body: { code: "not found", message: "organization not found" },
    });
  });

  it("answers 401 without a token and 403 without write permission on the bucket", async () => {
    expect(await write("x v=1", { token: null })).toEqual({ status: 401, body: { code: "unauthorized", message: "unauthorized access" } });
    const readOnly = await fx.createToken([{ action: "read", resource: { type: "buckets", orgID: fx.orgID } }]);
    expect(await write("x v=1", { token: readOnly })).toEqual({ status: 403, body: { code: "forbidden", message: "insufficient permissions for write" } });
    const other = await fx.createBucket("other");
    const otherOnly = await fx.createToken([{ action: "write", resource: { type: "buckets", orgID: fx.orgID, id: other.id } }]);
    expect((await write("x v=1", { token: otherOnly })).status).toBe(403);
    expect((await write("x v=1", { token: otherOnly, query: { org: fx.orgName, bucket: other.name } })).status).toBe(204);
  });

  it("answers 413 for bodies over --http-max-request-bytes", async () => {
    const b = await fx.createBucket("too-large");
    const big = Array.from({ length: 4000 }, (_, i) => `big,host=h${i} value=${i} ${i}`).join("\n");
    expect(big.length).toBeGreaterThan(LIMIT);
    const plain = await write(big, { query: { org: fx.orgName, bucket: b.name } });
    expect(plain.status).toBe(413);
    expect(plain.body).toEqual({ code: "request too large", message: `request body exceeds the limit of ${LIMIT} bytes` });
    expect(await readRows(fx.app, b)).toEqual([]);
  });

  it("counts points written in /metrics", async () => {
    const b = await fx.createBucket("counted");
    await write("k v=1 1\nk v=2 2\nk v=3 3", { query: { org: fx.orgName, bucket: b.name } });
    const metrics = await (await fetch(`${fx.url}/metrics`)).text();
    expect(metrics).toContain(`storage_points_written_total{bucket="${b.id}"} 3`);
  });
});
