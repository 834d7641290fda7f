/** A whole query's annotated CSV, chunk by chunk, with Flux's error table if it fails midway. */
import { type Dialect, CSVEncoder, type Result, utf8Text } from "./encode.js";

/**
 * Yields the CSV as UTF-8 bytes as tables are produced. An error before any table is encoded is
 * thrown (the caller can still answer with an HTTP error); after it, what is encoded is sent, then
 * the error as Flux's error table (`,error,reference`), and the stream ends.
 */
export async function* annotatedCSVBytes(results: AsyncIterable<Result> | Iterable<Result>, dialect: Dialect = {}): AsyncIterable<Uint8Array> {
  const encoder = new CSVEncoder(dialect);
  try {
    yield* encoder.encode(results);
  } catch (error) {
    if (!encoder.started) throw error;
    yield* encoder.flush();
    yield Buffer.from(encoder.encodeError(error instanceof Error ? error.message : String(error)), "utf8");
  }
}

/** {@link annotatedCSVBytes} as text. */
export function annotatedCSV(results: AsyncIterable<Result> | Iterable<Result>, dialect: Dialect = {}): AsyncIterable<string> {
  return utf8Text(annotatedCSVBytes(results, dialect));
}
