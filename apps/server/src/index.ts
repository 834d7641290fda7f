export { startServer } from "./server.js";
export type { RunningServer, StartOptions } from "./server.js";
export * from "./config/index.js";
export { FluxgateError } from "./http/errors.js";
export type { ErrorCode } from "./http/errors.js";
export type { AppContext, Handler, HandlerContext, HandlerMap, HandlerReply } from "./http/types.js";
