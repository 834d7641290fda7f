// Telegraf configurations: business rules and permission checks.
import type { Authorizer } from "../auth/authorizer.js";
import { readable } from "../auth/visibility.js";
import { invalid, notFound } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import { removeResourceLabelMappings } from "../labels/resource-labels.js";
import { removeAllResourceUsers, setResourceRole } from "../orgs/members.js";
import { findOrgByID } from "../orgs/repository.js";
import { ORG_NOT_FOUND } from "../orgs/service.js";
import { listPlugins, type TelegrafPlugin } from "./plugins.js";
import * as repo from "./repository.js";
import type { Telegraf, TelegrafFields } from "./repository.js";
import { outputBuckets, parseTelegrafToml, renderPlugins, type PluginRequest } from "./toml.js";

export const TELEGRAF_NOT_FOUND = "telegraf configuration not found";

/** What POST and PUT send: the TOML itself, or (older UI) plugins to render into TOML. */
export interface TelegrafInput {
  orgID?: string;
  name?: string;
  description?: string;
  config?: string;
  plugins?: PluginRequest[];
  metadata?: { buckets?: string[] };
}

export class TelegrafService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  /** The plugin catalog: any signed-in caller may read it, it holds nothing of any org. */
  async plugins(kind: string | undefined): Promise<TelegrafPlugin[]> {
    await this.auth.identity();
    return listPlugins(kind);
  }

  /** The configurations the caller may read, of one org or of all. */
  async list(filter: { orgID?: string }): Promise<Telegraf[]> {
    const identity = await this.auth.identity();
    return repo.listTelegrafs(this.app.db, { ...filter, visible: readable(identity.permissions, "telegrafs") });
  }

  async find(id: string): Promise<Telegraf> {
    const telegraf = await existingTelegraf(this.app, id);
    await this.auth.requireOn("read", "telegrafs", { orgID: telegraf.org_id, id });
    return telegraf;
  }

  /** Stores a configuration; the calling user becomes its owner, as in InfluxDB. */
  async create(input: TelegrafInput): Promise<Telegraf> {
    if (!input.orgID) throw invalid("orgID is required");
    const orgID = input.orgID;
    const identity = await this.auth.requireOn("write", "telegrafs", { orgID });
    if (!(await findOrgByID(this.app.db, orgID))) throw notFound(ORG_NOT_FOUND);
    const fields = checkedFields(input);
    return this.app.db.transaction().execute(async (trx) => {
      const telegraf = await repo.createTelegraf(trx, orgID, fields);
      await setResourceRole(trx, "telegrafs", telegraf.id, identity.userID, "owner");
      return telegraf;
    });
  }

  /** PUT: every field replaced; the configuration stays in its org. */
  async replace(id: string, input: TelegrafInput): Promise<Telegraf> {
    const telegraf = await existingTelegraf(this.app, id);
    await this.auth.requireOn("write", "telegrafs", { orgID: telegraf.org_id, id });
    if (input.orgID !== undefined && input.orgID !== telegraf.org_id) throw invalid("a Telegraf configuration cannot move to another organization");
    const updated = await repo.replaceTelegraf(this.app.db, id, checkedFields(input));
    if (!updated) throw notFound(TELEGRAF_NOT_FOUND);
    return updated;
  }

  /** Deletes the configuration with its labels, owners and members. */
  async delete(id: string): Promise<void> {
    const telegraf = await existingTelegraf(this.app, id);
    await this.auth.requireOn("write", "telegrafs", { orgID: telegraf.org_id, id });
    const deleted = await this.app.db.transaction().execute(async (trx) => {
      await removeResourceLabelMappings(trx, "telegrafs", [id]);
      await removeAllResourceUsers(trx, "telegrafs", [id]);
      return repo.deleteTelegraf(trx, id);
    });
    if (!deleted) throw notFound(TELEGRAF_NOT_FOUND);
  }
}

export async function existingTelegraf(app: AppContext, id: string): Promise<Telegraf> {
  const telegraf = await repo.findTelegrafByID(app.db, id);
  if (!telegraf) throw notFound(TELEGRAF_NOT_FOUND);
  return telegraf;
}

/**
 * Name, description and TOML, the TOML checked. The buckets are those the config's InfluxDB v2
 * outputs name (what InfluxDB reports); a config without such outputs keeps the ones sent.
 */
function checkedFields(input: TelegrafInput): TelegrafFields {
  const name = (input.name ?? "").trim();
  if (!name) throw invalid("a Telegraf configuration needs a name");
  let config = input.config ?? "";
  if (config.trim() === "") {
    if (!input.plugins || input.plugins.length === 0) throw invalid("a Telegraf configuration needs config (its TOML) or plugins");
    config = renderPlugins(input.plugins);
  }
  const fromConfig = outputBuckets(parseTelegrafToml(config));
  const buckets = fromConfig.length > 0 ? fromConfig : (input.metadata?.buckets ?? []).filter((b) => b !== "");
  return { name, description: input.description ?? "", config, buckets };
}
