// Source, measurement-schema and usage-count SQL on every metadata backend (PGlite always,
// PostgreSQL when configured): jsonb round trips, the unique (bucket, measurement), cascades, and
// count(*) read back as a number whichever driver returns it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schemas from "../bucket-schemas/repository.js";
import { createBucket, deleteBucket } from "../buckets/repository.js";
import type { MetadataStore } from "../db/index.js";
import { isUniqueViolation } from "../db/errors.js";
import { createOrgWithSystemBuckets, deleteOrg } from "../orgs/repository.js";
import * as sources from "../sources/repository.js";
import { metadataBackends } from "../test-support/metadata-backends.js";
import { countOrgResources, tablesWithOrgID } from "./repository.js";

const SOURCE = {
  name: "remote",
  type: "v2" as const,
  is_default: false,
  url: "http://remote:8086",
  insecure_skip_verify: false,
  telegraf: "",
  username: "",
  meta_url: "",
  default_rp: "",
  sealed_token: "v1:sealed",
  sealed_password: null,
  sealed_shared_secret: null,
};

describe.each(metadataBackends())("source, measurement schema and usage repositories on $name", (backend) => {
  let store: MetadataStore;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it("stores sources, lists them by visibility and org, and drops them with their org", async () => {
    const org = await createOrgWithSystemBuckets(store.db, { name: "sources-repo" });
    const other = await createOrgWithSystemBuckets(store.db, { name: "sources-other" });
    const a = await sources.createSource(store.db, "00000000000000a1", org.id, SOURCE);
    await sources.createSource(store.db, "00000000000000b1", other.id, { ...SOURCE, name: "theirs" });
    expect(a).toMatchObject({ id: "00000000000000a1", org_id: org.id, sealed_token: "v1:sealed", sealed_password: null, is_default: false });
    expect((await sources.listSources(store.db, { orgIDs: [org.id], ids: [] })).map((s) => s.id)).toEqual([a.id]);
    expect(await sources.listSources(store.db, { orgIDs: [], ids: [] })).toEqual([]);
    expect((await sources.listSources(store.db, "all", other.id)).map((s) => s.name)).toEqual(["theirs"]);
    const updated = await sources.updateSource(store.db, a.id, { name: "renamed", sealed_token: null });
    expect(updated).toMatchObject({ name: "renamed", sealed_token: null, url: SOURCE.url });
    await deleteOrg(store.db, org.id);
    expect(await sources.findSourceByID(store.db, a.id)).toBeUndefined();
    expect(await sources.deleteSource(store.db, "00000000000000b1")).toBe(true);
    expect(await sources.deleteSource(store.db, "00000000000000b1")).toBe(false);
  });

  it("keeps one schema per measurement of a bucket, round-trips columns, and cascades with the bucket", async () => {
    const org = await createOrgWithSystemBuckets(store.db, { name: "schemas-repo" });
    const bucket = await createBucket(store.db, { orgID: org.id, name: "explicit", schemaType: "explicit" });
    const columns = [
      { name: "time", type: "timestamp" as const },
      { name: "host", type: "tag" as const },
      { name: "v", type: "field" as const, dataType: "float" as const },
    ];
    const cpu = await schemas.createSchema(store.db, bucket, "cpu", columns);
    expect(cpu.columns).toEqual(columns);
    let duplicate = false;
    try {
      await schemas.createSchema(store.db, bucket, "cpu", columns);
    } catch (err) {
      duplicate = isUniqueViolation(err);
    }
    expect(duplicate).toBe(true);
    await schemas.createSchema(store.db, bucket, "am", columns);
    expect((await schemas.listSchemas(store.db, bucket.id)).map((s) => s.name)).toEqual(["am", "cpu"]);
    expect((await schemas.listSchemas(store.db, bucket.id, "cpu")).map((s) => s.id)).toEqual([cpu.id]);
    const wider = [...columns, { name: "dc", type: "tag" as const }];
    expect((await schemas.updateSchemaColumns(store.db, cpu.id, wider))?.columns).toEqual(wider);
    expect(await schemas.findSchema(store.db, "0000000000000001", cpu.id)).toBeUndefined();
    await deleteBucket(store.db, bucket.id);
    expect(await schemas.listSchemas(store.db, bucket.id)).toEqual([]);
  });

  it("counts an org's rows in the tables that exist, and its members", async () => {
    const org = await createOrgWithSystemBuckets(store.db, { name: "usage-repo" });
    await createBucket(store.db, { orgID: org.id, name: "one" });
    await sources.createSource(store.db, "00000000000000c1", org.id, SOURCE);
    expect(await tablesWithOrgID(store.db)).toContain("buckets");
    const counts = await countOrgResources(store.db, org.id, [
      ["sources", "sources"],
      ["buckets", "buckets"],
      ["nothing", "no_such_table"],
    ]);
    const systemBuckets = (await store.db.selectFrom("buckets").select("id").where("org_id", "=", org.id).where("type", "=", "system").execute()).length;
    expect(counts).toEqual([
      { field: "buckets", value: 1 + systemBuckets },
      { field: "sources", value: 1 },
      { field: "users", value: 0 },
    ]);
  });
});
