import { describe, expect, it } from "vitest";
import { Authorizer } from "../auth/authorizer.js";
import type { Permission } from "../auth/permissions.js";
import { createAuthorization } from "../authorizations/repository.js";
import { FluxgateError } from "../http/errors.js";
import { type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";
import { NO_DBRP_MAPPING, resolveDbrp } from "./resolve.js";

describe("resolveDbrp", () => {
  let t: TestServer;
  let instance: Instance;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  const op = () => ({ token: instance.operatorToken });
  const asToken = (token: string) => new Authorizer(t.server.app, { kind: "token", token });
  const operator = () => asToken(instance.operatorToken);
  const bucket = async (name: string, orgID = instance.org.id) => (await t.client.post<{ id: string }>("/api/v2/buckets", { orgID, name, retentionRules: [] }, op())).body.id;
  const map = async (bucketID: string, database: string, rp: string, isDefault = false, orgID = instance.org.id) => {
    const res = await t.client.post<{ id: string }>("/api/v2/dbrps", { orgID, bucketID, database, retention_policy: rp, default: isDefault }, op());
    if (res.status !== 201) throw new Error(`mapping: ${res.status} ${res.text}`);
  };
  const notFound = async (p: Promise<unknown>) => {
    const err = await p.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(FluxgateError);
    expect((err as FluxgateError).code).toBe("not found");
    expect((err as FluxgateError).message).toBe(NO_DBRP_MAPPING);
  };

  it("prefers a stored mapping, then the virtual one of a `db/rp` or `db` bucket", async () => {
    const plain = await bucket("res");
    const weekly = await bucket("res/weekly");
    const org = instance.org.id;
    expect(await resolveDbrp(t.server.app, operator(), { db: "res" })).toEqual({ bucketID: plain, orgID: org });
    expect(await resolveDbrp(t.server.app, operator(), { db: "res", rp: "autogen" })).toEqual({ bucketID: plain, orgID: org });
    expect(await resolveDbrp(t.server.app, operator(), { db: "res", rp: "" })).toEqual({ bucketID: plain, orgID: org });
    expect(await resolveDbrp(t.server.app, operator(), { db: "res", rp: "weekly" })).toEqual({ bucketID: weekly, orgID: org });
    await notFound(resolveDbrp(t.server.app, operator(), { db: "res", rp: "monthly" }));
    await notFound(resolveDbrp(t.server.app, operator(), { db: "absent" }));

    const stored = await bucket("res-stored");
    await map(stored, "res", "weekly");
    expect((await resolveDbrp(t.server.app, operator(), { db: "res", rp: "weekly" })).bucketID).toBe(stored);
    // The stored mapping is the only stored one of `res`, so it is the default too.
    expect((await resolveDbrp(t.server.app, operator(), { db: "res" })).bucketID).toBe(stored);
  });

  it("looks in the named org, else the caller's token org", async () => {
    const otherOrg = (await t.client.post<{ id: string }>("/api/v2/orgs", { name: "res-other" }, op())).body.id;
    const theirs = await bucket("shared-name", otherOrg);
    const mine = await bucket("shared-name");
    expect(await resolveDbrp(t.server.app, operator(), { db: "shared-name" })).toEqual({ bucketID: mine, orgID: instance.org.id });
    expect(await resolveDbrp(t.server.app, operator(), { db: "shared-name", orgID: otherOrg })).toEqual({ bucketID: theirs, orgID: otherOrg });
  });

  it("counts only mappings whose bucket the caller may read or write", async () => {
    const a = await bucket("guarded");
    const grant = async (permissions: Permission[]) => asToken((await createAuthorization(t.server.app.db, { orgID: instance.org.id, userID: instance.user.id, permissions })).token);
    const writer = await grant([{ action: "write", resource: { type: "buckets", orgID: instance.org.id, id: a } }]);
    expect((await resolveDbrp(t.server.app, writer, { db: "guarded" })).bucketID).toBe(a);
    const stranger = await grant([{ action: "read", resource: { type: "dashboards", orgID: instance.org.id } }]);
    await notFound(resolveDbrp(t.server.app, stranger, { db: "guarded" }));
    const anonymous = new Authorizer(t.server.app, { kind: "none" });
    await expect(resolveDbrp(t.server.app, anonymous, { db: "guarded" })).rejects.toMatchObject({ code: "unauthorized" });
  });
});
