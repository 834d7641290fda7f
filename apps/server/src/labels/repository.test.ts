// Label, label-mapping, secret and variable SQL on every metadata backend (PGlite always, PostgreSQL
// when configured): the case-insensitive unique indexes, ON CONFLICT and jsonb round trips.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetadataStore } from "../db/index.js";
import { isUniqueViolation } from "../db/errors.js";
import { createOrgWithSystemBuckets, deleteOrg } from "../orgs/repository.js";
import * as secrets from "../secrets/repository.js";
import { metadataBackends } from "../test-support/metadata-backends.js";
import * as variables from "../variables/repository.js";
import * as labels from "./repository.js";

const uniqueViolation = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return isUniqueViolation(err);
  }
  return false;
};

describe.each(metadataBackends())("label, secret and variable repositories on $name", (backend) => {
  let store: MetadataStore;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it("keeps label names unique per org ignoring case, maps labels to resources and cascades", async () => {
    const org = await createOrgWithSystemBuckets(store.db, { name: "labels-repo" });
    const red = await labels.createLabel(store.db, { orgID: org.id, name: "Red", properties: { color: "#f00" } });
    expect(red.properties).toEqual({ color: "#f00" });
    expect(await uniqueViolation(labels.createLabel(store.db, { orgID: org.id, name: "RED", properties: {} }))).toBe(true);
    const blue = await labels.createLabel(store.db, { orgID: org.id, name: "blue", properties: {} });

    expect(await labels.insertLabelMapping(store.db, red.id, "buckets", "b1")).toBe(true);
    expect(await labels.insertLabelMapping(store.db, red.id, "buckets", "b1")).toBe(false);
    expect(await labels.insertLabelMapping(store.db, blue.id, "buckets", "b1")).toBe(true);
    expect(await labels.insertLabelMapping(store.db, blue.id, "variables", "b1")).toBe(true);
    const byResource = await labels.labelsOfResources(store.db, "buckets", ["b1", "b2"]);
    expect(byResource.get("b1")?.map((l) => l.name)).toEqual(["Red", "blue"]);
    expect(byResource.get("b2")).toEqual([]);

    expect(await labels.deleteLabelMapping(store.db, red.id, "buckets", "b1")).toBe(true);
    expect(await labels.deleteLabelMapping(store.db, red.id, "buckets", "b1")).toBe(false);
    await labels.removeResourceLabelMappings(store.db, "buckets", ["b1"]);
    expect((await labels.labelsOfResources(store.db, "buckets", ["b1"])).get("b1")).toEqual([]);
    expect((await labels.labelsOfResources(store.db, "variables", ["b1"])).get("b1")?.map((l) => l.id)).toEqual([blue.id]);

    await deleteOrg(store.db, org.id);
    expect(await labels.findLabelByID(store.db, blue.id)).toBeUndefined();
    expect(await store.db.selectFrom("label_mappings").selectAll().where("label_id", "=", blue.id).execute()).toEqual([]);
  });

  it("upserts and deletes sealed secrets", async () => {
    const org = await createOrgWithSystemBuckets(store.db, { name: "secrets-repo" });
    await secrets.upsertSecrets(store.db, org.id, new Map([["b", "v1:x"], ["a", "v1:y"]]));
    await secrets.upsertSecrets(store.db, org.id, new Map([["a", "v1:z"]]));
    expect(await secrets.listSecretKeys(store.db, org.id)).toEqual(["a", "b"]);
    expect(await secrets.findSealedSecret(store.db, org.id, "a")).toBe("v1:z");
    expect(await secrets.deleteSecrets(store.db, org.id, ["a", "missing"])).toBe(1);
    expect(await secrets.listSecretKeys(store.db, org.id)).toEqual(["b"]);
  });

  it("stores variable arguments and selections as JSON and keeps names unique per org ignoring case", async () => {
    const org = await createOrgWithSystemBuckets(store.db, { name: "variables-repo" });
    const v = await variables.createVariable(store.db, org.id, { name: "Env", description: "", arguments: { type: "map", values: { a: "1" } }, selected: ["a"] });
    expect(v.arguments).toEqual({ type: "map", values: { a: "1" } });
    expect(v.selected).toEqual(["a"]);
    expect(await uniqueViolation(variables.createVariable(store.db, org.id, { name: "env", description: "", arguments: { type: "constant", values: [] }, selected: [] }))).toBe(true);
    const updated = await variables.updateVariable(store.db, v.id, { arguments: { type: "constant", values: ["x", "y"] }, selected: [] });
    expect(updated).toMatchObject({ name: "Env", arguments: { type: "constant", values: ["x", "y"] }, selected: [] });
    expect((await variables.listVariables(store.db, { orgID: org.id, visible: { orgIDs: [], ids: [v.id] } })).map((x) => x.id)).toEqual([v.id]);
    expect(await variables.listVariables(store.db, { orgID: org.id, visible: { orgIDs: [], ids: [] } })).toEqual([]);
    expect(await variables.deleteVariable(store.db, v.id)).toBe(true);
  });
});
