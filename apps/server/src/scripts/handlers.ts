import type { JSONValue } from "@fluxgate/flux";
import { invalid } from "../http/errors.js";
import type { HandlerContext, HandlerMap } from "../http/types.js";
import { queryLimiter } from "../query/limiter.js";
import { QueryService } from "../query/service.js";
import { scriptParams } from "./params.js";
import { presentScript } from "./present.js";
import type { ScriptLanguage } from "./repository.js";
import { ScriptService } from "./service.js";
import { sendChunks } from "../http/stream.js";

const service = (ctx: HandlerContext) => new ScriptService(ctx.app, ctx.auth);
const scriptID = (ctx: HandlerContext) => ctx.params["scriptID"]!;

export const handlers: HandlerMap = {
  GetScripts: async (ctx) => {
    const q = ctx.query;
    const scripts = await service(ctx).list({
      limit: typeof q["limit"] === "number" ? q["limit"] : 100,
      offset: typeof q["offset"] === "number" ? q["offset"] : 0,
      ...(typeof q["name"] === "string" ? { name: q["name"] } : {}),
    });
    return { status: 200, body: { scripts: scripts.map(presentScript) } };
  },

  PostScripts: async (ctx) => {
    const body = ctx.body as { name: string; description?: string; script: string; language: ScriptLanguage };
    return { status: 201, body: presentScript(await service(ctx).create(body)) };
  },

  GetScriptsID: async (ctx) => ({ status: 200, body: presentScript(await service(ctx).find(scriptID(ctx))) }),

  PatchScriptsID: async (ctx) => ({ status: 200, body: presentScript(await service(ctx).update(scriptID(ctx), (ctx.body ?? {}) as { description?: string; script?: string })) }),

  DeleteScriptsID: async (ctx) => {
    await service(ctx).delete(scriptID(ctx));
    return { status: 204 };
  },

  GetScriptsIDParams: async (ctx) => {
    const script = await service(ctx).find(scriptID(ctx));
    return { status: 200, body: { params: script.language === "flux" ? scriptParams(script.script) : {} } };
  },

  /** Runs the script like POST /api/v2/query (same engine, limits and errors); the result is CSV. */
  PostScriptsIDInvoke: async (ctx) => {
    const script = await service(ctx).find(scriptID(ctx));
    if (script.language !== "flux") throw invalid(`only Flux scripts can be invoked; this script's language is ${script.language}`);
    const params = ((ctx.body as { params?: Record<string, JSONValue> } | undefined)?.params ?? {}) as Record<string, JSONValue>;
    const release = await queryLimiter(ctx.app).acquire();
    try {
      const { first, rest } = await new QueryService(ctx.app, ctx.auth).run({ orgID: script.org_id, org: undefined }, { query: script.script, params, dialect: { header: true, annotations: [] } });
      const { res } = ctx;
      res.status(200);
      res.setHeader("Content-Type", "text/csv; charset=utf-8");
      await sendChunks(res, first, rest);
      return undefined;
    } finally {
      release();
    }
  },
};
