/** InfluxDB's JSON error body for a query that fails before any output was written. */
import { FluxCompileError, FluxExecutionError } from "./errors.js";

export interface QueryErrorResponse {
  status: number;
  body: { code: string; message: string };
}

export function queryErrorResponse(error: unknown): QueryErrorResponse {
  if (error instanceof FluxCompileError || error instanceof FluxExecutionError) {
    return { status: 400, body: { code: "invalid", message: error.message } };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/could not find bucket/.test(message)) return { status: 404, body: { code: "not found", message } };
  return { status: 500, body: { code: "internal error", message } };
}
