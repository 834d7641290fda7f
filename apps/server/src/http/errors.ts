// InfluxDB's error model: a JSON body {"code", "message"} whose code decides the HTTP status.
// Services throw FluxgateError; the dispatcher turns it (and anything else) into the response.

export const ERROR_STATUS = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  "not found": 404,
  "method not allowed": 405,
  conflict: 422,
  "request too large": 413,
  "unsupported media type": 415,
  "unprocessable entity": 422,
  "too many requests": 429,
  "internal error": 500,
  "not implemented": 501,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
}

export class FluxgateError extends Error {
  override name = "FluxgateError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message };
  }
}

export const invalid = (message: string) => new FluxgateError("invalid", message);
export const notFound = (message: string) => new FluxgateError("not found", message);
export const conflict = (message: string) => new FluxgateError("conflict", message);
export const unauthorized = (message = "unauthorized access") => new FluxgateError("unauthorized", message);
export const forbidden = (message = "insufficient permissions") => new FluxgateError("forbidden", message);

/** Anything thrown, as the error to answer with. Unknown errors become 500 without leaking details. */
export function asFluxgateError(err: unknown): FluxgateError {
  if (err instanceof FluxgateError) return err;
  return new FluxgateError("internal error", "an internal error has occurred", { cause: err });
}
