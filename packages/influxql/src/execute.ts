// Running a query: parse every statement first (a parse error fails the whole request, as in
// InfluxDB 1.x), then run them in order, each answering its own result or error. After a failed
// statement the rest are not run (each answers `not executed`), as InfluxDB does.
import type { Statement } from "./ast.js";
import { QueryError } from "./eval.js";
import { executeMeta } from "./meta.js";
import { parseQuery, type BoundValue } from "./parser.js";
import type { StatementResult } from "./result.js";
import { executeSelect, type SelectContext } from "./select.js";
import { DatabaseNotFoundError, type QuerySource } from "./source.js";

export interface QueryOptions {
  source: QuerySource;
  /** Default database (the `db` parameter). */
  db?: string;
  /** Default retention policy (the `rp` parameter). */
  rp?: string;
  /** Values of `$name` parameters. */
  params?: Readonly<Record<string, BoundValue>>;
  /** The query's `now()`, ns; the current time by default. */
  now?: bigint;
}

/** Errors a statement answers in its result instead of failing the request. */
export function isStatementError(error: unknown): error is Error {
  return error instanceof QueryError || error instanceof DatabaseNotFoundError;
}

/** 1.x answers these meta statements whole (or a document per series) even when asked for chunks. */
function chunkingOf(stmt: Statement): StatementResult["chunking"] {
  switch (stmt.kind) {
    case "show measurements":
    case "show databases":
    case "show retention policies":
      return "whole";
    case "show tag keys":
    case "show tag values":
      return "series";
    default:
      return undefined;
  }
}

/**
 * Parses `text` (throws {@link ParseError}) and returns the statements' results as they complete.
 * Errors other than statement errors (storage failures) propagate.
 */
export function executeQuery(text: string, options: QueryOptions): AsyncGenerator<StatementResult> {
  const statements = parseQuery(text, options.params ?? {});
  return run();
  async function* run(): AsyncGenerator<StatementResult> {
    const ctx: SelectContext = {
      source: options.source,
      now: options.now ?? BigInt(Date.now()) * 1_000_000n,
      ...(options.db !== undefined && options.db !== "" ? { db: options.db } : {}),
      ...(options.rp !== undefined && options.rp !== "" ? { rp: options.rp } : {}),
    };
    for (let id = 0; id < statements.length; id++) {
      const stmt = statements[id]!;
      try {
        if (stmt.kind === "unsupported") throw new QueryError(`${stmt.what} is not supported by InfluxDB 2.x compatibility`);
        const series = stmt.kind === "select" ? await executeSelect(stmt, ctx) : await executeMeta(stmt, ctx);
        const chunking = chunkingOf(stmt);
        yield { statement_id: id, ...(series.length > 0 ? { series } : {}), ...(chunking !== undefined ? { chunking } : {}) };
      } catch (error) {
        if (!isStatementError(error)) throw error;
        yield { statement_id: id, error: error.message };
        // The statements after a failed one are not run; each says so.
        for (let rest = id + 1; rest < statements.length; rest++) yield { statement_id: rest, error: "not executed" };
        return;
      }
    }
  }
}
