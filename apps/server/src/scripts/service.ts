// Invokable scripts (InfluxDB Cloud): stored Flux run through /invoke with `params`. A script
// belongs to the caller's org (a token's org; for a session, the first org the user belongs to).
// Fluxgate has no resource type of its own for scripts: they are checked as tasks of their org,
// the closest InfluxDB resource (stored Flux that runs with the caller's permissions).
import type { Authorizer } from "../auth/authorizer.js";
import { readable } from "../auth/visibility.js";
import { isUniqueViolation } from "../db/errors.js";
import { conflict, invalid, notFound } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import * as repo from "./repository.js";
import type { Script, ScriptLanguage } from "./repository.js";

export const SCRIPT_NOT_FOUND = "script not found";

export class ScriptService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  async list(filter: { name?: string; limit: number; offset: number }): Promise<Script[]> {
    const identity = await this.auth.identity();
    return repo.listScripts(this.app.db, { ...filter, visible: readable(identity.permissions, "tasks") });
  }

  async find(id: string): Promise<Script> {
    const script = await repo.findScript(this.app.db, id);
    if (!script) throw notFound(SCRIPT_NOT_FOUND);
    await this.auth.requireOn("read", "tasks", { orgID: script.org_id });
    return script;
  }

  async create(input: { name: string; description?: string; script: string; language: ScriptLanguage }): Promise<Script> {
    const orgID = await this.#orgID();
    await this.auth.requireOn("write", "tasks", { orgID });
    if (input.name.trim() === "") throw invalid("script name is required");
    if (input.script.trim() === "") throw invalid("script is required");
    try {
      return await repo.insertScript(this.app.db, { orgID, name: input.name, description: input.description ?? "", script: input.script, language: input.language });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`script with name ${input.name} already exists`);
      throw error;
    }
  }

  async update(id: string, changes: { description?: string; script?: string }): Promise<Script> {
    const script = await repo.findScript(this.app.db, id);
    if (!script) throw notFound(SCRIPT_NOT_FOUND);
    await this.auth.requireOn("write", "tasks", { orgID: script.org_id });
    // Cloud: an empty body (or an empty script) changes nothing and still answers 200.
    const set = { ...(changes.description !== undefined ? { description: changes.description } : {}), ...(changes.script ? { script: changes.script } : {}) };
    if (Object.keys(set).length === 0) return script;
    const updated = await repo.updateScript(this.app.db, id, set);
    if (!updated) throw notFound(SCRIPT_NOT_FOUND);
    return updated;
  }

  /** Cloud answers 204 for an unknown ID too. */
  async delete(id: string): Promise<void> {
    await this.auth.identity();
    const script = await repo.findScript(this.app.db, id);
    if (!script) return;
    await this.auth.requireOn("write", "tasks", { orgID: script.org_id });
    await repo.deleteScript(this.app.db, id);
  }

  async #orgID(): Promise<string> {
    const identity = await this.auth.identity();
    if (identity.orgID) return identity.orgID;
    const mapping = await this.app.db
      .selectFrom("user_resource_mappings")
      .select("resource_id")
      .where("user_id", "=", identity.userID)
      .where("resource_type", "=", "orgs")
      .orderBy("resource_id")
      .executeTakeFirst();
    if (!mapping) throw invalid("the caller belongs to no organization to own the script");
    return mapping.resource_id;
  }
}
