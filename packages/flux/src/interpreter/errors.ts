import type { SourceLocation } from "../ast/nodes.js";

/** A failure while evaluating Flux, located at the expression that caused it. */
export class FluxRuntimeError extends Error {
  constructor(
    readonly detail: string,
    readonly location: SourceLocation | undefined,
  ) {
    const where = location === undefined ? "" : ` @${location.start.line}:${location.start.column}-${location.end.line}:${location.end.column}`;
    super(`error${where}: ${detail}`);
    this.name = "FluxRuntimeError";
  }
}
