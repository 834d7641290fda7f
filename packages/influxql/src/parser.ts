// Recursive-descent InfluxQL parser. Errors name what was found and what was expected, with the
// line and character, in the words InfluxDB 1.x uses, so clients that show them read the same.
import type {
  BinaryOp,
  CardinalityTarget,
  DataType,
  Dimension,
  Expr,
  Field,
  Fill,
  KeyMatch,
  MeasurementMatch,
  SelectStatement,
  Source,
  Statement,
} from "./ast.js";
import { Lexer, UnterminatedRegex, type Token } from "./lexer.js";
import { goFloatText, type BoundValue } from "./params.js";
import { goRegexError, jsPattern } from "./regex-check.js";
import { isKnownZone } from "./time.js";
import { parseDuration } from "./time.js";

export type { BoundValue } from "./params.js";

export class ParseError extends Error {
  /** Without a line (and char), the message is the detail alone, as 1.x words some errors. */
  constructor(
    readonly detail: string,
    readonly line?: number,
    readonly char?: number,
  ) {
    super(line === undefined ? detail : `${detail} at line ${line}, char ${char}`);
  }
}

const STATEMENT_START = ["SELECT", "DELETE", "SHOW", "CREATE", "DROP", "EXPLAIN", "GRANT", "REVOKE", "ALTER", "SET", "KILL"];
const COMPARISON: ReadonlySet<string> = new Set(["=", "!=", "<>", "<", "<=", ">", ">=", "=~", "!~"]);
const PRECEDENCE: Record<string, number> = {
  OR: 1,
  AND: 2,
  "=": 4, "!=": 4, "<>": 4, "<": 4, "<=": 4, ">": 4, ">=": 4, "=~": 4, "!~": 4,
  "+": 5, "-": 5, "|": 5, "^": 5,
  "*": 6, "/": 6, "%": 6, "&": 6,
};
const TYPE_NAMES: ReadonlySet<string> = new Set(["float", "integer", "unsigned", "string", "boolean", "field", "tag"]);

/** Parses every statement of `text` (separated by `;`). */
/** Parses `text` as 1.x's /query does: surrounding white space trimmed first (positions count
 * from the first non-space character). */
export function parseQuery(text: string, params: Readonly<Record<string, BoundValue>> = {}): Statement[] {
  return new Parser(text.trim(), params).statements();
}

class Parser {
  private readonly lexer: Lexer;
  private peeked: Token | undefined;
  /** A per-statement error the statement being parsed will answer (1.x finds it after parsing). */
  private invalid: string | undefined;

  constructor(
    private readonly text: string,
    private readonly params: Readonly<Record<string, BoundValue>>,
  ) {
    this.lexer = new Lexer(text);
  }

  // ---- tokens -------------------------------------------------------------------------------

  private peek(): Token {
    this.peeked ??= this.bind(this.lexer.next());
    return this.peeked;
  }

  /**
   * 1.x's scanner puts a bound value's token where `$name` stands, so a value is whatever its kind
   * is wherever it appears (an identifier names a field or a measurement, a regex matches, …). The
   * token keeps the parameter's position. A missing parameter, or a value 1.x cannot bind, stays a
   * parameter: used, it is an error (the latter named by its message).
   */
  private bind(t: Token): Token {
    // `$` alone binds nothing, whatever `params` holds.
    if (t.kind !== "param" || t.text === "") return t;
    const v = this.params[t.text];
    if (v === undefined) return t;
    const token = (kind: Token["kind"], text: string, raw = text): Token => ({ kind, text, pos: t.pos, raw, bound: true });
    switch (typeof v) {
      case "string":
        return token("string", v);
      case "boolean":
        return token("keyword", v ? "TRUE" : "FALSE");
      case "bigint":
        return token("integer", String(v));
      case "number":
        return Number.isInteger(v) ? token("integer", String(v)) : token("number", goFloatText(v));
      default:
        break;
    }
    switch (v.kind) {
      case "string":
        return token("string", v.value);
      case "identifier":
        return token("ident", v.value);
      case "regex":
        return token("regex", v.value);
      case "duration":
        return token("duration", v.value);
      case "integer":
        return token("integer", String(v.value));
      case "float":
        return token("number", goFloatText(v.value));
      case "error":
        return token("param", v.message);
    }
  }

  private next(): Token {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === "keyword" && t.text === word;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.next();
    return true;
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t.kind === "op" && t.text === op;
  }

  private acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.next();
    return true;
  }

  private expectKeyword(...words: string[]): string {
    const t = this.peek();
    if (t.kind === "keyword" && words.includes(t.text)) return this.next().text;
    throw this.unexpected(t, words);
  }

  private expectOp(op: string): void {
    if (!this.acceptOp(op)) throw this.unexpected(this.peek(), [op]);
  }

  /** A regex at the current position (the scanner only looks for one when asked); one Go's regexp
   * package would refuse is a parse error in its words. */
  private regex(): Token | undefined {
    // `$name` bound to a regex is one (1.x peeks at a `$` where it looks for a regex).
    if (this.peeked === undefined && this.lexer.startsWith("$")) this.peek();
    if (this.peeked?.kind === "regex") {
      const r = this.next();
      const refused = goRegexError(r.text);
      // Placed at the parameter, as 1.x places it.
      if (refused !== undefined) throw this.errorAt(r.pos, `error parsing regexp: ${refused}`);
      r.text = jsPattern(r.text);
      return r;
    }
    if (this.peeked !== undefined) {
      if (!(this.peeked.kind === "op" && this.peeked.text === "/")) return undefined;
      this.lexer.offset = this.peeked.pos;
      this.peeked = undefined;
    }
    let r: Token | undefined;
    try {
      r = this.lexer.regex();
    } catch (error) {
      // 1.x places regex errors one character before the opening `/`.
      if (error instanceof UnterminatedRegex) throw this.errorAt(error.pos - 1, error.message);
      throw error;
    }
    if (r !== undefined) {
      const refused = goRegexError(r.text);
      if (refused !== undefined) throw this.errorAt(r.pos - 1, `error parsing regexp: ${refused}`);
      // Kept as a pattern JavaScript reads as Go does, for every engine that matches it later.
      r.text = jsPattern(r.text);
    }
    return r;
  }

  /** Where 1.x's parser peeks for a regex (a field, a function argument, a source, a dimension, the
   * right side of =~): it moves 1.x's end-of-text position, see Lexer.peekForRegex. */
  private regexPeek(): void {
    if (this.peeked === undefined) this.lexer.peekForRegex();
    else if (this.peeked.kind === "eof" && this.peeked.pos === this.text.length) this.peeked.pos++;
  }

  private position(pos: number): { line: number; char: number } {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < pos && i < this.text.length; i++) {
      if (this.text[i] === "\n") {
        line++;
        lineStart = i + 1;
      }
    }
    return { line, char: pos - lineStart + 1 };
  }

  private errorAt(pos: number, detail: string): ParseError {
    const { line, char } = this.position(pos);
    return new ParseError(detail, line, char);
  }

  private unexpected(t: Token, expected: string[]): ParseError {
    // 1.x names a bound value by its token's text (a value it cannot bind by the message), at the
    // parameter; a missing parameter by itself.
    if (t.bound === true) return this.errorAt(t.pos, `found ${t.raw}, expected ${expected.join(", ")}`);
    if (t.kind === "param") return this.errorAt(t.pos, `found $${t.text}, expected ${expected.join(", ")}`);
    // 1.x names a string or quoted identifier by its content, and places a string one character
    // before its opening quote.
    if (t.kind === "string") return this.errorAt(t.pos - 1, `found ${t.text}, expected ${expected.join(", ")}`);
    // A keyword is named upper-case, whatever case it was typed in.
    const found = t.kind === "eof" ? "EOF" : t.kind === "ident" || t.kind === "keyword" ? t.text : t.raw;
    return this.errorAt(t.pos, `found ${found}, expected ${expected.join(", ")}`);
  }

  // ---- statements ---------------------------------------------------------------------------

  statements(): Statement[] {
    const out: Statement[] = [];
    for (;;) {
      while (this.acceptOp(";"));
      if (this.peek().kind === "eof") break;
      out.push(this.statement());
      const t = this.peek();
      if (t.kind === "eof") break;
      if (!this.acceptOp(";")) throw this.unexpected(t, [";"]);
    }
    if (out.length === 0) throw this.unexpected(this.peek(), STATEMENT_START);
    return out;
  }

  private statement(): Statement {
    const t = this.peek();
    if (t.kind !== "keyword" || !STATEMENT_START.includes(t.text)) throw this.unexpected(t, STATEMENT_START);
    switch (t.text) {
      case "SELECT":
        return this.select();
      case "SHOW":
        return this.show();
      case "DELETE":
        return this.deleteStatement();
      case "DROP": {
        this.next();
        if (this.acceptKeyword("MEASUREMENT")) return { kind: "drop measurement", name: this.identifier() };
        return this.unsupported(`DROP ${this.peek().raw.toUpperCase()}`);
      }
      default:
        this.next();
        return this.unsupported(`${t.text} ${this.peek().raw.toUpperCase()}`.trim());
    }
  }

  /** Skips the rest of a statement 2.x does not run; it is answered with an error later. */
  private unsupported(what: string): Statement {
    for (;;) {
      const t = this.peek();
      if (t.kind === "eof" || (t.kind === "op" && t.text === ";")) break;
      this.next();
    }
    return { kind: "unsupported", what };
  }

  private select(): SelectStatement {
    const outer = this.invalid;
    this.invalid = undefined;
    this.expectKeyword("SELECT");
    const fields = this.fields();
    let into: string | undefined;
    if (this.acceptKeyword("INTO")) into = this.segmented().join(".");
    this.expectKeyword("FROM");
    const sources = this.sources(true);
    const stmt: SelectStatement = {
      kind: "select",
      fields,
      sources,
      dimensions: [],
      fill: { kind: "null" },
      descending: false,
      limit: 0,
      offset: 0,
      slimit: 0,
      soffset: 0,
      ...(into !== undefined ? { into } : {}),
    };
    if (this.acceptKeyword("WHERE")) stmt.condition = this.expr();
    if (this.acceptKeyword("GROUP")) {
      this.expectKeyword("BY");
      stmt.dimensions = this.dimensions();
    }
    // fill is no keyword in 1.x: an identifier (any case) read as fill(…) here, a name elsewhere.
    const f = this.peek();
    if (f.kind === "ident" && f.text.toLowerCase() === "fill") {
      this.next();
      if (!this.isOp("(") || this.peek().spaced === true) throw new ParseError("fill must be a function call");
      stmt.fill = this.fill();
    }
    if (this.acceptKeyword("ORDER")) {
      this.expectKeyword("BY");
      stmt.ordered = true;
      const t = this.peek();
      if (t.kind === "ident" && t.text.toLowerCase() === "time") {
        this.next();
        if (this.isKeyword("ASC") || this.isKeyword("DESC")) stmt.descending = this.next().text === "DESC";
      } else if (this.isKeyword("ASC") || this.isKeyword("DESC")) {
        stmt.descending = this.next().text === "DESC";
      } else if (t.kind === "eof" || t.kind === "op") {
        throw this.unexpected(t, ["identifier", "ASC", "DESC"]);
      } else {
        throw new ParseError("only ORDER BY time supported at this time");
      }
      if (this.isOp(",")) throw new ParseError("only ORDER BY time supported at this time");
    }
    if (this.acceptKeyword("LIMIT")) stmt.limit = this.integer();
    if (this.acceptKeyword("OFFSET")) stmt.offset = this.integer();
    if (this.acceptKeyword("SLIMIT")) stmt.slimit = this.integer();
    if (this.acceptKeyword("SOFFSET")) stmt.soffset = this.integer();
    const t = this.peek();
    if (t.kind === "ident" && t.text.toLowerCase() === "tz") {
      this.next();
      // 1.x reads tz() as a call, then wants one string.
      if (!this.isOp("(") || this.peek().spaced === true) throw new ParseError("tz must be a function call");
      const call = this.call("tz", t);
      if (call.kind !== "call" || call.args.length !== 1) throw new ParseError("tz requires exactly one argument");
      const zone = call.args[0]!;
      if (zone.kind !== "string") throw new ParseError("expected string argument in tz()");
      if (!isKnownZone(zone.value)) throw new ParseError(`unable to find time zone ${zone.value}`);
      stmt.tz = zone.value;
    }
    if (this.invalid !== undefined) stmt.invalid = this.invalid;
    this.invalid = outer;
    return stmt;
  }

  private fields(): Field[] {
    const fields: Field[] = [];
    do {
      this.regexPeek();
      const start = this.peek().pos;
      // A regex field stands alone: 1.x reads no operator after it.
      const r = this.regex();
      let expr: Expr = r !== undefined ? { kind: "regex", pattern: r.text } : this.expr();
      // 1.x drops parentheses around anything but an operator: `(mean(*))` expands as `mean(*)`.
      while (expr.kind === "paren" && expr.expr.kind !== "binary") expr = expr.expr;
      const refused = conditionOperator(expr);
      if (refused !== undefined) {
        // 1.x's words, with the field's position inside the message.
        const { line, char } = this.position(start);
        throw new ParseError(`invalid operator ${refused} in SELECT clause at line ${line}, char ${char}; operator is intended for WHERE clause`);
      }
      const field: Field = { expr };
      if (this.acceptKeyword("AS")) field.alias = this.identifier();
      fields.push(field);
    } while (this.acceptOp(","));
    return fields;
  }

  private sources(allowSubquery: boolean): Source[] {
    const sources: Source[] = [];
    do {
      if (allowSubquery && this.isOp("(")) {
        this.next();
        const statement = this.select();
        this.expectOp(")");
        sources.push({ kind: "subquery", statement });
        continue;
      }
      sources.push(this.measurement());
    } while (this.acceptOp(","));
    return sources;
  }

  /** `m`, `/re/`, `rp.m`, `db.rp.m`, `db..m`. */
  private measurement(): Source {
    const segments: Array<string | { regex: string }> = [];
    this.regexPeek();
    for (;;) {
      const r = this.regex();
      if (r !== undefined) segments.push({ regex: r.text });
      else if (this.isOp(".") && segments.length < 2) segments.push("");
      else {
        const t = this.peek();
        // A 'string' is no name here: 1.x refuses it.
        if (t.kind === "ident" || (t.kind === "keyword" && segments.length > 0)) {
          this.next();
          segments.push(t.text);
        } else throw this.unexpected(t, ["identifier"]);
      }
      if (segments.length === 3 || !this.isOp(".")) break;
      this.next();
      if (this.isOp(".")) {
        // `db..m`: an empty retention policy segment
        segments.push("");
        this.next();
      }
    }
    const last = segments[segments.length - 1]!;
    const rest = segments.slice(0, -1) as string[];
    const db = rest.length === 2 ? rest[0] : undefined;
    const rp = rest.length === 2 ? rest[1] : rest[0];
    const source: Source = { kind: "measurement" };
    if (db !== undefined && db !== "") source.db = db;
    if (rp !== undefined && rp !== "") source.rp = rp;
    if (typeof last === "string") source.name = last;
    else source.regex = last.regex;
    return source;
  }

  private dimensions(): Dimension[] {
    const dims: Dimension[] = [];
    do {
      this.regexPeek();
      if (this.acceptOp("*")) {
        dims.push({ kind: "wildcard" });
        continue;
      }
      const r = this.regex();
      if (r !== undefined) {
        dims.push({ kind: "regex", pattern: r.text });
        continue;
      }
      const t = this.peek();
      if (t.kind === "ident" && t.text.toLowerCase() === "time") {
        this.next();
        // `time (1h)`, spaced, is a tag named time, as 1.x reads it.
        if (!this.isOp("(") || this.peek().spaced === true) {
          // A bare `time` is refused when the statement runs (1.x validates its dimensions then).
          if (!this.isOp("(")) this.invalid ??= "time() is a function and expects at least one argument";
          dims.push({ kind: "tag", name: t.text });
          continue;
        }
        this.next();
        this.regexPeek();
        const every = this.timeInterval();
        if (every === undefined) {
          dims.push({ kind: "time", every: 1n, offset: 0n });
          continue;
        }
        let offset = 0n;
        if (this.acceptOp(",")) {
          this.regexPeek();
          // 1.x reads the offset as an expression, and refuses all but a duration or now() (which
          // aligns on the query time: no offset) when the statement runs.
          let o = this.expr();
          while (o.kind === "paren") o = o.expr;
          if (o.kind === "duration") offset = o.ns;
          else if (!(o.kind === "call" && o.name === "now")) this.invalid ??= "time dimension offset must be duration or now()";
        }
        this.expectOp(")");
        dims.push({ kind: "time", every, offset });
        continue;
      }
      // 1.x reads any expression here, and refuses all but a tag (a name, cast or in parentheses)
      // when the statement runs.
      let dim = this.expr();
      while (dim.kind === "paren") dim = dim.expr;
      if (dim.kind === "ref") dims.push({ kind: "tag", name: dim.name });
      else this.invalid ??= dim.kind === "call" ? "only time() calls allowed in dimensions" : "only time and tag dimensions allowed";
    } while (this.acceptOp(","));
    return dims;
  }

  /** time()'s interval. Anything but a duration is an expression 1.x parses, then refuses when it
   * runs the statement: that refusal is recorded, and the call skipped. */
  private timeInterval(): bigint | undefined {
    const t = this.peek();
    // A bound value is a string or number literal in 1.x, never a duration.
    if (t.kind === "duration") return this.durationLiteral();
    if (t.kind === "eof" || (t.kind === "op" && t.text === ")")) throw this.unexpected(t, ["identifier", "string", "number", "bool"]);
    const args = [this.expr()];
    while (this.acceptOp(",")) args.push(this.expr());
    this.expectOp(")");
    this.invalid ??= "time dimension must have duration argument";
    return undefined;
  }

  private durationLiteral(): bigint {
    const t = this.next();
    if (t.kind === "duration") return this.duration(t);
    throw this.unexpected(t, ["duration"]);
  }

  /** A duration token's nanoseconds; a bound one 1.x cannot read is refused in its words. */
  private duration(t: Token): bigint {
    try {
      return parseDuration(t.text);
    } catch {
      throw new ParseError("invalid duration");
    }
  }

  private fill(): Fill {
    this.expectOp("(");
    this.regexPeek();
    const t = this.next();
    if (t.kind === "eof" || (t.kind === "op" && t.text !== "-")) throw this.unexpected(t, ["identifier", "string", "number", "bool"]);
    let fill: Fill;
    const word = t.kind === "ident" || t.kind === "keyword" ? t.text.toLowerCase() : "";
    if (word === "null" || word === "none" || word === "previous" || word === "linear") fill = { kind: word };
    else if (t.kind === "integer") fill = { kind: "value", value: BigInt(t.text) };
    else if (t.kind === "number") fill = { kind: "value", value: Number(t.text) };
    // 1.x reads fill()'s argument as an expression: a parameter without a value is refused there.
    else if (t.kind === "param") throw new ParseError(`missing parameter: ${t.text}`);
    else if (t.kind === "op" && t.text === "-") {
      const n = this.next();
      if (n.kind === "integer") fill = { kind: "value", value: -BigInt(n.text) };
      else if (n.kind === "number") fill = { kind: "value", value: -Number(n.text) };
      else throw new ParseError("expected number argument in fill()");
    } else throw new ParseError("expected number argument in fill()");
    this.expectOp(")");
    return fill;
  }

  private integer(): number {
    const t = this.next();
    if (t.kind === "integer") return Number(t.text);
    throw this.unexpected(t, ["integer"]);
  }

  private identifier(): string {
    const t = this.next();
    if (t.kind === "ident") return t.text;
    // A bound value is a literal in 1.x, never a name: `FROM $m` is refused naming the value.
    throw this.unexpected(t, ["identifier"]);
  }

  private segmented(): string[] {
    const parts = [this.identifier()];
    while (this.acceptOp(".")) parts.push(this.identifier());
    return parts;
  }

  private onDatabase(): string | undefined {
    return this.acceptKeyword("ON") ? this.identifier() : undefined;
  }

  private optionalFrom(): Source[] {
    return this.acceptKeyword("FROM") ? this.sources(false) : [];
  }

  private optionalWhere(): Expr | undefined {
    return this.acceptKeyword("WHERE") ? this.expr() : undefined;
  }

  private limitOffset(): { limit: number; offset: number } {
    const limit = this.acceptKeyword("LIMIT") ? this.integer() : 0;
    const offset = this.acceptKeyword("OFFSET") ? this.integer() : 0;
    return { limit, offset };
  }

  private show(): Statement {
    this.expectKeyword("SHOW");
    const t = this.peek();
    const word = t.kind === "keyword" ? t.text : "";
    switch (word) {
      case "DATABASES":
        this.next();
        return { kind: "show databases" };
      case "RETENTION": {
        this.next();
        this.expectKeyword("POLICIES");
        const db = this.onDatabase();
        return { kind: "show retention policies", ...(db !== undefined ? { db } : {}) };
      }
      case "MEASUREMENT":
      case "SERIES": {
        this.next();
        const exact = this.acceptKeyword("EXACT");
        if (exact || this.isKeyword("CARDINALITY")) {
          this.expectKeyword("CARDINALITY");
          return this.cardinality(word === "SERIES" ? "series" : "measurement", exact);
        }
        if (word === "MEASUREMENT") throw this.unexpected(this.peek(), ["CARDINALITY"]);
        const db = this.onDatabase();
        const sources = this.optionalFrom();
        const condition = this.optionalWhere();
        return { kind: "show series", ...(db !== undefined ? { db } : {}), sources, ...(condition ? { condition } : {}), ...this.limitOffset() };
      }
      case "MEASUREMENTS": {
        this.next();
        const db = this.onDatabase();
        let match: MeasurementMatch | undefined;
        if (this.acceptKeyword("WITH")) {
          this.expectKeyword("MEASUREMENT");
          const op = this.next();
          // 1.x takes only = and =~ here.
          if (op.kind !== "op" || !["=", "=~"].includes(op.text)) throw this.unexpected(op, ["=", "=~"]);
          this.regexPeek();
          if (op.text === "=~" || op.text === "!~") {
            const r = this.regex();
            if (r === undefined) throw this.unexpected(this.peek(), ["identifier"]);
            match = { op: op.text, pattern: r.text };
          } else {
            const r = this.regex();
            if (r !== undefined) match = { op: op.text === "=" ? "=~" : "!~", pattern: r.text };
            else match = { op: op.text === "=" ? "=" : "!=", name: this.identifier() };
          }
        }
        const condition = this.optionalWhere();
        return { kind: "show measurements", ...(db !== undefined ? { db } : {}), ...(match ? { match } : {}), ...(condition ? { condition } : {}), ...this.limitOffset() };
      }
      case "TAG": {
        this.next();
        const which = this.expectKeyword("KEYS", "KEY", "VALUES");
        if (which === "KEY") {
          const exact = this.acceptKeyword("EXACT");
          this.expectKeyword("CARDINALITY");
          return this.cardinality("tag key", exact);
        }
        if (which === "VALUES" && (this.isKeyword("EXACT") || this.isKeyword("CARDINALITY"))) {
          const exact = this.acceptKeyword("EXACT");
          this.expectKeyword("CARDINALITY");
          return this.cardinality("tag values", exact);
        }
        const db = this.onDatabase();
        const sources = this.optionalFrom();
        if (which === "KEYS") {
          const condition = this.optionalWhere();
          return { kind: "show tag keys", ...(db !== undefined ? { db } : {}), sources, ...(condition ? { condition } : {}), ...this.limitOffset() };
        }
        const key = this.withKey();
        const condition = this.optionalWhere();
        return { kind: "show tag values", ...(db !== undefined ? { db } : {}), sources, key, ...(condition ? { condition } : {}), ...this.limitOffset() };
      }
      case "FIELD": {
        this.next();
        const which = this.expectKeyword("KEYS", "KEY");
        if (which === "KEY") {
          const exact = this.acceptKeyword("EXACT");
          this.expectKeyword("CARDINALITY");
          return this.cardinality("field key", exact);
        }
        const db = this.onDatabase();
        const sources = this.optionalFrom();
        return { kind: "show field keys", ...(db !== undefined ? { db } : {}), sources, ...this.limitOffset() };
      }
      default:
        if (t.kind === "eof") throw this.unexpected(t, ["CONTINUOUS", "DATABASES", "DIAGNOSTICS", "FIELD", "GRANTS", "MEASUREMENT", "MEASUREMENTS", "QUERIES", "RETENTION", "SERIES", "SHARD", "SHARDS", "STATS", "SUBSCRIPTIONS", "TAG", "USERS"]);
        this.next();
        return this.unsupported(`SHOW ${t.raw.toUpperCase()}`);
    }
  }

  private cardinality(target: CardinalityTarget, exact: boolean): Statement {
    const db = this.onDatabase();
    const sources = this.optionalFrom();
    const key = target === "tag values" ? this.withKey() : undefined;
    const condition = this.optionalWhere();
    this.limitOffset();
    return {
      kind: "show cardinality",
      target,
      exact,
      ...(db !== undefined ? { db } : {}),
      sources,
      ...(key ? { key } : {}),
      ...(condition ? { condition } : {}),
    };
  }

  private withKey(): KeyMatch {
    this.expectKeyword("WITH");
    this.expectKeyword("KEY");
    if (this.acceptKeyword("IN")) {
      this.expectOp("(");
      const values = [this.identifier()];
      while (this.acceptOp(",")) values.push(this.identifier());
      this.expectOp(")");
      return { op: "in", values };
    }
    const op = this.next();
    if (op.kind !== "op" || !["=", "!=", "<>", "=~", "!~"].includes(op.text)) throw this.unexpected(op, ["=", "!=", "=~", "!~", "IN"]);
    if (op.text === "=~" || op.text === "!~") {
      const r = this.regex();
      if (r === undefined) throw this.unexpected(this.peek(), ["regex"]);
      return { op: op.text, pattern: r.text };
    }
    return { op: op.text === "=" ? "=" : "!=", values: [this.identifier()] };
  }

  private deleteStatement(): Statement {
    this.expectKeyword("DELETE");
    const sources = this.optionalFrom();
    const condition = this.optionalWhere();
    if (sources.length === 0 && condition === undefined) throw this.unexpected(this.peek(), ["FROM", "WHERE"]);
    return { kind: "delete", sources, ...(condition ? { condition } : {}) };
  }

  // ---- expressions --------------------------------------------------------------------------

  expr(minPrecedence = 1): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      const op = t.kind === "keyword" && (t.text === "AND" || t.text === "OR") ? t.text : t.kind === "op" ? t.text : "";
      const prec = PRECEDENCE[op];
      if (prec === undefined || prec < minPrecedence) return left;
      this.next();
      let right: Expr;
      if (op === "=~" || op === "!~") {
        this.regexPeek();
        const r = this.regex();
        // A bound value is a string, number or boolean token where 1.x wants a regex: refused.
        if (r !== undefined) right = { kind: "regex", pattern: r.text };
        else throw this.unexpected(this.peek(), ["regex"]);
      } else right = this.expr(prec + 1);
      const normalized = (op === "<>" ? "!=" : op) as BinaryOp;
      left = { kind: "binary", op: normalized, left, right };
    }
  }

  private unary(): Expr {
    if (this.isOp("-") || this.isOp("+")) {
      const sign = this.next().text;
      const t = this.peek();
      if (t.kind === "integer" || t.kind === "number" || t.kind === "duration") {
        const e = this.primary();
        if (sign === "+") return e;
        if (e.kind === "integer") return { kind: "integer", value: -e.value };
        if (e.kind === "number") return { kind: "number", value: -e.value };
        if (e.kind === "duration") return { kind: "duration", ns: -e.ns };
      }
      const operand = this.unary();
      return sign === "+" ? operand : { kind: "binary", op: "*", left: { kind: "integer", value: -1n }, right: operand };
    }
    return this.primary();
  }

  private primary(): Expr {
    // A `/…/` is a regex only where 1.x looks for one (a field, a call's argument, after =~); a
    // `$name` bound to a regex is one anywhere.
    if (this.peek().kind === "regex") return { kind: "regex", pattern: this.regex()!.text };
    const t = this.peek();
    switch (t.kind) {
      case "op":
        if (t.text === "*") {
          this.next();
          return this.typed({ kind: "wildcard" });
        }
        if (t.text === "(") {
          this.next();
          const inner = this.expr();
          this.expectOp(")");
          return { kind: "paren", expr: inner };
        }
        break;
      case "string":
        this.next();
        return { kind: "string", value: t.text };
      case "integer":
        this.next();
        return { kind: "integer", value: BigInt(t.text) };
      case "number":
        this.next();
        return { kind: "number", value: Number(t.text) };
      case "duration":
        this.next();
        return { kind: "duration", ns: this.duration(t) };
      case "param":
        // A parameter without a value, named without a position (one 1.x cannot bind is named by
        // its message: 1.x looks the message up as a parameter's name).
        this.next();
        if (t.text === "" && t.bound !== true) throw new ParseError("empty bound parameter");
        throw new ParseError(`missing parameter: ${t.text}`);
      case "keyword":
        if (t.text === "TRUE" || t.text === "FALSE") {
          this.next();
          return { kind: "boolean", value: t.text === "TRUE" };
        }
        if (t.text === "DISTINCT") {
          // DISTINCT(x) and DISTINCT x are both the distinct() call; `DISTINCT (x)` neither.
          this.next();
          if (this.isOp("(") && this.peek().spaced !== true) return this.call("distinct", t);
          if (this.isOp("(")) throw this.unexpected(this.peek(), ["identifier"]);
          return { kind: "call", name: "distinct", args: [this.primary()] };
        }
        break;
      case "ident": {
        this.next();
        // A call only with `(` right after the name (quoted or not), as 1.x's parser reads it.
        if (this.isOp("(") && this.peek().spaced !== true) return this.call(t.text.toLowerCase(), t);
        return this.typed({ kind: "ref", name: t.text });
      }
      default:
        break;
    }
    throw this.unexpected(t, ["identifier", "string", "number", "bool"]);
  }

  private call(name: string, _at: Token): Expr {
    this.expectOp("(");
    const args: Expr[] = [];
    if (!this.isOp(")")) {
      do {
        this.regexPeek();
        const r = this.regex();
        args.push(r !== undefined ? { kind: "regex", pattern: r.text } : this.expr());
      } while (this.acceptOp(","));
    }
    this.expectOp(")");
    return { kind: "call", name, args };
  }

  /** `x::float`, `*::tag`. */
  private typed<T extends Expr & { type?: DataType }>(e: T): T {
    if (!this.isOp("::")) return e;
    this.next();
    const t = this.next();
    const name = t.kind === "ident" || t.kind === "keyword" ? t.text.toLowerCase() : "";
    // `*` takes only field or tag.
    if (e.kind === "wildcard" && name !== "field" && name !== "tag") throw this.unexpected(t, ["field", "tag"]);
    if (!TYPE_NAMES.has(name)) throw this.unexpected(t, ["float", "integer", "unsigned", "string", "boolean", "field", "tag"]);
    return { ...e, type: name as DataType };
  }
}

const CONDITION_OPERATORS: ReadonlySet<string> = new Set([...COMPARISON, "AND", "OR"]);

/** The first comparison or logical operator in a field (1.x refuses them in a SELECT list). */
function conditionOperator(e: Expr): string | undefined {
  switch (e.kind) {
    case "binary":
      if (CONDITION_OPERATORS.has(e.op)) return e.op;
      return conditionOperator(e.left) ?? conditionOperator(e.right);
    case "paren":
      return conditionOperator(e.expr);
    case "call":
      for (const a of e.args) {
        const found = conditionOperator(a);
        if (found !== undefined) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** True for comparison operators (used by condition analysis). */
export function isComparison(op: string): boolean {
  return COMPARISON.has(op);
}
