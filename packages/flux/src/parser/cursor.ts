/**
 * The token stream under the parser, and the bookkeeping Flux's parser does around it: one token
 * of look-ahead, open/close counting of brackets (so a statement list knows when a `}` ends its
 * block), and errors that wait until the next node is built, which then carries them. That last
 * rule decides on which node each error appears in the AST JSON, so it is kept exactly.
 */
import type { BaseNode, Comment, SourceLocation } from "../ast/nodes.js";
import { Scanner } from "../scanner/scanner.js";
import { type Position, type Token, TokenType } from "../scanner/token.js";

const invalidPosition: Position = { line: 0, column: 0 };

/** Anything with a location: a node built earlier. */
export interface Located {
  location?: SourceLocation;
}

export class TokenCursor {
  protected readonly scanner: Scanner;
  private buffered: Token | undefined;
  /** Errors not yet attached to a node. */
  protected errs: string[] = [];
  /** For each closing token, how many blocks it would close right now. */
  private readonly openBlocks = new Map<TokenType, number>();

  constructor(
    protected readonly source: string,
    protected readonly fileName: string,
  ) {
    this.scanner = new Scanner(source);
  }

  protected scan(): Token {
    const token = this.buffered ?? this.scanner.scan("main");
    this.buffered = undefined;
    return token;
  }

  protected peek(): Token {
    this.buffered ??= this.scanner.scan("main");
    return this.buffered;
  }

  /** Like peek, but where an expression starts: a `/` read as division is re-read as a regex. */
  protected peekWithRegex(): Token {
    if (this.buffered?.type === TokenType.Div) {
      this.scanner.unread(this.buffered);
      this.buffered = undefined;
    }
    this.buffered ??= this.scanner.scan("regex");
    return this.buffered;
  }

  /** Reads raw string-expression tokens; nothing may be buffered at that point. */
  protected scanStringPart(): Token {
    return this.scanner.scan("stringExpr");
  }

  protected consume(): Token {
    const token = this.buffered;
    if (token === undefined) throw new Error("consume called without a peeked token");
    this.buffered = undefined;
    return token;
  }

  protected unscan(token: Token): void {
    this.buffered = token;
  }

  /** Reads the next token, recording an error if it is not `expected`; consumed either way. */
  protected expect(expected: TokenType): Token {
    return this.expectOneOf([expected]);
  }

  protected expectOneOf(expected: readonly TokenType[]): Token {
    const token = this.scan();
    if (!expected.includes(token.type)) this.errs.push(this.unexpected(describeExpected(expected), token));
    return token;
  }

  /** Like expect, but a wrong token is left for the next rule to read. */
  protected expectOrSkip(expected: TokenType): Token {
    const token = this.scan();
    if (token.type !== expected) {
      this.errs.push(this.unexpected(expected, token));
      this.unscan(token);
    }
    return token;
  }

  private unexpected(expected: string, token: Token): string {
    if (token.type === TokenType.Eof) return `expected ${expected}, got EOF`;
    return `expected ${expected}, got ${token.type} (${token.lit}) at ${token.start.line}:${token.start.column}`;
  }

  protected open(start: TokenType, end: TokenType): Token {
    const token = this.expect(start);
    this.openBlocks.set(end, (this.openBlocks.get(end) ?? 0) + 1);
    return token;
  }

  /** True while the next token neither ends the input nor closes an open block. */
  protected more(): boolean {
    const type = this.peek().type;
    if (type === TokenType.Eof) return false;
    const open = this.openBlocks.get(type);
    return open === undefined || open === 0;
  }

  /** Closes a block; a missing closing token is an error and the token found stays unread. */
  protected close(end: TokenType): Token {
    this.openBlocks.set(end, (this.openBlocks.get(end) ?? 0) - 1);
    const token = this.peek();
    if (token.type === end) return this.consume();
    this.errs.push(`expected ${end}, got ${token.type}`);
    return token;
  }

  protected location(start: Position, end: Position): SourceLocation {
    if (start.line === 0 || end.line === 0) return { start: invalidPosition, end: invalidPosition };
    // Key order follows Flux's JSON: file (when named), start, end, source (when not empty).
    const location: SourceLocation = this.fileName === "" ? { start, end } : { file: this.fileName, start, end };
    const text = this.source.slice(this.scanner.offset(start), this.scanner.offset(end));
    if (text !== "") location.source = text;
    return location;
  }

  /** Builds a node's base fields; pending errors move onto this node. */
  protected baseNode(location: SourceLocation, comments: Comment[] = []): BaseNode {
    const errors = this.errs;
    this.errs = [];
    const base: BaseNode = {};
    if (location.start.line === 0 && errors.length === 0) return base;
    base.location = location;
    if (comments.length > 0) base.comments = comments;
    if (errors.length > 0) base.errors = errors.map((msg) => ({ msg }));
    return base;
  }

  protected baseFromToken(token: Token): BaseNode {
    return this.baseNode(this.location(token.start, token.end), token.comments);
  }

  protected baseFromTokens(start: Token, end: Token): BaseNode {
    return this.baseNode(this.location(start.start, end.end));
  }

  protected baseFromNodeToToken(start: Located, end: Token): BaseNode {
    return this.baseNode(this.location(startOf(start), end.end));
  }

  protected baseFromTokenToNode(start: Token, end: Located, commentsFrom?: Token): BaseNode {
    return this.baseNode(this.location(start.start, endOf(end)), commentsFrom?.comments);
  }

  protected baseFromNodes(start: Located, end: Located, commentsFrom?: Token): BaseNode {
    return this.baseNode(this.location(startOf(start), endOf(end)), commentsFrom?.comments);
  }

  protected baseFromPositions(start: Position, end: Position): BaseNode {
    return this.baseNode(this.location(start, end));
  }

  /** A location with no errors taken, for nodes that must leave pending errors to their parent. */
  protected bareBase(token: Token): BaseNode {
    const location = this.location(token.start, token.end);
    return location.start.line === 0 ? {} : { location };
  }

  /** Flux prints locations as `file@line:col-line:col`. */
  protected describeLocation(token: Token): string {
    return `${this.fileName}@${token.start.line}:${token.start.column}-${token.end.line}:${token.end.column}`;
  }
}

export function startOf(node: Located): Position {
  return node.location?.start ?? invalidPosition;
}

export function endOf(node: Located): Position {
  return node.location?.end ?? invalidPosition;
}

/** Flux lists several expected tokens as `` `A`, `B` or `C` `` (with its leading space kept). */
function describeExpected(expected: readonly TokenType[]): string {
  if (expected.length === 1) return expected[0] ?? "";
  return expected.map((type, i) => `${i === 0 ? "" : i < expected.length - 1 ? "," : " or"} \`${type}\``).join("");
}

export { invalidPosition };
