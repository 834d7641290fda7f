import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { Bucket } from "../db/schema.js";
import { type ErrorJson, type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";
import { readRows } from "../write/test-support/fixture.js";

describe("POST /write (1.x)", () => {
  let t: TestServer;
  let instance: Instance;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  const op = () => ({ token: instance.operatorToken });
  const bucket = async (name: string): Promise<Bucket> => {
    const res = await t.client.post<{ id: string }>("/api/v2/buckets", { orgID: instance.org.id, name, retentionRules: [] }, op());
    if (res.status !== 201) throw new Error(`bucket ${name}: ${res.status} ${res.text}`);
    return t.server.app.db.selectFrom("buckets").selectAll().where("id", "=", res.body.id).executeTakeFirstOrThrow();
  };
  const write = (query: Record<string, string>, body: string | Buffer, options: { token?: string | null; gzip?: boolean } = {}) => {
    const token = options.token === undefined ? instance.operatorToken : options.token;
    return t.client.post<ErrorJson>("/write", options.gzip ? gzipSync(body) : body, {
      query,
      headers: { "Content-Type": "text/plain; charset=utf-8", ...(options.gzip ? { "Content-Encoding": "gzip" } : {}) },
      ...(token !== null ? { token } : {}),
    });
  };

  it("writes to the bucket named like the database (rp autogen), with a token as 1.x clients of 2.x send it", async () => {
    const b = await bucket("plain");
    // An empty precision (what 1.x clients send when none is set) means nanoseconds.
    expect((await write({ db: "plain", precision: "" }, "cpu,host=a usage=1.5 1700000000000000000")).status).toBe(204);
    expect((await write({ db: "plain", rp: "autogen", precision: "s" }, "cpu,host=a usage=2.5 1700000001")).status).toBe(204);
    expect(await readRows(t.server.app, b)).toEqual(["cpu,host=a usage 1700000000000000000=1.5", "cpu,host=a usage 1700000001000000000=2.5"]);
    // A v2 token as the password of Basic auth, as 1.x clients configured for 2.x do.
    const basic = await t.client.post("/write", "cpu,host=b usage=3 1700000002", { basic: ["anyone", instance.operatorToken], query: { db: "plain", precision: "s" }, headers: { "Content-Type": "text/plain" } });
    expect(basic.status).toBe(204);
    const viaQuery = await write({ db: "plain", precision: "s", u: "anyone", p: instance.operatorToken }, "cpu,host=c usage=4 1700000003", { token: null });
    expect(viaQuery.status).toBe(204);
    expect((await readRows(t.server.app, b)).length).toBe(4);
  });

  it("finds the bucket through a `db/rp` bucket name, the database's default, and stored mappings first", async () => {
    const weekly = await bucket("site/weekly");
    expect((await write({ db: "site", rp: "weekly", precision: "s" }, "m v=1 1")).status).toBe(204);
    // The only `site/...` bucket is the database's default.
    expect((await write({ db: "site", precision: "s" }, "m v=2 2")).status).toBe(204);
    expect(await readRows(t.server.app, weekly)).toEqual(["m v 1000000000=1", "m v 2000000000=2"]);

    const target = await bucket("mapped-target");
    const mapped = await t.client.post("/api/v2/dbrps", { orgID: instance.org.id, bucketID: target.id, database: "site", retention_policy: "stored", default: true }, op());
    expect(mapped.status).toBe(201);
    expect((await write({ db: "site", precision: "s" }, "m v=3 3")).status).toBe(204);
    expect((await write({ db: "site", rp: "stored", precision: "s" }, "m v=4 4")).status).toBe(204);
    expect(await readRows(t.server.app, target)).toEqual(["m v 3000000000=3", "m v 4000000000=4"]);
    // The virtual mapping of site/weekly still answers for its own rp.
    expect((await write({ db: "site", rp: "weekly", precision: "s" }, "m v=5 5")).status).toBe(204);
    expect((await readRows(t.server.app, weekly)).length).toBe(3);
  });

  it("follows mapping and bucket changes at once (the remembered mapping is forgotten)", async () => {
    const first = await bucket("moving");
    expect((await write({ db: "moving", precision: "s" }, "m v=1 1")).status).toBe(204);
    const second = await bucket("moving-2");
    const mapped = await t.client.post<{ id: string }>("/api/v2/dbrps", { orgID: instance.org.id, bucketID: second.id, database: "moving", retention_policy: "autogen" }, op());
    expect(mapped.status).toBe(201);
    expect((await write({ db: "moving", precision: "s" }, "m v=2 2")).status).toBe(204);
    expect(await readRows(t.server.app, first)).toEqual(["m v 1000000000=1"]);
    expect(await readRows(t.server.app, second)).toEqual(["m v 2000000000=2"]);
    expect((await t.client.delete(`/api/v2/buckets/${second.id}`, op())).status).toBe(204);
    // The stored mapping went with its bucket: the virtual mapping of `moving` answers again.
    expect((await write({ db: "moving", precision: "s" }, "m v=3 3")).status).toBe(204);
    expect(await readRows(t.server.app, first)).toEqual(["m v 1000000000=1", "m v 3000000000=3"]);
    expect((await t.client.delete(`/api/v2/buckets/${first.id}`, op())).status).toBe(204);
    expect((await write({ db: "moving", precision: "s" }, "m v=4 4")).status).toBe(404);
  });

  it("reads timestamps in every 1.x precision", async () => {
    const b = await bucket("precise");
    const cases: [string, string, bigint][] = [
      ["n", "1", 1n],
      ["ns", "2", 2n],
      ["u", "3", 3_000n],
      ["us", "4", 4_000n],
      ["ms", "5", 5_000_000n],
      ["s", "6", 6_000_000_000n],
      ["m", "7", 7n * 60_000_000_000n],
      ["h", "8", 8n * 3_600_000_000_000n],
    ];
    for (const [precision, ts] of cases) expect((await write({ db: "precise", precision }, `p,unit=${precision} v=1 ${ts}`)).status, precision).toBe(204);
    const rows = await readRows(t.server.app, b);
    for (const [precision, , nanos] of cases) expect(rows).toContain(`p,unit=${precision} v ${nanos}=1`);
    const bad = await write({ db: "precise", precision: "d" }, "p v=1 1");
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("invalid");
  });

  it("accepts gzip bodies and answers partial writes and bad lines as /api/v2/write does", async () => {
    const b = await bucket("gz");
    expect((await write({ db: "gz", precision: "s" }, "g v=1 1\ng v=2 2", { gzip: true })).status).toBe(204);
    expect(await readRows(t.server.app, b)).toEqual(["g v 1000000000=1", "g v 2000000000=2"]);
    const bad = await write({ db: "gz" }, "g v=1 1\nnot line protocol");
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("invalid");
    expect(bad.body.message).toMatch(/line 2/);
    const partial = await write({ db: "gz", precision: "s" }, "g v=3i 3\ng v=4 4");
    expect(partial.status).toBe(422);
    expect(partial.body).toMatchObject({ code: "unprocessable entity" });
    expect(partial.body.message).toMatch(/^partial write: field type conflict/);
    expect(await readRows(t.server.app, b)).toContain("g v 4000000000=4");
  });

  it("answers 404 for an unmapped database or retention policy, 400 without db, 401 without credentials", async () => {
    const missing = await write({ db: "nowhere" }, "m v=1 1");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ code: "not found", message: "no dbrp mapping found" });
    await bucket("known");
    expect((await write({ db: "known", rp: "unknown" }, "m v=1 1")).status).toBe(404);
    const noDb = await write({}, "m v=1 1");
    expect(noDb.status).toBe(400);
    expect(noDb.body.code).toBe("invalid");
    expect((await write({ db: "known" }, "m v=1 1", { token: null })).status).toBe(401);
    expect((await write({ db: "known" }, "m v=1 1", { token: "not-a-token" })).status).toBe(401);
  });
});
