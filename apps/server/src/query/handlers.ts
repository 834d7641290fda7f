import { astToJSON, parse, queryASTErrors, type Dialect, type JSONValue } from "@fluxgate/flux";
import { invalid } from "../http/errors.js";
import type { HandlerContext, HandlerMap } from "../http/types.js";
import { analyzeQuery } from "./analyze.js";
import { queryLimiter, queryMemory } from "./limiter.js";
import { QueryService, type QueryRequest } from "./service.js";
import { querySuggestion, querySuggestions } from "./suggestions.js";
import { sendChunks } from "../http/stream.js";

interface QueryBody {
  query?: string;
  dialect?: Dialect;
  params?: Record<string, JSONValue>;
  now?: string;
  extern?: unknown;
}

function isFluxBody(ctx: HandlerContext): boolean {
  return String(ctx.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase() === "application/vnd.flux";
}

async function queryRequest(ctx: HandlerContext): Promise<QueryRequest> {
  if (isFluxBody(ctx)) return { query: (await ctx.readBody()).toString("utf8") };
  const body = ctx.body as QueryBody | undefined;
  if (body?.query === undefined) throw invalid("query must not be empty");
  return { ...body, query: body.query };
}

const optional = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** operationId → handler for this domain. Operations not listed here answer 501. */
export const handlers: HandlerMap = {
  PostQuery: async (ctx) => {
    await ctx.auth.identity();
    const request = await queryRequest(ctx);
    const waiting = performance.now();
    const release = await queryLimiter(ctx.app).acquire();
    const queuedMs = performance.now() - waiting;
    const memory = queryMemory(ctx.app);
    try {
      const { first, rest } = await new QueryService(ctx.app, ctx.auth).run({ org: optional(ctx.query.org), orgID: optional(ctx.query.orgID) }, request, memory, queuedMs);
      const { res } = ctx;
      res.status(200);
      res.setHeader("Content-Type", "text/csv; charset=utf-8");
      await sendChunks(res, first, rest);
      return undefined;
    } finally {
      memory?.close();
      release();
    }
  },

  PostQueryAst: async (ctx) => {
    await ctx.auth.identity();
    const body = ctx.body as { query?: string } | undefined;
    // Parse errors live on the tree's nodes; InfluxDB refuses a tree that carries any.
    const { package: pkg } = parse(body?.query ?? "");
    const first = queryASTErrors(pkg)[0];
    if (first !== undefined) throw invalid(first);
    // astToJSON writes Go's encoding of the tree as text; it is embedded as it is.
    return { status: 200, body: `{"ast":${astToJSON(pkg)}}`, headers: { "Content-Type": "application/json; charset=utf-8" } };
  },

  // Analysis, like parsing, needs only a valid token; errors are the answer, not a failure.
  PostQueryAnalyze: async (ctx) => {
    await ctx.auth.identity();
    const body = ctx.body as { query?: string } | undefined;
    return { status: 200, body: { errors: await analyzeQuery(body?.query ?? "") } };
  },

  GetQuerySuggestions: async (ctx) => {
    await ctx.auth.identity();
    return { status: 200, body: await querySuggestions() };
  },

  GetQuerySuggestionsName: async (ctx) => {
    await ctx.auth.identity();
    return { status: 200, body: await querySuggestion(String(ctx.params.name)) };
  },
};
