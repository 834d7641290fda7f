// Permission-matrix cases of org limits and usage (collected by src/permissions-matrix/).
import type { Case } from "../test-support/permission-cases.js";

function orgRead(suffix: string, query?: Record<string, string>): Case {
  return {
    denied: 403,
    prepare: async (f) => {
      const id = await f.org();
      return { call: { method: "GET", path: `/api/v2/orgs/${id}${suffix}`, ...(query ? { query } : {}) }, grant: [{ action: "read", resource: { type: "orgs", id } }] };
    },
  };
}

export const cases: Record<string, Case> = {
  GetOrgLimitsID: orgRead("/limits"),
  GetOrgUsageID: orgRead("/usage", { start: "2024-01-01T00:00:00Z" }),
};
