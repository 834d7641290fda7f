import type { Label } from "./repository.js";

/** A label as InfluxDB returns it; like InfluxDB, no `properties` key when there are none. */
export function presentLabel(label: Label) {
  const hasProperties = Object.keys(label.properties).length > 0;
  return { id: label.id, orgID: label.org_id, name: label.name, ...(hasProperties ? { properties: label.properties } : {}) };
}

export function presentLabels(self: string, labels: readonly Label[]) {
  return { labels: labels.map(presentLabel), links: { self } };
}

export function presentLabelResponse(label: Label) {
  return { label: presentLabel(label), links: { self: `/api/v2/labels/${label.id}` } };
}
