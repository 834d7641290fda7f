// Sources: permission checks and rules. The self source is built in (never stored, never changed);
// v1 and v2 sources are rows whose credentials are sealed with the org-secrets key.
import type { Authorizer } from "../auth/authorizer.js";
import { isVisible, readable } from "../auth/visibility.js";
import type { Bucket } from "../db/schema.js";
import { newId } from "../db/ids.js";
import { BucketService } from "../buckets/service.js";
import { invalid, notFound } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import { findOrgByID, findOrgByName } from "../orgs/repository.js";
import { ORG_NOT_FOUND } from "../orgs/service.js";
import { seal, secretsKey } from "../secrets/crypto.js";
import { SELF_SOURCE, viewOf, type SourceView } from "./present.js";
import * as repo from "./repository.js";
import { SELF_SOURCE_ID } from "./self.js";

export const SOURCE_NOT_FOUND = "source not found";
/** How long a health check waits for a remote source's /ping. */
const HEALTH_TIMEOUT_MS = 3_000;

/** A source as it arrives in a POST or PATCH body. */
export interface SourceInput {
  orgID?: string;
  name?: string;
  type?: "self" | "v1" | "v2";
  default?: boolean;
  url?: string;
  insecureSkipVerify?: boolean;
  telegraf?: string;
  token?: string;
  username?: string;
  password?: string;
  sharedSecret?: string;
  metaUrl?: string;
  defaultRP?: string;
}

export interface Health {
  healthy: boolean;
  message: string;
}

export class SourceService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  /** The sources the caller may read; with `org`, only that org's (the self source belongs to none). */
  async list(orgName?: string): Promise<SourceView[]> {
    const identity = await this.auth.identity();
    const visible = readable(identity.permissions, "sources");
    let orgID: string | undefined;
    if (orgName !== undefined) {
      const org = await findOrgByName(this.app.db, orgName);
      if (!org) throw notFound(`organization name "${orgName}" not found`);
      orgID = org.id;
    }
    const stored = (await repo.listSources(this.app.db, visible, orgID)).map(viewOf);
    const self = orgID === undefined && isVisible(visible, { id: SELF_SOURCE.id, org_id: SELF_SOURCE.orgID }) ? [SELF_SOURCE] : [];
    return [...self, ...stored];
  }

  async find(id: string): Promise<SourceView> {
    const source = await this.#existing(id);
    await this.auth.requireOn("read", "sources", { orgID: source.orgID, id });
    return source;
  }

  async create(input: SourceInput): Promise<SourceView> {
    const identity = await this.auth.identity();
    const orgID = input.orgID ?? identity.orgID;
    if (orgID === undefined) throw invalid("orgID is required");
    await this.auth.requireOn("write", "sources", { orgID });
    if (!(await findOrgByID(this.app.db, orgID))) throw notFound(ORG_NOT_FOUND);
    const type = input.type ?? "v2";
    if (type === "self") throw invalid("a source of type self cannot be created: this server is the built-in self source");
    const name = checkName(input.name ?? "");
    const url = checkUrl(input.url ?? "");
    const id = newId();
    const sealed = await this.#seal(orgID, id, input);
    const row = await repo.createSource(this.app.db, id, orgID, {
      name,
      type,
      is_default: input.default ?? false,
      url,
      insecure_skip_verify: input.insecureSkipVerify ?? false,
      telegraf: input.telegraf ?? "",
      username: input.username ?? "",
      meta_url: input.metaUrl ?? "",
      default_rp: input.defaultRP ?? "",
      sealed_token: sealed.sealed_token ?? null,
      sealed_password: sealed.sealed_password ?? null,
      sealed_shared_secret: sealed.sealed_shared_secret ?? null,
    });
    return viewOf(row);
  }

  /** Changes the fields present in `input`; the org of a source stays. */
  async update(id: string, input: SourceInput): Promise<SourceView> {
    const source = await this.#existing(id);
    await this.auth.requireOn("write", "sources", { orgID: source.orgID, id });
    if (source.type === "self") throw invalid("the self source cannot be changed");
    if (input.type === "self") throw invalid("a stored source cannot become the self source");
    const changes: Partial<repo.SourceFields> = {
      ...(input.name !== undefined ? { name: checkName(input.name) } : {}),
      ...(input.type !== undefined ? { type: input.type } : {}),
      ...(input.default !== undefined ? { is_default: input.default } : {}),
      ...(input.url !== undefined ? { url: checkUrl(input.url) } : {}),
      ...(input.insecureSkipVerify !== undefined ? { insecure_skip_verify: input.insecureSkipVerify } : {}),
      ...(input.telegraf !== undefined ? { telegraf: input.telegraf } : {}),
      ...(input.username !== undefined ? { username: input.username } : {}),
      ...(input.metaUrl !== undefined ? { meta_url: input.metaUrl } : {}),
      ...(input.defaultRP !== undefined ? { default_rp: input.defaultRP } : {}),
      ...(await this.#seal(source.orgID, id, input)),
    };
    const updated = await repo.updateSource(this.app.db, id, changes);
    if (!updated) throw notFound(SOURCE_NOT_FOUND);
    return viewOf(updated);
  }

  async delete(id: string): Promise<void> {
    const source = await this.#existing(id);
    await this.auth.requireOn("write", "sources", { orgID: source.orgID, id });
    if (source.type === "self") throw invalid("the self source cannot be deleted");
    if (!(await repo.deleteSource(this.app.db, id))) throw notFound(SOURCE_NOT_FOUND);
  }

  /**
   * The buckets of this server the caller may read. InfluxDB answers this for every source from
   * its own bucket store (it does not ask a remote source), and so does Fluxgate.
   */
  async buckets(id: string, orgName?: string): Promise<Bucket[]> {
    await this.find(id);
    const { buckets } = await new BucketService(this.app, this.auth).list(orgName !== undefined ? { org: orgName } : {}, { offset: 0, limit: 100, descending: false });
    return buckets;
  }

  /** The self source is healthy while this server answers; a remote one when its /ping answers 2xx. */
  async health(id: string): Promise<Health> {
    const source = await this.find(id);
    if (source.type === "self") return { healthy: true, message: "source is healthy" };
    try {
      const res = await fetch(new URL("ping", source.url.endsWith("/") ? source.url : `${source.url}/`), { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
      await res.body?.cancel();
      if (res.ok) return { healthy: true, message: "source is healthy" };
      return { healthy: false, message: `source is not healthy: ${source.url} answered /ping with ${res.status}` };
    } catch (err) {
      return { healthy: false, message: `source is not healthy: ${(err as Error).message}` };
    }
  }

  async #existing(id: string): Promise<SourceView> {
    if (id === SELF_SOURCE_ID) return SELF_SOURCE;
    const row = await repo.findSourceByID(this.app.db, id);
    if (!row) throw notFound(SOURCE_NOT_FOUND);
    return viewOf(row);
  }

  /** The credential columns for the credentials present in `input`; an empty string clears one. */
  async #seal(orgID: string, id: string, input: SourceInput): Promise<Partial<Pick<repo.SourceTable, "sealed_token" | "sealed_password" | "sealed_shared_secret">>> {
    const given = { sealed_token: input.token, sealed_password: input.password, sealed_shared_secret: input.sharedSecret } as const;
    if (Object.values(given).every((v) => v === undefined)) return {};
    const key = await secretsKey(this.app);
    const out: Partial<Record<keyof typeof given, string | null>> = {};
    for (const [column, value] of Object.entries(given) as [keyof typeof given, string | undefined][]) {
      if (value === undefined) continue;
      out[column] = value === "" ? null : seal(key, orgID, `source/${id}/${column}`, value);
    }
    return out;
  }
}

function checkName(raw: string): string {
  const name = raw.trim();
  if (!name) throw invalid("source name is required");
  return name;
}

/** v1 and v2 sources are reached over HTTP(S). */
function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(`source url ${JSON.stringify(raw)} is not a valid URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw invalid(`source url ${JSON.stringify(raw)} must be http or https`);
  return raw;
}
