/** Parsing a Flux source file into the AST, with Flux's parse errors. */
import { type FluxError, checkAST, nestedTooDeepMessage } from "./ast/check.js";
import type { File, Package } from "./ast/nodes.js";
import { Parser } from "./parser/parser.js";

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
  let file: File;
  try {
    file = new Parser(source, fileName).parseFile();
  } catch (error) {
    // Recursive descent spends stack per nesting level; absurdly nested input (hundreds of
    // open brackets) is refused with Flux's own message instead of crashing the caller.
    if (!(error instanceof RangeError)) throw error;
    return tooDeep(source, fileName);
  }
  const name = file.package?.name.name ?? "main";
  const pkg: Package = { type: "Package", package: name, files: [file] };
  return { package: pkg, errors: checkAST(pkg) };
}

function tooDeep(source: string, fileName: string): ParseResult {
  const lines = source.split("\n");
  const end = { line: lines.length, column: Buffer.byteLength(lines[lines.length - 1] ?? "", "utf8") + 1 };
  const location = { ...(fileName === "" ? {} : { file: fileName }), start: { line: 1, column: 1 }, end };
  const file: File = {
    type: "File",
    location,
    ...(fileName === "" ? {} : { name: fileName }),
    metadata: Parser.metadata,
    package: null,
    imports: [],
    body: [{ type: "BadStatement", location, errors: [{ msg: nestedTooDeepMessage }], text: "" }],
  };
  const where = `${fileName}@1:1-${end.line}:${end.column}`;
  return {
    package: { type: "Package", package: "main", files: [file] },
    errors: [{ message: nestedTooDeepMessage, location, formatted: `error ${where}: ${nestedTooDeepMessage}` }],
  };
}
