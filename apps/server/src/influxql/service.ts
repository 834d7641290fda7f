// Running InfluxQL for a 1.x /query request: parameters as InfluxDB 1.x reads them, a parse error
// for the whole request, then one result per statement, encoded as JSON (whole or chunked), CSV or
// MessagePack (whole or chunked).
import {
  chunkedJson,
  chunkedMsgpack,
  executeQuery,
  ParamsError,
  ParseError,
  parseParams,
  resultsCsvChunks,
  resultsJsonChunks,
  resultsMsgpack,
  type BoundValue,
  type FormatOptions,
  type StatementResult,
} from "@fluxgate/influxql";
import type { Authorizer } from "../auth/authorizer.js";
import type { Chunk } from "../http/stream.js";
import type { AppContext } from "../http/types.js";
import { ServerQuerySource } from "./source.js";

export interface LegacyQueryRequest {
  q: string;
  db?: string;
  rp?: string;
  epoch?: string;
  pretty: boolean;
  /** Stream one JSON (or MessagePack) document per chunk of `chunkSize` rows. */
  chunked: boolean;
  chunkSize: number;
  /** The `params` parameter as sent (JSON: `$name` → value). */
  params?: string;
  format: "json" | "csv" | "msgpack";
}

/** A request-level failure with InfluxDB 1.x's `error` text (for 1.x clients) besides code/message. */
export class LegacyQueryFailure extends Error {
  constructor(message: string) {
    super(message);
  }
}

/** The bound values of the `params` text, read as 1.x reads them (a bad text fails the request). */
function boundParams(text: string | undefined): Record<string, BoundValue> {
  try {
    return parseParams(text ?? "");
  } catch (error) {
    if (error instanceof ParamsError) throw new LegacyQueryFailure(error.message);
    throw error;
  }
}

export class InfluxQLService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  /**
   * Parses the query (a parse error throws {@link LegacyQueryFailure} before anything is written)
   * and returns the encoded answer (JSON or CSV text, MessagePack bytes) as chunks to write in order.
   */
  async run(request: LegacyQueryRequest): Promise<AsyncGenerator<Chunk>> {
    const { results, options } = await this.start(request);
    return encode(results, request, options);
  }

  private async start(request: LegacyQueryRequest): Promise<{ results: AsyncGenerator<StatementResult>; options: FormatOptions }> {
    await this.auth.identity();
    if (request.q.trim() === "") throw new LegacyQueryFailure(`missing required parameter "q"`);
    const params = boundParams(request.params);
    let results: AsyncGenerator<StatementResult>;
    try {
      results = executeQuery(request.q, {
        source: new ServerQuerySource(this.app, this.auth),
        params,
        ...(request.db !== undefined ? { db: request.db } : {}),
        ...(request.rp !== undefined ? { rp: request.rp } : {}),
      });
    } catch (error) {
      if (error instanceof ParseError) throw new LegacyQueryFailure(`error parsing query: ${error.message}`);
      throw error;
    }
    const options: FormatOptions = { pretty: request.pretty, ...(request.epoch !== undefined ? { epoch: request.epoch } : {}) };
    return { results, options };
  }
}

async function* encode(results: AsyncGenerator<StatementResult>, request: LegacyQueryRequest, options: FormatOptions): AsyncGenerator<Chunk> {
  try {
    // CSV has no chunked form: it is always one document.
    if (request.chunked && request.format !== "csv") {
      const chunked = request.format === "msgpack" ? chunkedMsgpack : chunkedJson;
      for await (const r of results) yield* chunked(r, request.chunkSize, options);
      return;
    }
    // A whole document holds every result (MessagePack even writes their count first).
    const all: StatementResult[] = [];
    for await (const r of results) all.push(r);
    if (request.format === "csv") yield* resultsCsvChunks(all, options);
    else if (request.format === "msgpack") yield* resultsMsgpack(all, options);
    // JSON leaves as ~64 KiB byte chunks written while the document is encoded.
    else yield* resultsJsonChunks(all, options);
  } finally {
    await results.return(undefined);
  }
}
