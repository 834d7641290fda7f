import type { SourceLocation } from "../ast/nodes.js";

function where(location: SourceLocation | undefined): string {
  return location === undefined ? "" : ` @${location.start.line}:${location.start.column}-${location.end.line}:${location.end.column}`;
}

/**
 * A failure while tables flow, reported the way Flux does: `runtime error @3:6-3:40: filter: …`,
 * located at the call of the function that failed.
 */
export class FluxExecutionError extends Error {
  constructor(
    readonly functionName: string,
    readonly detail: string,
    readonly location: SourceLocation | undefined,
  ) {
    super(`runtime error${where(location)}: ${functionName}: ${detail}`);
    this.name = "FluxExecutionError";
  }
}

/** A query that cannot run at all (parse, name or argument errors), found before any output. */
export class FluxCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FluxCompileError";
  }
}

/** An error inside a stdlib function, before it is located at the call that failed. */
export class FunctionError extends Error {}
