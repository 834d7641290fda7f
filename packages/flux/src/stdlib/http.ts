/**
 * The `http` package: `post` sends a request while the program runs (its status code is a value,
 * so it goes through `RuntimeContext.resolve`), `endpoint` posts once per row (for notification
 * rules), plus `basicAuth` and `pathEscape`.
 */
import type { Args } from "../runtime/args.js";
import { type Members, type RuntimeContext, builtin, transformation } from "../runtime/builtin.js";
import type { RecordValue, Value } from "../values/value.js";
import { int, string } from "../values/value.js";
import { rowFunctions } from "./universe/rows.js";

const timeoutMs = 30_000;

interface Request {
  url: URL;
  headers: Record<string, string>;
  body: Uint8Array | undefined;
}

function request(args: Args, url: string, headersValue: RecordValue | undefined, data: Value | undefined): Request {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return args.fail(`invalid URL ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") args.fail(`unsupported URL scheme ${parsed.protocol}`);
  const headers: Record<string, string> = {};
  for (const [name, value] of headersValue?.fields ?? []) {
    if (value.kind !== "string") return args.fail(`header ${name} must be a string`);
    headers[name] = value.value;
  }
  if (data !== undefined && data.kind !== "bytes" && data.kind !== "null") args.fail(`data should be of kind bytes, but got ${data.kind}`);
  return { url: parsed, headers, body: data?.kind === "bytes" ? data.value : undefined };
}

/** POSTs the request (once: a replayed run reuses the answer) and returns its status code. */
function send(context: RuntimeContext, args: Args, r: Request): number {
  const status = context.resolve("http.post", async () => {
    try {
      const response = await fetch(r.url, { method: "POST", headers: r.headers, ...(r.body !== undefined ? { body: r.body } : {}), signal: AbortSignal.timeout(timeoutMs) });
      await response.arrayBuffer();
      return { status: response.status };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  });
  if ("error" in status) return args.fail(`post ${r.url.href}: ${status.error}`);
  return status.status;
}

export function httpPackage(context: RuntimeContext): Members {
  const post = builtin("http.post", (args) => {
    const r = request(args, args.string("url"), args.optionalRecord("headers"), args.get("data"));
    return int(BigInt(send(context, args, r)));
  });

  /** `endpoint(url)(mapFn)` is a transformation posting `mapFn(r)`'s `{headers, data}` per row, marking `_sent`. */
  const endpoint = builtin("http.endpoint", (outer) => {
    const url = outer.string("url");
    return builtin("http.endpoint.mapFn", (middle) => {
      const mapFn = middle.function("mapFn");
      return transformation("http.endpoint", (args) => {
        const map = rowFunctions.get("map");
        if (map?.kind !== "function") return args.fail("map is unavailable");
        const callArgs = new Map<string, Value>();
        const perRow = builtin("http.endpoint.row", (row) => {
          const r = row.record("r");
          callArgs.set("r", r);
          const shaped = mapFn.call(callArgs, args.site);
          if (shaped.kind !== "record") return args.fail(`mapFn must return a record, got ${shaped.kind}`);
          const headers = shaped.fields.get("headers");
          const status = send(context, args, request(args, url, headers?.kind === "record" ? headers : undefined, shaped.fields.get("data")));
          const fields = new Map(r.fields);
          fields.set("_sent", string(String(status >= 200 && status < 300)));
          return { kind: "record", fields };
        });
        return map.call(new Map<string, Value>([["tables", args.stream()], ["fn", perRow]]), args.site);
      });
    });
  });

  return new Map<string, Value>([
    ["post", post],
    ["endpoint", endpoint],
    ["basicAuth", builtin("http.basicAuth", (args) => string(`Basic ${Buffer.from(`${args.string("u")}:${args.string("p")}`).toString("base64")}`))],
    ["pathEscape", builtin("http.pathEscape", (args) => string(encodeURIComponent(args.string("inputString")).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)))],
  ]);
}
