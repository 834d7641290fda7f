// InfluxQL tokens. Regular expressions are only recognised where the parser asks for one
// (`/` is division elsewhere), so the scanner works on demand rather than up front.

export type TokenKind =
  | "ident"
  | "keyword"
  | "string"
  | "number"
  | "integer"
  | "duration"
  | "regex"
  | "param"
  | "op"
  | "badstring"
  | "eof";

export interface Token {
  kind: TokenKind;
  /** Keyword names upper-cased; identifiers unquoted; strings unescaped; operators as written. */
  text: string;
  /** 0-based offset in the whole query text. */
  pos: number;
  /** What the user typed, for error messages (a bad string: what it held before the line ended;
   * a bound value: the text 1.x names it by). */
  raw: string;
  /** Put where a `$name` stood by the value bound to it (positions and errors differ). */
  bound?: boolean;
  /** Whitespace or a comment comes before it (1.x reads `f(` as a call only without). */
  spaced?: boolean;
}

export const KEYWORDS = new Set(
  (
    "ALL ALTER ANALYZE ANY AS ASC BEGIN BY CARDINALITY CREATE CONTINUOUS DATABASE DATABASES DEFAULT DELETE DESC " +
    "DESTINATIONS DIAGNOSTICS DISTINCT DROP DURATION END EVERY EXACT EXPLAIN FIELD FOR FROM GRANT GRANTS GROUP GROUPS IN " +
    "INF INSERT INTO KEY KEYS KILL LIMIT MEASUREMENT MEASUREMENTS NAME OFFSET ON ORDER PASSWORD POLICIES POLICY " +
    "PRIVILEGES QUERIES QUERY READ REPLICATION RESAMPLE RETENTION REVOKE SELECT SERIES SET SHARD SHARDS SHOW SLIMIT " +
    "SOFFSET STATS SUBSCRIPTION SUBSCRIPTIONS TAG TO USER USERS VALUES WHERE WITH WRITE AND OR TRUE FALSE"
  ).split(" "),
);


const isIdentStart = (c: string): boolean => /[A-Za-z_\u0080-\uffff]/.test(c) && c !== "µ";
const isIdentChar = (c: string): boolean => /[A-Za-z0-9_\u0080-\uffff]/.test(c);
/** A letter of a duration's unit as Go's scanner takes it (ASCII letters and µ). */
const isUnitChar = (c: string | undefined): boolean => c !== undefined && (/[A-Za-z]/.test(c) || c === "µ");
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";

export class Lexer {
  private pos = 0;
  /**
   * 1.x's scanner reads the end of the text once more after an identifier, and its parser peeks one
   * character where a regex may start; after either, the position it gives an EOF token is one
   * further. Error positions at the end of a query match 1.x's only by counting the same way.
   */
  private endReadTwice = false;

  constructor(readonly text: string) {}

  get offset(): number {
    return this.pos;
  }

  set offset(value: number) {
    this.pos = value;
  }

  private skipSpace(): void {
    const t = this.text;
    for (;;) {
      while (this.pos < t.length && /\s/.test(t[this.pos]!)) this.pos++;
      if (t.startsWith("--", this.pos)) {
        while (this.pos < t.length && t[this.pos] !== "\n") this.pos++;
        continue;
      }
      if (t.startsWith("/*", this.pos)) {
        const end = t.indexOf("*/", this.pos + 2);
        this.pos = end < 0 ? t.length : end + 2;
        continue;
      }
      return;
    }
  }

  /** The next token; `/` is an operator here. */
  next(): Token {
    const before = this.pos;
    this.skipSpace();
    const spaced = this.pos > before;
    const token = this.scan();
    if (spaced) token.spaced = true;
    return token;
  }

  private scan(): Token {
    const t = this.text;
    const start = this.pos;
    if (start >= t.length) return { kind: "eof", text: "", pos: this.endReadTwice ? t.length + 1 : t.length, raw: "EOF" };
    const c = t[start]!;
    const tok = (kind: TokenKind, text: string): Token => ({ kind, text, pos: start, raw: t.slice(start, this.pos) });
    if (c === '"' || c === "'") {
      const text = this.quoted(c);
      // 1.x places a bad string one character before its opening quote.
      if (text === undefined) return { kind: "badstring", text: "", pos: start - 1, raw: this.badContent(start) };
      if (c === '"' && this.pos >= t.length) this.endReadTwice = true;
      return tok(c === '"' ? "ident" : "string", text);
    }
    if (c === "$") {
      this.pos++;
      if (t[this.pos] === '"') {
        const name = this.quoted('"');
        if (name === undefined) return { kind: "badstring", text: "", pos: start, raw: this.badContent(start + 1) };
        return tok("param", name);
      }
      while (this.pos < t.length && isIdentChar(t[this.pos]!)) this.pos++;
      return tok("param", t.slice(start + 1, this.pos));
    }
    if (isDigit(c) || (c === "." && isDigit(t[start + 1]))) return this.numberOrDuration(start);
    if (isIdentStart(c)) {
      while (this.pos < t.length && isIdentChar(t[this.pos]!)) this.pos++;
      if (this.pos >= t.length) this.endReadTwice = true;
      const word = t.slice(start, this.pos);
      const upper = word.toUpperCase();
      return KEYWORDS.has(upper) ? tok("keyword", upper) : tok("ident", word);
    }
    for (const op of ["=~", "!~", "!=", "<>", "<=", ">=", "::"]) {
      if (t.startsWith(op, start)) {
        this.pos += 2;
        return tok("op", op);
      }
    }
    this.pos++;
    return tok("op", c);
  }

  /** Where 1.x's parser peeks for a regex: at the end of the text, that reads the end once more. */
  peekForRegex(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
    if (this.pos >= this.text.length) this.endReadTwice = true;
  }

  /** Whether the next non-space character (comments are not skipped) starts `prefix`. */
  startsWith(prefix: string): boolean {
    let i = this.pos;
    while (i < this.text.length && /\s/.test(this.text[i]!)) i++;
    return this.text.startsWith(prefix, i);
  }

  /** A regular expression `/…/` starting at the next non-space character, or undefined. An
   * unterminated one throws {@link UnterminatedRegex}. */
  regex(): Token | undefined {
    // Only white space: `/*` here starts a regex, not a comment (1.x reads the raw characters).
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
    const t = this.text;
    const start = this.pos;
    if (t[start] !== "/") return undefined;
    let i = start + 1;
    let pattern = "";
    while (i < t.length && t[i] !== "/") {
      // `\/` is an escaped slash; every other escape is passed to the regex engine as written.
      if (t[i] === "\\" && t[i + 1] === "/") {
        pattern += "/";
        i += 2;
        continue;
      }
      pattern += t[i];
      i++;
    }
    if (i >= t.length) throw new UnterminatedRegex(start);
    this.pos = i + 1;
    return { kind: "regex", text: pattern, pos: start, raw: t.slice(start, this.pos) };
  }

  /** What an unterminated quote held, as 1.x names the bad string in its error (escapes kept). */
  private badContent(start: number): string {
    const t = this.text;
    let end = start + 1;
    while (end < t.length && t[end] !== "\n") end++;
    return t.slice(start + 1, end);
  }

  /** The unescaped text of a quoted string or identifier; undefined when the line or text ends first. */
  private quoted(quote: string): string | undefined {
    const t = this.text;
    let out = "";
    this.pos++;
    while (this.pos < t.length) {
      const c = t[this.pos]!;
      if (c === "\\" && this.pos + 1 < t.length) {
        const n = t[this.pos + 1]!;
        out += n === "n" ? "\n" : n === "t" ? "\t" : n === "\\" || n === quote ? n : `\\${n}`;
        this.pos += 2;
        continue;
      }
      if (c === quote) {
        this.pos++;
        return out;
      }
      if (c === "\n") break;
      out += c;
      this.pos++;
    }
    return undefined;
  }

  /**
   * A number as Go's influxql scanner reads it: digits with an optional fraction are a number;
   * digits followed by a letter (or µ) are a duration token running on over letters and digits
   * (`1h30m`, but also `5x` or `1e3`, which the parser then refuses as an invalid duration).
   */
  private numberOrDuration(start: number): Token {
    const t = this.text;
    while (isDigit(t[this.pos])) this.pos++;
    if (t[this.pos] === "." && isDigit(t[this.pos + 1])) {
      this.pos++;
      while (isDigit(t[this.pos])) this.pos++;
      const raw = t.slice(start, this.pos);
      return { kind: "number", text: raw, pos: start, raw };
    }
    if (isUnitChar(t[this.pos])) {
      while (isUnitChar(t[this.pos])) this.pos++;
      while (isUnitChar(t[this.pos]) || isDigit(t[this.pos])) this.pos++;
      const raw = t.slice(start, this.pos);
      return { kind: "duration", text: raw, pos: start, raw };
    }
    const raw = t.slice(start, this.pos);
    return { kind: "integer", text: raw, pos: start, raw };
  }
}

/** A `/` where a regex may start with no closing `/`: 1.x answers `bad regex: ` at the opening one. */
export class UnterminatedRegex extends Error {
  constructor(readonly pos: number) {
    super("bad regex: ");
  }
}
