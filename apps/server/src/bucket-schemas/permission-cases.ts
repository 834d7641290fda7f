// Permission-matrix cases of measurement schemas (collected by src/permissions-matrix/). As InfluxDB
// Cloud, a caller without the permission on the bucket is told it is not found.
import { read, write, type Case, type Fixture } from "../test-support/permission-cases.js";

const columns = [
  { name: "time", type: "timestamp" },
  { name: "host", type: "tag" },
  { name: "usage", type: "field", dataType: "float" },
];

const explicitBucket = (f: Fixture) =>
  f.created("/api/v2/buckets", { orgID: f.instance.org.id, name: f.name("explicit"), retentionRules: [], schemaType: "explicit" });

function onSchema(method: "GET" | "PATCH", action: "read" | "write", body?: unknown): Case {
  return {
    denied: 404,
    prepare: async (f) => {
      const bucketID = await explicitBucket(f);
      const id = await f.created(`/api/v2/buckets/${bucketID}/schema/measurements`, { name: "cpu", columns });
      const scope = { orgID: f.instance.org.id, id: bucketID };
      return {
        call: { method, path: `/api/v2/buckets/${bucketID}/schema/measurements/${id}`, ...(body !== undefined ? { body } : {}) },
        grant: [action === "read" ? read("buckets", scope) : write("buckets", scope)],
      };
    },
  };
}

export const cases: Record<string, Case> = {
  getMeasurementSchemas: {
    denied: 404,
    prepare: async (f) => {
      const id = await explicitBucket(f);
      return { call: { method: "GET", path: `/api/v2/buckets/${id}/schema/measurements` }, grant: [read("buckets", { orgID: f.instance.org.id, id })] };
    },
  },
  createMeasurementSchema: {
    denied: 404,
    prepare: async (f) => {
      const id = await explicitBucket(f);
      return { call: { method: "POST", path: `/api/v2/buckets/${id}/schema/measurements`, body: { name: "cpu", columns } }, grant: [write("buckets", { orgID: f.instance.org.id, id })] };
    },
  },
  getMeasurementSchema: onSchema("GET", "read"),
  updateMeasurementSchema: onSchema("PATCH", "write", { columns: [...columns, { name: "region", type: "tag" }] }),
};
