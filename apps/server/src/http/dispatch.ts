// The request path: match the operation, read and validate the body and parameters against the
// contract, build the caller's Authorizer, run the handler, answer. Every failure on the way is an
// InfluxDB error body.
import type { NextFunction, Request, Response } from "express";
import type { OpenAPIBackend } from "openapi-backend";
import { Authorizer, type BasicResolver } from "../auth/authorizer.js";
import { parseCredentials } from "../auth/credentials.js";
import { resolveLegacyCredentials } from "../legacy/credentials.js";
import { bodyStream, hasBody, readBody } from "./body.js";
import { asFluxgateError, FluxgateError } from "./errors.js";
import { describeValidationError, requestBodyOptional, requestMediaTypes } from "./openapi.js";
import { OperationRouter } from "./router.js";
import type { AppContext, Handler, HandlerContext, HandlerReply } from "./types.js";

export interface DispatchOptions {
  app: AppContext;
  api: OpenAPIBackend;
  handlers: ReadonlyMap<string, Handler>;
  basicResolver?: BasicResolver;
}

/** Locals the dispatcher leaves on `res.locals` for logging and metrics. */
export interface DispatchLocals {
  operationId?: string;
}

export function createDispatcher({ app, api, handlers, basicResolver = resolveLegacyCredentials }: DispatchOptions) {
  const router = new OperationRouter(api);
  return async (req: Request, res: Response, _next: NextFunction): Promise<void> => {
    try {
      const path = req.path;
      const query = req.query as Record<string, string | string[]>;
      const operation = router.match(req.method, path);
      if (!operation?.operationId) throw notFoundOrNotAllowed(router, req.method, path);
      const operationId = operation.operationId;
      (res.locals as DispatchLocals).operationId = operationId;
      // An operation without a handler answers 501 whatever its request holds (the official CLI's
      // `influx export` sends a body our contract would refuse with a 400 first).
      const handler = handlers.get(operationId);
      if (!handler) throw new FluxgateError("not implemented", `${operationId} (${req.method} ${operation.path}) is not implemented yet`);

      const read = await readJsonBodyIfAny(req, requestMediaTypes(operation), app.config.httpMaxRequestBytes);
      // Go clients send a nil body as JSON `null` (the official CLI's `influx task run retry`): where
      // the body may be left out, that is no body.
      const body = read.parsed === null && requestBodyOptional(operation) ? { raw: read.raw } : read;
      // A body read as JSON is validated as JSON, whatever its Content-Type said.
      const headers = { ...(req.headers as Record<string, string>), ...(body.parsed !== undefined ? { "content-type": "application/json" } : {}) };
      const validation = api.validateRequest({ method: req.method, path, headers, query, ...(body.parsed !== undefined ? { body: body.parsed } : {}) }, operation);
      if (!validation.valid) {
        const first = validation.errors?.[0];
        throw new FluxgateError("invalid", first ? describeValidationError(first) : "invalid request");
      }
      const coercedQuery = { ...query, ...(validation.coerced?.query as Record<string, unknown> | undefined) };
      const ctx: HandlerContext = {
        operationId,
        app,
        auth: new Authorizer(app, parseCredentials(req.headers, coercedQuery, !path.startsWith("/api/")), basicResolver),
        params: (validation.coerced?.params as Record<string, string> | undefined) ?? (api.router.parseRequest({ method: req.method, path, headers: {}, query }, operation).params as Record<string, string>),
        query: coercedQuery,
        headers: req.headers,
        body: body.parsed,
        readBody: () => (body.raw ? Promise.resolve(body.raw) : readBody(req, app.config.httpMaxRequestBytes)),
        bodyStream: () => bodyStream(req, app.config.httpMaxRequestBytes),
        log: app.log,
        req,
        res,
      };
      const reply = await handler(ctx);
      // A reply after --http-write-timeout already answered 503 has nowhere to go.
      if (reply && !res.headersSent) sendReply(res, reply);
    } catch (err) {
      sendError(app, req, res, err);
    }
  };
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

/** 405 with `Allow` when the path exists under other methods, as InfluxDB answers; 404 otherwise. */
function notFoundOrNotAllowed(router: OperationRouter, method: string, path: string): FluxgateError {
  const allowed = METHODS.filter((m) => m !== method && router.match(m, path));
  if (allowed.length === 0) return new FluxgateError("not found", "path not found");
  return new FluxgateError("method not allowed", `method not allowed; allow: ${allowed.join(", ")}`);
}

interface ReadBody {
  raw?: Buffer;
  parsed?: unknown;
}

/**
 * JSON bodies are read and parsed here so the contract can validate them; other bodies (line
 * protocol, Flux, CSV) are left for the handler to read or stream.
 *
 * Content-Type decides nothing except where an operation takes several formats, as in InfluxDB:
 * its JSON endpoints decode JSON whatever the header says (curl sends form-urlencoded by default),
 * and its write endpoints ignore the header. So a non-JSON type the operation names goes to the
 * handler; any other body of an operation that takes JSON is parsed as JSON (400 when it is not).
 */
async function readJsonBodyIfAny(req: Request, accepted: string[], limit: number): Promise<ReadBody> {
  if (!hasBody(req)) return {};
  const mediaType = String(req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  const takesJson = accepted.includes("application/json");
  if (accepted.length === 0) {
    req.resume();
    return {};
  }
  if (!takesJson || (mediaType !== "application/json" && accepted.includes(mediaType))) return {};
  const raw = await readBody(req, limit);
  if (raw.length === 0) return { raw };
  try {
    return { raw, parsed: JSON.parse(raw.toString("utf8")) as unknown };
  } catch (err) {
    throw new FluxgateError("invalid", `invalid JSON in request body: ${(err as Error).message}`);
  }
}

export function sendReply(res: Response, reply: HandlerReply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.status(reply.status);
  if (reply.body === undefined || reply.status === 204 || res.req.method === "HEAD") {
    res.end();
  } else if (typeof reply.body === "string" || Buffer.isBuffer(reply.body)) {
    res.send(reply.body);
  } else {
    res.setHeader("Content-Type", "application/json; charset=utf-8");
    res.send(JSON.stringify(reply.body));
  }
}

export function sendError(app: AppContext, req: Request, res: Response, err: unknown): void {
  const error = asFluxgateError(err);
  if (error.status >= 500 && error.code !== "not implemented") {
    app.log.error({ err: error.cause ?? error, method: req.method, path: req.path }, "request failed");
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // Drain what the client is still sending, so it can read our answer instead of a reset.
  if (!req.complete) req.resume();
  if (error.code === "unauthorized") res.setHeader("WWW-Authenticate", 'Token realm="fluxgate"');
  sendReply(res, { status: error.status, body: error.toBody() });
}
