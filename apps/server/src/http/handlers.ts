// The one place every domain's handlers come together. Each domain folder exports `handlers`
// from its own handlers.ts; adding handlers there needs no change here.
import { handlers as authorizations } from "../authorizations/handlers.js";
import { handlers as backup } from "../backup/handlers.js";
import { handlers as bucketSchemas } from "../bucket-schemas/handlers.js";
import { handlers as buckets } from "../buckets/handlers.js";
import { handlers as checks } from "../checks/handlers.js";
import { handlers as dashboards } from "../dashboards/handlers.js";
import { handlers as dbrp } from "../dbrp/handlers.js";
import { handlers as influxql } from "../influxql/handlers.js";
import { handlers as labels } from "../labels/handlers.js";
import { handlers as legacy } from "../legacy/handlers.js";
import { handlers as limits } from "../limits/handlers.js";
import { handlers as notifications } from "../notifications/handlers.js";
import { handlers as orgs } from "../orgs/handlers.js";
import { handlers as query } from "../query/handlers.js";
import { handlers as replications } from "../replications/handlers.js";
import { handlers as scrapers } from "../scrapers/handlers.js";
import { handlers as scripts } from "../scripts/handlers.js";
import { handlers as secrets } from "../secrets/handlers.js";
import { handlers as sessions } from "../sessions/handlers.js";
import { handlers as setup } from "../setup/handlers.js";
import { handlers as sources } from "../sources/handlers.js";
import { handlers as system } from "../system/handlers.js";
import { handlers as tasks } from "../tasks/handlers.js";
import { handlers as telegrafs } from "../telegrafs/handlers.js";
import { handlers as templates } from "../templates/handlers.js";
import { handlers as tenancy } from "../tenancy/handlers.js";
import { handlers as users } from "../users/handlers.js";
import { handlers as variables } from "../variables/handlers.js";
import { handlers as write } from "../write/handlers.js";
import type { Handler, HandlerMap } from "./types.js";

export const DOMAIN_HANDLERS: Readonly<Record<string, HandlerMap>> = {
  authorizations, backup, "bucket-schemas": bucketSchemas, buckets, checks, dashboards, dbrp, influxql, labels, legacy,
  limits, notifications, orgs, query, replications, scrapers, scripts, secrets, sessions, setup, sources, system,
  tasks, telegrafs, templates, tenancy, users, variables, write,
};

/** All handlers by operationId. Two domains claiming one operation is a programming error. */
export function mergeHandlers(domains: Readonly<Record<string, HandlerMap>> = DOMAIN_HANDLERS): Map<string, Handler> {
  const merged = new Map<string, Handler>();
  const owner = new Map<string, string>();
  for (const [domain, map] of Object.entries(domains)) {
    for (const [operationId, handler] of Object.entries(map)) {
      const previous = owner.get(operationId);
      if (previous) throw new Error(`operation ${operationId} has handlers in both ${previous}/ and ${domain}/`);
      owner.set(operationId, domain);
      merged.set(operationId, handler);
    }
  }
  return merged;
}
