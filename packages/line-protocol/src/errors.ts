/**
 * A line that InfluxDB would reject. The HTTP layer answers 400 with `message` (InfluxDB's own
 * wording) and can prefix `line N:` from `line`.
 */
export class LineProtocolError extends Error {
  override readonly name = "LineProtocolError";

  constructor(
    /** 1-based number of the line where the rejected point starts. */
    readonly line: number,
    /** The rejected line, without leading whitespace and line terminator. */
    readonly lineText: string,
    /** InfluxDB's reason, e.g. `missing fields`. */
    readonly reason: string,
  ) {
    super(`unable to parse '${lineText}': ${reason}`);
  }
}
