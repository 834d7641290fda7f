import { beforeAll, describe, expect, it } from "vitest";
import type { Permission } from "../auth/permissions.js";
import { createAuthorization } from "../authorizations/repository.js";
import { type ErrorJson, type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";

interface TelegrafJson {
  id: string;
  orgID: string;
  name: string;
  description: string;
  metadata: { buckets: string[] };
  config: string;
  labels: { id: string; name: string }[];
  links: Record<string, string>;
}

const CPU_TO_FLUXGATE = `[agent]
  interval = "10s"

[[inputs.cpu]]
  percpu = true

[[outputs.influxdb_v2]]
  urls = ["http://127.0.0.1:8086"]
  token = "$INFLUX_TOKEN"
  organization = "org"
  bucket = "telegraf"
`;

describe("telegrafs", () => {
  let t: TestServer;
  let instance: Instance;
  let otherOrgID: string;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  beforeAll(async () => {
    otherOrgID = (await t.client.post<{ id: string }>("/api/v2/orgs", { name: "other" }, op())).body.id;
  });
  const op = () => ({ token: instance.operatorToken });
  const create = async (body: Record<string, unknown>) => {
    const res = await t.client.post<TelegrafJson>("/api/v2/telegrafs", { orgID: instance.org.id, ...body }, op());
    expect(res.status, res.text).toBe(201);
    return res.body;
  };
  const tokenWith = async (permissions: Permission[]) => (await createAuthorization(t.server.app.db, { orgID: instance.org.id, userID: instance.user.id, permissions })).token;

  it("stores a configuration, reads it as JSON and as TOML, replaces and deletes it", async () => {
    const created = await create({ name: "cpu", description: "cpu to fluxgate", config: CPU_TO_FLUXGATE });
    expect(created).toMatchObject({ orgID: instance.org.id, name: "cpu", description: "cpu to fluxgate", config: CPU_TO_FLUXGATE, labels: [] });
    expect(created.metadata).toEqual({ buckets: ["telegraf"] });
    const self = `/api/v2/telegrafs/${created.id}`;
    expect(created.links).toEqual({ self, labels: `${self}/labels`, members: `${self}/members`, owners: `${self}/owners` });

    const json = await t.client.get<TelegrafJson>(self, { ...op(), headers: { accept: "application/json" } });
    expect(json.headers.get("content-type")).toContain("application/json");
    expect(json.body).toEqual(created);

    // What `telegraf --config <url>` gets: the TOML text itself.
    for (const accept of ["application/toml", "*/*"]) {
      const toml = await t.client.get(self, { ...op(), headers: { accept } });
      expect(toml.status).toBe(200);
      expect(toml.headers.get("content-type")).toContain("application/toml");
      expect(toml.text).toBe(CPU_TO_FLUXGATE);
    }
    const download = await t.client.get(self, { ...op(), headers: { accept: "application/octet-stream" } });
    expect(download.headers.get("content-disposition")).toBe('attachment; filename="cpu.toml"');
    expect(download.text).toBe(CPU_TO_FLUXGATE);

    const replaced = await t.client.put<TelegrafJson>(self, { name: "mem", config: "[[inputs.mem]]\n", metadata: { buckets: ["b1"] } }, op());
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.body).toMatchObject({ id: created.id, name: "mem", description: "", config: "[[inputs.mem]]\n", metadata: { buckets: ["b1"] } });

    expect((await t.client.delete(self, op())).status).toBe(204);
    expect((await t.client.get<ErrorJson>(self, op())).body).toEqual({ code: "not found", message: "telegraf configuration not found" });
    expect((await t.client.delete(self, op())).status).toBe(404);
  });

  it("lists configurations, filtered by org and by what the caller may read", async () => {
    const mine = await create({ name: "list-mine", config: "[[inputs.cpu]]\n" });
    const theirs = await create({ orgID: otherOrgID, name: "list-theirs", config: "[[inputs.mem]]\n" });
    const all = await t.client.get<{ configurations: TelegrafJson[] }>("/api/v2/telegrafs", op());
    expect(all.body.configurations.map((c) => c.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    const ofOrg = await t.client.get<{ configurations: TelegrafJson[] }>("/api/v2/telegrafs", { ...op(), query: { orgID: otherOrgID } });
    expect(ofOrg.body.configurations.map((c) => c.id)).toEqual([theirs.id]);
    const token = await tokenWith([{ action: "read", resource: { type: "telegrafs", orgID: instance.org.id } }]);
    const readable = await t.client.get<{ configurations: TelegrafJson[] }>("/api/v2/telegrafs", { token });
    expect(readable.body.configurations.map((c) => c.id)).toContain(mine.id);
    expect(readable.body.configurations.map((c) => c.id)).not.toContain(theirs.id);
  });

  it("renders the TOML of plugins sent one by one", async () => {
    const created = await create({
      name: "from plugins",
      plugins: [
        { type: "input", name: "cpu", description: "cpu usage", config: "percpu = false" },
        { type: "output", name: "influxdb_v2", alias: "local", config: 'urls = ["http://localhost:8086"]\nbucket = "metrics"' },
      ],
    });
    expect(created.config).toContain("[[inputs.cpu]]");
    expect(created.config).toContain("[[outputs.influxdb_v2]]");
    expect(created.config).toContain('alias = "local"');
    expect(created.metadata.buckets).toEqual(["metrics"]);
  });

  it("rejects malformed TOML, missing fields and unknown IDs", async () => {
    const broken = await t.client.post<ErrorJson>("/api/v2/telegrafs", { orgID: instance.org.id, name: "broken", config: "[[inputs.cpu]\npercpu = true\n" }, op());
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe("invalid");
    expect(broken.body.message).toMatch(/^invalid TOML in Telegraf config at line 1, column \d+: /);
    const badValue = await t.client.post<ErrorJson>("/api/v2/telegrafs", { orgID: instance.org.id, name: "bad", config: "[[inputs.cpu]]\npercpu = yes\n" }, op());
    expect(badValue.status).toBe(400);
    expect(badValue.body.message).toContain("line 2");

    expect((await t.client.post<ErrorJson>("/api/v2/telegrafs", { name: "no org", config: "[[inputs.cpu]]" }, op())).body).toEqual({ code: "invalid", message: "orgID is required" });
    expect((await t.client.post<ErrorJson>("/api/v2/telegrafs", { orgID: instance.org.id, config: "[[inputs.cpu]]" }, op())).status).toBe(400);
    expect((await t.client.post<ErrorJson>("/api/v2/telegrafs", { orgID: instance.org.id, name: "empty" }, op())).status).toBe(400);
    expect((await t.client.post<ErrorJson>("/api/v2/telegrafs", { orgID: "0123456789abcdef", name: "x", config: "[[inputs.cpu]]" }, op())).status).toBe(404);
    expect((await t.client.post<ErrorJson>("/api/v2/telegrafs", { orgID: instance.org.id, name: "x", plugins: [{ type: "nonsense", name: "cpu" }] }, op())).status).toBe(400);

    const created = await create({ name: "keep", config: "[[inputs.cpu]]\n" });
    const badPut = await t.client.put<ErrorJson>(`/api/v2/telegrafs/${created.id}`, { name: "keep", config: "[inputs" }, op());
    expect(badPut.status).toBe(400);
    expect((await t.client.get<TelegrafJson>(`/api/v2/telegrafs/${created.id}`, { ...op(), headers: { accept: "application/json" } })).body.config).toBe("[[inputs.cpu]]\n");
    expect((await t.client.put<ErrorJson>(`/api/v2/telegrafs/${created.id}`, { orgID: otherOrgID, name: "keep", config: "[[inputs.cpu]]" }, op())).status).toBe(400);
    expect((await t.client.put("/api/v2/telegrafs/0123456789abcdef", { name: "x", config: "[[inputs.cpu]]" }, op())).status).toBe(404);
    expect((await t.client.get("/api/v2/telegrafs/0123456789abcdef", op())).status).toBe(404);
    expect((await t.client.get("/api/v2/telegrafs/not-an-id", op())).status).toBe(400);
  });

  it("attaches and detaches labels, not across orgs", async () => {
    const created = await create({ name: "labelled", config: "[[inputs.cpu]]\n" });
    const label = (await t.client.post<{ label: { id: string } }>("/api/v2/labels", { orgID: instance.org.id, name: "telegraf-label" }, op())).body.label;
    const foreign = (await t.client.post<{ label: { id: string } }>("/api/v2/labels", { orgID: otherOrgID, name: "foreign" }, op())).body.label;
    const path = `/api/v2/telegrafs/${created.id}/labels`;
    expect((await t.client.post(path, { labelID: label.id }, op())).status).toBe(201);
    expect((await t.client.get<{ labels: { id: string }[] }>(path, op())).body.labels.map((l) => l.id)).toEqual([label.id]);
    expect((await t.client.get<TelegrafJson>(`/api/v2/telegrafs/${created.id}`, { ...op(), headers: { accept: "application/json" } })).body.labels.map((l) => l.id)).toEqual([label.id]);
    const across = await t.client.post<ErrorJson>(path, { labelID: foreign.id }, op());
    expect(across.status).toBe(400);
    expect((await t.client.post(path, { labelID: "0123456789abcdef" }, op())).status).toBe(404);
    expect((await t.client.post("/api/v2/telegrafs/0123456789abcdef/labels", { labelID: label.id }, op())).status).toBe(404);
    expect((await t.client.delete(`${path}/${label.id}`, op())).status).toBe(204);
    expect((await t.client.delete(`${path}/${label.id}`, op())).status).toBe(404);
  });

  it("makes the creator an owner; adds, lists and removes members and owners", async () => {
    const created = await create({ name: "shared", config: "[[inputs.cpu]]\n" });
    const base = `/api/v2/telegrafs/${created.id}`;
    const owners = await t.client.get<{ users: { id: string; role: string }[] }>(`${base}/owners`, op());
    expect(owners.body.users).toEqual([expect.objectContaining({ id: instance.user.id, role: "owner" })]);

    const user = (await t.client.post<{ id: string }>("/api/v2/users", { name: "telegraf-member" }, op())).body.id;
    const added = await t.client.post<{ id: string; role: string }>(`${base}/members`, { id: user }, op());
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: user, role: "member" });
    expect((await t.client.get<{ users: { id: string }[]; links: { self: string } }>(`${base}/members`, op())).body).toMatchObject({ users: [{ id: user }], links: { self: `${base}/members` } });
    expect((await t.client.post(`${base}/owners`, { id: user }, op())).status).toBe(201);
    expect((await t.client.get<{ users: unknown[] }>(`${base}/members`, op())).body.users).toEqual([]);
    expect((await t.client.delete(`${base}/owners/${user}`, op())).status).toBe(204);
    expect((await t.client.delete(`${base}/members/${user}`, op())).status).toBe(404);
    expect((await t.client.post(`${base}/members`, { id: "0123456789abcdef" }, op())).status).toBe(404);
    expect((await t.client.get("/api/v2/telegrafs/0123456789abcdef/owners", op())).status).toBe(404);

    // Deleting the configuration forgets its owners.
    expect((await t.client.delete(base, op())).status).toBe(204);
    const left = await t.server.app.db.selectFrom("user_resource_mappings").selectAll().where("resource_id", "=", created.id).execute();
    expect(left).toEqual([]);
  });

  it("lists the plugin catalog, by kind", async () => {
    const all = await t.client.get<{ version: string; os: string; plugins: { type: string; name: string; description: string; config: string }[] }>("/api/v2/telegraf/plugins", op());
    expect(all.status).toBe(200);
    const names = all.body.plugins.map((p) => `${p.type}.${p.name}`);
    for (const expected of ["input.cpu", "input.mem", "input.disk", "input.diskio", "input.net", "input.system", "input.processes", "input.kernel", "input.docker", "output.influxdb_v2"]) {
      expect(names).toContain(expected);
    }
    for (const p of all.body.plugins) {
      expect(p.description).not.toBe("");
      expect(p.config).toContain(`[[${p.type}s.${p.name}]]`);
    }
    const outputs = await t.client.get<{ plugins: { type: string }[] }>("/api/v2/telegraf/plugins", { ...op(), query: { type: "outputs" } });
    expect(new Set(outputs.body.plugins.map((p) => p.type))).toEqual(new Set(["output"]));
    expect((await t.client.get("/api/v2/telegraf/plugins", { ...op(), query: { type: "gadgets" } })).status).toBe(400);
    expect((await t.client.get("/api/v2/telegraf/plugins")).status).toBe(401);
  });
});
