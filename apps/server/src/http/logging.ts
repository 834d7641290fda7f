// Structured logs with pino. Request logs carry method, path, operation, status and timing only:
// never headers, cookies, bodies or query strings (v1 clients put passwords and tokens in `?p=`).
import pino, { type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "../config/index.js";

/** Keys that must never reach a log line, wherever they appear in a logged object. */
const REDACT = [
  "authorization", "*.authorization", "headers", "*.headers", "cookie", "*.cookie",
  "password", "*.password", "token", "*.token", "req.query", "query",
];

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino({ level, base: { service: "fluxgate" }, redact: { paths: REDACT, censor: "[redacted]" } }, destination);
}
