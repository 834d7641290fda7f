import type { Label } from "../labels/repository.js";
import { presentLabel } from "../labels/present.js";
import type { Variable } from "./repository.js";

/** A variable as InfluxDB returns it, with its attached labels. */
export function presentVariable(variable: Variable, labels: readonly Label[]) {
  const self = `/api/v2/variables/${variable.id}`;
  return {
    id: variable.id,
    orgID: variable.org_id,
    name: variable.name,
    ...(variable.description ? { description: variable.description } : {}),
    selected: variable.selected,
    arguments: variable.arguments,
    labels: labels.map(presentLabel),
    createdAt: variable.created_at.toISOString(),
    updatedAt: variable.updated_at.toISOString(),
    links: { self, org: `/api/v2/orgs/${variable.org_id}`, labels: `${self}/labels` },
  };
}
