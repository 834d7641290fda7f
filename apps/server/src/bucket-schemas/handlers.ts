import type { HandlerContext, HandlerMap } from "../http/types.js";
import type { Column } from "./columns.js";
import type { MeasurementSchema } from "./repository.js";
import { MeasurementSchemaService, type OrgScope } from "./service.js";

const service = (ctx: HandlerContext) => new MeasurementSchemaService(ctx.app, ctx.auth);
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

function scope(ctx: HandlerContext): OrgScope {
  const org = str(ctx.query["org"]);
  const orgID = str(ctx.query["orgID"]);
  return { ...(org !== undefined ? { org } : {}), ...(orgID !== undefined ? { orgID } : {}) };
}

export function presentSchema(s: MeasurementSchema) {
  return {
    id: s.id,
    orgID: s.org_id,
    bucketID: s.bucket_id,
    name: s.name,
    columns: s.columns,
    createdAt: s.created_at.toISOString(),
    updatedAt: s.updated_at.toISOString(),
  };
}

export const handlers: HandlerMap = {
  getMeasurementSchemas: async (ctx) => {
    const schemas = await service(ctx).list(ctx.params["bucketID"]!, scope(ctx), str(ctx.query["name"]));
    return { status: 200, body: { measurementSchemas: schemas.map(presentSchema) } };
  },

  createMeasurementSchema: async (ctx) => {
    const body = ctx.body as { name: string; columns: Column[] };
    return { status: 201, body: presentSchema(await service(ctx).create(ctx.params["bucketID"]!, scope(ctx), body.name, body.columns)) };
  },

  getMeasurementSchema: async (ctx) => ({
    status: 200,
    body: presentSchema(await service(ctx).find(ctx.params["bucketID"]!, ctx.params["measurementID"]!, scope(ctx))),
  }),

  updateMeasurementSchema: async (ctx) => {
    const body = ctx.body as { columns: Column[] };
    return { status: 200, body: presentSchema(await service(ctx).update(ctx.params["bucketID"]!, ctx.params["measurementID"]!, scope(ctx), body.columns)) };
  },
};
