import { AuthorizationsAPI, BucketsAPI } from "@influxdata/influxdb-client-apis";
import type { Permission } from "@influxdata/influxdb-client-apis";
import { describe, expect, it } from "vitest";
import { influxClient, uniqueName } from "../harness/client.js";
import { errorCode, expectHttpError } from "../harness/expect-http-error.js";
import { useOnboardedServer } from "../harness/onboarded-server.js";

const instance = useOnboardedServer();
const operatorClient = () => influxClient(instance.current.server.url, instance.current.setup.token);
const authsAPI = (): AuthorizationsAPI => new AuthorizationsAPI(operatorClient());
const orgID = (): string => instance.current.setup.orgID;
const readBuckets = (): Permission => ({ action: "read", resource: { type: "buckets", orgID: orgID() } });

async function createToken(description: string, permissions: Permission[] = [readBuckets()]) {
  return authsAPI().postAuthorizations({ body: { orgID: orgID(), description, permissions } });
}

describe("JS client: AuthorizationsAPI", () => {
  it("creates a token with the requested permissions and returns it in full", async () => {
    const description = uniqueName("token");
    const created = await createToken(description);
    expect(created.id).toMatch(/^[0-9a-f]{16}$/);
    expect(created.token).toEqual(expect.any(String));
    expect(created.token?.length).toBeGreaterThan(20);
    expect(created.status).toBe("active");
    expect(created.description).toBe(description);
    expect(created.orgID).toBe(orgID());
    expect(created.permissions).toEqual([expect.objectContaining({ action: "read", resource: expect.objectContaining({ type: "buckets", orgID: orgID() }) })]);
  });

  it("a token created by the client is then usable by the client", async () => {
    const created = await createToken(uniqueName("token-use"));
    const buckets = await new BucketsAPI(influxClient(instance.current.server.url, created.token)).getBuckets({ orgID: orgID() });
    expect(buckets.buckets?.map((bucket) => bucket.name)).toContain(instance.current.setup.bucketName);
  });

  it("a read-only token cannot create a bucket", async () => {
    const created = await createToken(uniqueName("token-ro"));
    const error = await expectHttpError(
      new BucketsAPI(influxClient(instance.current.server.url, created.token)).postBuckets({
        body: { orgID: orgID(), name: uniqueName("forbidden-bucket"), retentionRules: [] },
      }),
    );
    // InfluxDB 2.x answers a missing permission with 401 (code unauthorized) on most routes and 403 on
    // some; either way the bucket must not be created.
    expect([401, 403]).toContain(error.statusCode);
  });

  it("lists tokens and filters them by user ID, user name, org ID and org name", async () => {
    const created = await createToken(uniqueName("token-list"));
    const { userID, userName, orgName } = instance.current.setup;
    const ids = async (filter: Parameters<AuthorizationsAPI["getAuthorizations"]>[0]) =>
      (await authsAPI().getAuthorizations(filter)).authorizations?.map((auth) => auth.id) ?? [];

    expect(await ids({})).toContain(created.id);
    expect(await ids({ userID })).toContain(created.id);
    expect(await ids({ user: userName })).toContain(created.id);
    expect(await ids({ orgID: orgID() })).toContain(created.id);
    expect(await ids({ org: orgName })).toContain(created.id);
  });

  it("listed tokens are not shown in full: only the create response carries the secret", async () => {
    const created = await createToken(uniqueName("token-hidden"));
    const listed = (await authsAPI().getAuthorizations({})).authorizations?.find((auth) => auth.id === created.id);
    expect(listed).toBeDefined();
    expect(listed?.token).not.toBe(created.token);
  });

  it("sets a token inactive (then it is refused with 401) and active again (then it works)", async () => {
    const created = await createToken(uniqueName("token-toggle"));
    const asToken = () => new BucketsAPI(influxClient(instance.current.server.url, created.token)).getBuckets({ orgID: orgID() });

    const inactive = await authsAPI().patchAuthorizationsID({ authID: created.id ?? "", body: { status: "inactive" } });
    expect(inactive.status).toBe("inactive");
    expect((await authsAPI().getAuthorizationsID({ authID: created.id ?? "" })).status).toBe("inactive");
    const refused = await expectHttpError(asToken());
    expect(refused.statusCode).toBe(401);
    expect(errorCode(refused)).toBe("unauthorized");

    const active = await authsAPI().patchAuthorizationsID({ authID: created.id ?? "", body: { status: "active" } });
    expect(active.status).toBe("active");
    await expect(asToken()).resolves.toEqual(expect.objectContaining({ buckets: expect.any(Array) }));
  });

  it("updates a token's description", async () => {
    const created = await createToken(uniqueName("token-desc"));
    const updated = await authsAPI().patchAuthorizationsID({ authID: created.id ?? "", body: { description: "new words" } });
    expect(updated.description).toBe("new words");
  });

  it("deletes a token; afterwards it is 404 and refused with 401", async () => {
    const created = await createToken(uniqueName("token-gone"));
    await authsAPI().deleteAuthorizationsID({ authID: created.id ?? "" });
    const missing = await expectHttpError(authsAPI().getAuthorizationsID({ authID: created.id ?? "" }));
    expect(missing.statusCode).toBe(404);
    const refused = await expectHttpError(
      new BucketsAPI(influxClient(instance.current.server.url, created.token)).getBuckets({ orgID: orgID() }),
    );
    expect(refused.statusCode).toBe(401);
  });
});
