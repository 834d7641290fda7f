// Permission-matrix cases of the query operations (collected by src/permissions-matrix/).
import { read, type Case } from "../test-support/permission-cases.js";

export const cases: Record<string, Case> = {
  // A bucket the token may not read is reported as missing, as InfluxDB's bucket lookup does.
  PostQuery: {
    denied: 404,
    prepare: async (f) => {
      const orgID = f.instance.org.id;
      const id = await f.bucket();
      return { call: { method: "POST", path: "/api/v2/query", query: { orgID }, body: { query: `from(bucketID: "${id}") |> range(start: 0)` } }, grant: [read("buckets", { orgID, id })] };
    },
  },
  // Parsing needs no permission, only a valid token.
  PostQueryAst: { denied: "allowed", prepare: async () => ({ call: { method: "POST", path: "/api/v2/query/ast", body: { query: "x = 1" } }, grant: [] }) },
  PostQueryAnalyze: { denied: "allowed", prepare: async () => ({ call: { method: "POST", path: "/api/v2/query/analyze", body: { query: "x = 1" } }, grant: [] }) },
  GetQuerySuggestions: { denied: "allowed", prepare: async () => ({ call: { method: "GET", path: "/api/v2/query/suggestions" }, grant: [] }) },
  GetQuerySuggestionsName: { denied: "allowed", prepare: async () => ({ call: { method: "GET", path: "/api/v2/query/suggestions/filter" }, grant: [] }) },
};
