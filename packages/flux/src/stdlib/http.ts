/**
 * The `http` package: `post` sends a request while the program runs (its status code is a value,
 * so it goes through `RuntimeContext.resolve`), plus `basicAuth` and `pathEscape`.
 */
import { type Members, type RuntimeContext, builtin } from "../runtime/builtin.js";
import { type Value, int, string } from "../values/value.js";

const timeoutMs = 30_000;

export function httpPackage(context: RuntimeContext): Members {
  const post = builtin("http.post", (args) => {
    const url = args.string("url");
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return args.fail(`invalid URL ${JSON.stringify(url)}`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") args.fail(`unsupported URL scheme ${parsed.protocol}`);
    const headers: Record<string, string> = {};
    for (const [name, value] of args.optionalRecord("headers")?.fields ?? []) {
      if (value.kind !== "string") return args.fail(`header ${name} must be a string`);
      headers[name] = value.value;
    }
    const data = args.get("data");
    if (data !== undefined && data.kind !== "bytes") args.fail(`keyword argument "data" should be of kind bytes, but got ${data.kind}`);
    const body = data?.kind === "bytes" ? data.value : undefined;
    const status = context.resolve("http.post", async () => {
      try {
        const response = await fetch(parsed, { method: "POST", headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(timeoutMs) });
        await response.arrayBuffer();
        return { status: response.status };
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    });
    if ("error" in status) return args.fail(`post ${url}: ${status.error}`);
    return int(BigInt(status.status));
  });
  return new Map<string, Value>([
    ["post", post],
    ["basicAuth", builtin("http.basicAuth", (args) => string(`Basic ${Buffer.from(`${args.string("u")}:${args.string("p")}`).toString("base64")}`))],
    ["pathEscape", builtin("http.pathEscape", (args) => string(encodeURIComponent(args.string("inputString")).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)))],
  ]);
}
