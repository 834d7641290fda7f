import { invalid } from "../http/errors.js";
import type { HandlerContext, HandlerMap } from "../http/types.js";
import type { UsageCount } from "./repository.js";
import { LimitsService } from "./service.js";

const service = (ctx: HandlerContext) => new LimitsService(ctx.app, ctx.auth);

function time(value: unknown, name: string): Date | undefined {
  if (value === undefined || value === "") return undefined;
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime())) throw invalid(`${name} ${JSON.stringify(value)} is not an RFC3339 time`);
  return date;
}

/**
 * Usage as annotated CSV, the shape Flux results take: one table per counted resource, each row
 * holding the count at `stop`.
 */
export function usageCsv(counts: readonly UsageCount[], start: Date, stop: Date): string {
  const lines = [
    "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,string,string,long",
    "#group,false,false,true,true,false,true,true,false",
    "#default,_result,,,,,,,",
    ",result,table,_start,_stop,_time,_measurement,_field,_value",
  ];
  const from = start.toISOString();
  const to = stop.toISOString();
  counts.forEach((c, table) => lines.push(`,,${table},${from},${to},${to},resources,${c.field},${c.value}`));
  return lines.join("\r\n") + "\r\n\r\n";
}

export const handlers: HandlerMap = {
  GetOrgLimitsID: async (ctx) => {
    const orgID = ctx.params["orgID"]!;
    return { status: 200, body: { links: { self: `/api/v2/orgs/${orgID}/limits` }, limits: await service(ctx).limits(orgID) } };
  },

  GetOrgUsageID: async (ctx) => {
    const start = time(ctx.query["start"], "start")!;
    const stop = time(ctx.query["stop"], "stop") ?? new Date();
    const counts = await service(ctx).usage(ctx.params["orgID"]!, start, stop);
    return { status: 200, headers: { "Content-Type": "text/csv; charset=utf-8" }, body: usageCsv(counts, start, stop) };
  },
};
