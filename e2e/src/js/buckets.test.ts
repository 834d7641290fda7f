import { BucketsAPI, OrgsAPI } from "@influxdata/influxdb-client-apis";
import { describe, expect, it } from "vitest";
import { influxClient, uniqueName } from "../harness/client.js";
import { errorCode, expectHttpError } from "../harness/expect-http-error.js";
import { useOnboardedServer } from "../harness/onboarded-server.js";

const instance = useOnboardedServer();
const bucketsAPI = (): BucketsAPI => new BucketsAPI(influxClient(instance.current.server.url, instance.current.setup.token));
const orgID = (): string => instance.current.setup.orgID;

describe("JS client: BucketsAPI", () => {
  it("creates a bucket with a retention rule and reads it back", async () => {
    const name = uniqueName("bucket");
    const created = await bucketsAPI().postBuckets({
      body: { orgID: orgID(), name, description: "e2e", retentionRules: [{ type: "expire", everySeconds: 86_400 }] },
    });
    expect(created.id).toMatch(/^[0-9a-f]{16}$/);
    expect(created.name).toBe(name);
    expect(created.orgID).toBe(orgID());
    expect(created.type).toBe("user");
    expect(created.description).toBe("e2e");
    expect(created.retentionRules).toEqual([expect.objectContaining({ type: "expire", everySeconds: 86_400 })]);

    const byID = await bucketsAPI().getBucketsID({ bucketID: created.id ?? "" });
    expect(byID.name).toBe(name);
    expect(byID.retentionRules).toEqual([expect.objectContaining({ type: "expire", everySeconds: 86_400 })]);
  });

  it("a bucket without retention rules keeps its data forever (no expire rule, or everySeconds 0)", async () => {
    const created = await bucketsAPI().postBuckets({ body: { orgID: orgID(), name: uniqueName("bucket-forever"), retentionRules: [] } });
    const expiring = (created.retentionRules ?? []).filter((rule) => rule.everySeconds > 0);
    expect(expiring).toEqual([]);
  });

  it("lists buckets of the org, filters by name and pages with limit/offset", async () => {
    const names = [uniqueName("bucket-list"), uniqueName("bucket-list"), uniqueName("bucket-list")];
    for (const name of names) await bucketsAPI().postBuckets({ body: { orgID: orgID(), name, retentionRules: [] } });

    const all = await bucketsAPI().getBuckets({ orgID: orgID(), limit: 100 });
    const listed = all.buckets?.map((bucket) => bucket.name) ?? [];
    for (const name of names) expect(listed).toContain(name);
    expect(listed).toContain(instance.current.setup.bucketName);

    const byOrgName = await bucketsAPI().getBuckets({ org: instance.current.setup.orgName, limit: 100 });
    expect(byOrgName.buckets?.map((bucket) => bucket.name).sort()).toEqual([...listed].sort());

    const byName = await bucketsAPI().getBuckets({ orgID: orgID(), name: names[1] });
    expect(byName.buckets?.map((bucket) => bucket.name)).toEqual([names[1]]);

    const firstPage = await bucketsAPI().getBuckets({ orgID: orgID(), limit: 2 });
    const secondPage = await bucketsAPI().getBuckets({ orgID: orgID(), limit: 2, offset: 2 });
    expect(firstPage.buckets).toHaveLength(2);
    expect(secondPage.buckets?.length).toBeGreaterThan(0);
    const firstIDs = firstPage.buckets?.map((bucket) => bucket.id) ?? [];
    for (const bucket of secondPage.buckets ?? []) expect(firstIDs).not.toContain(bucket.id);
  });

  it("every new org has the _monitoring and _tasks system buckets", async () => {
    const org = await new OrgsAPI(influxClient(instance.current.server.url, instance.current.setup.token)).postOrgs({
      body: { name: uniqueName("org-with-system-buckets") },
    });
    const buckets = await bucketsAPI().getBuckets({ orgID: org.id ?? "", limit: 100 });
    const system = (buckets.buckets ?? []).filter((bucket) => bucket.type === "system").map((bucket) => bucket.name).sort();
    expect(system).toEqual(["_monitoring", "_tasks"]);
  });

  it("refuses a duplicate bucket name in the same org (422 conflict)", async () => {
    const name = uniqueName("bucket-dup");
    await bucketsAPI().postBuckets({ body: { orgID: orgID(), name, retentionRules: [] } });
    const error = await expectHttpError(bucketsAPI().postBuckets({ body: { orgID: orgID(), name, retentionRules: [] } }));
    expect(error.statusCode).toBe(422);
    expect(errorCode(error)).toBe("conflict");
  });

  it("updates a bucket's name, description and retention", async () => {
    const created = await bucketsAPI().postBuckets({ body: { orgID: orgID(), name: uniqueName("bucket-old"), retentionRules: [] } });
    const newName = uniqueName("bucket-new");
    const updated = await bucketsAPI().patchBucketsID({
      bucketID: created.id ?? "",
      body: { name: newName, description: "changed", retentionRules: [{ type: "expire", everySeconds: 7_200 }] },
    });
    expect(updated.name).toBe(newName);
    expect(updated.description).toBe("changed");
    expect(updated.retentionRules).toEqual([expect.objectContaining({ type: "expire", everySeconds: 7_200 })]);
    const reread = await bucketsAPI().getBucketsID({ bucketID: created.id ?? "" });
    expect(reread.name).toBe(newName);
    expect(reread.retentionRules).toEqual([expect.objectContaining({ everySeconds: 7_200 })]);
  });

  it("deletes a bucket; afterwards it is 404 and not in the org's list", async () => {
    const name = uniqueName("bucket-gone");
    const created = await bucketsAPI().postBuckets({ body: { orgID: orgID(), name, retentionRules: [] } });
    await bucketsAPI().deleteBucketsID({ bucketID: created.id ?? "" });
    const error = await expectHttpError(bucketsAPI().getBucketsID({ bucketID: created.id ?? "" }));
    expect(error.statusCode).toBe(404);
    expect(errorCode(error)).toBe("not found");
    const listed = await bucketsAPI().getBuckets({ orgID: orgID(), limit: 100 });
    expect(listed.buckets?.map((bucket) => bucket.id)).not.toContain(created.id);
  });
});
