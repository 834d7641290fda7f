import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Bucket } from "../db/schema.js";
import { readRows, startWriteFixture, type WriteFixture } from "./test-support/fixture.js";

let fx: WriteFixture;

beforeAll(async () => {
  fx = await startWriteFixture();
});
afterAll(() => fx.close());

const T0 = "1970-01-01T00:00:00Z";
const T_END = "2100-01-01T00:00:00Z";

async function seeded(name: string): Promise<Bucket> {
  const b = await fx.createBucket(name);
  const body = [
    "cpu,host=a,region=eu user=1,system=10 1000",
    "cpu,host=a,region=eu user=2,system=20 2000",
    "cpu,host=b,region=eu user=3,system=30 1000",
    "cpu,host=c,region=us user=4 1000",
    "mem,host=a free=100i 1000",
  ].join("\n");
  const res = await fx.client.post("/api/v2/write", body, { query: { org: fx.orgName, bucket: name }, token: fx.allAccessToken, headers: { "Content-Type": "text/plain" } });
  expect(res.status).toBe(204);
  return b;
}

async function del(body: unknown, query: Record<string, string>, token: string | null = fx.allAccessToken) {
  const res = await fx.client.post("/api/v2/delete", body, { query, ...(token !== null ? { token } : {}) });
  return { status: res.status, body: res.text === "" ? undefined : res.body };
}

describe("POST /api/v2/delete", () => {
  it("deletes one measurement in a time range, both ends inclusive", async () => {
    const b = await seeded("del-measurement");
    const res = await del({ start: "1970-01-01T00:00:00.000001Z", stop: "1970-01-01T00:00:00.000001Z", predicate: '_measurement="cpu"' }, { org: fx.orgName, bucket: b.name });
    expect(res).toEqual({ status: 204, body: undefined });
    expect(await readRows(fx.app, b)).toEqual([
      "cpu,host=a,region=eu system 2000=20",
      "cpu,host=a,region=eu user 2000=2",
      "mem,host=a free 1000=100",
    ]);
  });

  it("deletes by tags joined with AND", async () => {
    const b = await seeded("del-tags");
    expect((await del({ start: T0, stop: T_END, predicate: 'host="a" AND region="eu"' }, { orgID: fx.orgID, bucketID: b.id })).status).toBe(204);
    expect(await readRows(fx.app, b)).toEqual([
      "cpu,host=b,region=eu system 1000=30",
      "cpu,host=b,region=eu user 1000=3",
      "cpu,host=c,region=us user 1000=4",
      // A series without the tag has it equal to "", so it does not match region="eu".
      "mem,host=a free 1000=100",
    ]);
  });

  it("deletes only the named field with _field, as InfluxDB Cloud does", async () => {
    const b = await seeded("del-field");
    expect((await del({ start: T0, stop: T_END, predicate: '_measurement="cpu" AND _field="system"' }, { org: fx.orgName, bucket: b.name })).status).toBe(204);
    expect(await readRows(fx.app, b)).toEqual([
      "cpu,host=a,region=eu user 1000=1",
      "cpu,host=a,region=eu user 2000=2",
      "cpu,host=b,region=eu user 1000=3",
      "cpu,host=c,region=us user 1000=4",
      "mem,host=a free 1000=100",
    ]);
  });

  it("deletes everything in the range without a predicate", async () => {
    const b = await seeded("del-all");
    expect((await del({ start: T0, stop: "1970-01-01T00:00:00.0000015Z" }, { org: fx.orgName, bucket: b.name })).status).toBe(204);
    expect(await readRows(fx.app, b)).toEqual(["cpu,host=a,region=eu system 2000=20", "cpu,host=a,region=eu user 2000=2"]);
  });

  it("deletes nothing for a contradictory predicate", async () => {
    const b = await seeded("del-none");
    expect((await del({ start: T0, stop: T_END, predicate: 'host="a" AND host="b"' }, { org: fx.orgName, bucket: b.name })).status).toBe(204);
    expect(await readRows(fx.app, b)).toHaveLength(8);
  });

  it("rejects unsupported predicates with a precise 400 and deletes nothing", async () => {
    const b = await seeded("del-bad");
    const cases: Array<[string, string]> = [
      ['host!="a"', 'invalid delete predicate at position 5: the comparison operator "!=" is not supported in delete predicates; only "=" is'],
      ['host="a" OR host="b"', "invalid delete predicate at position 10: the logical operator OR is not supported in delete predicates; only AND is"],
      ["host=~/a/", 'invalid delete predicate at position 5: the regular expression matching operator "=~" is not supported in delete predicates; only "=" is'],
      ['host="a', "invalid delete predicate at position 6: unterminated double-quoted string"],
    ];
    for (const [predicate, message] of cases) {
      expect(await del({ start: T0, stop: T_END, predicate }, { org: fx.orgName, bucket: b.name }), predicate).toEqual({ status: 400, body: { code: "invalid", message } });
    }
    expect(await readRows(fx.app, b)).toHaveLength(8);
  });

  it("rejects bad times", async () => {
    const b = await fx.createBucket("del-times");
    const q = { org: fx.orgName, bucket: b.name };
    expect((await del({ start: "yesterday", stop: T_END }, q)).status).toBe(400);
    expect(await del({ start: T_END, stop: T0 }, q)).toEqual({
      status: 400,
      body: { code: "invalid", message: `invalid request; error parsing request json: start time ${T_END} must not be after stop time ${T0}` },
    });
    expect((await del({ stop: T_END }, q)).status).toBe(400);
  });

  it("answers 404, 401 and 403 like writes do", async () => {
    const b = await fx.createBucket("del-auth");
    const body = { start: T0, stop: T_END };
    expect(await del(body, { org: fx.orgName, bucket: "missing" })).toEqual({ status: 404, body: { code: "not found", message: 'bucket "missing" not found' } });
    expect((await del(body, { org: "missing", bucket: b.name })).status).toBe(404);
    expect((await del(body, { org: fx.orgName })).status).toBe(400);
    expect((await del(body, { org: fx.orgName, bucket: b.name }, null)).status).toBe(401);
    const readOnly = await fx.createToken([{ action: "read", resource: { type: "buckets", orgID: fx.orgID } }]);
    expect(await del(body, { org: fx.orgName, bucket: b.name }, readOnly)).toEqual({ status: 403, body: { code: "forbidden", message: "insufficient permissions to delete" } });
  });
});
