// Streaming a response made of chunks (Flux's annotated CSV, InfluxQL's JSON and MessagePack): backpressure
// from the socket, the first chunk flushed at once through `compression`, and the producer ended
// whether the client stays or goes away (ending it releases storage reads).
import type { HandlerContext } from "./types.js";

type Res = HandlerContext["res"];
/** Text, or bytes for binary answers. */
export type Chunk = string | Uint8Array;

/** Writes `chunk`, waiting for the socket to drain when its buffer is full. */
export function writeChunk(res: Res, chunk: Chunk): Promise<void> {
  // A closed socket emits neither `drain` nor `close` again: nothing to wait for.
  if (res.write(chunk) || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/**
 * Sends `first`, then every chunk of `rest`, then ends the response. With `flushEach` every chunk
 * leaves at once (chunked InfluxQL answers); otherwise `compression` batches them. Errors from
 * `rest` propagate after it has been ended; the response is then left unfinished for the caller.
 */
export async function sendChunks<C extends Chunk>(res: Res, first: C | undefined, rest: AsyncIterator<C>, options: { flushEach?: boolean } = {}): Promise<void> {
  try {
    if (first !== undefined) await writeChunk(res, first);
    flush(res);
    while (!res.destroyed) {
      const next = await rest.next();
      if (next.done) break;
      await writeChunk(res, next.value);
      if (options.flushEach) flush(res);
    }
  } finally {
    await rest.return?.();
  }
  res.end();
}

/** Sends what `compression` holds; a response it does not wrap (no Accept-Encoding) holds nothing. */
function flush(res: Res): void {
  (res as { flush?: () => void }).flush?.();
}
