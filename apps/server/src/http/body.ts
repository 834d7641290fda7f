// Request bodies: gzip-decoded when Content-Encoding says so, and cut off at --http-max-request-bytes
// (counted after decoding, so a small gzip bomb cannot get around the limit).
import type { IncomingMessage } from "node:http";
import { PassThrough, Transform, type Readable, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
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

/** The decoded body as a stream. Errors are FluxgateErrors (415 unknown encoding, 400 bad gzip, 413). */
export function bodyStream(req: IncomingMessage, limit: number): Readable {
  const declared = Number(req.headers["content-length"] ?? "0");
  const encoding = String(req.headers["content-encoding"] ?? "identity").toLowerCase().trim();
  const out = new PassThrough();
  if (encoding === "identity" && limit > 0 && declared > limit) {
    req.resume();
    queueMicrotask(() => out.destroy(tooLarge(limit)));
    return out;
  }
  const stages: NodeJS.ReadWriteStream[] = [];
  if (encoding === "gzip") stages.push(createGunzip());
  else if (encoding !== "identity") {
    req.resume();
    queueMicrotask(() => out.destroy(new FluxgateError("unsupported media type", `unsupported Content-Encoding "${encoding}"; use gzip or identity`)));
    return out;
  }
  stages.push(new ByteLimit(limit));
  // `out` stays outside the pipeline so that it receives our mapped error, not the raw one the
  // pipeline would destroy it with.
  stages[stages.length - 1]!.pipe(out);
  pipeline([req, ...stages]).catch((err: unknown) => {
    if (err instanceof FluxgateError) out.destroy(err);
    else if (encoding === "gzip" && (err as NodeJS.ErrnoException).code?.startsWith("Z_")) {
      out.destroy(new FluxgateError("invalid", `invalid gzip request body: ${(err as Error).message}`));
    } else out.destroy(err as Error);
  });
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
