/** InfluxDB's JSON error body for a query that fails before any output was written. */
import { FluxCompileError, FluxExecutionError } from "./errors.js";
import { MemoryLimitError } from "./memory.js";

export interface QueryErrorResponse {
  status: number;
  body: { code: string; message: string };
}

export function queryErrorResponse(error: unknown): QueryErrorResponse {
  // influxd turns Flux's ResourceExhausted (the allocator's limit) into its "invalid" code, 400
  // (handleFluxError in its query controller), so a query over its memory limit is answered so.
  if (error instanceof FluxCompileError || error instanceof FluxExecutionError || error instanceof MemoryLimitError) {
    return { status: 400, body: { code: "invalid", message: error.message } };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/could not find bucket/.test(message)) return { status: 404, body: { code: "not found", message } };
  return { status: 500, body: { code: "internal error", message } };
}
