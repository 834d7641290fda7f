import { describe, expect, it } from "vitest";
import { findBucketByID } from "../buckets/repository.js";
import { type ErrorJson, type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";
import { readRows } from "../write/test-support/fixture.js";

interface SchemaJson {
  id: string;
  orgID: string;
  bucketID: string;
  name: string;
  columns: { name: string; type: string; dataType?: string }[];
  createdAt: string;
  updatedAt: string;
}

const CPU = [
  { name: "time", type: "timestamp" },
  { name: "host", type: "tag" },
  { name: "usage", type: "field", dataType: "float" },
  { name: "count", type: "field", dataType: "integer" },
];

describe("bucket measurement schemas", () => {
  let t: TestServer;
  let instance: Instance;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  const op = () => ({ token: instance.operatorToken });
  let n = 0;
  const newBucket = async (schemaType: "implicit" | "explicit") => {
    const res = await t.client.post<{ id: string; name: string }>("/api/v2/buckets", { orgID: instance.org.id, name: `b-${++n}`, retentionRules: [], schemaType }, op());
    expect(res.status, res.text).toBe(201);
    return res.body;
  };
  const base = (bucketID: string) => `/api/v2/buckets/${bucketID}/schema/measurements`;
  const create = (bucketID: string, body: unknown) => t.client.post<SchemaJson & ErrorJson>(base(bucketID), body, op());
  const write = (bucket: string, body: string) =>
    t.client.post<ErrorJson>("/api/v2/write", body, { ...op(), query: { org: instance.org.name, bucket, precision: "s" }, headers: { "Content-Type": "text/plain" } });

  it("creates, lists (with a name filter), reads and extends schemas", async () => {
    const bucket = await newBucket("explicit");
    const created = await create(bucket.id, { name: "cpu", columns: CPU });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ orgID: instance.org.id, bucketID: bucket.id, name: "cpu", columns: CPU });
    expect((await create(bucket.id, { name: "mem", columns: [{ name: "time", type: "timestamp" }, { name: "free", type: "field" }] })).body.columns).toEqual([
      { name: "time", type: "timestamp" },
      { name: "free", type: "field", dataType: "string" },
    ]);

    const all = await t.client.get<{ measurementSchemas: SchemaJson[] }>(base(bucket.id), op());
    expect(all.body.measurementSchemas.map((s) => s.name)).toEqual(["cpu", "mem"]);
    const one = await t.client.get<{ measurementSchemas: SchemaJson[] }>(base(bucket.id), { ...op(), query: { name: "mem" } });
    expect(one.body.measurementSchemas.map((s) => s.name)).toEqual(["mem"]);
    const scoped = await t.client.get<{ measurementSchemas: SchemaJson[] }>(base(bucket.id), { ...op(), query: { org: instance.org.name, orgID: instance.org.id } });
    expect(scoped.body.measurementSchemas).toHaveLength(2);

    const read = await t.client.get<SchemaJson>(`${base(bucket.id)}/${created.body.id}`, op());
    expect(read.body).toEqual(created.body);

    const extended = [...CPU, { name: "region", type: "tag" }, { name: "idle", type: "field", dataType: "boolean" }];
    const patched = await t.client.patch<SchemaJson>(`${base(bucket.id)}/${created.body.id}`, { columns: extended }, op());
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.columns).toEqual(extended);
    expect(patched.body.createdAt).toBe(created.body.createdAt);
  });

  it("refuses changing or removing columns, with every problem named", async () => {
    const bucket = await newBucket("explicit");
    const { body } = await create(bucket.id, { name: "cpu", columns: CPU });
    const changed = CPU.map((c) => (c.name === "usage" ? { ...c, dataType: "integer" } : c)).filter((c) => c.name !== "host");
    const res = await t.client.patch<ErrorJson>(`${base(bucket.id)}/${body.id}`, { columns: changed }, op());
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: "invalid",
      message: 'columns can only be added to a measurement schema, never changed or removed: column "host" is missing; column "usage" is a float field and cannot become a integer field',
    });
  });

  it("rejects bad schemas", async () => {
    const bucket = await newBucket("explicit");
    const bad = async (body: unknown) => {
      const res = await create(bucket.id, body);
      expect(res.status, res.text).toBe(400);
      return res.body.message;
    };
    expect(await bad({ name: "cpu", columns: [] })).toBe("a measurement schema needs columns: a time column and at least one field");
    expect(await bad({ name: "cpu", columns: [{ name: "host", type: "tag" }] })).toBe(
      'invalid measurement schema: a measurement schema needs a column "time" of type timestamp; a measurement schema needs at least one field column',
    );
    expect(await bad({ name: "cpu", columns: [{ name: "time", type: "field", dataType: "float" }, { name: "ts", type: "timestamp" }, { name: "Host", type: "tag", dataType: "string" }, { name: "host", type: "field", dataType: "float" }] })).toBe(
      'invalid measurement schema: column "time": the time column must have type timestamp; column "ts": a timestamp column must be named "time"; column "Host": a tag column has no dataType (tag values are strings); column "host": duplicates column "Host" (names are compared ignoring case)',
    );
    expect(await bad({ name: "_cpu", columns: CPU })).toBe('measurement name "_cpu" must not begin with _');
    expect(await bad({ name: "cpu", columns: [...CPU, { name: "it's", type: "tag" }] })).toBe('invalid measurement schema: column "it\'s": name must not contain single or double quotes');
    // The contract refuses an unknown column type or data type before the service sees it.
    const wrongType = await create(bucket.id, { name: "cpu", columns: [{ name: "time", type: "timestamp" }, { name: "v", type: "measure" }] });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.message).toMatch(/type/);
    const wrongDataType = await create(bucket.id, { name: "cpu", columns: [{ name: "time", type: "timestamp" }, { name: "v", type: "field", dataType: "double" }] });
    expect(wrongDataType.status).toBe(400);
    expect(wrongDataType.body.message).toMatch(/dataType/);
  });

  it("refuses a second schema for a measurement (422) and schemas for implicit buckets (400)", async () => {
    const bucket = await newBucket("explicit");
    expect((await create(bucket.id, { name: "cpu", columns: CPU })).status).toBe(201);
    const again = await create(bucket.id, { name: "cpu", columns: CPU });
    expect(again.status).toBe(422);
    expect(again.body).toEqual({ code: "conflict", message: 'measurement "cpu" already has a schema in this bucket' });

    const implicit = await newBucket("implicit");
    const res = await create(implicit.id, { name: "cpu", columns: CPU });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: "invalid", message: `bucket "${implicit.name}" has an implicit schema; measurement schemas need a bucket created with schemaType "explicit"` });
    expect((await t.client.get<{ measurementSchemas: SchemaJson[] }>(base(implicit.id), op())).body.measurementSchemas).toEqual([]);
  });

  it("answers 404 for unknown buckets, schemas and orgs not owning the bucket", async () => {
    const bucket = await newBucket("explicit");
    const { body } = await create(bucket.id, { name: "cpu", columns: CPU });
    const missing = await t.client.get<ErrorJson>(base("0000000000000001"), op());
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe("bucket not found");
    const noSchema = await t.client.get<ErrorJson>(`${base(bucket.id)}/0000000000000001`, op());
    expect(noSchema.body).toEqual({ code: "not found", message: "measurement schema not found" });
    expect((await t.client.patch(`${base(bucket.id)}/0000000000000001`, { columns: CPU }, op())).status).toBe(404);
    const otherOrg = await t.client.post<{ id: string }>("/api/v2/orgs", { name: "other-org" }, op());
    expect((await t.client.get(`${base(bucket.id)}/${body.id}`, { ...op(), query: { orgID: otherOrg.body.id } })).status).toBe(404);
    expect((await t.client.get(base(bucket.id), { ...op(), query: { org: "other-org" } })).status).toBe(404);
    const noOrg = await t.client.get<ErrorJson>(base(bucket.id), { ...op(), query: { org: "no-such-org" } });
    expect(noOrg.body.message).toBe('organization name "no-such-org" not found');
  });

  describe("writes to an explicit bucket", () => {
    it("accepts points that fit and rejects the whole batch at the first that does not", async () => {
      const bucket = await newBucket("explicit");
      await create(bucket.id, { name: "cpu", columns: CPU });
      await create(bucket.id, { name: "mem", columns: [{ name: "time", type: "timestamp" }, { name: "free", type: "field", dataType: "integer" }] });
      // Missing tags and fields are fine: a schema bounds the columns, it does not require them.
      expect((await write(bucket.name, "cpu,host=a usage=1.5,count=3i 1\ncpu usage=2 2\nmem free=7i 3")).status).toBe(204);

      const rejected = async (body: string) => {
        const res = await write(bucket.name, body);
        expect(res.status, res.text).toBe(400);
        expect(res.body.code).toBe("invalid");
        return res.body.message;
      };
      const prefix = `schema conflict in explicit bucket "${bucket.name}": `;
      expect(await rejected("cpu,host=b usage=9 10\ndisk used=1 11")).toBe(`${prefix}point 2 (measurement "disk"): the bucket has no schema for this measurement; nothing was written`);
      expect(await rejected("cpu,host=b usage=9 10\ncpu,host=b,dc=x usage=1 11")).toBe(`${prefix}point 2 (measurement "cpu"): tag "dc" is not a column of the schema; nothing was written`);
      expect(await rejected("cpu,usage=x count=1i 10")).toBe(`${prefix}point 1 (measurement "cpu"): "usage" is a field column of the schema, not a tag; nothing was written`);
      expect(await rejected("cpu host=\"a\" 10")).toBe(`${prefix}point 1 (measurement "cpu"): "host" is a tag column of the schema, not a field; nothing was written`);
      expect(await rejected("cpu,host=a usage=1 10\ncpu,host=a usage=1,temp=3 11")).toBe(`${prefix}point 2 (measurement "cpu"): field "temp" is not a column of the schema; nothing was written`);
      expect(await rejected("cpu,host=a usage=1 10\ncpu,host=a usage=1i 11")).toBe(`${prefix}point 2 (measurement "cpu"): field "usage" is integer but the schema declares float; nothing was written`);
      expect(await rejected("mem free=1.5 10")).toBe(`${prefix}point 1 (measurement "mem"): field "free" is float but the schema declares integer; nothing was written`);

      const stored = await findBucketByID(t.server.app.db, bucket.id);
      expect(await readRows(t.server.app, stored!)).toEqual([
        "cpu usage 2000000000=2",
        "cpu,host=a count 1000000000=3",
        "cpu,host=a usage 1000000000=1.5",
        "mem free 3000000000=7",
      ]);
    });

    it("sees a schema created or extended a moment ago", async () => {
      const bucket = await newBucket("explicit");
      expect((await write(bucket.name, "cpu,host=a usage=1 1")).status).toBe(400);
      const { body } = await create(bucket.id, { name: "cpu", columns: CPU });
      expect((await write(bucket.name, "cpu,host=a usage=1 1")).status).toBe(204);
      expect((await write(bucket.name, "cpu,host=a,region=eu usage=1 2")).status).toBe(400);
      await t.client.patch(`${base(bucket.id)}/${body.id}`, { columns: [...CPU, { name: "region", type: "tag" }] }, op());
      expect((await write(bucket.name, "cpu,host=a,region=eu usage=1 2")).status).toBe(204);
    });

    it("holds for 1.x writes (POST /write) too", async () => {
      const bucket = await newBucket("explicit");
      await create(bucket.id, { name: "cpu", columns: CPU });
      const v1 = (body: string) =>
        t.client.post<ErrorJson>("/write", body, { ...op(), query: { db: bucket.name, precision: "s" }, headers: { "Content-Type": "text/plain" } });
      expect((await v1("cpu,host=a usage=1 1")).status).toBe(204);
      const res = await v1("cpu,host=a usage=true 2");
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        code: "invalid",
        message: `schema conflict in explicit bucket "${bucket.name}": point 1 (measurement "cpu"): field "usage" is boolean but the schema declares float; nothing was written`,
      });
    });

    it("leaves implicit buckets unchecked", async () => {
      const bucket = await newBucket("implicit");
      expect((await write(bucket.name, "anything,x=1 y=2i 1")).status).toBe(204);
    });
  });
});
