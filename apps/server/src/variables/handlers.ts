import type { HandlerContext, HandlerMap, HandlerReply } from "../http/types.js";
import { labelsOf, resourceLabelHandlers, type LabelTarget } from "../labels/resource-labels.js";
import { presentVariable } from "./present.js";
import type { Variable, VariableArguments, VariableFields } from "./repository.js";
import { findVariableByID } from "./repository.js";
import { VariableService, type NewVariableInput } from "./service.js";

const service = (ctx: HandlerContext) => new VariableService(ctx.app, ctx.auth);
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

interface VariableBody {
  orgID: string;
  name: string;
  description?: string;
  selected?: string[];
  arguments: VariableArguments;
}

type VariablePatch = Partial<Omit<VariableBody, "orgID">>;

export const VARIABLE_LABELS: LabelTarget = {
  type: "variables",
  path: "/api/v2/variables",
  idParam: "variableID",
  findOrgID: async (app, id) => (await findVariableByID(app.db, id))?.org_id,
  notFoundMessage: "variable not found",
};
const variableLabels = resourceLabelHandlers(VARIABLE_LABELS);

const newInput = (body: VariableBody): NewVariableInput => ({
  orgID: body.orgID,
  name: body.name,
  arguments: body.arguments,
  ...(body.description !== undefined ? { description: body.description } : {}),
  ...(body.selected !== undefined ? { selected: body.selected } : {}),
});

/** One variable with its labels, as a reply. */
async function reply(ctx: HandlerContext, status: number, variable: Variable): Promise<HandlerReply> {
  const labels = (await labelsOf(ctx.app, "variables", [variable.id])).get(variable.id) ?? [];
  return { status, body: presentVariable(variable, labels) };
}

export const handlers: HandlerMap = {
  GetVariables: async (ctx) => {
    const filter: { orgID?: string; org?: string } = {};
    const orgID = str(ctx.query["orgID"]);
    const org = str(ctx.query["org"]);
    if (orgID) filter.orgID = orgID;
    if (org) filter.org = org;
    const variables = await service(ctx).list(filter);
    const labels = await labelsOf(ctx.app, "variables", variables.map((v) => v.id));
    const query = new URLSearchParams(filter).toString();
    return {
      status: 200,
      body: { variables: variables.map((v) => presentVariable(v, labels.get(v.id) ?? [])), links: { self: `/api/v2/variables${query ? `?${query}` : ""}` } },
    };
  },

  PostVariables: async (ctx) => reply(ctx, 201, await service(ctx).create(newInput(ctx.body as VariableBody))),

  GetVariablesID: async (ctx) => reply(ctx, 200, await service(ctx).find(ctx.params["variableID"]!)),

  PutVariablesID: async (ctx) => reply(ctx, 200, await service(ctx).replace(ctx.params["variableID"]!, newInput(ctx.body as VariableBody))),

  PatchVariablesID: async (ctx) => {
    const body = ctx.body as VariablePatch;
    const changes: Partial<VariableFields> = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.selected !== undefined ? { selected: body.selected } : {}),
      ...(body.arguments !== undefined ? { arguments: body.arguments } : {}),
    };
    return reply(ctx, 200, await service(ctx).update(ctx.params["variableID"]!, changes));
  },

  DeleteVariablesID: async (ctx) => {
    await service(ctx).delete(ctx.params["variableID"]!);
    return { status: 204 };
  },

  GetVariablesIDLabels: variableLabels.list,
  PostVariablesIDLabels: variableLabels.attach,
  DeleteVariablesIDLabelsID: variableLabels.detach,
};
