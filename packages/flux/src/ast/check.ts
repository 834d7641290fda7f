/**
 * Collects the errors of a parsed AST in the order Flux reports them: a depth-first walk that
 * lists each node's recorded errors before its children's, plus the checks Flux makes after
 * parsing (bad statements and expressions, records mixing `{a}` and `{a: 1}`).
 */
import type { Position, SourceLocation } from "./nodes.js";

export interface FluxError {
  /** The bare message, e.g. `expected RPAREN, got EOF`. */
  message: string;
  location: { file?: string; start: Position; end: Position };
  /** As Flux prints it: `error @2:5-2:10: expected RPAREN, got EOF`. */
  formatted: string;
}

interface NodeLike {
  type?: string;
  location?: SourceLocation;
  errors?: { msg: string }[];
  text?: string;
  properties?: { key: { type?: string; value?: string }; value: unknown; errors?: unknown[] }[];
}

/** Fields holding only comments or positions, never nodes. */
const skippedKeys = new Set([
  "location",
  "comments",
  "errors",
  "lbrace",
  "rbrace",
  "lparen",
  "rparen",
  "lbrack",
  "rbrack",
  "arrow",
  "separator",
  "comma",
  "tk_if",
  "tk_then",
  "tk_else",
  "eof",
  "colon",
  "values",
]);

/** Like Flux, a tree nested deeper than this is rejected rather than walked further. */
export const maxNestingDepth = 1000;

/** Flux's message, spelling included. */
export const nestedTooDeepMessage = "Program is nested to deep";

export function checkAST(root: unknown): FluxError[] {
  const errors: FluxError[] = [];
  visit(root, errors, 0);
  return errors;
}

function visit(value: unknown, errors: FluxError[], depth: number): void {
  if (Array.isArray(value)) {
    for (const item of value) visit(item, errors, depth);
    return;
  }
  if (value === null || typeof value !== "object") return;
  const node = value as NodeLike;
  let childDepth = depth;
  if (node.location !== undefined || node.errors !== undefined) {
    const location = node.location ?? { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };
    childDepth = depth + 1;
    if (childDepth > maxNestingDepth) {
      errors.push(fluxError(location, nestedTooDeepMessage));
      return;
    }
    for (const error of node.errors ?? []) errors.push(fluxError(location, error.msg));
    if (node.type === "BadStatement") errors.push(fluxError(location, `invalid statement: ${node.text ?? ""}`));
    if (node.type === "BadExpression" && node.text) errors.push(fluxError(location, `invalid expression: ${node.text}`));
    if (node.type === "ObjectExpression") checkRecord(node, location, errors);
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const field = record[key];
    if (field !== null && typeof field === "object" && !skippedKeys.has(key)) visit(field, errors, childDepth);
  }
}

/** Flux rejects records that mix shorthand `{a}` with `{a: 1}`, and shorthand string keys. */
function checkRecord(node: NodeLike, location: SourceLocation, errors: FluxError[]): void {
  let implicit = false;
  let explicit = false;
  for (const property of node.properties ?? []) {
    if ((property.errors ?? []).length > 0) continue;
    if (property.value === null) {
      implicit = true;
      if (property.key.type === "StringLiteral") {
        errors.push(fluxError(location, `string literal key ${property.key.value ?? ""} must have a value`));
      }
    } else {
      explicit = true;
    }
  }
  if (implicit && explicit) errors.push(fluxError(location, "cannot mix implicit and explicit properties"));
}

/**
 * The errors InfluxDB's `/api/v2/query/ast` sees, first one first. That endpoint checks the Go
 * copy of the tree, not Flux's: only errors the parser recorded on nodes count, plus one for each
 * BadStatement (`invalid statement @1:1-1:2: )`); BadExpressions are simply absent there.
 */
export function queryASTErrors(root: unknown): string[] {
  const messages: string[] = [];
  collectNodeErrors(root, messages);
  return messages;
}

function collectNodeErrors(value: unknown, messages: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectNodeErrors(item, messages);
    return;
  }
  if (value === null || typeof value !== "object") return;
  const node = value as NodeLike;
  if (node.type === "BadExpression") return;
  for (const error of node.errors ?? []) messages.push(error.msg);
  if (node.type === "BadStatement") {
    const { file, start, end } = node.location ?? { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };
    messages.push(`invalid statement ${file ?? ""}@${start.line}:${start.column}-${end.line}:${end.column}: ${node.text ?? ""}`);
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const field = record[key];
    // Attributes and builtin types do not survive into InfluxDB's Go copy of the tree.
    if (key === "attributes" || key === "ty") continue;
    if (field !== null && typeof field === "object" && !skippedKeys.has(key)) collectNodeErrors(field, messages);
  }
}

export function fluxError(location: SourceLocation, message: string): FluxError {
  const { file, start, end } = location;
  const where = `${file ?? ""}@${start.line}:${start.column}-${end.line}:${end.column}`;
  return {
    message,
    location: file === undefined ? { start, end } : { file, start, end },
    formatted: `error ${where}: ${message}`,
  };
}
