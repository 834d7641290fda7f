// Fetching a target's exposition text over http or https. node:http rather than fetch(): a target
// with `allowInsecure` needs TLS verification off for that one request, which fetch cannot do
// without an extra dispatcher dependency.
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { createGunzip } from "node:zlib";

export interface FetchOptions {
  timeoutMs: number;
  allowInsecure: boolean;
  /** A larger body is abandoned: a misconfigured target must not exhaust memory. */
  maxBytes: number;
}

export class ScrapeFetchError extends Error {}

/** The body of a 2xx answer as text; rejects with a ScrapeFetchError saying what went wrong. */
export function fetchExposition(target: string, options: FetchOptions): Promise<string> {
  const url = new URL(target);
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const fail = (message: string) => reject(new ScrapeFetchError(message));
    const req = request(
      url,
      {
        method: "GET",
        headers: { accept: "text/plain;version=0.0.4;q=1,*/*;q=0.1", "accept-encoding": "gzip", "user-agent": "fluxgate-scraper" },
        timeout: options.timeoutMs,
        ...(url.protocol === "https:" ? { rejectUnauthorized: !options.allowInsecure } : {}),
      },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          res.resume();
          fail(`${target} answered HTTP ${status}`);
          return;
        }
        const body = res.headers["content-encoding"] === "gzip" ? res.pipe(createGunzip()) : res;
        const chunks: Buffer[] = [];
        let size = 0;
        body.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            req.destroy();
            fail(`${target} sent more than ${options.maxBytes} bytes`);
            return;
          }
          chunks.push(chunk);
        });
        body.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        body.on("error", (err: Error) => fail(`reading ${target}: ${err.message}`));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on("error", (err: Error) => fail(`fetching ${target}: ${err.message}`));
    req.end();
  });
}
