// Attaching labels to other resources, for every resource type at once. A domain whose resource
// takes labels describes it once as a LabelTarget and wires the three handlers this file makes
// (`GET/POST …/{id}/labels`, `DELETE …/{id}/labels/{labelID}`); the label service never changes.
// Permissions follow InfluxDB: listing needs read on the resource (labels the caller may not read
// are left out); attaching and detaching need write on both the resource and the label.
import type { Authorizer } from "../auth/authorizer.js";
import type { ResourceType } from "../auth/permissions.js";
import { conflict, invalid, notFound } from "../http/errors.js";
import type { AppContext, Handler, HandlerContext } from "../http/types.js";
import { presentLabelResponse, presentLabels } from "./present.js";
import * as repo from "./repository.js";
import type { Label } from "./repository.js";
import { existingLabel } from "./service.js";
import { isVisible, readable } from "../auth/visibility.js";

/** A kind of resource that labels attach to. */
export interface LabelTarget {
  type: ResourceType;
  /** Collection path, e.g. `/api/v2/buckets`. */
  path: string;
  /** The path parameter holding the resource's ID, e.g. `bucketID`. */
  idParam: string;
  /** The org of the resource with this ID, or undefined when there is none. */
  findOrgID(app: AppContext, id: string): Promise<string | undefined>;
  /** The 404 message for an unknown resource, e.g. `bucket not found`. */
  notFoundMessage: string;
}

export class ResourceLabelService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  async list(target: LabelTarget, id: string): Promise<Label[]> {
    const orgID = await this.#orgOf(target, id);
    await this.auth.requireOn("read", target.type, { orgID, id });
    const visible = readable((await this.auth.identity()).permissions, "labels");
    const labels = (await repo.labelsOfResources(this.app.db, target.type, [id])).get(id) ?? [];
    return labels.filter((l) => isVisible(visible, l));
  }

  async attach(target: LabelTarget, id: string, labelID: string): Promise<Label> {
    const orgID = await this.#orgOf(target, id);
    const label = await existingLabel(this.app, labelID);
    await this.auth.requireOn("write", "labels", { orgID: label.org_id, id: label.id });
    await this.auth.requireOn("write", target.type, { orgID, id });
    if (label.org_id !== orgID) throw invalid("label and resource belong to different organizations");
    if (!(await repo.insertLabelMapping(this.app.db, label.id, target.type, id))) throw conflict("label is already attached to this resource");
    return label;
  }

  async detach(target: LabelTarget, id: string, labelID: string): Promise<void> {
    const orgID = await this.#orgOf(target, id);
    const label = await existingLabel(this.app, labelID);
    await this.auth.requireOn("write", "labels", { orgID: label.org_id, id: label.id });
    await this.auth.requireOn("write", target.type, { orgID, id });
    if (!(await repo.deleteLabelMapping(this.app.db, label.id, target.type, id))) throw notFound("label is not attached to this resource");
  }

  async #orgOf(target: LabelTarget, id: string): Promise<string> {
    const orgID = await target.findOrgID(this.app, id);
    if (orgID === undefined) throw notFound(target.notFoundMessage);
    return orgID;
  }
}

/** The three label routes of a resource type, ready to register under its operationIds. */
export function resourceLabelHandlers(target: LabelTarget): { list: Handler; attach: Handler; detach: Handler } {
  const service = (ctx: HandlerContext) => new ResourceLabelService(ctx.app, ctx.auth);
  const resourceID = (ctx: HandlerContext) => ctx.params[target.idParam]!;
  return {
    list: async (ctx) => {
      const id = resourceID(ctx);
      const labels = await service(ctx).list(target, id);
      return { status: 200, body: presentLabels(`${target.path}/${id}/labels`, labels) };
    },
    attach: async (ctx) => {
      const label = await service(ctx).attach(target, resourceID(ctx), (ctx.body as { labelID: string }).labelID);
      return { status: 201, body: presentLabelResponse(label) };
    },
    detach: async (ctx) => {
      await service(ctx).detach(target, resourceID(ctx), ctx.params["labelID"]!);
      return { status: 204 };
    },
  };
}

/** The labels attached to some resources, by resource ID, for domains that embed them in their JSON. */
export function labelsOf(app: AppContext, type: ResourceType, ids: readonly string[]): Promise<Map<string, Label[]>> {
  return repo.labelsOfResources(app.db, type, ids);
}

export { removeResourceLabelMappings } from "./repository.js";
