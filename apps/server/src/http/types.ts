// The contract between the HTTP layer and the domain folders.
import type { IncomingHttpHeaders } from "node:http";
import type { Readable } from "node:stream";
import type { Request, Response } from "express";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { StorageEngine } from "@fluxgate/storage-engine";
import type { Authorizer } from "../auth/authorizer.js";
import type { Config } from "../config/index.js";
import type { Database } from "../db/schema.js";
import type { Metrics } from "./metrics.js";
import type { TaskScheduler } from "../tasks/scheduler.js";

/** Everything long-lived a request may use. Built once at start. */
export interface AppContext {
  config: Config;
  db: Kysely<Database>;
  log: Logger;
  metrics: Metrics;
  startedAt: Date;
  version: string;
  commit: string;
  /** Key signing session cookies (HS256), shared by all processes through the metadata store. */
  sessionKey: Uint8Array;
  /** The time-series storage engine under --engine-path. */
  storage: StorageEngine;
  /** Runs due tasks; started after the listener, stopped before the stores close. */
  tasks: TaskScheduler;
}

export interface HandlerContext {
  operationId: string;
  app: AppContext;
  /** Who is calling; resolved lazily, so public operations never touch the token store. */
  auth: Authorizer;
  /** Path parameters, validated against the spec. */
  params: Readonly<Record<string, string>>;
  /** Query parameters, validated and coerced to the spec's types (numbers, booleans, arrays). */
  query: Readonly<Record<string, unknown>>;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, validated, for operations that take JSON; otherwise undefined. */
  body: unknown;
  /** The request body, gzip-decoded and size-limited, for operations whose body is not JSON. */
  readBody(): Promise<Buffer>;
  /** The same as a stream, for handlers that parse as bytes arrive (line protocol). */
  bodyStream(): Readable;
  log: Logger;
  /** Raw express objects, for handlers that stream their response. Return `undefined` after writing. */
  req: Request;
  res: Response;
}

export interface HandlerReply {
  status: number;
  /** Objects are sent as JSON; strings and Buffers as they are. */
  body?: unknown;
  headers?: Record<string, string | string[]>;
}

/** A handler returns its reply, or undefined when it wrote the response itself through `ctx.res`. */
export type Handler = (ctx: HandlerContext) => Promise<HandlerReply | undefined>;

/** What each domain folder exports from its `handlers.ts`: operationId → handler. */
export type HandlerMap = Readonly<Record<string, Handler>>;
