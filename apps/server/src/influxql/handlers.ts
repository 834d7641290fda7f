import type { HandlerContext, HandlerMap, HandlerReply } from "../http/types.js";
import { queryLimiter } from "../query/limiter.js";
import { InfluxQLService, LegacyQueryFailure, type LegacyQueryRequest } from "./service.js";
import { sendChunks, type Chunk } from "../http/stream.js";

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

type Format = LegacyQueryRequest["format"];

const FORMATS: ReadonlyArray<{ type: string; format: Format; contentType: string }> = [
  { type: "application/json", format: "json", contentType: "application/json; charset=utf-8" },
  { type: "application/csv", format: "csv", contentType: "application/csv; charset=utf-8" },
  { type: "text/csv", format: "csv", contentType: "text/csv; charset=utf-8" },
  // Exactly this, no charset: the 1.x Python client decodes MessagePack only on an exact match.
  { type: "application/x-msgpack", format: "msgpack", contentType: "application/x-msgpack" },
];

/**
 * The answer's format from `Accept`, as InfluxDB 1.x's httpd picks it: media ranges by descending
 * `q` (ties keep their order), the first one a format matches wins (wildcards match JSON first);
 * JSON when none does.
 */
function formatOf(ctx: HandlerContext): { format: Format; contentType: string } {
  const ranges = String(ctx.headers.accept ?? "")
    .split(",")
    .map((part, index) => {
      const [range = "", ...params] = part.split(";").map((p) => p.trim().toLowerCase());
      const q = params.find((p) => p.startsWith("q="));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { range, weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.range !== "")
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { range } of ranges) {
    const [type = "", sub = ""] = range.split("/");
    const found = FORMATS.find((f) => {
      const [ft, fs] = f.type.split("/");
      return (type === "*" || type === ft) && (sub === "*" || sub === fs);
    });
    if (found !== undefined) return found;
  }
  return FORMATS[0]!;
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
    ...(p.has("params") ? { params: p.get("params")! } : {}),
    format,
    ...(text(p.get("db")) ? { db: p.get("db")! } : {}),
    ...(text(p.get("rp")) ? { rp: p.get("rp")! } : {}),
    ...(text(p.get("epoch")) ? { epoch: p.get("epoch")! } : {}),
  };
  const release = await queryLimiter(ctx.app).acquire();
  try {
    const service = new InfluxQLService(ctx.app, ctx.auth);
    try {
      await stream(ctx, contentType, request.chunked, await service.run(request));
    } catch (error) {
      // A request-level failure: InfluxDB 2.x answers it in JSON whatever the Accept header. 1.x
      // clients read `error`; v2 tooling reads code/message: the body carries both.
      if (error instanceof LegacyQueryFailure) return { status: 400, body: { code: "invalid", message: error.message, error: error.message } };
      throw error;
    }
    return undefined;
  } finally {
    release();
  }
}

/** Runs the encoder to its first piece (a failure there is still a plain error), then streams. */
async function stream(ctx: HandlerContext, contentType: string, chunked: boolean, pieces: AsyncGenerator<Chunk>): Promise<void> {
  const { res } = ctx;
  const first = await pieces.next();
  res.status(200);
  res.setHeader("Content-Type", contentType);
  try {
    await sendChunks(res, first.done ? undefined : first.value, pieces, { flushEach: chunked });
  } catch (error) {
    // The status is sent already: all that is left is to log and cut the response short.
    ctx.log.error({ err: error }, "influxql query failed while streaming");
    res.destroy();
  }
}

/** operationId → handler for this domain. */
export const handlers: HandlerMap = {
  GetLegacyQuery: legacyQuery,
  PostLegacyQuery: legacyQuery,
};
