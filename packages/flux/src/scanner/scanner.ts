import { type Comment, type Position, type Token, TokenType, keywords } from "./token.js";

/**
 * How the next token is read. Flux needs three: `main` for ordinary code; `regex` where an
 * expression may start, so a leading `/` opens a regular expression rather than a division;
 * `stringExpr` inside an interpolated string, where text runs until `${` or the closing quote.
 */
export type ScanMode = "main" | "regex" | "stringExpr";

const twoCharOperators: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ["==", TokenType.Eq],
  ["<=", TokenType.Lte],
  [">=", TokenType.Gte],
  ["!=", TokenType.Neq],
  ["=~", TokenType.RegexEq],
  ["!~", TokenType.RegexNeq],
  ["=>", TokenType.Arrow],
  ["<-", TokenType.PipeReceive],
  ["|>", TokenType.PipeForward],
]);

const oneCharOperators: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ["+", TokenType.Add],
  ["-", TokenType.Sub],
  ["*", TokenType.Mul],
  ["/", TokenType.Div],
  ["%", TokenType.Mod],
  ["^", TokenType.Pow],
  ["<", TokenType.Lt],
  [">", TokenType.Gt],
  ["=", TokenType.Assign],
  ["(", TokenType.LParen],
  [")", TokenType.RParen],
  ["[", TokenType.LBrack],
  ["]", TokenType.RBrack],
  ["{", TokenType.LBrace],
  ["}", TokenType.RBrace],
  [":", TokenType.Colon],
  [",", TokenType.Comma],
  [".", TokenType.Dot],
  ['"', TokenType.Quote],
  ["?", TokenType.QuestionMark],
]);

/** Duration units, two-character ones first so that `ms` wins over `m`. */
const durationUnits = ["mo", "ms", "us", "\u00b5s", "ns", "y", "w", "d", "h", "m", "s"];

const letter = /\p{L}/u;
const letterOrDigit = /[\p{L}\p{Nd}]/u;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Whitespace between tokens other than the newline, which also counts lines. */
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 11 || c === 12;
}

interface ScanState {
  pos: number;
  line: number;
  lineStart: number;
}

/**
 * Splits Flux source into tokens with line/column positions. Columns count UTF-8 bytes, as
 * InfluxDB's scanner does, so positions match the AST JSON InfluxDB returns.
 */
export class Scanner {
  private pos = 0;
  private line = 1;
  /** Index just after the most recent newline. */
  private lineStart = 0;
  private checkpoint: ScanState = { pos: 0, line: 1, lineStart: 0 };
  private pendingComments: Comment[] = [];
  private readonly ascii: boolean;
  /** Offset at which each line starts (index 0 is line 1), to turn positions back into offsets. */
  private readonly lineStarts: number[] = [0];

  /**
   * For non-ASCII source: the UTF-8 bytes before each UTF-16 index (`bytesBefore[source.length]`
   * is the total), so columns and offsets are found without walking the line each time (which
   * made a long non-ASCII line quadratic to parse).
   */
  private readonly bytesBefore: Int32Array | undefined;

  constructor(private readonly source: string) {
    this.ascii = !/[^\x00-\x7f]/.test(source);
    if (!this.ascii) this.bytesBefore = utf8Prefix(source);
  }

  /** The next token that is not a comment; comments before it ride along on `comments`. */
  scan(mode: ScanMode = "main"): Token {
    for (;;) {
      const token = this.scanOne(mode);
      if (token.type !== TokenType.Comment) {
        token.comments = this.pendingComments;
        this.pendingComments = [];
        return token;
      }
      this.pendingComments.push({ text: token.lit });
    }
  }

  /**
   * Steps back before the last token read, restoring the comments it carried, so it can be
   * read again in another mode (a `/` that turns out to start a regular expression).
   */
  unread(token: Token): void {
    this.pos = this.checkpoint.pos;
    this.line = this.checkpoint.line;
    this.lineStart = this.checkpoint.lineStart;
    this.pendingComments = token.comments;
  }

  /** The source offset of a token boundary previously produced by this scanner. */
  offset(position: Position): number {
    const lineStart = this.lineStarts[position.line - 1];
    if (lineStart === undefined) throw new Error(`line ${position.line} not scanned yet`);
    const before = this.bytesBefore;
    if (before === undefined) return lineStart + position.column - 1;
    // The first index at or after the line start with that many bytes before it on the line.
    const target = before[lineStart]! + position.column - 1;
    let low = lineStart;
    let high = this.source.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (before[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private newLine(lineStart: number): void {
    this.line++;
    this.lineStart = lineStart;
    this.lineStarts[this.line - 1] = lineStart;
  }

  private column(index: number): number {
    const before = this.bytesBefore;
    if (before === undefined) return index - this.lineStart + 1;
    return before[index]! - before[this.lineStart]! + 1;
  }

  private scanOne(mode: ScanMode): Token {
    this.checkpoint = { pos: this.pos, line: this.line, lineStart: this.lineStart };
    const src = this.source;
    if (mode !== "stringExpr") {
      while (this.pos < src.length) {
        const c = src.charCodeAt(this.pos);
        if (c === 10) {
          this.pos++;
          this.newLine(this.pos);
        } else if (isBlank(c)) {
          this.pos++;
        } else {
          break;
        }
      }
    }
    if (this.pos >= src.length) return this.eofToken();

    const start = this.pos;
    const found =
      mode === "stringExpr"
        ? this.matchStringExpr(start)
        : ((mode === "regex" ? this.matchRegex(start) : undefined) ?? this.matchMain(start));
    if (found === undefined) return this.illegalToken(start);
    return this.makeToken(found.type, start, found.end);
  }

  private makeToken(type: TokenType, start: number, end: number): Token {
    const startPos: Position = { line: this.line, column: this.column(start) };
    const src = this.source;
    // Only these tokens can span lines.
    if (type === TokenType.String || type === TokenType.Regex || type === TokenType.Comment || type === TokenType.Text) {
      for (let i = start; i < end; i++) if (src.charCodeAt(i) === 10) this.newLine(i + 1);
    }
    const endPos: Position = { line: this.line, column: this.column(end) };
    this.pos = end;
    return { type, lit: src.slice(start, end), startOffset: start, endOffset: end, start: startPos, end: endPos, comments: [] };
  }

  private eofToken(): Token {
    const end = this.source.length;
    const position: Position = { line: this.line, column: this.column(end) };
    return { type: TokenType.Eof, lit: "", startOffset: end, endOffset: end, start: position, end: { ...position }, comments: [] };
  }

  /** One unrecognised character (a whole code point) becomes an ILLEGAL token. */
  private illegalToken(start: number): Token {
    const codePoint = this.source.codePointAt(start) ?? 0;
    const text = String.fromCodePoint(codePoint);
    const startPos: Position = { line: this.line, column: this.column(start) };
    const endPos: Position = { line: this.line, column: startPos.column + Buffer.byteLength(text, "utf8") };
    const end = start + text.length;
    this.pos = end;
    return { type: TokenType.Illegal, lit: text, startOffset: start, endOffset: end, start: startPos, end: endPos, comments: [] };
  }

  private matchMain(start: number): { type: TokenType; end: number } | undefined {
    const src = this.source;
    const c = src.charCodeAt(start);
    const next = src.charCodeAt(start + 1);
    if (c === 47 && next === 47) {
      const newline = src.indexOf("\n", start);
      return { type: TokenType.Comment, end: newline === -1 ? src.length : newline + 1 };
    }
    if (isDigit(c)) return this.matchNumber(start);
    if (c === 46 && isDigit(next)) {
      let end = start + 1;
      while (isDigit(src.charCodeAt(end))) end++;
      return { type: TokenType.Float, end };
    }
    if (c === 34) {
      const end = this.matchStringLiteral(start);
      return end === undefined ? { type: TokenType.Quote, end: start + 1 } : { type: TokenType.String, end };
    }
    if (c === 64 && start + 1 < src.length && this.isIdentStart(start + 1)) {
      let end = start + 2;
      while (end < src.length && this.isIdentPart(end)) end++;
      return { type: TokenType.Attribute, end };
    }
    if (this.isIdentStart(start)) {
      let end = start + 1;
      while (end < src.length && this.isIdentPart(end)) end++;
      const word = src.slice(start, end);
      return { type: keywords.get(word) ?? TokenType.Ident, end };
    }
    const two = twoCharOperators.get(src.slice(start, start + 2));
    if (two !== undefined) return { type: two, end: start + 2 };
    const one = oneCharOperators.get(src.charAt(start));
    if (one !== undefined) return { type: one, end: start + 1 };
    return undefined;
  }

  private isIdentStart(index: number): boolean {
    const c = this.source.charCodeAt(index);
    if (c < 128) return c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    return letter.test(String.fromCodePoint(this.source.codePointAt(index) ?? 0));
  }

  private isIdentPart(index: number): boolean {
    const c = this.source.charCodeAt(index);
    if (c < 128) return c === 95 || isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    // Low surrogates continue a letter whose high half was already accepted.
    if (c >= 0xdc00 && c <= 0xdfff) return true;
    return letterOrDigit.test(String.fromCodePoint(this.source.codePointAt(index) ?? 0));
  }

  /**
   * Integers, floats, durations and date-times all start with a digit; like Flux's scanner we
   * take the longest match, preferring the earlier kind on a tie.
   */
  private matchNumber(start: number): { type: TokenType; end: number } {
    const src = this.source;
    let digitsEnd = start;
    while (isDigit(src.charCodeAt(digitsEnd))) digitsEnd++;
    // A leading zero still scans as one integer; the parser reports it, as Flux's does.
    let best: { type: TokenType; end: number } = { type: TokenType.Int, end: digitsEnd };
    if (src.charCodeAt(digitsEnd) === 46) {
      let end = digitsEnd + 1;
      while (isDigit(src.charCodeAt(end))) end++;
      if (end > best.end) best = { type: TokenType.Float, end };
    }
    const durationEnd = this.matchDuration(start);
    if (durationEnd > best.end) best = { type: TokenType.Duration, end: durationEnd };
    const timeEnd = this.matchDateTime(start);
    if (timeEnd > best.end) best = { type: TokenType.Time, end: timeEnd };
    return best;
  }

  private matchDuration(start: number): number {
    const src = this.source;
    let end = 0;
    let p = start;
    while (isDigit(src.charCodeAt(p))) {
      let q = p + 1;
      while (isDigit(src.charCodeAt(q))) q++;
      const unit = durationUnits.find((u) => src.startsWith(u, q));
      if (unit === undefined) break;
      p = q + unit.length;
      end = p;
    }
    return end;
  }

  private matchDateTime(start: number): number {
    const src = this.source;
    const digitsAt = (from: number, count: number): boolean => {
      for (let i = 0; i < count; i++) if (!isDigit(src.charCodeAt(from + i))) return false;
      return true;
    };
    const date =
      digitsAt(start, 4) && src[start + 4] === "-" && digitsAt(start + 5, 2) && src[start + 7] === "-" && digitsAt(start + 8, 2);
    if (!date) return 0;
    const t = start + 10;
    const time =
      src[t] === "T" && digitsAt(t + 1, 2) && src[t + 3] === ":" && digitsAt(t + 4, 2) && src[t + 6] === ":" && digitsAt(t + 7, 2);
    if (!time) return t;
    let p = t + 9;
    if (src[p] === ".") {
      p++;
      while (isDigit(src.charCodeAt(p))) p++;
    }
    if (src[p] === "Z") return p + 1;
    if ((src[p] === "+" || src[p] === "-") && digitsAt(p + 1, 2) && src[p + 3] === ":" && digitsAt(p + 4, 2)) return p + 6;
    return p;
  }

  /**
   * The length of one escape sequence allowed in strings (`\n \r \t \\ \" \${ \xHH`), or 0 if
   * the backslash at `index` does not start a valid one.
   */
  private escapeLength(index: number): number {
    const src = this.source;
    const n = src[index + 1];
    if (n === "n" || n === "r" || n === "t" || n === "\\" || n === '"') return 2;
    if (n === "$" && src[index + 2] === "{") return 3;
    if (n === "x" && isHexDigit(src.charCodeAt(index + 2)) && isHexDigit(src.charCodeAt(index + 3))) return 4;
    return 0;
  }

  /** End of a plain string literal starting at `start`, or undefined if it holds `${` or never closes. */
  private matchStringLiteral(start: number): number | undefined {
    const src = this.source;
    let p = start + 1;
    while (p < src.length) {
      const c = src.charCodeAt(p);
      if (c === 34) return p + 1;
      if (c === 92) {
        const length = this.escapeLength(p);
        if (length === 0) return undefined;
        p += length;
      } else if (c === 36) {
        const n = src.charCodeAt(p + 1);
        if (n === 34) p += 1;
        else if (n === 123 || Number.isNaN(n)) return undefined;
        else p += 2;
      } else {
        p++;
      }
    }
    return undefined;
  }

  private matchStringExpr(start: number): { type: TokenType; end: number } | undefined {
    const src = this.source;
    if (src.startsWith("${", start)) return { type: TokenType.StringExpr, end: start + 2 };
    if (src.startsWith('$"', start)) return { type: TokenType.Text, end: start + 1 };
    if (src.charCodeAt(start) === 34) return { type: TokenType.Quote, end: start + 1 };
    let p = start;
    while (p < src.length) {
      const c = src.charCodeAt(p);
      if (c === 34) break;
      if (c === 92) {
        const length = this.escapeLength(p);
        if (length === 0) break;
        p += length;
      } else if (c === 36) {
        const n = src.charCodeAt(p + 1);
        if (n === 123 || n === 34 || Number.isNaN(n)) break;
        p += 2;
      } else {
        p++;
      }
    }
    return p === start ? undefined : { type: TokenType.Text, end: p };
  }

  /**
   * A regular expression literal `/…/`. A backslash may escape `/` or `\`; like Flux's scanner
   * we keep the longest literal that can be formed, so `\/` does not end it.
   */
  private matchRegex(start: number): { type: TokenType; end: number } | undefined {
    const src = this.source;
    if (src.charCodeAt(start) !== 47) return undefined;
    // Offsets at which the literal's body may continue; at most two are live at once.
    let live = [start + 1];
    let end = 0;
    while (live.length > 0) {
      const p = Math.min(...live);
      live = live.filter((q) => q !== p);
      if (p >= src.length) continue;
      const c = src.charCodeAt(p);
      if (c === 47) {
        if (p > start + 1) end = Math.max(end, p + 1);
        continue;
      }
      live.push(p + 1);
      if (c === 92) {
        const n = src.charCodeAt(p + 1);
        if (n === 47 || n === 92) live.push(p + 2);
      }
      live = [...new Set(live)];
    }
    return end === 0 ? undefined : { type: TokenType.Regex, end };
  }
}

/** UTF-8 bytes of the character starting with this UTF-16 unit (4 for a surrogate pair). */
/**
 * UTF-8 bytes before each UTF-16 index of `text`: a surrogate pair's 4 bytes count at its second
 * unit (so the first index with a given count is a character boundary), a lone surrogate is 3.
 */
function utf8Prefix(text: string): Int32Array {
  const out = new Int32Array(text.length + 1);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out[i + 1] = out[i]!;
        out[i + 2] = out[i]! + 4;
        i++;
        continue;
      }
    }
    out[i + 1] = out[i]! + (unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3);
  }
  return out;
}
