import type { Script } from "./repository.js";

/** A script as InfluxDB Cloud returns it. */
export function presentScript(script: Script) {
  return {
    id: script.id,
    orgID: script.org_id,
    name: script.name,
    description: script.description,
    script: script.script,
    language: script.language,
    url: `/api/v2/scripts/${script.id}/invoke`,
    createdAt: script.created_at.toISOString(),
    updatedAt: script.updated_at.toISOString(),
  };
}
