/**
 * Type expressions, as written after `builtin name :` in the standard library's Flux sources:
 * `(<-tables: stream[A], ?n: int) => stream[A] where A: Record`. Queries rarely contain them, but
 * Flux's parser accepts them anywhere a statement can start with `builtin`. Also home to the
 * identifier and string rules both grammars share.
 */
import type {
  Identifier,
  MonoType,
  ParameterType,
  PropertyKey,
  PropertyType,
  StringLiteral,
  TypeConstraint,
  TypeExpression,
  UntaggedIdentifier,
} from "../ast/nodes.js";
import { type Token, TokenType } from "../scanner/token.js";
import { TokenCursor } from "./cursor.js";
import { untag } from "./helpers.js";
import { parseStringLiteral } from "./literals.js";

export class TypeParser extends TokenCursor {
  protected parseIdentifier(): Identifier {
    const t = this.expect(TokenType.Ident);
    return { type: "Identifier", ...this.baseFromToken(t), name: t.lit };
  }

  protected parseStringLiteral(): StringLiteral {
    return this.stringLiteralFrom(this.expect(TokenType.String));
  }

  protected stringLiteralFrom(t: Token): StringLiteral {
    const converted = parseStringLiteral(t.lit);
    if (converted.error !== undefined) this.errs.push(converted.error);
    return { type: "StringLiteral", ...this.baseFromToken(t), value: converted.value ?? "" };
  }

  protected parsePropertyKey(): PropertyKey {
    const t = this.expectOneOf([TokenType.Ident, TokenType.String]);
    if (t.type === TokenType.String) return this.stringLiteralFrom(t);
    return { type: "Identifier", ...this.baseFromToken(t), name: t.lit };
  }

  private untaggedIdentifier(): UntaggedIdentifier {
    return untag(this.parseIdentifier());
  }

  protected parseTypeExpression(): TypeExpression {
    const monotype = this.parseMonotype();
    const next = this.peek();
    if (next.type !== TokenType.Ident || next.lit !== "where") {
      const { type: _type, ...base } = monotype;
      return { ...base, type: "TypeExpression", monotype, constraints: [] };
    }
    this.consume();
    const constraints = [this.parseConstraint()];
    while (this.peek().type === TokenType.Comma) {
      this.consume();
      constraints.push(this.parseConstraint());
    }
    const last = constraints[constraints.length - 1] ?? monotype;
    return { type: "TypeExpression", ...this.baseFromNodes(monotype, last), monotype, constraints };
  }

  private parseConstraint(): TypeConstraint {
    const tvar = this.untaggedIdentifier();
    this.expect(TokenType.Colon);
    const kinds = [this.untaggedIdentifier()];
    while (this.peek().type === TokenType.Add) {
      this.consume();
      kinds.push(this.untaggedIdentifier());
    }
    const last = kinds[kinds.length - 1] ?? tvar;
    return { type: "TypeConstraint", ...this.baseFromNodes(tvar, last), tvar, kinds };
  }

  private parseMonotype(): MonoType {
    const t = this.peek();
    switch (t.type) {
      case TokenType.LBrack: {
        const start = this.open(TokenType.LBrack, TokenType.RBrack);
        const element = this.parseMonotype();
        if (this.peek().type === TokenType.RBrack) {
          const end = this.close(TokenType.RBrack);
          return { type: "ArrayType", ...this.baseFromTokens(start, end), element };
        }
        this.expect(TokenType.Colon);
        const val = this.parseMonotype();
        const end = this.close(TokenType.RBrack);
        return { type: "DictType", ...this.baseFromTokens(start, end), key: element, val };
      }
      case TokenType.LBrace:
        return this.parseRecordType();
      case TokenType.LParen:
        return this.parseFunctionType();
      default:
        break;
    }
    if (t.type === TokenType.Ident && t.lit === "stream") {
      const start = this.expect(TokenType.Ident);
      this.open(TokenType.LBrack, TokenType.RBrack);
      const element = this.parseMonotype();
      const end = this.close(TokenType.RBrack);
      return { type: "StreamType", ...this.baseFromTokens(start, end), element };
    }
    if (t.type === TokenType.Ident && t.lit === "dynamic") {
      const token = this.consume();
      return { type: "DynamicType", ...this.baseFromToken(token) };
    }
    // A single letter names a type variable; anything longer is a named type such as `int`.
    if (Buffer.byteLength(t.lit, "utf8") === 1) {
      const name = this.parseIdentifier();
      const { type: _type, ...base } = name;
      return { ...base, type: "TvarType", name: untag(name) };
    }
    const base = this.baseFromToken(t);
    return { type: "NamedType", ...base, name: this.untaggedIdentifier() };
  }

  private parseFunctionType(): MonoType {
    const lparen = this.open(TokenType.LParen, TokenType.RParen);
    const next = this.peek().type;
    const parameters: ParameterType[] = [];
    if (next === TokenType.PipeReceive || next === TokenType.QuestionMark || next === TokenType.Ident) {
      while (this.more()) {
        parameters.push(this.parseParameterType());
        if (this.peek().type === TokenType.Comma) this.consume();
      }
    }
    this.close(TokenType.RParen);
    this.expect(TokenType.Arrow);
    const monotype = this.parseMonotype();
    return { type: "FunctionType", ...this.baseFromTokenToNode(lparen, monotype), parameters, monotype };
  }

  private parseParameterType(): ParameterType {
    const t = this.peek();
    if (t.type === TokenType.QuestionMark) {
      const symbol = this.expect(TokenType.QuestionMark);
      const name = this.untaggedIdentifier();
      this.expect(TokenType.Colon);
      const monotype = this.parseMonotype();
      const start = this.baseFromToken(symbol);
      let fallback: StringLiteral | null = null;
      if (this.peek().type === TokenType.Assign) {
        this.expect(TokenType.Assign);
        fallback = this.parseStringLiteral();
      }
      return {
        type: "Optional",
        ...this.baseFromNodes(start, monotype),
        name,
        monotype,
        default: fallback === null ? null : untag(fallback),
      };
    }
    if (t.type === TokenType.PipeReceive) {
      const symbol = this.expect(TokenType.PipeReceive);
      const name = this.peek().type === TokenType.Ident ? this.untaggedIdentifier() : undefined;
      this.expect(TokenType.Colon);
      const monotype = this.parseMonotype();
      const start = this.baseFromToken(symbol);
      const base = this.baseFromNodes(start, monotype);
      return name === undefined ? { type: "Pipe", ...base, monotype } : { type: "Pipe", ...base, name, monotype };
    }
    const name = this.untaggedIdentifier();
    this.expect(TokenType.Colon);
    const monotype = this.parseMonotype();
    return { type: "Required", ...this.baseFromNodes(name, monotype), name, monotype };
  }

  private parseRecordType(): MonoType {
    const start = this.open(TokenType.LBrace, TokenType.RBrace);
    let tvar: UntaggedIdentifier | undefined;
    let properties: PropertyType[] = [];
    const t = this.peek();
    if (t.type === TokenType.Ident || t.type === TokenType.String) {
      const key = this.parsePropertyKey();
      const next = this.peek();
      if (key.type === "StringLiteral" || next.type === TokenType.Colon) {
        properties = this.parsePropertyTypesFrom(key);
      } else if (next.type === TokenType.Ident && next.lit === "with") {
        tvar = untag(key);
        this.expect(TokenType.Ident);
        properties = this.parsePropertyTypesFrom(this.parsePropertyKey());
      }
      // Anything else is left for `close` below to report.
    }
    const end = this.close(TokenType.RBrace);
    const base = this.baseFromTokens(start, end);
    return tvar === undefined ? { type: "RecordType", ...base, properties } : { type: "RecordType", ...base, tvar, properties };
  }

  private parsePropertyTypesFrom(first: PropertyKey): PropertyType[] {
    const properties = [this.parsePropertyType(first)];
    if (this.peek().type === TokenType.Comma) this.consume();
    while (this.more()) {
      properties.push(this.parsePropertyType(this.parsePropertyKey()));
      if (this.peek().type === TokenType.Comma) this.consume();
    }
    return properties;
  }

  private parsePropertyType(name: PropertyKey): PropertyType {
    this.expect(TokenType.Colon);
    const monotype = this.parseMonotype();
    return { type: "PropertyType", ...this.baseFromNodes(name, monotype), name, monotype };
  }
}
