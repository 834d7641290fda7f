/**
 * @fluxgate/influxql — InfluxQL for the 1.x `/query` API: parser, planner onto the storage read
 * API (pushdown of time range, predicates, fields, GROUP BY time + aggregates, limits), executor
 * for the rest, and the 1.x JSON / CSV encoders.
 */
export type * from "./ast.js";
export { parseQuery, ParseError } from "./parser.js";
export { parseParams, ParamsError, type BoundValue, type TypedBoundValue } from "./params.js";
export { executeQuery, isStatementError, type QueryOptions } from "./execute.js";
export { QueryError, type Value } from "./eval.js";
export type { Series, StatementResult, Message } from "./result.js";
export { DatabaseNotFoundError, type QuerySource, type InfluxQLStore, type RetentionPolicyInfo } from "./source.js";
export { chunkedJson, errorJson, resultsCsv, resultsCsvChunks, resultsJson, resultsJsonChunks, statementJson, type FormatOptions } from "./format.js";
export { epochUnit, formatRFC3339 } from "./time.js";
export { MsgpackWriter, TIME_EXTENSION, chunkedMsgpack, errorMsgpack, resultsMsgpack } from "./msgpack.js";
