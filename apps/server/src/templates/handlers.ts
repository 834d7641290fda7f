import type { HandlerMap } from "../http/types.js";

/** operationId → handler for this domain. Operations not listed here answer 501. */
export const handlers: HandlerMap = {};
