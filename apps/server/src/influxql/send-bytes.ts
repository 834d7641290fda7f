// Streaming a binary response (InfluxQL's MessagePack), with the same backpressure, flushing and
// producer-ending rules as http/stream.ts's sendChunks, which takes text chunks only.
import type { HandlerContext } from "../http/types.js";

type Res = HandlerContext["res"];

function writeBytes(res: Res, piece: Uint8Array): Promise<void> {
  // A closed socket emits neither `drain` nor `close` again: nothing to wait for.
  if (res.write(piece) || res.destroyed) return Promise.resolve();
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

/** Sends `first`, then every piece of `rest`, then ends the response (see sendChunks). */
export async function sendBytes(res: Res, first: Uint8Array | undefined, rest: AsyncIterator<Uint8Array>, options: { flushEach?: boolean } = {}): Promise<void> {
  try {
    if (first !== undefined) await writeBytes(res, first);
    res.flush();
    while (!res.destroyed) {
      const next = await rest.next();
      if (next.done) break;
      await writeBytes(res, next.value);
      if (options.flushEach) res.flush();
    }
  } finally {
    await rest.return?.();
  }
  res.end();
}
