// Sources as InfluxDB returns them. Credentials (token, password, shared secret) never leave the
// server: InfluxDB blanks the password and shared secret; Fluxgate also keeps the token back.
import type { StoredSource } from "./repository.js";
import { SELF_SOURCE_ID, SELF_SOURCE_NAME, SELF_SOURCE_ORG_ID } from "./self.js";

export type SourceType = "self" | "v1" | "v2";

/** One source, whether built in or stored. */
export interface SourceView {
  id: string;
  orgID: string;
  name: string;
  type: SourceType;
  default: boolean;
  url: string;
  insecureSkipVerify: boolean;
  telegraf: string;
  username: string;
  metaUrl: string;
  defaultRP: string;
}

export const SELF_SOURCE: SourceView = Object.freeze({
  id: SELF_SOURCE_ID,
  orgID: SELF_SOURCE_ORG_ID,
  name: SELF_SOURCE_NAME,
  type: "self",
  default: true,
  url: "",
  insecureSkipVerify: false,
  telegraf: "",
  username: "",
  metaUrl: "",
  defaultRP: "",
});

export function viewOf(row: StoredSource): SourceView {
  return {
    id: row.id,
    orgID: row.org_id,
    name: row.name,
    type: row.type,
    default: row.is_default,
    url: row.url,
    insecureSkipVerify: row.insecure_skip_verify,
    telegraf: row.telegraf,
    username: row.username,
    metaUrl: row.meta_url,
    defaultRP: row.default_rp,
  };
}

/** The query languages a source answers: Flux for 2.x servers (this one too), InfluxQL for 1.x. */
function languages(type: SourceType): ("flux" | "influxql")[] {
  return type === "v1" ? ["influxql"] : ["flux", "influxql"];
}

export function presentSource(s: SourceView) {
  const self = `/api/v2/sources/${s.id}`;
  return {
    id: s.id,
    orgID: s.orgID,
    default: s.default,
    name: s.name,
    type: s.type,
    ...(s.url ? { url: s.url } : {}),
    insecureSkipVerify: s.insecureSkipVerify,
    ...(s.telegraf ? { telegraf: s.telegraf } : {}),
    ...(s.username ? { username: s.username } : {}),
    ...(s.metaUrl ? { metaUrl: s.metaUrl } : {}),
    ...(s.defaultRP ? { defaultRP: s.defaultRP } : {}),
    languages: languages(s.type),
    links: { self, query: `${self}/query`, buckets: `${self}/buckets`, health: `${self}/health` },
  };
}

export function presentSources(sources: readonly SourceView[]) {
  return { links: { self: "/api/v2/sources" }, sources: sources.map(presentSource) };
}
