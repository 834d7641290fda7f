import type { HandlerContext, HandlerMap, HandlerReply } from "../http/types.js";
import { queryLimiter } from "../query/limiter.js";
import { InfluxQLService, LegacyQueryFailure, parseBoundParams, type LegacyQueryRequest } from "./service.js";
import { sendChunks } from "../http/stream.js";

const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const isTrue = (v: string | undefined): boolean => v !== undefined && v !== "" && v !== "false" && v !== "0";

/** Parameters from the query string, overridden by a form body (Go's FormValue order). */
async function parameters(ctx: HandlerContext): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  for (const [k, v] of Object.entries(ctx.query)) if (v !== undefined && v !== null) values.set(k, String(v));
  if (ctx.req.method === "POST") {
    const type = String(ctx.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    const body = (await ctx.readBody()).toString("utf8");
    if (type === "application/x-www-form-urlencoded" || (type === "" && body.includes("q="))) {
      for (const [k, v] of new URLSearchParams(body)) values.set(k, v);
    } else if (type === "application/vnd.influxql" || type === "text/plain") {
      values.set("q", body);
    }
  }
  return values;
}

function formatOf(ctx: HandlerContext): { format: "json" | "csv"; contentType: string } {
  const accept = String(ctx.headers.accept ?? "").toLowerCase();
  if (accept.includes("application/csv")) return { format: "csv", contentType: "application/csv" };
  if (accept.includes("text/csv")) return { format: "csv", contentType: "text/csv" };
  return { format: "json", contentType: "application/json" };
}

async function legacyQuery(ctx: HandlerContext): Promise<HandlerReply | undefined> {
  await ctx.auth.identity();
  const p = await parameters(ctx);
  const { format, contentType } = formatOf(ctx);
  const chunkSize = Number(p.get("chunk_size") ?? "10000");
  const request: LegacyQueryRequest = {
    q: p.get("q") ?? "",
    pretty: isTrue(p.get("pretty")),
    chunked: isTrue(p.get("chunked")),
    chunkSize: Number.isInteger(chunkSize) && chunkSize > 0 ? chunkSize : 10000,
    params: parseBoundParams(p.get("params")),
    format,
    ...(text(p.get("db")) ? { db: p.get("db")! } : {}),
    ...(text(p.get("rp")) ? { rp: p.get("rp")! } : {}),
    ...(text(p.get("epoch")) ? { epoch: p.get("epoch")! } : {}),
  };
  const release = await queryLimiter(ctx.app).acquire();
  try {
    let chunks: AsyncGenerator<string>;
    try {
      chunks = await new InfluxQLService(ctx.app, ctx.auth).run(request);
    } catch (error) {
      // 1.x clients read `error`; v2 tooling reads code/message: the body carries both.
      if (error instanceof LegacyQueryFailure) return { status: 400, body: { code: "invalid", message: error.message, error: error.message } };
      throw error;
    }
    const { res } = ctx;
    const first = await chunks.next();
    res.status(200);
    res.setHeader("Content-Type", `${contentType}; charset=utf-8`);
    try {
      await sendChunks(res, first.done ? undefined : first.value, chunks, { flushEach: request.chunked });
    } catch (error) {
      // The status is sent already: all that is left is to log and cut the response short.
      ctx.log.error({ err: error }, "influxql query failed while streaming");
      res.destroy();
    }
    return undefined;
  } finally {
    release();
  }
}

/** operationId → handler for this domain. */
export const handlers: HandlerMap = {
  GetLegacyQuery: legacyQuery,
  PostLegacyQuery: legacyQuery,
};
