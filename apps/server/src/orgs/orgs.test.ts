import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allAccessPermissions } from "../auth/permissions.js";
import { createAuthorization } from "../authorizations/repository.js";
import { type ErrorJson, type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";

interface OrgJson {
  id: string;
  name: string;
  description?: string;
  createdAt: string;
  updatedAt: string;
  links: Record<string, string>;
}
interface OrgsJson {
  orgs: OrgJson[];
  links: { self: string; next?: string; prev?: string };
}
interface BucketJson {
  id: string;
  name: string;
  type: string;
  retentionRules: { everySeconds: number }[];
}
interface MemberJson {
  id: string;
  name: string;
  role: string;
}

describe("orgs", () => {
  let t: TestServer;
  let instance: Instance;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  const op = () => ({ token: instance.operatorToken });
  const createUser = async (name: string) => (await t.client.post<{ id: string }>("/api/v2/users", { name }, op())).body.id;
  const createOrg = async (name: string) => {
    const res = await t.client.post<OrgJson>("/api/v2/orgs", { name }, op());
    expect(res.status).toBe(201);
    return res.body;
  };

  it("creates an org with its system buckets, the creator as owner, then reads, renames and deletes it", async () => {
    const created = await t.client.post<OrgJson>("/api/v2/orgs", { name: "initech", description: "printers" }, op());
    expect(created.status).toBe(201);
    const org = created.body;
    expect(org).toMatchObject({ name: "initech", description: "printers" });
    expect(org.links).toMatchObject({ self: `/api/v2/orgs/${org.id}`, members: `/api/v2/orgs/${org.id}/members`, buckets: "/api/v2/buckets?org=initech" });
    expect(Date.parse(org.createdAt)).not.toBeNaN();

    const buckets = await t.client.get<{ buckets: BucketJson[] }>("/api/v2/buckets", { ...op(), query: { orgID: org.id } });
    expect(buckets.body.buckets.map((b) => [b.name, b.type, b.retentionRules[0]!.everySeconds])).toEqual([
      ["_monitoring", "system", 7 * 86400],
      ["_tasks", "system", 3 * 86400],
    ]);
    const owners = await t.client.get<{ users: MemberJson[]; links: { self: string } }>(`/api/v2/orgs/${org.id}/owners`, op());
    expect(owners.body.users.map((u) => [u.id, u.role])).toEqual([[instance.user.id, "owner"]]);
    expect(owners.body.links.self).toBe(`/api/v2/orgs/${org.id}/owners`);

    expect((await t.client.get<OrgJson>(`/api/v2/orgs/${org.id}`, op())).body.name).toBe("initech");
    const renamed = await t.client.patch<OrgJson>(`/api/v2/orgs/${org.id}`, { name: "initrode" }, op());
    expect(renamed.body).toMatchObject({ name: "initrode", description: "printers" });
    const described = await t.client.patch<OrgJson>(`/api/v2/orgs/${org.id}`, { description: "" }, op());
    expect(described.body).toMatchObject({ name: "initrode", description: "" });

    expect((await t.client.delete(`/api/v2/orgs/${org.id}`, op())).status).toBe(204);
    const gone = await t.client.get<ErrorJson>(`/api/v2/orgs/${org.id}`, op());
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: "not found", message: "organization not found" });
    expect((await t.client.delete(`/api/v2/orgs/${org.id}`, op())).status).toBe(404);
  });

  it("deleting an org deletes its buckets and their data, its tokens and its members", async () => {
    const org = await createOrg("doomed");
    const bucket = (await t.client.post<BucketJson>("/api/v2/buckets", { orgID: org.id, name: "metrics" }, op())).body;
    const write = await t.client.post("/api/v2/write", "cpu value=1", { ...op(), query: { org: org.name, bucket: bucket.name } });
    expect(write.status).toBe(204);
    const dataDir = join(t.server.app.config.enginePath, bucket.id);
    expect(existsSync(dataDir)).toBe(true);
    const member = await createUser("doomed-member");
    await t.client.post(`/api/v2/orgs/${org.id}/members`, { id: member }, op());
    await t.client.post(`/api/v2/buckets/${bucket.id}/owners`, { id: member }, op());
    const { token } = await createAuthorization(t.server.app.db, { orgID: org.id, userID: member, permissions: allAccessPermissions(org.id, member) });

    expect((await t.client.delete(`/api/v2/orgs/${org.id}`, op())).status).toBe(204);
    expect((await t.client.get(`/api/v2/buckets/${bucket.id}`, op())).status).toBe(404);
    expect((await t.client.get("/api/v2/me", { token })).status).toBe(401);
    const mappings = await t.server.app.db.selectFrom("user_resource_mappings").selectAll().where("user_id", "=", member).execute();
    expect(mappings).toEqual([]);
    expect(existsSync(dataDir)).toBe(false);
  });

  it("lists orgs with name, ID and user filters and pages them", async () => {
    const names = ["page-a", "page-b", "page-c"];
    const orgs = [];
    for (const n of names) orgs.push(await createOrg(n));
    const all = await t.client.get<OrgsJson>("/api/v2/orgs", op());
    const allIDs = all.body.orgs.map((o) => o.id);
    expect(allIDs).toEqual([...allIDs].sort());
    expect(all.body.links.next).toBeUndefined();
    expect(all.body.orgs.map((o) => o.name)).toEqual(expect.arrayContaining([...names, "acme"]));

    const byName = await t.client.get<OrgsJson>("/api/v2/orgs", { ...op(), query: { org: "page-b" } });
    expect(byName.body.orgs.map((o) => o.id)).toEqual([orgs[1]!.id]);
    expect(byName.body.links.self).toContain("org=page-b");
    const byID = await t.client.get<OrgsJson>("/api/v2/orgs", { ...op(), query: { orgID: orgs[2]!.id } });
    expect(byID.body.orgs.map((o) => o.name)).toEqual(["page-c"]);
    const unknownName = await t.client.get<ErrorJson>("/api/v2/orgs", { ...op(), query: { org: "nope" } });
    expect(unknownName.status).toBe(404);
    expect(unknownName.body.message).toBe('organization name "nope" not found');
    expect((await t.client.get("/api/v2/orgs", { ...op(), query: { orgID: "0123456789abcdef" } })).status).toBe(404);
    expect((await t.client.get("/api/v2/orgs", { ...op(), query: { orgID: "nothex" } })).status).toBe(400);

    const user = await createUser("org-lister");
    await t.client.post(`/api/v2/orgs/${orgs[0]!.id}/members`, { id: user }, op());
    await t.client.post(`/api/v2/orgs/${orgs[2]!.id}/owners`, { id: user }, op());
    const byUser = await t.client.get<OrgsJson>("/api/v2/orgs", { ...op(), query: { userID: user } });
    expect(byUser.body.orgs.map((o) => o.name).sort()).toEqual(["page-a", "page-c"]);

    const first = await t.client.get<OrgsJson>("/api/v2/orgs", { ...op(), query: { limit: 2 } });
    expect(first.body.orgs.map((o) => o.id)).toEqual(allIDs.slice(0, 2));
    expect(first.body.links.next).toContain("offset=2");
    const second = await t.client.get<OrgsJson>("/api/v2/orgs", { ...op(), query: { limit: 2, offset: 2 } });
    expect(second.body.orgs.map((o) => o.id)).toEqual(allIDs.slice(2, 4));
    expect(second.body.links.prev).toContain("offset=0");
    const desc = await t.client.get<OrgsJson>("/api/v2/orgs", { ...op(), query: { descending: true } });
    expect(desc.body.orgs.map((o) => o.id)).toEqual([...allIDs].reverse());
  });

  it("refuses empty, duplicate and malformed input", async () => {
    await createOrg("unique-org");
    const dup = await t.client.post<ErrorJson>("/api/v2/orgs", { name: "unique-org" }, op());
    expect(dup.status).toBe(422);
    expect(dup.body).toEqual({ code: "conflict", message: "organization with name unique-org already exists" });
    expect((await t.client.post("/api/v2/orgs", { name: "" }, op())).status).toBe(400);
    const blank = await t.client.post<ErrorJson>("/api/v2/orgs", { name: "  " }, op());
    expect(blank.status).toBe(400);
    expect(blank.body).toEqual({ code: "invalid", message: "org name is empty" });
    expect((await t.client.post("/api/v2/orgs", {}, op())).status).toBe(400);
    const badJson = await t.client.post<ErrorJson>("/api/v2/orgs", "{not json", { ...op(), headers: { "Content-Type": "application/json" } });
    expect(badJson.status).toBe(400);
    expect(badJson.body.code).toBe("invalid");
    expect((await t.client.patch(`/api/v2/orgs/${instance.org.id}`, { name: "unique-org" }, op())).status).toBe(422);
    expect((await t.client.patch(`/api/v2/orgs/${instance.org.id}`, { name: " " }, op())).status).toBe(400);
    expect((await t.client.patch("/api/v2/orgs/0123456789abcdef", { name: "x" }, op())).status).toBe(404);
    expect((await t.client.get("/api/v2/orgs/0123456789ABCDEF", op())).status).toBe(400);
    expect((await t.client.get("/api/v2/orgs/123", op())).status).toBe(400);
  });

  it("adds, lists and removes members and owners", async () => {
    const org = await createOrg("team");
    const alice = await createUser("team-alice");
    const added = await t.client.post<MemberJson>(`/api/v2/orgs/${org.id}/members`, { id: alice }, op());
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: alice, name: "team-alice", role: "member", status: "active" });
    const members = await t.client.get<{ users: MemberJson[] }>(`/api/v2/orgs/${org.id}/members`, op());
    expect(members.body.users.map((u) => u.id)).toEqual([alice]);

    // Adding a member as owner promotes them: one role per user and org.
    expect((await t.client.post<MemberJson>(`/api/v2/orgs/${org.id}/owners`, { id: alice }, op())).body.role).toBe("owner");
    expect((await t.client.get<{ users: MemberJson[] }>(`/api/v2/orgs/${org.id}/members`, op())).body.users).toEqual([]);
    const owners = await t.client.get<{ users: MemberJson[] }>(`/api/v2/orgs/${org.id}/owners`, op());
    expect(owners.body.users.map((u) => u.id).sort()).toEqual([alice, instance.user.id].sort());

    expect((await t.client.delete(`/api/v2/orgs/${org.id}/owners/${alice}`, op())).status).toBe(204);
    expect((await t.client.delete(`/api/v2/orgs/${org.id}/owners/${alice}`, op())).status).toBe(404);
    await t.client.post(`/api/v2/orgs/${org.id}/members`, { id: alice }, op());
    expect((await t.client.delete(`/api/v2/orgs/${org.id}/members/${alice}`, op())).status).toBe(204);

    const unknownUser = await t.client.post<ErrorJson>(`/api/v2/orgs/${org.id}/members`, { id: "0123456789abcdef" }, op());
    expect(unknownUser.status).toBe(404);
    expect(unknownUser.body.message).toBe("user not found");
    expect((await t.client.get("/api/v2/orgs/0123456789abcdef/members", op())).status).toBe(404);
    expect((await t.client.post("/api/v2/orgs/0123456789abcdef/owners", { id: alice }, op())).status).toBe(404);
    expect((await t.client.post(`/api/v2/orgs/${org.id}/members`, { id: "bad" }, op())).status).toBe(400);
  });

  it("a signed-in user sees the orgs they belong to, may change those they own, and no other", async () => {
    const owned = await createOrg("session-owned");
    const joined = await createOrg("session-joined");
    await createOrg("session-foreign");
    const user = await createUser("session-user");
    await t.client.post(`/api/v2/users/${user}/password`, { password: "session-password" }, op());
    await t.client.post(`/api/v2/orgs/${owned.id}/owners`, { id: user }, op());
    await t.client.post(`/api/v2/orgs/${joined.id}/members`, { id: user }, op());
    const signin = await t.client.post("/api/v2/signin", undefined, { basic: ["session-user", "session-password"] });
    const cookie = signin.headers.get("set-cookie")!.split(";")[0]!;

    const orgs = await t.client.get<OrgsJson>("/api/v2/orgs", { cookie });
    expect(orgs.body.orgs.map((o) => o.name).sort()).toEqual(["session-joined", "session-owned"]);
    expect((await t.client.patch(`/api/v2/orgs/${owned.id}`, { description: "mine" }, { cookie })).status).toBe(200);
    expect((await t.client.patch(`/api/v2/orgs/${joined.id}`, { description: "mine" }, { cookie })).status).toBe(403);
    expect((await t.client.get(`/api/v2/orgs/${joined.id}/members`, { cookie })).status).toBe(200);
    // Removing through the members route also ends an ownership, as in InfluxDB (one mapping per user).
    expect((await t.client.delete(`/api/v2/orgs/${owned.id}/members/${user}`, op())).status).toBe(204);
    expect((await t.client.get<OrgsJson>("/api/v2/orgs", { cookie })).body.orgs.map((o) => o.name)).toEqual(["session-joined"]);
  });

  it("checks permissions: anonymous 401, another org's token 403, a read-only token cannot write", async () => {
    const other = await createOrg("other-org");
    expect((await t.client.get("/api/v2/orgs")).status).toBe(401);
    expect((await t.client.post("/api/v2/orgs", { name: "anon" })).status).toBe(401);

    const user = await createUser("org-reader");
    const reader = await createAuthorization(t.server.app.db, {
      orgID: instance.org.id, userID: user, permissions: [{ action: "read", resource: { type: "orgs", id: instance.org.id } }],
    });
    const token = reader.token;
    // Lists show only what the token may read.
    expect((await t.client.get<OrgsJson>("/api/v2/orgs", { token })).body.orgs.map((o) => o.id)).toEqual([instance.org.id]);
    expect((await t.client.get<OrgsJson>("/api/v2/orgs", { token, query: { org: "other-org" } })).body.orgs).toEqual([]);
    expect((await t.client.get(`/api/v2/orgs/${instance.org.id}`, { token })).status).toBe(200);
    expect((await t.client.get(`/api/v2/orgs/${instance.org.id}/members`, { token })).status).toBe(200);
    const foreign = await t.client.get<ErrorJson>(`/api/v2/orgs/${other.id}`, { token });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toEqual({ code: "forbidden", message: `read:orgs/${other.id} is unauthorized` });
    expect((await t.client.get(`/api/v2/orgs/${other.id}/owners`, { token })).status).toBe(403);
    // Read-only: no writes.
    expect((await t.client.patch(`/api/v2/orgs/${instance.org.id}`, { name: "hijack" }, { token })).status).toBe(403);
    expect((await t.client.delete(`/api/v2/orgs/${instance.org.id}`, { token })).status).toBe(403);
    expect((await t.client.post(`/api/v2/orgs/${instance.org.id}/members`, { id: user }, { token })).status).toBe(403);
    expect((await t.client.delete(`/api/v2/orgs/${instance.org.id}/owners/${instance.user.id}`, { token })).status).toBe(403);
    expect((await t.client.post("/api/v2/orgs", { name: "mine" }, { token })).status).toBe(403);

    // An all-access token of the other org may change that org only.
    const otherToken = (await createAuthorization(t.server.app.db, { orgID: other.id, userID: user, permissions: allAccessPermissions(other.id, user) })).token;
    expect((await t.client.patch(`/api/v2/orgs/${other.id}`, { description: "ours" }, { token: otherToken })).status).toBe(200);
    expect((await t.client.patch(`/api/v2/orgs/${instance.org.id}`, { description: "theirs" }, { token: otherToken })).status).toBe(403);
  });
});
