import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";

/**
 * Idle connections kept for the next reads: opening one costs ~0.05 ms of the main thread plus
 * a thread-pool round trip, a noticeable part of a one-series read (~1 ms). Reads run in
 * autocommit mode and set nothing on their connection, so a returned one carries no state.
 */
export class ConnectionPool {
  private idle: DuckDBConnection[] = [];
  private closed = false;

  constructor(
    private readonly instance: DuckDBInstance,
    /** Idle connections kept at most (reads beyond that many at once open their own). */
    private readonly keep = 8,
  ) {}

  async take(): Promise<DuckDBConnection> {
    return this.idle.pop() ?? (await this.instance.connect());
  }

  give(conn: DuckDBConnection): void {
    if (this.closed || this.idle.length >= this.keep) conn.closeSync();
    else this.idle.push(conn);
  }

  /** Closes the idle connections; connections given back later are closed at once. */
  close(): void {
    this.closed = true;
    for (const conn of this.idle) conn.closeSync();
    this.idle = [];
  }
}
