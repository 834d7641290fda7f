/**
 * `@fluxgate/flux`: the Flux language: scanner → parser → AST, the interpreter, tables and the
 * standard library, program execution over a pluggable DataSource, and annotated CSV.
 * The tree has the shape of Flux's own parser (libflux); `astToJSON` writes it the way InfluxDB's
 * `/api/v2/query/ast` does.
 */
export type * from "./ast/nodes.js";
export type { FluxError } from "./ast/check.js";
export { checkAST, queryASTErrors } from "./ast/check.js";
export { astToJSON, toInfluxDBAST } from "./ast/influxdb-json.js";
export { Scanner, type ScanMode } from "./scanner/scanner.js";
export { TokenType, type Token, type Position, type Comment } from "./scanner/token.js";
export * as values from "./values/index.js";
export * as interpreter from "./interpreter/index.js";
export { type NameEnvironment, importName, resolveNames } from "./semantic/index.js";
export { parse, type ParseResult } from "./parse.js";
export * from "./runtime/index.js";
export * from "./table/index.js";
export * from "./csv/index.js";
