import { presentLabel } from "../labels/present.js";
import type { Label } from "../labels/repository.js";
import type { Telegraf } from "./repository.js";

/** A Telegraf configuration as InfluxDB returns it as JSON, with its labels. */
export function presentTelegraf(telegraf: Telegraf, labels: readonly Label[]) {
  const self = `/api/v2/telegrafs/${telegraf.id}`;
  return {
    id: telegraf.id,
    orgID: telegraf.org_id,
    name: telegraf.name,
    description: telegraf.description,
    metadata: { buckets: telegraf.metadata_buckets },
    config: telegraf.config,
    labels: labels.map(presentLabel),
    links: { self, labels: `${self}/labels`, members: `${self}/members`, owners: `${self}/owners` },
  };
}
