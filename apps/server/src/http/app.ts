// The express application: compression, request log and metrics around the contract dispatcher.
import compression from "compression";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import type { OpenAPIBackend } from "openapi-backend";
import type { BasicResolver } from "../auth/authorizer.js";
import { createDispatcher, sendError, type DispatchLocals } from "./dispatch.js";
import { FluxgateError } from "./errors.js";
import { mergeHandlers } from "./handlers.js";
import { statusClass } from "./metrics.js";
import type { AppContext, Handler } from "./types.js";

export interface CreateAppOptions {
  app: AppContext;
  api: OpenAPIBackend;
  handlers?: ReadonlyMap<string, Handler>;
  basicResolver?: BasicResolver;
}

export function createApp({ app, api, handlers = mergeHandlers(), basicResolver }: CreateAppOptions): Express {
  const server = express();
  server.disable("x-powered-by");
  server.set("etag", false);
  server.set("query parser", "simple");
  server.use(observe(app));
  if (app.config.httpWriteTimeout > 0) server.use(writeTimeout(app, app.config.httpWriteTimeout));
  // InfluxDB gzips any answer a client accepts gzip for; `compression` alone skips MessagePack.
  const compress = compression({ threshold: 1024, filter: (req, res) => compression.filter(req, res) || String(res.getHeader("Content-Type")).startsWith("application/x-msgpack") });
  // Only a client that accepts an encoding can get one: the others skip wrapping the response.
  server.use((req, res, next) => (req.headers["accept-encoding"] === undefined ? next() : compress(req, res, next)));
  server.use(createDispatcher({ app, api, handlers, ...(basicResolver ? { basicResolver } : {}) }));
  return server;
}

/**
 * Request log line and metrics per request, labelled by operationId. The socket may already be gone
 * when the response finishes (a client that hung up), so nothing here may assume it.
 */
function observe(app: AppContext) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const operationId = (res.locals as DispatchLocals).operationId ?? "unknown";
      const status = statusClass(res.statusCode);
      app.metrics.httpRequests.inc({ operation_id: operationId, method: req.method, response_code: String(res.statusCode), status });
      app.metrics.httpDuration.observe({ operation_id: operationId, method: req.method, status }, seconds);
      // The line's fields are only gathered when it is written (--log-level info or debug).
      if (app.log.isLevelEnabled("info")) {
        app.log.info(
          { method: req.method, path: req.path, operationId, status: res.statusCode, durationMs: Math.round(seconds * 1e6) / 1e3, remote: req.socket?.remoteAddress },
          "request",
        );
      }
    });
    next();
  };
}

/** --http-write-timeout: a request not answered in time gets 503 (or its connection closed mid-stream). */
function writeTimeout(app: AppContext, ms: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const timer = setTimeout(() => sendError(app, req, res, new FluxgateError("unavailable", "request timed out")), ms);
    timer.unref();
    res.on("close", () => clearTimeout(timer));
    next();
  };
}
