import type { HandlerContext, HandlerMap, HandlerReply } from "../http/types.js";
import { labelsOf, resourceLabelHandlers, type LabelTarget } from "../labels/resource-labels.js";
import { CATALOG_TELEGRAF_VERSION } from "./plugins.js";
import { presentTelegraf } from "./present.js";
import { findTelegrafByID, type Telegraf } from "./repository.js";
import { resourceMemberHandlers } from "../orgs/resource-members.js";
import { TELEGRAF_NOT_FOUND, TelegrafService, type TelegrafInput } from "./service.js";

const service = (ctx: HandlerContext) => new TelegrafService(ctx.app, ctx.auth);
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

const target = {
  type: "telegrafs",
  path: "/api/v2/telegrafs",
  idParam: "telegrafID",
  findOrgID: async (app, id) => (await findTelegrafByID(app.db, id))?.org_id,
  notFoundMessage: TELEGRAF_NOT_FOUND,
} satisfies LabelTarget & { type: "telegrafs" };

export const TELEGRAF_LABELS: LabelTarget = target;
const labels = resourceLabelHandlers(target);
const members = resourceMemberHandlers(target);

async function reply(ctx: HandlerContext, status: number, telegraf: Telegraf): Promise<HandlerReply> {
  const attached = (await labelsOf(ctx.app, "telegrafs", [telegraf.id])).get(telegraf.id) ?? [];
  return { status, body: presentTelegraf(telegraf, attached) };
}

type Representation = "toml" | "json" | "octet-stream";

/**
 * What GET /telegrafs/{id} answers with: the first of TOML, JSON or a download the Accept header
 * names, TOML when it names none (Telegraf agents fetch `--config <url>` with `*∕*`).
 */
export function representationFor(accept: string | undefined): Representation {
  for (const part of (accept ?? "").split(",")) {
    const type = part.split(";")[0]!.trim().toLowerCase();
    if (type === "application/json") return "json";
    if (type === "application/toml") return "toml";
    if (type === "application/octet-stream") return "octet-stream";
  }
  return "toml";
}

export const handlers: HandlerMap = {
  GetTelegrafs: async (ctx) => {
    const orgID = str(ctx.query["orgID"]);
    const telegrafs = await service(ctx).list(orgID ? { orgID } : {});
    const attached = await labelsOf(ctx.app, "telegrafs", telegrafs.map((t) => t.id));
    return { status: 200, body: { configurations: telegrafs.map((t) => presentTelegraf(t, attached.get(t.id) ?? [])) } };
  },

  PostTelegrafs: async (ctx) => reply(ctx, 201, await service(ctx).create(ctx.body as TelegrafInput)),

  GetTelegrafsID: async (ctx) => {
    const telegraf = await service(ctx).find(ctx.params["telegrafID"]!);
    switch (representationFor(ctx.headers.accept)) {
      case "json":
        return reply(ctx, 200, telegraf);
      case "octet-stream": {
        const file = `${telegraf.name.trim().replace(/\s+/g, "_").replace(/["\\]/g, "")}.toml`;
        return { status: 200, body: telegraf.config, headers: { "content-type": "application/octet-stream", "content-disposition": `attachment; filename="${file}"` } };
      }
      case "toml":
        return { status: 200, body: telegraf.config, headers: { "content-type": "application/toml; charset=utf-8" } };
    }
  },

  PutTelegrafsID: async (ctx) => reply(ctx, 200, await service(ctx).replace(ctx.params["telegrafID"]!, ctx.body as TelegrafInput)),

  DeleteTelegrafsID: async (ctx) => {
    await service(ctx).delete(ctx.params["telegrafID"]!);
    return { status: 204 };
  },

  GetTelegrafPlugins: async (ctx) => {
    const plugins = await service(ctx).plugins(str(ctx.query["type"]));
    return { status: 200, body: { version: CATALOG_TELEGRAF_VERSION, os: process.platform, plugins } };
  },

  GetTelegrafsIDLabels: labels.list,
  PostTelegrafsIDLabels: labels.attach,
  DeleteTelegrafsIDLabelsID: labels.detach,
  GetTelegrafsIDMembers: members.listMembers,
  PostTelegrafsIDMembers: members.addMember,
  DeleteTelegrafsIDMembersID: members.removeMember,
  GetTelegrafsIDOwners: members.listOwners,
  PostTelegrafsIDOwners: members.addOwner,
  DeleteTelegrafsIDOwnersID: members.removeOwner,
};
