// Running a Flux query for an HTTP request: the org it runs in, its options (now, params, extern),
// and the program's results as annotated CSV chunks. The first chunk is computed here, before
// anything is sent, so failures found up to that point become a JSON error with a status.
import { annotatedCSVBytes, executeAsync, FluxCompileError, paramsFromJSON, queryErrorResponse, values, type Dialect, type JSONValue, type QueryMemory } from "@fluxgate/flux";
import type { Authorizer } from "../auth/authorizer.js";
import { metadataCache } from "../db/metadata-cache.js";
import { fluxServices } from "../flux-services/index.js";
import { ERROR_STATUS, FluxgateError, invalid, type ErrorCode } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import { resolveOrg, type OrgParams } from "../write/target.js";
import { StorageDataSource } from "./datasource.js";
import { externSource } from "./extern.js";

/** The request body of POST /api/v2/query, after Content-Type decoding. */
export interface QueryRequest {
  query: string;
  dialect?: Dialect;
  params?: Record<string, JSONValue>;
  now?: string;
  extern?: unknown;
}

/** A running query whose first chunk is already known; `rest` yields the others. */
export interface QueryStream {
  first: Uint8Array | undefined;
  rest: AsyncIterator<Uint8Array>;
}

function asFluxgateError(status: number, body: { code: string; message: string }): FluxgateError {
  const code = (Object.keys(ERROR_STATUS) as ErrorCode[]).find((c) => c === body.code && ERROR_STATUS[c] === status);
  return new FluxgateError(code ?? "internal error", body.message);
}

/** Errors before the first byte, worded as InfluxDB answers them. */
function beforeOutput(error: unknown): FluxgateError {
  if (error instanceof FluxgateError) return error;
  if (error instanceof FluxCompileError) return invalid(`compilation failed: ${error.message}`);
  const { status, body } = queryErrorResponse(error);
  return asFluxgateError(status, body);
}

export class QueryService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  /**
   * `memory` is the query's account (see queryMemory); the caller closes it once the stream ends.
   * `queuedMs`: how long the query waited for a slot (the `query` profiler reports it).
   */
  async run(orgParams: OrgParams, request: QueryRequest, memory?: QueryMemory, queuedMs?: number): Promise<QueryStream> {
    const identity = await this.auth.identity();
    if (request.query.trim() === "") throw invalid("query must not be empty");
    const org = await metadataCache(this.app).lookup(["query org", orgParams.org, orgParams.orgID, identity.orgID], () => resolveOrg(this.app, identity, orgParams));
    const now = request.now === undefined ? undefined : parseNow(request.now);
    const extern = request.extern === undefined || request.extern === null ? undefined : externSource(request.extern);
    const source = new StorageDataSource(this.app, this.auth, org.id);
    let chunks: AsyncIterator<Uint8Array>;
    try {
      const { results } = await executeAsync(request.query, { source, services: fluxServices(this.app, this.auth, org.id), params: paramsFromJSON(request.params ?? {}), ...(now !== undefined ? { now } : {}), ...(extern !== undefined ? { extern } : {}), ...(memory !== undefined ? { memory } : {}), ...(queuedMs !== undefined ? { queuedMs } : {}) });
      chunks = annotatedCSVBytes(results, request.dialect ?? {})[Symbol.asyncIterator]();
    } catch (error) {
      throw beforeOutput(error);
    }
    try {
      const first = await chunks.next();
      return { first: first.done ? undefined : first.value, rest: chunks };
    } catch (error) {
      throw beforeOutput(error);
    }
  }
}

function parseNow(text: string): bigint {
  try {
    return values.parseTime(text);
  } catch {
    throw invalid(`invalid now time ${JSON.stringify(text)}: must be RFC3339`);
  }
}
