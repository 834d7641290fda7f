// Permission-matrix cases of the 1.x query operations (collected by src/permissions-matrix/).
// The 1.x API answers 200 whatever the caller may read: a database the caller may not read is
// reported in that statement's `error` ("database not found"), as influxql.test.ts checks.
import { read, type Case } from "../test-support/permission-cases.js";

export const cases: Record<string, Case> = {
  GetLegacyQuery: {
    denied: "allowed",
    prepare: async (f) => {
      const orgID = f.instance.org.id;
      return { call: { method: "GET", path: "/query", query: { db: f.instance.bucket.name, q: "SHOW MEASUREMENTS" } }, grant: [read("buckets", { orgID, id: f.instance.bucket.id })] };
    },
  },
  PostLegacyQuery: {
    denied: "allowed",
    prepare: async (f) => {
      const orgID = f.instance.org.id;
      return {
        call: { method: "POST", path: "/query", query: { db: f.instance.bucket.name, q: "SHOW DATABASES" } },
        grant: [read("buckets", { orgID, id: f.instance.bucket.id })],
      };
    },
  },
};
