import type { HandlerContext, HandlerMap, HandlerReply } from "../http/types.js";
import { labelsOf, resourceLabelHandlers, type LabelTarget } from "../labels/resource-labels.js";
import { resourceMemberHandlers } from "../orgs/resource-members.js";
import { presentScraper } from "./present.js";
import type { NamedScraper } from "./repository.js";
import { findScraperOrgID, SCRAPER_NOT_FOUND, ScraperService, type ScraperInput } from "./service.js";

const service = (ctx: HandlerContext) => new ScraperService(ctx.app, ctx.auth);
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

const target = {
  type: "scrapers",
  path: "/api/v2/scrapers",
  idParam: "scraperTargetID",
  findOrgID: findScraperOrgID,
  notFoundMessage: SCRAPER_NOT_FOUND,
} satisfies LabelTarget & { type: "scrapers" };

export const SCRAPER_LABELS: LabelTarget = target;
const labels = resourceLabelHandlers(target);
const members = resourceMemberHandlers(target);

async function reply(ctx: HandlerContext, status: number, scraper: NamedScraper): Promise<HandlerReply> {
  const attached = (await labelsOf(ctx.app, "scrapers", [scraper.id])).get(scraper.id) ?? [];
  return { status, body: presentScraper(scraper, attached) };
}

export const handlers: HandlerMap = {
  GetScrapers: async (ctx) => {
    const ids = ctx.query["id"];
    const filter = {
      ...(str(ctx.query["orgID"]) ? { orgID: str(ctx.query["orgID"])! } : {}),
      ...(str(ctx.query["org"]) ? { org: str(ctx.query["org"])! } : {}),
      ...(str(ctx.query["name"]) ? { name: str(ctx.query["name"])! } : {}),
      ...(Array.isArray(ids) ? { ids: ids.filter((id): id is string => typeof id === "string") } : typeof ids === "string" ? { ids: [ids] } : {}),
    };
    const scrapers = await service(ctx).list(filter);
    const attached = await labelsOf(ctx.app, "scrapers", scrapers.map((s) => s.id));
    return { status: 200, body: { configurations: scrapers.map((s) => presentScraper(s, attached.get(s.id) ?? [])) } };
  },

  PostScrapers: async (ctx) => reply(ctx, 201, await service(ctx).create(ctx.body as ScraperInput)),

  GetScrapersID: async (ctx) => reply(ctx, 200, await service(ctx).find(ctx.params["scraperTargetID"]!)),

  PatchScrapersID: async (ctx) => reply(ctx, 200, await service(ctx).update(ctx.params["scraperTargetID"]!, ctx.body as ScraperInput)),

  DeleteScrapersID: async (ctx) => {
    await service(ctx).delete(ctx.params["scraperTargetID"]!);
    return { status: 204 };
  },

  GetScrapersIDLabels: labels.list,
  PostScrapersIDLabels: labels.attach,
  DeleteScrapersIDLabelsID: labels.detach,
  GetScrapersIDMembers: members.listMembers,
  PostScrapersIDMembers: members.addMember,
  DeleteScrapersIDMembersID: members.removeMember,
  GetScrapersIDOwners: members.listOwners,
  PostScrapersIDOwners: members.addOwner,
  DeleteScrapersIDOwnersID: members.removeOwner,
};
