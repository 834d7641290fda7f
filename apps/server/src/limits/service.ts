// Organization limits and usage (InfluxDB Cloud's /orgs/{id}/limits and /usage). Fluxgate imposes
// no per-org quotas, so every quota is 0 ("unlimited", as the API defines it); usage counts what
// the org holds now, from whichever resource tables this build has.
import type { Authorizer } from "../auth/authorizer.js";
import { invalid, notFound } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import { findOrgByID } from "../orgs/repository.js";
import { ORG_NOT_FOUND } from "../orgs/service.js";
import { countOrgResources, type UsageCount } from "./repository.js";

/** Usage field → table of org-owned rows. Tables a build does not have yet are skipped. */
const COUNTED: readonly (readonly [field: string, table: string])[] = [
  ["buckets", "buckets"],
  ["checks", "checks"],
  ["dashboards", "dashboards"],
  ["dbrps", "dbrps"],
  ["labels", "labels"],
  ["notification_endpoints", "notification_endpoints"],
  ["notification_rules", "notification_rules"],
  ["scrapers", "scrapers"],
  ["scripts", "scripts"],
  ["secrets", "secrets"],
  ["sources", "sources"],
  ["tasks", "tasks"],
  ["telegrafs", "telegrafs"],
  ["tokens", "authorizations"],
  ["variables", "variables"],
];

export interface OrgLimits {
  orgID: string;
  rate: { readKBs: number; concurrentReadRequests: number; writeKBs: number; concurrentWriteRequests: number; cardinality: number; queryTime: number };
  bucket: { maxBuckets: number; maxRetentionDuration: number };
  task: { maxTasks: number };
  dashboard: { maxDashboards: number };
  check: { maxChecks: number };
  notificationRule: { maxNotifications: number; blockedNotificationRules: string };
  notificationEndpoint: { blockedNotificationEndpoints: string };
}

export class LimitsService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  async limits(orgID: string): Promise<OrgLimits> {
    await this.#readableOrg(orgID);
    return {
      orgID,
      // The only limit Fluxgate has on reads is server-wide: --query-concurrency running queries.
      rate: { readKBs: 0, concurrentReadRequests: this.app.config.queryConcurrency, writeKBs: 0, concurrentWriteRequests: 0, cardinality: 0, queryTime: 0 },
      bucket: { maxBuckets: 0, maxRetentionDuration: 0 },
      task: { maxTasks: 0 },
      dashboard: { maxDashboards: 0 },
      check: { maxChecks: 0 },
      notificationRule: { maxNotifications: 0, blockedNotificationRules: "" },
      notificationEndpoint: { blockedNotificationEndpoints: "" },
    };
  }

  /** How many of each resource the org holds, plus its members; `start`/`stop` are checked, counts are as of now. */
  async usage(orgID: string, start: Date, stop: Date): Promise<UsageCount[]> {
    await this.#readableOrg(orgID);
    if (start.getTime() > stop.getTime()) throw invalid(`start ${start.toISOString()} must not be after stop ${stop.toISOString()}`);
    return countOrgResources(this.app.db, orgID, COUNTED);
  }

  async #readableOrg(orgID: string): Promise<void> {
    await this.auth.identity();
    if (!(await findOrgByID(this.app.db, orgID))) throw notFound(ORG_NOT_FOUND);
    await this.auth.requireOn("read", "orgs", { id: orgID });
  }
}
