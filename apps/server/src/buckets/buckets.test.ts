import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allAccessPermissions, type Permission } from "../auth/permissions.js";
import { createAuthorization } from "../authorizations/repository.js";
import { enforceRetentionOnce } from "../storage/index.js";
import { type ErrorJson, type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";

interface BucketJson {
  id: string;
  orgID: string;
  name: string;
  type: string;
  description?: string;
  schemaType: string;
  retentionRules: { type: string; everySeconds: number; shardGroupDurationSeconds: number }[];
  links: Record<string, string>;
}
interface BucketsJson {
  buckets: BucketJson[];
  links: { self: string; next?: string; prev?: string };
}

const HOUR = 3600;
const DAY = 24 * HOUR;

describe("buckets", () => {
  let t: TestServer;
  let instance: Instance;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  const op = () => ({ token: instance.operatorToken });
  const create = async (body: Record<string, unknown>) => {
    const res = await t.client.post<BucketJson>("/api/v2/buckets", { orgID: instance.org.id, ...body }, op());
    expect(res.status, res.text).toBe(201);
    return res.body;
  };
  const tokenWith = async (permissions: Permission[]) => {
    const user = (await t.client.post<{ id: string }>("/api/v2/users", { name: `u-${Math.random().toString(16).slice(2)}` }, op())).body.id;
    return (await createAuthorization(t.server.app.db, { orgID: instance.org.id, userID: user, permissions })).token;
  };

  it("creates, reads, updates and deletes a bucket", async () => {
    const bucket = await create({ name: "weather", description: "stations", retentionRules: [{ type: "expire", everySeconds: 30 * DAY }], schemaType: "explicit" });
    expect(bucket).toMatchObject({
      orgID: instance.org.id, name: "weather", type: "user", description: "stations", schemaType: "explicit",
      retentionRules: [{ type: "expire", everySeconds: 30 * DAY, shardGroupDurationSeconds: DAY }],
    });
    expect(bucket.links).toMatchObject({ self: `/api/v2/buckets/${bucket.id}`, org: `/api/v2/orgs/${instance.org.id}`, members: `/api/v2/buckets/${bucket.id}/members` });
    expect((await t.client.get<BucketJson>(`/api/v2/buckets/${bucket.id}`, op())).body).toEqual(bucket);

    const patched = await t.client.patch<BucketJson>(`/api/v2/buckets/${bucket.id}`, { name: "climate", description: "sensors", retentionRules: [{ everySeconds: 2 * HOUR }] }, op());
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "climate", description: "sensors", retentionRules: [{ everySeconds: 2 * HOUR, shardGroupDurationSeconds: HOUR }] });
    const forever = await t.client.patch<BucketJson>(`/api/v2/buckets/${bucket.id}`, { retentionRules: [] }, op());
    expect(forever.body.retentionRules).toEqual([{ type: "expire", everySeconds: 0, shardGroupDurationSeconds: 7 * DAY }]);
    expect(forever.body.name).toBe("climate");
    // The official Go client sends `"retentionRules": null` for a bucket without rules.
    const goStyle = await create({ name: "go-style", retentionRules: null });
    expect(goStyle.retentionRules).toEqual([{ type: "expire", everySeconds: 0, shardGroupDurationSeconds: 7 * DAY }]);

    expect((await t.client.delete(`/api/v2/buckets/${bucket.id}`, op())).status).toBe(204);
    const gone = await t.client.get<ErrorJson>(`/api/v2/buckets/${bucket.id}`, op());
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: "not found", message: "bucket not found" });
    expect((await t.client.delete(`/api/v2/buckets/${bucket.id}`, op())).status).toBe(404);
  });

  it("chooses the shard group duration from the retention as InfluxDB does", async () => {
    const cases: [number, number | undefined, number][] = [
      [0, undefined, 7 * DAY],
      [HOUR, undefined, HOUR],
      [DAY, undefined, HOUR],
      [2 * DAY, undefined, DAY],
      [179 * DAY, undefined, DAY],
      [180 * DAY, undefined, 7 * DAY],
      [365 * DAY, undefined, 7 * DAY],
      [30 * DAY, 2 * DAY, 2 * DAY],
      [0, 30 * DAY, 30 * DAY],
      [DAY, 60, HOUR], // below an hour: raised to an hour
    ];
    for (const [i, [everySeconds, shardGroupDurationSeconds, expected]] of cases.entries()) {
      const b = await create({ name: `sgd-${i}`, retentionRules: [{ type: "expire", everySeconds, ...(shardGroupDurationSeconds ? { shardGroupDurationSeconds } : {}) }] });
      expect([everySeconds, b.retentionRules[0]!.shardGroupDurationSeconds]).toEqual([everySeconds, expected]);
    }
    expect((await create({ name: "sgd-none" })).retentionRules).toEqual([{ type: "expire", everySeconds: 0, shardGroupDurationSeconds: 7 * DAY }]);
  });

  it("refuses bad names, duplicate names, invalid retention and malformed input", async () => {
    await create({ name: "taken" });
    const dup = await t.client.post<ErrorJson>("/api/v2/buckets", { orgID: instance.org.id, name: "taken" }, op());
    expect(dup.status).toBe(422);
    expect(dup.body).toEqual({ code: "conflict", message: "bucket with name taken already exists" });
    // The same name in another org is fine.
    const otherOrg = (await t.client.post<{ id: string }>("/api/v2/orgs", { name: "bucket-other" }, op())).body.id;
    expect((await t.client.post("/api/v2/buckets", { orgID: otherOrg, name: "taken" }, op())).status).toBe(201);

    const underscore = await t.client.post<ErrorJson>("/api/v2/buckets", { orgID: instance.org.id, name: "_mine" }, op());
    expect(underscore.status).toBe(400);
    expect(underscore.body).toEqual({ code: "invalid", message: "bucket name _mine is invalid. Buckets may not start with underscore" });
    expect((await t.client.post<ErrorJson>("/api/v2/buckets", { orgID: instance.org.id, name: 'a"b' }, op())).status).toBe(400);
    expect((await t.client.post("/api/v2/buckets", { orgID: instance.org.id, name: "" }, op())).status).toBe(400);
    const blank = await t.client.post<ErrorJson>("/api/v2/buckets", { orgID: instance.org.id, name: "   " }, op());
    expect(blank.body).toEqual({ code: "invalid", message: "bucket name is empty" });
    expect((await t.client.post("/api/v2/buckets", { name: "no-org" }, op())).status).toBe(400);

    const short = await t.client.post<ErrorJson>("/api/v2/buckets", { orgID: instance.org.id, name: "short", retentionRules: [{ type: "expire", everySeconds: 60 }] }, op());
    expect(short.status).toBe(422);
    expect(short.body).toEqual({ code: "unprocessable entity", message: "retention policy duration must be at least 1h0m0s" });
    const negative = await t.client.post<ErrorJson>("/api/v2/buckets", { orgID: instance.org.id, name: "neg", retentionRules: [{ type: "expire", everySeconds: -5 }] }, op());
    expect(negative.status).toBe(400);
    const sgdTooLong = await t.client.post<ErrorJson>("/api/v2/buckets", { orgID: instance.org.id, name: "sgd", retentionRules: [{ type: "expire", everySeconds: DAY, shardGroupDurationSeconds: 2 * DAY }] }, op());
    expect(sgdTooLong.status).toBe(422);
    expect(sgdTooLong.body.message).toBe("retention policy duration must be greater than the shard duration");
    const twoRules = await t.client.post<ErrorJson>("/api/v2/buckets", { orgID: instance.org.id, name: "two", retentionRules: [{ everySeconds: DAY }, { everySeconds: 2 * DAY }] }, op());
    expect(twoRules.status).toBe(422);
    expect((await t.client.post("/api/v2/buckets", { orgID: instance.org.id, name: "st", schemaType: "strict" }, op())).status).toBe(400);

    const unknownOrg = await t.client.post<ErrorJson>("/api/v2/buckets", { orgID: "0123456789abcdef", name: "x" }, op());
    expect(unknownOrg.status).toBe(404);
    expect(unknownOrg.body.message).toBe("organization not found");
    expect((await t.client.post("/api/v2/buckets", { orgID: "xyz", name: "x" }, op())).status).toBe(400);
    const badJson = await t.client.post<ErrorJson>("/api/v2/buckets", '{"orgID":', { ...op(), headers: { "Content-Type": "application/json" } });
    expect(badJson.status).toBe(400);
    expect(badJson.body.code).toBe("invalid");

    const b = await create({ name: "patch-me" });
    expect((await t.client.patch(`/api/v2/buckets/${b.id}`, { name: "taken" }, op())).status).toBe(422);
    expect((await t.client.patch(`/api/v2/buckets/${b.id}`, { name: "_x" }, op())).status).toBe(400);
    expect((await t.client.patch(`/api/v2/buckets/${b.id}`, { retentionRules: [{ everySeconds: 10 }] }, op())).status).toBe(422);
    expect((await t.client.patch("/api/v2/buckets/0123456789abcdef", { name: "y" }, op())).status).toBe(404);
    expect((await t.client.get("/api/v2/buckets/0123456789ABCDEF", op())).status).toBe(400);
    expect((await t.client.get("/api/v2/buckets/12", op())).status).toBe(400);
  });

  it("keeps system buckets: they cannot be deleted or renamed", async () => {
    const list = await t.client.get<BucketsJson>("/api/v2/buckets", { ...op(), query: { orgID: instance.org.id, name: "_tasks" } });
    const tasks = list.body.buckets[0]!;
    expect(tasks.type).toBe("system");
    const del = await t.client.delete<ErrorJson>(`/api/v2/buckets/${tasks.id}`, op());
    expect(del.status).toBe(400);
    expect(del.body).toEqual({ code: "invalid", message: "system buckets cannot be deleted" });
    expect((await t.client.patch<ErrorJson>(`/api/v2/buckets/${tasks.id}`, { name: "tasks" }, op())).body.message).toBe("system buckets cannot be renamed");
    // Their retention may change, and a client sending the whole bucket back (same name) is fine.
    const longer = await t.client.patch<BucketJson>(`/api/v2/buckets/${tasks.id}`, { name: "_tasks", retentionRules: [{ type: "expire", everySeconds: 5 * DAY }] }, op());
    expect(longer.status).toBe(200);
    expect(longer.body.retentionRules[0]!.everySeconds).toBe(5 * DAY);
  });

  it("lists with org, orgID, name and id filters, and pages with offset and after", async () => {
    const org = (await t.client.post<{ id: string; name: string }>("/api/v2/orgs", { name: "paging" }, op())).body;
    for (const name of ["e", "b", "d", "a", "c"]) expect((await t.client.post("/api/v2/buckets", { orgID: org.id, name }, op())).status).toBe(201);
    const all = await t.client.get<BucketsJson>("/api/v2/buckets", { ...op(), query: { org: "paging" } });
    expect(all.body.buckets.map((b) => b.name)).toEqual(["_monitoring", "_tasks", "a", "b", "c", "d", "e"]);
    expect(all.body.links.self).toBe("/api/v2/buckets?descending=false&limit=20&offset=0&org=paging");
    expect(all.body.links.next).toBeUndefined();
    const byOrgID = await t.client.get<BucketsJson>("/api/v2/buckets", { ...op(), query: { orgID: org.id } });
    expect(byOrgID.body.buckets.map((b) => b.id)).toEqual(all.body.buckets.map((b) => b.id));

    const first = await t.client.get<BucketsJson>("/api/v2/buckets", { ...op(), query: { orgID: org.id, limit: 3 } });
    expect(first.body.buckets.map((b) => b.name)).toEqual(["_monitoring", "_tasks", "a"]);
    expect(first.body.links.next).toContain("offset=3");
    const second = await t.client.get<BucketsJson>("/api/v2/buckets", { ...op(), query: { orgID: org.id, limit: 3, offset: 3 } });
    expect(second.body.buckets.map((b) => b.name)).toEqual(["b", "c", "d"]);
    const last = await t.client.get<BucketsJson>("/api/v2/buckets", { ...op(), query: { orgID: org.id, limit: 3, offset: 6 } });
    expect(last.body.buckets.map((b) => b.name)).toEqual(["e"]);
    expect(last.body.links.next).toBeUndefined();
    // A full last page has no next either: there is nothing more.
    expect((await t.client.get<BucketsJson>("/api/v2/buckets", { ...op(), query: { orgID: org.id, limit: 7 } })).body.links.next).toBeUndefined();

    const a = all.body.buckets.find((b) => b.name === "a")!;
    const after = await t.client.get<BucketsJson>("/api/v2/buckets", { ...op(), query: { orgID: org.id, after: a.id, limit: 2 } });
    expect(after.body.buckets.map((b) => b.name)).toEqual(["b", "c"]);
    expect(after.body.links.next).toContain(`after=${a.id}`);
    const afterNext = await t.client.get<BucketsJson>(after.body.links.next!, op());
    expect(afterNext.status, afterNext.text).toBe(200);
    expect(afterNext.body.buckets.map((b) => b.name)).toEqual(["d", "e"]);

    // Across orgs: by ID, `after` is an ID cursor.
    const everything = await t.client.get<BucketsJson>("/api/v2/buckets", { ...op(), query: { limit: 100 } });
    const ids = everything.body.buckets.map((b) => b.id);
    expect(ids).toEqual([...ids].sort());
    const cursor = await t.client.get<BucketsJson>("/api/v2/buckets", { ...op(), query: { after: ids[1]!, limit: 100 } });
    expect(cursor.body.buckets.map((b) => b.id)).toEqual(ids.slice(2));

    const byName = await t.client.get<BucketsJson>("/api/v2/buckets", { ...op(), query: { org: "paging", name: "c" } });
    expect(byName.body.buckets.map((b) => b.name)).toEqual(["c"]);
    const byID = await t.client.get<BucketsJson>("/api/v2/buckets", { ...op(), query: { id: a.id } });
    expect(byID.body.buckets.map((b) => b.name)).toEqual(["a"]);

    const missingName = await t.client.get<ErrorJson>("/api/v2/buckets", { ...op(), query: { orgID: org.id, name: "zzz" } });
    expect(missingName.status).toBe(404);
    expect(missingName.body.message).toBe('bucket "zzz" not found');
    const missingOrg = await t.client.get<ErrorJson>("/api/v2/buckets", { ...op(), query: { org: "no-such-org" } });
    expect(missingOrg.status).toBe(404);
    expect(missingOrg.body.message).toBe('organization name "no-such-org" not found');
    expect((await t.client.get("/api/v2/buckets", { ...op(), query: { id: "0123456789abcdef" } })).status).toBe(404);
    expect((await t.client.get("/api/v2/buckets", { ...op(), query: { orgID: "bad" } })).status).toBe(400);
    expect((await t.client.get("/api/v2/buckets", { ...op(), query: { limit: 0 } })).status).toBe(400);
  });

  it("deleting a bucket deletes its data; a retention change reaches the retention loop", async () => {
    const b = await create({ name: "ephemeral" });
    const old = BigInt(Date.now() - 10 * DAY * 1000) * 1_000_000n;
    expect((await t.client.post("/api/v2/write", `m v=1 ${old}`, { ...op(), query: { org: instance.org.name, bucket: "ephemeral" } })).status).toBe(204);
    const dir = join(t.server.app.config.enginePath, b.id);
    expect(existsSync(dir)).toBe(true);
    // Infinite retention: the pass keeps everything. Two days: the 10-day-old shard goes.
    expect((await enforceRetentionOnce(t.server.app)).shardGroupsDropped).toBe(0);
    await t.client.patch(`/api/v2/buckets/${b.id}`, { retentionRules: [{ type: "expire", everySeconds: 2 * DAY }] }, op());
    expect((await enforceRetentionOnce(t.server.app)).shardGroupsDropped).toBe(1);

    expect((await t.client.post("/api/v2/write", "m v=2", { ...op(), query: { org: instance.org.name, bucket: "ephemeral" } })).status).toBe(204);
    expect((await t.client.delete(`/api/v2/buckets/${b.id}`, op())).status).toBe(204);
    expect(existsSync(dir)).toBe(false);
    expect((await t.client.post("/api/v2/write", "m v=3", { ...op(), query: { org: instance.org.name, bucket: "ephemeral" } })).status).toBe(404);
  });

  it("adds, lists and removes bucket members and owners", async () => {
    const b = await create({ name: "shared" });
    const user = (await t.client.post<{ id: string }>("/api/v2/users", { name: "bucket-friend" }, op())).body.id;
    const added = await t.client.post<{ id: string; role: string }>(`/api/v2/buckets/${b.id}/members`, { id: user }, op());
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: user, role: "member" });
    const members = await t.client.get<{ users: { id: string; role: string }[]; links: { self: string } }>(`/api/v2/buckets/${b.id}/members`, op());
    expect(members.body).toMatchObject({ users: [{ id: user, role: "member" }], links: { self: `/api/v2/buckets/${b.id}/members` } });
    expect((await t.client.get<{ users: unknown[] }>(`/api/v2/buckets/${b.id}/owners`, op())).body.users).toEqual([]);
    await t.client.post(`/api/v2/buckets/${b.id}/owners`, { id: user }, op());
    expect((await t.client.get<{ users: { id: string }[] }>(`/api/v2/buckets/${b.id}/owners`, op())).body.users.map((u) => u.id)).toEqual([user]);
    expect((await t.client.delete(`/api/v2/buckets/${b.id}/owners/${user}`, op())).status).toBe(204);
    expect((await t.client.delete(`/api/v2/buckets/${b.id}/members/${user}`, op())).status).toBe(404);
    expect((await t.client.post(`/api/v2/buckets/${b.id}/members`, { id: "0123456789abcdef" }, op())).status).toBe(404);
    expect((await t.client.get("/api/v2/buckets/0123456789abcdef/members", op())).status).toBe(404);
  });

  it("checks permissions: anonymous 401, read-only 403 on writes, another org's token 403, lists filtered", async () => {
    const b = await create({ name: "guarded" });
    expect((await t.client.get("/api/v2/buckets")).status).toBe(401);
    expect((await t.client.get(`/api/v2/buckets/${b.id}`)).status).toBe(401);
    expect((await t.client.post("/api/v2/buckets", { orgID: instance.org.id, name: "anon" })).status).toBe(401);

    const readOnly = await tokenWith([{ action: "read", resource: { type: "buckets", orgID: instance.org.id } }]);
    expect((await t.client.get(`/api/v2/buckets/${b.id}`, { token: readOnly })).status).toBe(200);
    expect((await t.client.get(`/api/v2/buckets/${b.id}/members`, { token: readOnly })).status).toBe(200);
    const write = await t.client.post<ErrorJson>("/api/v2/buckets", { orgID: instance.org.id, name: "nope" }, { token: readOnly });
    expect(write.status).toBe(403);
    expect(write.body).toEqual({ code: "forbidden", message: `write:orgs/${instance.org.id}/buckets is unauthorized` });
    expect((await t.client.patch(`/api/v2/buckets/${b.id}`, { name: "renamed" }, { token: readOnly })).status).toBe(403);
    expect((await t.client.delete(`/api/v2/buckets/${b.id}`, { token: readOnly })).status).toBe(403);
    expect((await t.client.post(`/api/v2/buckets/${b.id}/owners`, { id: instance.user.id }, { token: readOnly })).status).toBe(403);

    const other = (await t.client.post<{ id: string }>("/api/v2/orgs", { name: "rival" }, op())).body.id;
    const rivalBucket = (await t.client.post<BucketJson>("/api/v2/buckets", { orgID: other, name: "secret" }, op())).body;
    const own = await t.client.get<BucketsJson>("/api/v2/buckets", { token: readOnly, query: { limit: 100 } });
    expect(own.body.buckets.every((x) => x.orgID === instance.org.id)).toBe(true);
    expect(own.body.buckets.map((x) => x.id)).toContain(b.id);
    expect((await t.client.get<BucketsJson>("/api/v2/buckets", { token: readOnly, query: { orgID: other } })).body.buckets).toEqual([]);
    expect((await t.client.get<BucketsJson>("/api/v2/buckets", { token: readOnly, query: { id: rivalBucket.id } })).body.buckets).toEqual([]);
    const foreign = await t.client.get<ErrorJson>(`/api/v2/buckets/${rivalBucket.id}`, { token: readOnly });
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toBe(`read:orgs/${other}/buckets/${rivalBucket.id} is unauthorized`);

    // All access to the rival org: full rights there, none here.
    const rivalUser = (await t.client.post<{ id: string }>("/api/v2/users", { name: "rival-user" }, op())).body.id;
    const rival = (await createAuthorization(t.server.app.db, { orgID: other, userID: rivalUser, permissions: allAccessPermissions(other, rivalUser) })).token;
    expect((await t.client.post("/api/v2/buckets", { orgID: other, name: "theirs" }, { token: rival })).status).toBe(201);
    expect((await t.client.post("/api/v2/buckets", { orgID: instance.org.id, name: "theirs" }, { token: rival })).status).toBe(403);
    expect((await t.client.delete(`/api/v2/buckets/${b.id}`, { token: rival })).status).toBe(403);

    // A token for one bucket sees only that bucket.
    const single = await tokenWith([{ action: "read", resource: { type: "buckets", orgID: instance.org.id, id: b.id } }]);
    expect((await t.client.get<BucketsJson>("/api/v2/buckets", { token: single })).body.buckets.map((x) => x.id)).toEqual([b.id]);
    expect((await t.client.get<BucketsJson>("/api/v2/buckets", { token: single, query: { orgID: instance.org.id } })).body.buckets.map((x) => x.id)).toEqual([b.id]);
  });
});
