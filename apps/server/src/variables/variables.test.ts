import { beforeAll, describe, expect, it } from "vitest";
import type { Permission } from "../auth/permissions.js";
import { ERROR_STATUS } from "../http/errors.js";
import { createAuthorization } from "../authorizations/repository.js";
import { type ErrorJson, type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";

interface VariableJson {
  id: string;
  orgID: string;
  name: string;
  description?: string;
  selected: string[];
  arguments: { type: string; values: unknown };
  labels: { id: string; name: string }[];
  createdAt: string;
  updatedAt: string;
  links: Record<string, string>;
}
interface VariablesJson {
  variables: VariableJson[];
  links: { self: string };
}

describe("variables", () => {
  let t: TestServer;
  let instance: Instance;
  let otherOrgID: string;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  beforeAll(async () => {
    otherOrgID = (await t.client.post<{ id: string }>("/api/v2/orgs", { name: "other" }, op())).body.id;
  });
  const op = () => ({ token: instance.operatorToken });
  const create = async (body: Record<string, unknown>) => {
    const res = await t.client.post<VariableJson>("/api/v2/variables", { orgID: instance.org.id, ...body }, op());
    expect(res.status, res.text).toBe(201);
    return res.body;
  };
  const label = async (name: string, orgID = instance.org.id) => {
    const res = await t.client.post<{ label: { id: string; orgID: string; name: string } }>("/api/v2/labels", { orgID, name }, op());
    expect(res.status, res.text).toBe(201);
    return res.body.label;
  };
  const tokenWith = async (permissions: Permission[]) => (await createAuthorization(t.server.app.db, { orgID: instance.org.id, userID: instance.user.id, permissions })).token;

  it("creates each kind, reads, replaces, patches and deletes a variable", async () => {
    const query = await create({ name: "hosts", description: "all hosts", arguments: { type: "query", values: { query: 'buckets() |> keep(columns: ["name"])', language: "flux" } }, selected: ["a"] });
    expect(query).toMatchObject({ orgID: instance.org.id, name: "hosts", description: "all hosts", selected: ["a"], labels: [] });
    expect(query.arguments).toEqual({ type: "query", values: { query: 'buckets() |> keep(columns: ["name"])', language: "flux" } });
    expect(query.links).toEqual({ self: `/api/v2/variables/${query.id}`, org: `/api/v2/orgs/${instance.org.id}`, labels: `/api/v2/variables/${query.id}/labels` });
    expect(Date.parse(query.createdAt)).not.toBeNaN();

    const constant = await create({ name: "region", arguments: { type: "constant", values: ["eu", "us"] } });
    expect(constant.selected).toEqual([]);
    expect(constant.description).toBeUndefined();
    const map = await create({ name: "Env", arguments: { type: "map", values: { Production: "prod", Staging: "stg" } } });
    expect(map.arguments).toEqual({ type: "map", values: { Production: "prod", Staging: "stg" } });

    expect((await t.client.get<VariableJson>(`/api/v2/variables/${query.id}`, op())).body).toEqual(query);

    const put = await t.client.put<VariableJson>(`/api/v2/variables/${constant.id}`, { orgID: instance.org.id, name: "region2", arguments: { type: "constant", values: ["ap"] } }, op());
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ id: constant.id, name: "region2", selected: [], arguments: { type: "constant", values: ["ap"] } });
    expect(put.body.createdAt).toBe(constant.createdAt);

    const patched = await t.client.patch<VariableJson>(`/api/v2/variables/${map.id}`, { selected: ["Staging"], description: "environments" }, op());
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ name: "Env", selected: ["Staging"], description: "environments", arguments: map.arguments });

    expect((await t.client.delete(`/api/v2/variables/${map.id}`, op())).status).toBe(204);
    const gone = await t.client.get<ErrorJson>(`/api/v2/variables/${map.id}`, op());
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: "not found", message: "variable not found" });
  });

  it("lists variables by org ID or name and only those the caller may read", async () => {
    const mine = await create({ name: "list_mine", arguments: { type: "constant", values: [] } });
    const theirs = (await t.client.post<VariableJson>("/api/v2/variables", { orgID: otherOrgID, name: "list_theirs", arguments: { type: "constant", values: [] } }, op())).body;

    const all = await t.client.get<VariablesJson>("/api/v2/variables", op());
    expect(all.status).toBe(200);
    expect(all.body.variables.map((v) => v.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    const byID = await t.client.get<VariablesJson>("/api/v2/variables", { ...op(), query: { orgID: otherOrgID } });
    expect(byID.body.variables.map((v) => v.id)).toEqual([theirs.id]);
    expect(byID.body.links.self).toBe(`/api/v2/variables?orgID=${otherOrgID}`);
    const byName = await t.client.get<VariablesJson>("/api/v2/variables", { ...op(), query: { org: "other" } });
    expect(byName.body.variables.map((v) => v.id)).toEqual([theirs.id]);
    expect((await t.client.get("/api/v2/variables", { ...op(), query: { org: "no-such-org" } })).status).toBe(404);

    const token = await tokenWith([{ action: "read", resource: { type: "variables", orgID: otherOrgID } }]);
    expect((await t.client.get<VariablesJson>("/api/v2/variables", { token })).body.variables.map((v) => v.id)).toEqual([theirs.id]);
  });

  it("keeps names unique per org, ignoring case", async () => {
    await create({ name: "Dup", arguments: { type: "constant", values: [] } });
    const again = await t.client.post<ErrorJson>("/api/v2/variables", { orgID: instance.org.id, name: "dup", arguments: { type: "constant", values: [] } }, op());
    expect(again.status).toBe(ERROR_STATUS.conflict);
    expect(again.body.code).toBe("conflict");
    expect((await t.client.post("/api/v2/variables", { orgID: otherOrgID, name: "Dup", arguments: { type: "constant", values: [] } }, op())).status).toBe(201);
    const other = await create({ name: "notdup", arguments: { type: "constant", values: [] } });
    expect((await t.client.patch(`/api/v2/variables/${other.id}`, { name: "DUP" }, op())).status).toBe(ERROR_STATUS.conflict);
  });

  it("rejects bad input", async () => {
    const post = (body: Record<string, unknown>) => t.client.post<ErrorJson>("/api/v2/variables", { orgID: instance.org.id, ...body }, op());
    expect((await post({ name: "x" })).status).toBe(400);
    expect((await post({ name: "x", arguments: { type: "csv", values: [] } })).status).toBe(400);
    expect((await post({ name: "x", arguments: { type: "constant", values: { a: "b" } } })).status).toBe(400);
    expect((await post({ name: "x", arguments: { type: "query", values: { query: "q" } } })).status).toBe(400);
    const digit = await post({ name: "1st", arguments: { type: "constant", values: [] } });
    expect(digit.status).toBe(400);
    expect(digit.body.message).toBe("variable name must start with a letter or underscore");
    expect((await post({ name: "   ", arguments: { type: "constant", values: [] } })).status).toBe(400);
    const noOrg = await t.client.post<ErrorJson>("/api/v2/variables", { orgID: "0123456789abcdef", name: "x", arguments: { type: "constant", values: [] } }, op());
    expect(noOrg.status).toBe(404);
    expect((await t.client.get("/api/v2/variables/0123456789abcdef", op())).status).toBe(404);
    expect((await t.client.get("/api/v2/variables/bad", op())).status).toBe(400);
    expect((await t.client.patch("/api/v2/variables/0123456789abcdef", { name: "y" }, op())).status).toBe(404);
    expect((await t.client.delete("/api/v2/variables/0123456789abcdef", op())).status).toBe(404);

    const v = await create({ name: "stays", arguments: { type: "constant", values: [] } });
    const moved = await t.client.put<ErrorJson>(`/api/v2/variables/${v.id}`, { orgID: otherOrgID, name: "stays", arguments: { type: "constant", values: [] } }, op());
    expect(moved.status).toBe(400);
  });

  it("attaches and detaches labels, shows them on the variable, and refuses other orgs' labels", async () => {
    const v = await create({ name: "labelled", arguments: { type: "constant", values: [] } });
    const l = await label("var-label");
    const path = `/api/v2/variables/${v.id}/labels`;
    const attached = await t.client.post<{ label: { id: string } }>(path, { labelID: l.id }, op());
    expect(attached.status, attached.text).toBe(201);
    expect((await t.client.get<{ labels: unknown[] }>(path, op())).body.labels).toEqual([l]);
    expect((await t.client.get<VariableJson>(`/api/v2/variables/${v.id}`, op())).body.labels).toEqual([l]);
    const listed = (await t.client.get<VariablesJson>("/api/v2/variables", { ...op(), query: { orgID: instance.org.id } })).body.variables.find((x) => x.id === v.id);
    expect(listed?.labels).toEqual([l]);

    const foreign = await label("var-foreign", otherOrgID);
    expect((await t.client.post(path, { labelID: foreign.id }, op())).status).toBe(400);
    expect((await t.client.post(path, { labelID: "0123456789abcdef" }, op())).status).toBe(404);
    expect((await t.client.post("/api/v2/variables/0123456789abcdef/labels", { labelID: l.id }, op())).status).toBe(404);

    expect((await t.client.delete(`${path}/${l.id}`, op())).status).toBe(204);
    expect((await t.client.get<{ labels: unknown[] }>(path, op())).body.labels).toEqual([]);

    // Deleting the variable removes its mappings.
    expect((await t.client.post(path, { labelID: l.id }, op())).status).toBe(201);
    expect((await t.client.delete(`/api/v2/variables/${v.id}`, op())).status).toBe(204);
    expect(await t.server.app.db.selectFrom("label_mappings").selectAll().where("resource_id", "=", v.id).execute()).toEqual([]);
  });
});
