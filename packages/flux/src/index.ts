/**
 * `@fluxgate/flux`: the Flux language. Today: scanner → parser → AST with Flux's parse errors.
 * The tree has the shape of Flux's own parser (libflux); `astToJSON` writes it the way InfluxDB's
 * `/api/v2/query/ast` does.
 */
import { type FluxError, checkAST } from "./ast/check.js";
import type { Package } from "./ast/nodes.js";
import { Parser } from "./parser/parser.js";

export type * from "./ast/nodes.js";
export type { FluxError } from "./ast/check.js";
export { checkAST, queryASTErrors } from "./ast/check.js";
export { astToJSON, toInfluxDBAST } from "./ast/influxdb-json.js";
export { Scanner, type ScanMode } from "./scanner/scanner.js";
export { TokenType, type Token, type Position, type Comment } from "./scanner/token.js";
export * as values from "./values/index.js";
export { type NameEnvironment, importName, resolveNames } from "./semantic/index.js";

export interface ParseResult {
  /** The parsed package; `astToJSON(package)` is what `/api/v2/query/ast` returns under `ast`. */
  package: Package;
  /** Every error Flux would report, in its order; empty when the source is valid. */
  errors: FluxError[];
}

/**
 * Parses one Flux source file. Parsing never throws on bad input: the AST holds BadStatement /
 * BadExpression nodes and `errors` lists what went wrong, with positions.
 */
export function parse(source: string, fileName = ""): ParseResult {
  const file = new Parser(source, fileName).parseFile();
  const name = file.package?.name.name ?? "main";
  const pkg: Package = { type: "Package", package: name, files: [file] };
  return { package: pkg, errors: checkAST(pkg) };
}
