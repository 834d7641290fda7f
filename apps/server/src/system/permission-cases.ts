// Permission-matrix cases of the instance operations of system/ (its other operations are public).
import { operatorPermissions } from "../auth/permissions.js";
import type { Case } from "../test-support/permission-cases.js";

export const cases: Record<string, Case> = {
  GetResources: { denied: "allowed", prepare: async () => ({ call: { method: "GET", path: "/api/v2/resources" }, grant: [] }) },
  GetFlags: { denied: "allowed", prepare: async () => ({ call: { method: "GET", path: "/api/v2/flags" }, grant: [] }) },
  GetConfig: { denied: 403, prepare: async () => ({ call: { method: "GET", path: "/api/v2/config" }, grant: operatorPermissions() }) },
};
