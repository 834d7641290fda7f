/**
 * Flux's statement grammar: the file (package clause, imports, statements), attributes, options,
 * assignments, testcases, builtins and blocks. Expressions are parsed by `ExpressionParser`.
 */
import type {
  Attribute,
  AttributeParam,
  BaseNode,
  Block,
  Expression,
  File,
  Identifier,
  ImportDeclaration,
  MemberAssignment,
  PackageClause,
  Statement,
  StringLiteral,
  VariableAssignment,
} from "../ast/nodes.js";
import { TokenType } from "../scanner/token.js";
import { endOf, startOf } from "./cursor.js";
import { comments, untag } from "./helpers.js";
import { ExpressionParser } from "./expressions.js";

const expressionStarts: ReadonlySet<TokenType> = new Set<TokenType>([
  TokenType.Int,
  TokenType.Float,
  TokenType.String,
  TokenType.Div,
  TokenType.Time,
  TokenType.Duration,
  TokenType.PipeReceive,
  TokenType.LParen,
  TokenType.LBrack,
  TokenType.LBrace,
  TokenType.Add,
  TokenType.Sub,
  TokenType.Not,
  TokenType.If,
  TokenType.Exists,
  TokenType.Quote,
]);

export class Parser extends ExpressionParser {
  static readonly metadata = "parser-type=rust";

  parseFile(): File {
    const start = this.peek().start;
    let end = { line: 0, column: 0 };
    let attributes = this.parseAttributes();
    const pkg = this.parsePackageClause(attributes);
    if (pkg !== null) {
      end = endOf(pkg);
      attributes = this.parseAttributes();
    }
    const imports: ImportDeclaration[] = [];
    while (this.peek().type === TokenType.Import) {
      imports.push(withAttributes(this.parseImportDeclaration(), attributes));
      attributes = this.parseAttributes();
    }
    const lastImport = imports[imports.length - 1];
    if (lastImport !== undefined) end = endOf(lastImport);
    const body = this.parseStatementList(attributes);
    const lastStatement = body[body.length - 1];
    if (lastStatement !== undefined) end = endOf(lastStatement);
    const eof = comments(this.peek());
    // The file's base never takes pending errors, exactly like Flux's.
    const location = this.location(start, end);
    const base: BaseNode = location.start.line === 0 ? {} : { location };
    return {
      type: "File",
      ...base,
      name: this.fileName === "" ? undefined : this.fileName,
      metadata: Parser.metadata,
      package: pkg,
      imports,
      body,
      eof,
    };
  }

  private parsePackageClause(attributes: Attribute[]): PackageClause | null {
    if (this.peek().type !== TokenType.Package) return null;
    const t = this.consume();
    const name = this.parseIdentifier();
    const clause: PackageClause = { type: "PackageClause", ...this.baseFromTokenToNode(t, name, t), name: untag(name) };
    return withAttributes(clause, attributes);
  }

  /** Attributes written before the next package clause, import or statement. */
  private parseAttributes(): Attribute[] {
    const attributes: Attribute[] = [];
    while (this.peek().type === TokenType.Attribute) attributes.push(this.parseAttribute());
    return attributes;
  }

  private parseAttribute(): Attribute {
    const t = this.expect(TokenType.Attribute);
    const name = t.lit.slice(1);
    if (this.peek().type !== TokenType.LParen) return { type: "Attribute", ...this.baseFromToken(t), name, params: [] };
    this.open(TokenType.LParen, TokenType.RParen);
    const params: AttributeParam[] = [];
    while (this.more()) {
      const value = this.parsePrimaryExpression();
      if (value.type === "BadExpression") {
        this.skipInvalidToken();
        continue;
      }
      // A parameter's location runs to the end of its trailing comma, as in Flux.
      const base = this.peek().type === TokenType.Comma ? this.baseFromNodeToToken(value, this.scan()) : this.baseFromNodes(value, value);
      params.push({ type: "AttributeParam", ...base, value });
    }
    const end = this.close(TokenType.RParen);
    return { type: "Attribute", ...this.baseNode(this.location(t.start, end.end), t.comments), name, params };
  }

  private parseImportDeclaration(): ImportDeclaration {
    const t = this.expect(TokenType.Import);
    const alias = this.peek().type === TokenType.Ident ? untag(this.parseIdentifier()) : null;
    const path = this.parseStringLiteral();
    return { type: "ImportDeclaration", ...this.baseFromTokenToNode(t, path, t), as: alias, path: untag(path) };
  }

  private parseStatementList(leading: Attribute[] = []): Statement[] {
    const statements: Statement[] = [];
    let attributes = leading;
    for (;;) {
      attributes = [...attributes, ...this.parseAttributes()];
      if (!this.more()) break;
      statements.push(withAttributes(this.parseStatement(), attributes));
      attributes = [];
    }
    const first = attributes[0];
    const last = attributes[attributes.length - 1];
    if (first !== undefined && last !== undefined) {
      statements.push({
        type: "BadStatement",
        ...this.baseFromNodes(first, last),
        text: "extra attributes not associated with anything",
      });
    }
    return statements;
  }

  private parseStatement(): Statement {
    const t = this.peek();
    if (expressionStarts.has(t.type)) return this.parseExpressionStatement();
    switch (t.type) {
      case TokenType.Ident:
        return this.parseIdentStatement();
      case TokenType.Option:
        return this.parseOptionStatement();
      case TokenType.TestCase:
        return this.parseTestCaseStatement();
      case TokenType.Return:
        return this.parseReturnStatement();
      case TokenType.Builtin:
        return this.parseBuiltinStatement();
      default: {
        const bad = this.consume();
        return { type: "BadStatement", ...this.baseFromToken(bad), text: bad.lit };
      }
    }
  }

  private parseBuiltinStatement(): Statement {
    const t = this.expect(TokenType.Builtin);
    const id = this.parseIdentifier();
    const colon = this.expect(TokenType.Colon);
    const ty = this.parseTypeExpression();
    return { type: "BuiltinStatement", ...this.baseFromTokenToNode(t, ty, t), colon: comments(colon), id: untag(id), ty };
  }

  private parseOptionStatement(): Statement {
    const t = this.expect(TokenType.Option);
    const id = this.parseIdentifier();
    const assignment = this.parseOptionAssignmentSuffix(id);
    if (assignment === undefined) return { type: "BadStatement", ...this.baseFromToken(t), text: t.lit };
    return { type: "OptionStatement", ...this.baseFromTokenToNode(t, assignment, t), assignment };
  }

  private parseOptionAssignmentSuffix(id: Identifier): VariableAssignment | MemberAssignment | undefined {
    const t = this.peek();
    if (t.type === TokenType.Assign) {
      const init = this.parseAssignStatement();
      return { type: "VariableAssignment", ...this.baseFromNodes(id, init, t), id: untag(id), init };
    }
    if (t.type === TokenType.Dot) {
      const dot = this.consume();
      const property = this.parseIdentifier();
      const assign = this.expect(TokenType.Assign);
      const init = this.parseExpression();
      const base = this.baseFromNodes(id, init, assign);
      return {
        type: "MemberAssignment",
        ...base,
        member: { ...this.baseFromNodes(id, property), object: id, lbrack: comments(dot), property, rbrack: undefined },
        init,
      };
    }
    return undefined;
  }

  private parseTestCaseStatement(): Statement {
    const t = this.expect(TokenType.TestCase);
    const id = this.parseIdentifier();
    const next = this.peek();
    let extendsPath: StringLiteral | undefined;
    if (next.type === TokenType.Ident && next.lit === "extends") {
      this.consume();
      extendsPath = this.parseStringLiteral();
    }
    const block = this.parseBlock();
    return {
      type: "TestCaseStatement",
      ...this.baseFromTokenToNode(t, block, t),
      id: untag(id),
      extends: extendsPath === undefined ? undefined : untag(extendsPath),
      block,
    };
  }

  private parseIdentStatement(): Statement {
    const id = this.parseIdentifier();
    const t = this.peek();
    if (t.type === TokenType.Assign) {
      const init = this.parseAssignStatement();
      return { type: "VariableAssignment", ...this.baseFromNodes(id, init, t), id: untag(id), init };
    }
    const expression = this.parseExpressionSuffix(id);
    return { type: "ExpressionStatement", ...this.baseNode(expression.location ?? this.location(startOf(expression), endOf(expression))), expression };
  }

  private parseAssignStatement(): Expression {
    this.expect(TokenType.Assign);
    return this.parseExpression();
  }

  private parseReturnStatement(): Statement {
    const t = this.expect(TokenType.Return);
    const argument = this.parseExpression();
    return { type: "ReturnStatement", ...this.baseFromTokenToNode(t, argument, t), argument };
  }

  private parseExpressionStatement(): Statement {
    const expression = this.parseExpression();
    return { type: "ExpressionStatement", ...this.baseFromNodes(expression, expression), expression };
  }

  protected parseBlock(): Block {
    const start = this.open(TokenType.LBrace, TokenType.RBrace);
    const body = this.parseStatementList();
    const end = this.close(TokenType.RBrace);
    return { type: "Block", ...this.baseFromTokens(start, end), lbrace: comments(start), body, rbrace: comments(end) };
  }
}

function withAttributes<T extends BaseNode>(node: T, attributes: Attribute[]): T {
  if (attributes.length > 0) node.attributes = attributes;
  return node;
}
