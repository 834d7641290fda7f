/**
 * Flux's expression grammar by recursive descent, one method per rule, in the order of Flux's own
 * parser so that node locations, recovery from errors and the node each error lands on all match
 * what InfluxDB reports. Precedence, loosest first: if/then/else, or, and, not/exists, comparisons
 * (== != < <= > >= =~ !~), + -, * / %, ^, |>, unary + -, then postfix (. [] ()).
 */
import type {
  ArrayItem,
  BadExpression,
  Block,
  CallExpression,
  DictItem,
  Expression,
  Identifier,
  InterpolatedPart,
  LogicalOperator,
  ObjectExpression,
  Operator,
  Property,
  PropertyKey,
  StringExpression,
  StringLiteral,
  TextPart,
  WithSource,
} from "../ast/nodes.js";
import { type Token, TokenType } from "../scanner/token.js";
import { endOf, startOf } from "./cursor.js";
import { comments, untag } from "./helpers.js";
import {
  parseDateTimeLiteral,
  parseDurationLiteral,
  parseFloatLiteral,
  parseIntegerLiteral,
  parseRegexLiteral,
  unescapeText,
} from "./literals.js";
import { TypeParser } from "./types.js";

const comparisonOperators: ReadonlyMap<TokenType, Operator> = new Map<TokenType, Operator>([
  [TokenType.Eq, "=="],
  [TokenType.Neq, "!="],
  [TokenType.Lte, "<="],
  [TokenType.Lt, "<"],
  [TokenType.Gte, ">="],
  [TokenType.Gt, ">"],
  [TokenType.RegexEq, "=~"],
  [TokenType.RegexNeq, "!~"],
]);
const additiveOperators: ReadonlyMap<TokenType, Operator> = new Map<TokenType, Operator>([
  [TokenType.Add, "+"],
  [TokenType.Sub, "-"],
]);
const multiplicativeOperators: ReadonlyMap<TokenType, Operator> = new Map<TokenType, Operator>([
  [TokenType.Mul, "*"],
  [TokenType.Div, "/"],
  [TokenType.Mod, "%"],
]);
const exponentOperators: ReadonlyMap<TokenType, Operator> = new Map<TokenType, Operator>([[TokenType.Pow, "^"]]);

export abstract class ExpressionParser extends TypeParser {
  /** Function bodies are blocks of statements, which the statement grammar parses. */
  protected abstract parseBlock(): Block;

  parseExpression(): Expression {
    return this.parseConditionalExpression();
  }

  /**
   * Reads expressions until a stop token or the end of the block. Several expressions in a row
   * are glued into BinaryExpressions with the invalid operator; stray tokens are skipped with an
   * error. Well-formed input yields exactly one expression.
   */
  private parseExpressionWhileMore(init: Expression | undefined, stop: readonly TokenType[]): Expression | undefined {
    let expr = init;
    while (!stop.includes(this.peek().type) && this.more()) {
      const next = this.parseExpression();
      if (next.type === "BadExpression") {
        this.skipInvalidToken();
        continue;
      }
      expr = expr === undefined ? next : this.invalidBinary(expr, next);
    }
    return expr;
  }

  protected skipInvalidToken(): void {
    const invalid = this.scan();
    this.errs.push(`invalid expression ${this.describeLocation(invalid)}: ${invalid.lit}`);
  }

  private invalidBinary(left: Expression, right: Expression): Expression {
    return { type: "BinaryExpression", ...this.baseFromNodes(left, right), operator: "<INVALID_OP>", left, right };
  }

  /** Continues an expression whose leading identifier was already read as a statement start. */
  protected parseExpressionSuffix(expr: Expression): Expression {
    let result = this.parsePostfixOperators(expr);
    result = this.parsePipeSuffix(result);
    result = this.parseBinarySuffix(result, exponentOperators, () => this.parsePipeExpression(), true);
    result = this.parseBinarySuffix(result, multiplicativeOperators, () => this.parseExponentExpression(), true);
    result = this.parseBinarySuffix(result, additiveOperators, () => this.parseMultiplicativeExpression(), false);
    result = this.parseBinarySuffix(result, comparisonOperators, () => this.parseAdditiveExpression(), false);
    result = this.parseLogicalSuffix(result, TokenType.And, "and", () => this.parseLogicalUnaryExpression());
    return this.parseLogicalSuffix(result, TokenType.Or, "or", () => this.parseLogicalAndExpression());
  }

  private parseConditionalExpression(): Expression {
    const t = this.peek();
    if (t.type !== TokenType.If) return this.parseLogicalOrExpression();
    const ifToken = this.scan();
    const test = this.parseExpression();
    const thenToken = this.expectOrSkip(TokenType.Then);
    const consequent = thenToken.type === TokenType.Then ? this.parseExpression() : this.placeholder(thenToken);
    const elseToken = this.expectOrSkip(TokenType.Else);
    const alternate = elseToken.type === TokenType.Else ? this.parseExpression() : this.placeholder(elseToken);
    return {
      type: "ConditionalExpression",
      ...this.baseFromTokenToNode(t, alternate),
      tk_if: comments(ifToken),
      test,
      tk_then: comments(thenToken),
      consequent,
      tk_else: comments(elseToken),
      alternate,
    };
  }

  private parseLogicalOrExpression(): Expression {
    return this.parseLogicalSuffix(this.parseLogicalAndExpression(), TokenType.Or, "or", () =>
      this.parseLogicalAndExpression(),
    );
  }

  private parseLogicalAndExpression(): Expression {
    return this.parseLogicalSuffix(this.parseLogicalUnaryExpression(), TokenType.And, "and", () =>
      this.parseLogicalUnaryExpression(),
    );
  }

  private parseLogicalSuffix(
    expr: Expression,
    token: TokenType,
    operator: LogicalOperator,
    parseRight: () => Expression,
  ): Expression {
    let result = expr;
    while (this.peek().type === token) {
      const t = this.scan();
      const right = parseRight();
      result = { type: "LogicalExpression", ...this.baseFromNodes(result, right, t), operator, left: result, right };
    }
    return result;
  }

  private parseLogicalUnaryExpression(): Expression {
    const t = this.peek();
    const operator: Operator | undefined =
      t.type === TokenType.Not ? "not" : t.type === TokenType.Exists ? "exists" : undefined;
    if (operator === undefined) return this.parseComparisonExpression();
    this.consume();
    const argument = this.parseLogicalUnaryExpression();
    return { type: "UnaryExpression", ...this.baseFromTokenToNode(t, argument, t), operator, argument };
  }

  private parseComparisonExpression(): Expression {
    return this.parseBinarySuffix(this.parseAdditiveExpression(), comparisonOperators, () => this.parseAdditiveExpression(), false);
  }

  private parseAdditiveExpression(): Expression {
    return this.parseBinarySuffix(
      this.parseMultiplicativeExpression(),
      additiveOperators,
      () => this.parseMultiplicativeExpression(),
      false,
    );
  }

  private parseMultiplicativeExpression(): Expression {
    return this.parseBinarySuffix(this.parseExponentExpression(), multiplicativeOperators, () => this.parseExponentExpression(), true);
  }

  private parseExponentExpression(): Expression {
    return this.parseBinarySuffix(this.parsePipeExpression(), exponentOperators, () => this.parsePipeExpression(), true);
  }

  /**
   * Left-associative binary operators of one precedence level. `dropsPendingErrors` reproduces a
   * quirk of Flux's parser at the `*` and `^` levels: a throw-away node is built first, so errors
   * still pending at that moment are discarded rather than attached to the expression.
   */
  private parseBinarySuffix(
    expr: Expression,
    operators: ReadonlyMap<TokenType, Operator>,
    parseRight: () => Expression,
    dropsPendingErrors: boolean,
  ): Expression {
    let result = expr;
    for (let operator = operators.get(this.peek().type); operator !== undefined; operator = operators.get(this.peek().type)) {
      const t = this.scan();
      const right = parseRight();
      if (dropsPendingErrors) this.errs = [];
      result = { type: "BinaryExpression", ...this.baseFromNodes(result, right, t), operator, left: result, right };
    }
    return result;
  }

  private parsePipeExpression(): Expression {
    return this.parsePipeSuffix(this.parseUnaryExpression());
  }

  private parsePipeSuffix(expr: Expression): Expression {
    let result = expr;
    while (this.peek().type === TokenType.PipeForward) {
      const t = this.scan();
      const right = this.parseUnaryExpression();
      if (right.type === "CallExpression") {
        result = { type: "PipeExpression", ...this.baseFromNodes(result, right, t), argument: result, call: untag(right) };
      } else {
        this.errs.push("pipe destination must be a function call");
        const call = { ...this.baseNode(right.location ?? this.location(startOf(right), endOf(right))), callee: right };
        result = { type: "PipeExpression", ...this.baseFromNodes(result, call, t), argument: result, call };
      }
    }
    return result;
  }

  private parseUnaryExpression(): Expression {
    const t = this.peek();
    const operator = additiveOperators.get(t.type);
    if (operator === undefined) return this.parsePostfixOperators(this.parsePrimaryExpression());
    this.consume();
    const argument = this.parseUnaryExpression();
    return { type: "UnaryExpression", ...this.baseFromTokenToNode(t, argument, t), operator, argument };
  }

  /** Member access, calls and indexing, applied left to right. */
  private parsePostfixOperators(expr: Expression): Expression {
    let result = expr;
    for (;;) {
      const type = this.peek().type;
      if (type === TokenType.Dot) result = this.parseDotExpression(result);
      else if (type === TokenType.LParen) result = this.parseCallExpression(result);
      else if (type === TokenType.LBrack) result = this.parseIndexExpression(result);
      else return result;
    }
  }

  private parseDotExpression(object: Expression): Expression {
    const dot = this.expect(TokenType.Dot);
    const property = this.parseIdentifier();
    return { type: "MemberExpression", ...this.baseFromNodes(object, property), object, lbrack: comments(dot), property };
  }

  private parseCallExpression(callee: Expression): CallExpression {
    const lparen = this.open(TokenType.LParen, TokenType.RParen);
    const params = this.parsePropertyList();
    const end = this.close(TokenType.RParen);
    const call: CallExpression = {
      type: "CallExpression",
      ...this.baseFromNodeToToken(callee, end),
      callee,
      lparen: comments(lparen),
      arguments: undefined,
      rparen: comments(end),
    };
    const first = params[0];
    const last = params[params.length - 1];
    if (first !== undefined && last !== undefined) {
      call.arguments = [{ type: "ObjectExpression", ...this.baseFromNodes(first, last), properties: params }];
    }
    return call;
  }

  private parseIndexExpression(array: Expression): Expression {
    const start = this.open(TokenType.LBrack, TokenType.RBrack);
    const index = this.parseExpressionWhileMore(undefined, []);
    const end = this.close(TokenType.RBrack);
    if (index?.type === "StringLiteral") {
      return {
        type: "MemberExpression",
        ...this.baseFromNodeToToken(array, end),
        object: array,
        lbrack: comments(start),
        property: index,
        rbrack: comments(end),
      };
    }
    if (index !== undefined) {
      return {
        type: "IndexExpression",
        ...this.baseFromNodeToToken(array, end),
        array,
        lbrack: comments(start),
        index,
        rbrack: comments(end),
      };
    }
    this.errs.push("no expression included in brackets");
    const base = this.baseFromNodeToToken(array, end);
    return {
      type: "IndexExpression",
      ...base,
      array,
      index: { type: "IntegerLiteral", ...this.baseFromTokens(start, end), value: "-1" },
    };
  }

  /** A BadExpression for a token that cannot start an expression; the token stays unread. */
  private badExpression(t: Token): BadExpression {
    return { type: "BadExpression", ...this.bareBase(t), text: `invalid token for primary expression: ${t.type}`, expression: null };
  }

  /** Stands in for a missing `then`/`else` branch; its error is already recorded elsewhere. */
  private placeholder(t: Token): BadExpression {
    return { type: "BadExpression", ...this.bareBase(t), text: "", expression: null };
  }

  protected parsePrimaryExpression(): Expression {
    const t = this.peekWithRegex();
    switch (t.type) {
      case TokenType.Ident:
        return this.parseIdentifier();
      case TokenType.Int: {
        const token = this.expect(TokenType.Int);
        const converted = parseIntegerLiteral(token.lit);
        if (converted.error !== undefined) this.errs.push(converted.error);
        return { type: "IntegerLiteral", ...this.baseFromToken(token), value: converted.value ?? "0" };
      }
      case TokenType.Float: {
        const token = this.expect(TokenType.Float);
        const converted = parseFloatLiteral(token.lit);
        if (converted.error !== undefined) return this.badExpression(token);
        return { type: "FloatLiteral", ...this.baseFromToken(token), value: converted.value };
      }
      case TokenType.String:
        return this.parseStringLiteral();
      case TokenType.Quote:
        return this.parseStringExpression();
      case TokenType.Regex: {
        const token = this.expect(TokenType.Regex);
        const converted = parseRegexLiteral(token.lit);
        if (converted.error !== undefined) this.errs.push(converted.error);
        return { type: "RegexpLiteral", ...this.baseFromToken(token), value: converted.value ?? "" };
      }
      case TokenType.Time: {
        const token = this.expect(TokenType.Time);
        const converted = parseDateTimeLiteral(token.lit);
        if (converted.error !== undefined) return this.badExpression(token);
        return { type: "DateTimeLiteral", ...this.baseFromToken(token), value: converted.value };
      }
      case TokenType.Duration: {
        const token = this.expect(TokenType.Duration);
        const converted = parseDurationLiteral(token.lit);
        if (converted.error !== undefined) return this.badExpression(token);
        return { type: "DurationLiteral", ...this.baseFromToken(token), values: converted.value };
      }
      case TokenType.PipeReceive: {
        const token = this.expect(TokenType.PipeReceive);
        return { type: "PipeLiteral", ...this.baseFromToken(token) };
      }
      case TokenType.LBrack:
        return this.parseArrayOrDict(this.open(TokenType.LBrack, TokenType.RBrack));
      case TokenType.LBrace:
        return this.parseObjectLiteral();
      case TokenType.LParen:
        return this.parseParenExpression();
      default:
        return this.badExpression(t);
    }
  }

  private parseStringExpression(): Expression {
    const start = this.expect(TokenType.Quote);
    const parts: (TextPart | InterpolatedPart)[] = [];
    for (;;) {
      const t = this.scanStringPart();
      if (t.type === TokenType.Text) {
        const converted = unescapeText(t.lit);
        if (converted.error !== undefined) return this.badExpression(t);
        parts.push({ type: "TextPart", ...this.baseFromToken(t), value: converted.value });
      } else if (t.type === TokenType.StringExpr) {
        const expression = this.parseExpression();
        const end = this.expect(TokenType.RBrace);
        parts.push({ type: "InterpolatedPart", ...this.baseFromTokens(t, end), expression });
      } else if (t.type === TokenType.Quote) {
        return { type: "StringExpression", ...this.baseFromTokens(start, t), parts } satisfies StringExpression;
      } else {
        this.errs.push(`got unexpected token in string expression ${this.describeLocation(t)}: ${t.type}`);
        return { type: "StringExpression", ...this.baseFromTokens(start, t), parts: [] };
      }
    }
  }

  private parseArrayOrDict(start: Token): Expression {
    const next = this.peek().type;
    if (next === TokenType.Colon) {
      this.consume();
      const end = this.close(TokenType.RBrack);
      return { type: "DictExpression", ...this.baseFromTokens(start, end), lbrack: comments(start), elements: [], rbrack: comments(end) };
    }
    if (next === TokenType.RBrack) {
      const end = this.close(TokenType.RBrack);
      return { type: "ArrayExpression", ...this.baseFromTokens(start, end), lbrack: comments(start), elements: [], rbrack: comments(end) };
    }
    const first = this.parseExpression();
    if (this.peek().type === TokenType.Colon) {
      this.consume();
      const val = this.parseExpression();
      return this.parseDictItemsRest(start, first, val);
    }
    return this.parseArrayItemsRest(start, first);
  }

  private parseArrayItemsRest(start: Token, first: Expression): Expression {
    const items: ArrayItem[] = [];
    if (this.peek().type !== TokenType.RBrack) {
      const comma = this.expect(TokenType.Comma);
      items.push(withComma(first, comma.comments));
      let last = this.peek().startOffset;
      while (this.more()) {
        const expression = this.parseExpression();
        const commaComments = this.peek().type === TokenType.Comma ? this.scan().comments : [];
        items.push(withComma(expression, commaComments));
        // Reading the same token twice means no progress: stop rather than loop forever.
        const here = this.peek().startOffset;
        if (here === last) break;
        last = here;
      }
    } else {
      items.push(first);
    }
    const end = this.close(TokenType.RBrack);
    return { type: "ArrayExpression", ...this.baseFromTokens(start, end), lbrack: comments(start), elements: items, rbrack: comments(end) };
  }

  private parseDictItemsRest(start: Token, key: Expression, val: Expression): Expression {
    const items: DictItem[] = [];
    if (this.peek().type !== TokenType.RBrack) {
      const comma = this.expect(TokenType.Comma);
      items.push(dictItem(key, val, comma.comments));
      while (this.more()) {
        const nextKey = this.parseExpression();
        this.expect(TokenType.Colon);
        const nextVal = this.parseExpression();
        const commaComments = this.peek().type === TokenType.Comma ? this.scan().comments : [];
        items.push(dictItem(nextKey, nextVal, commaComments));
      }
    } else {
      items.push(dictItem(key, val, []));
    }
    const end = this.close(TokenType.RBrack);
    return { type: "DictExpression", ...this.baseFromTokens(start, end), lbrack: comments(start), elements: items, rbrack: comments(end) };
  }

  private parseObjectLiteral(): ObjectExpression {
    const start = this.open(TokenType.LBrace, TokenType.RBrace);
    const body = this.parseObjectBody();
    const end = this.close(TokenType.RBrace);
    return {
      type: "ObjectExpression",
      ...this.baseFromTokens(start, end),
      lbrace: comments(start),
      with: body.with,
      properties: body.properties,
      rbrace: comments(end),
    };
  }

  private parseObjectBody(): { with?: WithSource; properties: Property[] } {
    const t = this.peek();
    if (t.type === TokenType.Ident) {
      const id = this.parseIdentifier();
      const next = this.peek();
      if (next.type === TokenType.Ident) {
        // Flux records an empty message when the word after the record is not `with`.
        if (next.lit !== "with") this.errs.push("");
        const withToken = this.consume();
        const properties = this.parsePropertyList();
        return { with: { ...untag(id), with: comments(withToken) }, properties };
      }
      return { properties: this.parsePropertyListSuffix(id) };
    }
    if (t.type === TokenType.String) return { properties: this.parsePropertyListSuffix(this.parseStringLiteral()) };
    return { properties: this.parsePropertyList() };
  }

  private parsePropertyListSuffix(key: PropertyKey): Property[] {
    const first = this.parsePropertySuffix(key);
    const properties = [first];
    if (!this.more()) return properties;
    const t = this.peek();
    if (t.type !== TokenType.Comma) this.errs.push(`expected comma in property list, got ${t.type}`);
    else first.comma = comments(this.consume());
    properties.push(...this.parsePropertyList());
    return properties;
  }

  private parsePropertyList(): Property[] {
    const properties: Property[] = [];
    // Comma errors are held back until the whole list is read, as Flux does.
    const errors: string[] = [];
    while (this.more()) {
      const t = this.peek();
      const property =
        t.type === TokenType.Ident
          ? this.parsePropertySuffix(this.parseIdentifier())
          : t.type === TokenType.String
            ? this.parsePropertySuffix(this.parseStringLiteral())
            : this.parseInvalidProperty();
      if (this.more()) {
        const next = this.peek();
        if (next.type !== TokenType.Comma) errors.push(`expected comma in property list, got ${next.type}`);
        else property.comma = comments(this.consume());
      }
      properties.push(property);
    }
    this.errs.push(...errors);
    return properties;
  }

  private parsePropertySuffix(key: PropertyKey): Property {
    let value: Expression | null = null;
    let separator: Token["comments"] | undefined;
    if (this.peek().type === TokenType.Colon) {
      const colon = this.consume();
      value = this.parsePropertyValue() ?? null;
      separator = comments(colon);
    }
    return { type: "Property", ...this.baseFromNodes(key, value ?? key), key, separator, value, comma: undefined };
  }

  private parseInvalidProperty(): Property {
    const errors: string[] = [];
    let value: Expression | null = null;
    const t = this.peek();
    if (t.type === TokenType.Colon) {
      errors.push("missing property key");
      this.consume();
      value = this.parsePropertyValue() ?? null;
    } else if (t.type === TokenType.Comma) {
      errors.push("missing property in property list");
    } else {
      errors.push(`unexpected token for property key: ${t.type} (${t.lit})`);
      // Skip ahead to the next comma or colon; whatever is read there is discarded.
      this.parseExpressionWhileMore(undefined, [TokenType.Comma, TokenType.Colon]);
      if (this.peek().type === TokenType.Colon) {
        this.consume();
        value = this.parsePropertyValue() ?? null;
      }
    }
    this.errs.push(...errors);
    const end = this.peek().start;
    const base = this.baseFromPositions(t.start, end);
    const key: StringLiteral = { type: "StringLiteral", ...this.baseFromPositions(t.start, t.start), value: "<invalid>" };
    return { type: "Property", ...base, key, separator: undefined, value, comma: undefined };
  }

  private parsePropertyValue(): Expression | undefined {
    const value = this.parseExpressionWhileMore(undefined, [TokenType.Comma, TokenType.Colon]);
    if (value === undefined) this.errs.push("missing property value");
    return value;
  }

  private parseParenExpression(): Expression {
    const lparen = this.open(TokenType.LParen, TokenType.RParen);
    const t = this.peek();
    if (t.type === TokenType.RParen) {
      const rparen = this.close(TokenType.RParen);
      return this.parseFunctionExpression(lparen, rparen, []);
    }
    if (t.type === TokenType.Ident) return this.parseParenIdentExpression(lparen, this.parseIdentifier());
    const expression: Expression = this.parseExpressionWhileMore(undefined, []) ?? {
      type: "BadExpression",
      ...this.bareBase(t),
      text: t.lit,
      expression: null,
    };
    const rparen = this.close(TokenType.RParen);
    return this.parenExpression(lparen, expression, rparen);
  }

  private parenExpression(lparen: Token, expression: Expression, rparen: Token): Expression {
    return {
      type: "ParenExpression",
      ...this.baseFromTokens(lparen, rparen),
      lparen: comments(lparen),
      expression,
      rparen: comments(rparen),
    };
  }

  /** After `(ident`: a parameter list of a function, or a parenthesised expression. */
  private parseParenIdentExpression(lparen: Token, key: Identifier): Expression {
    const t = this.peek();
    if (t.type === TokenType.RParen) {
      const rparen = this.close(TokenType.RParen);
      if (this.peek().type === TokenType.Arrow) {
        const params = [this.bareParameter(key, undefined)];
        return this.parseFunctionExpression(lparen, rparen, params);
      }
      return this.parenExpression(lparen, key, rparen);
    }
    if (t.type === TokenType.Assign) {
      const assign = this.consume();
      const value = this.parseExpression();
      const first: Property = {
        type: "Property",
        ...this.baseFromNodes(key, value),
        key,
        separator: comments(assign),
        value,
        comma: undefined,
      };
      const params = [first];
      if (this.peek().type === TokenType.Comma) {
        first.comma = comments(this.scan());
        params.push(...this.parseParameterList());
      }
      const rparen = this.close(TokenType.RParen);
      return this.parseFunctionExpression(lparen, rparen, params);
    }
    if (t.type === TokenType.Comma) {
      const comma = this.consume();
      const params = [this.bareParameter(key, comma)];
      params.push(...this.parseParameterList());
      const rparen = this.close(TokenType.RParen);
      return this.parseFunctionExpression(lparen, rparen, params);
    }
    let expression = this.parseExpressionSuffix(key);
    while (this.more()) {
      const right = this.parseExpression();
      if (right.type === "BadExpression") {
        this.skipInvalidToken();
        continue;
      }
      expression = this.invalidBinary(expression, right);
    }
    const rparen = this.close(TokenType.RParen);
    return this.parenExpression(lparen, expression, rparen);
  }

  private bareParameter(key: Identifier, comma: Token | undefined): Property {
    const base = this.baseNode(key.location ?? this.location(startOf(key), endOf(key)));
    return { type: "Property", ...base, key, separator: undefined, value: null, comma: comma ? comments(comma) : undefined };
  }

  private parseParameterList(): Property[] {
    const params: Property[] = [];
    while (this.more()) {
      const param = this.parseParameter();
      if (this.peek().type === TokenType.Comma) param.comma = comments(this.scan());
      params.push(param);
    }
    return params;
  }

  private parseParameter(): Property {
    const key = this.parseIdentifier();
    if (this.peek().type !== TokenType.Assign) return this.bareParameter(key, undefined);
    const assign = this.scan();
    const value = this.parseExpression();
    return { type: "Property", ...this.baseFromNodes(key, value), key, separator: comments(assign), value, comma: undefined };
  }

  private parseFunctionExpression(lparen: Token, rparen: Token, params: Property[]): Expression {
    const arrow = this.expectOrSkip(TokenType.Arrow);
    const body: Block | Expression = this.peek().type === TokenType.LBrace ? this.parseBlock() : this.parseExpression();
    return {
      type: "FunctionExpression",
      ...this.baseFromTokenToNode(lparen, body),
      lparen: comments(lparen),
      params,
      rparen: comments(rparen),
      arrow: comments(arrow),
      body,
    };
  }
}

function withComma(expression: Expression, commaComments: Token["comments"]): ArrayItem {
  return commaComments.length > 0 ? { ...expression, comma: commaComments } : expression;
}

function dictItem(key: Expression, val: Expression, commaComments: Token["comments"]): DictItem {
  return commaComments.length > 0 ? { key, val, comma: commaComments } : { key, val };
}
