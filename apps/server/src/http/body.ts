// Request bodies: gzip-decoded when Content-Encoding says so, and cut off at --http-max-request-bytes
// (counted after decoding, so a small gzip bomb cannot get around the limit).
import type { IncomingMessage } from "node:http";
import { PassThrough, Transform, type Readable, type TransformCallback } from "node:stream";
import { createGunzip } from "node:zlib";
import { FluxgateError } from "./errors.js";

export function tooLarge(limit: number): FluxgateError {
  return new FluxgateError("request too large", `request body exceeds the limit of ${limit} bytes`);
}

class ByteLimit extends Transform {
  #seen = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.#seen += chunk.length;
    if (this.limit > 0 && this.#seen > this.limit) done(tooLarge(this.limit));
    else done(null, chunk);
  }
}

/**
 * The decoded body as a stream. Errors are FluxgateErrors (415 unknown encoding, 400 bad gzip, 413).
 *
 * The request is piped by hand rather than through `pipeline`, which would destroy it (and its
 * socket) on the first error: the client must still get our 413 or 400, and the connection must stay
 * usable. On any failure the request is unpiped and the rest of what the client sends is discarded.
 */
export function bodyStream(req: IncomingMessage, limit: number): Readable {
  const declared = Number(req.headers["content-length"] ?? "0");
  const encoding = String(req.headers["content-encoding"] ?? "identity").toLowerCase().trim();
  const out = new PassThrough();
  const refuse = (err: FluxgateError) => {
    req.resume();
    queueMicrotask(() => out.destroy(err));
    return out;
  };
  if (encoding === "identity" && limit > 0 && declared > limit) return refuse(tooLarge(limit));
  if (encoding !== "identity" && encoding !== "gzip") {
    return refuse(new FluxgateError("unsupported media type", `unsupported Content-Encoding "${encoding}"; use gzip or identity`));
  }
  const gunzip = encoding === "gzip" ? createGunzip() : undefined;
  const limiter = new ByteLimit(limit);
  let failed = false;
  const stop = (err: Error | undefined) => {
    if (failed) return;
    failed = true;
    req.unpipe();
    if (!req.complete) req.resume();
    gunzip?.destroy();
    limiter.destroy();
    if (err) out.destroy(err);
  };
  const mapped = (err: Error) => {
    if (err instanceof FluxgateError) return err;
    if (gunzip && (err as NodeJS.ErrnoException).code?.startsWith("Z_")) return new FluxgateError("invalid", `invalid gzip request body: ${err.message}`);
    return err;
  };
  limiter.on("error", (err) => stop(mapped(err)));
  gunzip?.on("error", (err) => stop(mapped(err)));
  // The client going away ends the body with its error; nothing is left to drain.
  req.on("error", (err) => stop(err));
  // A consumer that stops reading early (e.g. after a bad line) leaves the rest to be discarded.
  out.on("close", () => stop(undefined));
  limiter.pipe(out);
  if (gunzip) {
    gunzip.pipe(limiter);
    req.pipe(gunzip);
  } else req.pipe(limiter);
  return out;
}

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of bodyStream(req, limit)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** True when the request carries a body at all. */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return (length !== undefined && length !== "0") || req.headers["transfer-encoding"] !== undefined;
}
