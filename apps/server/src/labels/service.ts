// Labels: business rules and permission checks for the labels themselves (see resource-labels.ts for
// attaching them to other resources).
import type { Authorizer } from "../auth/authorizer.js";
import { isUniqueViolation } from "../db/errors.js";
import { conflict, invalid, notFound } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import { findOrgByID } from "../orgs/repository.js";
import { ORG_NOT_FOUND } from "../orgs/service.js";
import * as repo from "./repository.js";
import type { Label } from "./repository.js";
import { readable } from "../auth/visibility.js";

export const LABEL_NOT_FOUND = "label not found";

export interface LabelUpdateInput {
  name?: string;
  /** Keys to set; a key set to "" is removed (InfluxDB's PATCH semantics). */
  properties?: Record<string, string>;
}

export class LabelService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  /** The labels the caller may read, optionally of one org; others are silently left out. */
  async list(filter: { orgID?: string }): Promise<Label[]> {
    const identity = await this.auth.identity();
    return repo.listLabels(this.app.db, { ...(filter.orgID ? { orgID: filter.orgID } : {}), visible: readable(identity.permissions, "labels") });
  }

  async find(id: string): Promise<Label> {
    const label = await existingLabel(this.app, id);
    await this.auth.requireOn("read", "labels", { orgID: label.org_id, id });
    return label;
  }

  async create(input: { orgID: string; name: string; properties?: Record<string, string> }): Promise<Label> {
    await this.auth.requireOn("write", "labels", { orgID: input.orgID });
    const name = checkName(input.name);
    if (!(await findOrgByID(this.app.db, input.orgID))) throw notFound(ORG_NOT_FOUND);
    try {
      return await repo.createLabel(this.app.db, { orgID: input.orgID, name, properties: withoutEmpty(input.properties ?? {}) });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`label with name ${name} already exists`);
      throw err;
    }
  }

  async update(id: string, changes: LabelUpdateInput): Promise<Label> {
    const label = await existingLabel(this.app, id);
    await this.auth.requireOn("write", "labels", { orgID: label.org_id, id });
    const name = changes.name !== undefined ? checkName(changes.name) : undefined;
    let properties: Record<string, string> | undefined;
    if (changes.properties) properties = withoutEmpty({ ...label.properties, ...changes.properties });
    try {
      const updated = await repo.updateLabel(this.app.db, id, { ...(name !== undefined ? { name } : {}), ...(properties ? { properties } : {}) });
      if (!updated) throw notFound(LABEL_NOT_FOUND);
      return updated;
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`label with name ${name ?? ""} already exists`);
      throw err;
    }
  }

  /** Deletes the label and detaches it from everything it was attached to. */
  async delete(id: string): Promise<void> {
    const label = await existingLabel(this.app, id);
    await this.auth.requireOn("write", "labels", { orgID: label.org_id, id });
    if (!(await repo.deleteLabel(this.app.db, id))) throw notFound(LABEL_NOT_FOUND);
  }
}

export async function existingLabel(app: AppContext, id: string): Promise<Label> {
  const label = await repo.findLabelByID(app.db, id);
  if (!label) throw notFound(LABEL_NOT_FOUND);
  return label;
}

/** InfluxDB trims label names and refuses an empty one. */
function checkName(raw: string): string {
  const name = raw.trim();
  if (!name) throw invalid("label name is empty");
  return name;
}

/** An empty value means "no such property", on create as on update. */
function withoutEmpty(properties: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== ""));
}


