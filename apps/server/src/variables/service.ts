// Dashboard variables: business rules and permission checks.
import type { Authorizer } from "../auth/authorizer.js";
import { isUniqueViolation } from "../db/errors.js";
import { conflict, invalid, notFound } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import { removeResourceLabelMappings } from "../labels/resource-labels.js";
import { findOrgByID, findOrgByName } from "../orgs/repository.js";
import { ORG_NOT_FOUND } from "../orgs/service.js";
import * as repo from "./repository.js";
import type { Variable, VariableArguments, VariableFields } from "./repository.js";
import { readable } from "../auth/visibility.js";

export const VARIABLE_NOT_FOUND = "variable not found";

export interface NewVariableInput {
  orgID: string;
  name: string;
  description?: string;
  arguments: VariableArguments;
  selected?: string[];
}

export class VariableService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  /** The variables the caller may read, of one org (by ID or name) or of all; an unknown org name is a 404. */
  async list(filter: { orgID?: string; org?: string }): Promise<Variable[]> {
    const identity = await this.auth.identity();
    let orgID = filter.orgID;
    if (!orgID && filter.org) {
      const org = await findOrgByName(this.app.db, filter.org);
      if (!org) throw notFound(`organization name "${filter.org}" not found`);
      orgID = org.id;
    }
    return repo.listVariables(this.app.db, { ...(orgID ? { orgID } : {}), visible: readable(identity.permissions, "variables") });
  }

  async find(id: string): Promise<Variable> {
    const variable = await existingVariable(this.app, id);
    await this.auth.requireOn("read", "variables", { orgID: variable.org_id, id });
    return variable;
  }

  async create(input: NewVariableInput): Promise<Variable> {
    await this.auth.requireOn("write", "variables", { orgID: input.orgID });
    const fields: VariableFields = {
      name: checkName(input.name),
      description: input.description ?? "",
      arguments: input.arguments,
      selected: input.selected ?? [],
    };
    if (!(await findOrgByID(this.app.db, input.orgID))) throw notFound(ORG_NOT_FOUND);
    return this.#unique(fields.name, () => repo.createVariable(this.app.db, input.orgID, fields));
  }

  /** PUT: every field replaced; the variable stays in its org. */
  async replace(id: string, input: NewVariableInput): Promise<Variable> {
    const variable = await existingVariable(this.app, id);
    await this.auth.requireOn("write", "variables", { orgID: variable.org_id, id });
    if (input.orgID !== variable.org_id) throw invalid("a variable cannot move to another organization");
    const fields: VariableFields = {
      name: checkName(input.name),
      description: input.description ?? "",
      arguments: input.arguments,
      selected: input.selected ?? [],
    };
    return this.#unique(fields.name, () => this.#update(id, fields));
  }

  /** PATCH: only the given fields change. */
  async update(id: string, changes: Partial<VariableFields>): Promise<Variable> {
    const variable = await existingVariable(this.app, id);
    await this.auth.requireOn("write", "variables", { orgID: variable.org_id, id });
    const fields = { ...changes, ...(changes.name !== undefined ? { name: checkName(changes.name) } : {}) };
    return this.#unique(fields.name ?? "", () => this.#update(id, fields));
  }

  /** Deletes the variable and detaches its labels. */
  async delete(id: string): Promise<void> {
    const variable = await existingVariable(this.app, id);
    await this.auth.requireOn("write", "variables", { orgID: variable.org_id, id });
    const deleted = await this.app.db.transaction().execute(async (trx) => {
      await removeResourceLabelMappings(trx, "variables", [id]);
      return repo.deleteVariable(trx, id);
    });
    if (!deleted) throw notFound(VARIABLE_NOT_FOUND);
  }

  async #update(id: string, fields: Partial<VariableFields>): Promise<Variable> {
    const updated = await repo.updateVariable(this.app.db, id, fields);
    if (!updated) throw notFound(VARIABLE_NOT_FOUND);
    return updated;
  }

  async #unique(name: string, write: () => Promise<Variable>): Promise<Variable> {
    try {
      return await write();
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`variable with name ${name} already exists`);
      throw err;
    }
  }
}

export async function existingVariable(app: AppContext, id: string): Promise<Variable> {
  const variable = await repo.findVariableByID(app.db, id);
  if (!variable) throw notFound(VARIABLE_NOT_FOUND);
  return variable;
}

/** InfluxDB: a name is required and must start with a letter or underscore (it becomes a Flux identifier under `v.`). */
function checkName(raw: string): string {
  const name = raw.trim();
  if (!name) throw invalid("missing variable name");
  if (!/^[\p{L}_]/u.test(name)) throw invalid("variable name must start with a letter or underscore");
  return name;
}

