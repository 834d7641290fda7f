// InfluxQL regexes are Go (RE2) regexes: 1.x refuses a malformed one while parsing, with Go's
// wording (`error parsing regexp: missing closing ]: `[a``). This reads a pattern left to right as
// Go's regexp/syntax parser does and names the first mistake it would: an unclosed class or group,
// an unmatched `)`, a repetition with nothing to repeat, repeated twice or counted past 1000, an
// escape Go does not know (`\C`, `\e`, `\1`), an unknown class (`[[:foo:]]`, `\p{Foo}`), a
// backwards range, or a `(?` form Go does not read (`(?<name>`, `(?x)`).

/** Go's `\p{…}` general categories (one letter or two); scripts are checked against JavaScript's. */
const CATEGORIES: ReadonlySet<string> = new Set(
  "C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs".split(" "),
);

/** Whether Go's `\p{name}` knows `name`: a general category, Any, or a Unicode script. */
export function isUnicodeClassName(name: string): boolean {
  if (CATEGORIES.has(name) || name === "Any") return true;
  if (!/^[A-Za-z_]+$/.test(name)) return false;
  try {
    new RegExp(`\\p{Script=${name}}`, "u");
    return true;
  } catch {
    return false;
  }
}

const POSIX_NAMES: ReadonlySet<string> = new Set(["alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "word", "xdigit"]);
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9A-Fa-f]$/.test(c);
const isAsciiLetterOrDigit = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);

class GoRegexError extends Error {}

/** Go's message for a pattern its regexp package refuses, or undefined when Go reads it. */
export function goRegexError(pattern: string): string | undefined {
  try {
    new GoSyntaxCheck(pattern).run();
    return undefined;
  } catch (error) {
    if (error instanceof GoRegexError) return error.message;
    throw error;
  }
}

class GoSyntaxCheck {
  private i = 0;
  /** Whether the group just read was `(?flags)`, which opens nothing. */
  private lastWasFlagsOnly = false;
  constructor(private readonly p: string) {}

  private fail(what: string, text: string): never {
    throw new GoRegexError(`${what}: \`${text}\``);
  }

  run(): void {
    const p = this.p;
    let depth = 0;
    // What the last item was: nothing to repeat, an atom, or a repetition (with its text and start).
    let before: "start" | "atom" | "repeat" = "start";
    let repeatStart = 0;
    while (this.i < p.length) {
      const at = this.i;
      const c = p[at]!;
      const repeat = this.repeatAt(at);
      if (repeat !== undefined) {
        if (before === "start") this.fail("missing argument to repetition operator", repeat.text);
        if (before === "repeat") this.fail("invalid nested repetition operator", p.slice(repeatStart, at + repeat.text.length));
        this.i = at + repeat.text.length;
        // A lazy `?` belongs to the repetition it follows.
        if (p[this.i] === "?") this.i++;
        before = "repeat";
        repeatStart = at;
        continue;
      }
      if (c === "\\") {
        // `\Q…\E` is literal text (an atom unless empty).
        if (p[at + 1] === "Q") {
          const end = p.indexOf("\\E", at + 2);
          const quoted = end < 0 ? p.slice(at + 2) : p.slice(at + 2, end);
          this.i = end < 0 ? p.length : end + 2;
          if (quoted !== "") before = "atom";
          continue;
        }
        // Go repeats an assertion as it repeats an atom (`\b*` is accepted).
        this.i = at + this.escape(at, false).length;
        before = "atom";
        continue;
      }
      if (c === "[") {
        this.i = this.classEnd(at);
        before = "atom";
        continue;
      }
      if (c === "(") {
        if (p[at + 1] === "?") this.perlGroup(at);
        else this.i = at + 1;
        // A flags-only group `(?i)` changes flags and leaves nothing to repeat.
        depth += this.lastWasFlagsOnly ? 0 : 1;
        before = "start";
        this.lastWasFlagsOnly = false;
        continue;
      }
      if (c === ")") {
        if (depth === 0) this.fail("unexpected )", p);
        depth--;
        this.i = at + 1;
        before = "atom";
        continue;
      }
      if (c === "|") {
        this.i = at + 1;
        before = "start";
        continue;
      }
      this.i = at + 1;
      before = "atom";
    }
    if (depth > 0) this.fail("missing closing )", p);
  }

  /** A repetition operator at `at` (`*`, `+`, `?`, or a well-formed `{n}`, `{n,}`, `{n,m}`). */
  private repeatAt(at: number): { text: string } | undefined {
    const c = this.p[at]!;
    if (c === "*" || c === "+" || c === "?") return { text: c };
    if (c !== "{") return undefined;
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(at));
    // Anything else is a literal `{` in Go.
    if (m === null) return undefined;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === "" ? -1 : Number(m[3]);
    if (min > 1000 || max > 1000 || (max >= 0 && max < min)) this.fail("invalid repeat count", m[0]);
    return { text: m[0] };
  }

  /** `(?…`: a named group `(?P<name>`, or flags `(?i)` / `(?i-s:`; anything else is refused. */
  private perlGroup(at: number): void {
    const p = this.p;
    if (p.startsWith("(?P<", at)) {
      const end = p.indexOf(">", at);
      const name = end < 0 ? "" : p.slice(at + 4, end);
      if (end < 0 || !/^[A-Za-z0-9_]+$/.test(name)) this.fail("invalid named capture", end < 0 ? p.slice(at) : p.slice(at, end + 1));
      this.i = end + 1;
      return;
    }
    let i = at + 2;
    let negated = false;
    let sawFlag = false;
    while (i < p.length) {
      const c = p[i]!;
      i++;
      if ("imsU".includes(c)) {
        sawFlag = true;
        continue;
      }
      if (c === "-" && !negated) {
        negated = true;
        sawFlag = false;
        continue;
      }
      if ((c === ":" || c === ")") && !(negated && !sawFlag)) {
        this.i = i;
        this.lastWasFlagsOnly = c === ")";
        return;
      }
      break;
    }
    this.fail("invalid or unsupported Perl syntax", p.slice(at, i));
  }

  /**
   * The escape at `at` (a backslash) as Go reads it: its length, and whether it is one character (a class escape is not).
   * In a class only single characters and class escapes (`\d`, `\pL`) are escapes.
   */
  private escape(at: number, inClass: boolean): { length: number; single: boolean } {
    const p = this.p;
    const c = p[at + 1];
    if (c === undefined) this.fail("trailing backslash at end of expression", "");
    const bad = (length: number): never => this.fail("invalid escape sequence", p.slice(at, at + length));
    if (c >= "1" && c <= "7") {
      // A lone digit would be a backreference; two or three octal digits are a character.
      if (!/[0-7]/.test(p[at + 2] ?? "")) bad(2);
      let n = 2;
      while (n < 4 && /[0-7]/.test(p[at + n] ?? "")) n++;
      return { length: n, single: true };
    }
    if (c === "0") {
      let n = 2;
      while (n < 4 && /[0-7]/.test(p[at + n] ?? "")) n++;
      return { length: n, single: true };
    }
    if (c === "x") {
      if (p[at + 2] === "{") {
        const end = p.indexOf("}", at + 3);
        const hex = end < 0 ? p.slice(at + 3) : p.slice(at + 3, end);
        if (end < 0) bad(p.length - at);
        if (hex === "" || !/^[0-9A-Fa-f]+$/.test(hex) || parseInt(hex, 16) > 0x10ffff) bad(end - at);
        return { length: end - at + 1, single: true };
      }
      if (!isHex(p[at + 2])) bad(Math.min(3, p.length - at));
      if (!isHex(p[at + 3])) bad(Math.min(4, p.length - at));
      return { length: 4, single: true };
    }
    if (c === "p" || c === "P") {
      let name: string;
      let length: number;
      if (p[at + 2] === "{") {
        const end = p.indexOf("}", at + 3);
        if (end < 0) this.fail("invalid character class range", p.slice(at));
        name = p.slice(at + 3, end);
        length = end - at + 1;
      } else {
        name = p[at + 2] ?? "";
        length = name === "" ? 2 : 3;
      }
      if (name.startsWith("^")) name = name.slice(1);
      if (!isUnicodeClassName(name)) this.fail("invalid character class range", p.slice(at, at + length));
      return { length, single: false };
    }
    if ("dDsSwW".includes(c)) return { length: 2, single: false };
    if ("afnrtv".includes(c)) return { length: 2, single: true };
    if (!inClass && "AbBz".includes(c)) return { length: 2, single: false };
    // Any ASCII punctuation stands for itself; letters, digits and other characters are refused.
    if (c.charCodeAt(0) < 0x80 && !isAsciiLetterOrDigit(c)) return { length: 2, single: true };
    const code = p.codePointAt(at + 1)!;
    return bad(code > 0xffff ? 3 : 2);
  }

  /** The index after the class opened at `open`; its ranges, escapes and named classes checked. */
  private classEnd(open: number): number {
    const p = this.p;
    let i = open + 1;
    if (p[i] === "^") i++;
    // A `]` first is a member.
    let first = true;
    // The previous single character, for a range `a-z`.
    while (i < p.length && (p[i] !== "]" || first)) {
      first = false;
      const start = i;
      if (p[i] === "[" && p[i + 1] === ":") {
        const close = p.indexOf(":]", i + 2);
        if (close >= 0) {
          const name = p.slice(i + 2, close).replace(/^\^/, "");
          if (!POSIX_NAMES.has(name)) this.fail("invalid character class range", p.slice(i, close + 2));
          i = close + 2;
          continue;
        }
      }
      const lo = this.classChar(i);
      i = lo.next;
      if (lo.value !== undefined && p[i] === "-" && p[i + 1] !== "]" && i + 1 < p.length) {
        const hi = this.classChar(i + 1);
        if (hi.value === undefined) this.fail("invalid escape sequence", p.slice(i + 1, hi.next));
        if (hi.value < lo.value) this.fail("invalid character class range", p.slice(start, hi.next));
        i = hi.next;
      }
    }
    if (i >= p.length) this.fail("missing closing ]", p.slice(open));
    return i + 1;
  }

  /** One member of a class at `i`: a character (its code point) or a class escape (no value). */
  private classChar(i: number): { value?: number; next: number } {
    const p = this.p;
    if (p[i] === "\\") {
      const escape = this.escape(i, true);
      if (!escape.single) return { next: i + escape.length };
      return { value: escapedValue(p.slice(i, i + escape.length)), next: i + escape.length };
    }
    const code = p.codePointAt(i)!;
    return { value: code, next: i + (code > 0xffff ? 2 : 1) };
  }
}

/** The code point of a single-character escape (`\n`, `\x41`, `\x{3b1}`, `\101`, `\.`). */
function escapedValue(escape: string): number {
  const c = escape[1]!;
  if (c === "x") return parseInt(escape[2] === "{" ? escape.slice(3, -1) : escape.slice(2), 16);
  if (c >= "0" && c <= "7") return parseInt(escape.slice(1), 8);
  const named: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
  return named[c] ?? c.codePointAt(0)!;
}

/** A character with another case (Greek, Cyrillic… as well as ASCII), which (?i) folds. */
const isLetter = (c: string): boolean => c.toLowerCase() !== c.toUpperCase() && c.toLowerCase().length === 1 && c.toUpperCase().length === 1;
const otherCase = (c: string): string => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase());

/** Members of Go's ASCII class `[:name:]` as ranges both JavaScript and RE2 read, or undefined
 * for a name Go does not know. Under case folding, upper and lower are both cases. */
function posixMembers(name: string, fold: boolean): string | undefined {
  if (fold && (name === "upper" || name === "lower")) return "A-Za-z";
  return Object.hasOwn(POSIX_CLASSES, name) ? POSIX_CLASSES[name] : undefined;
}

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

/** Go's flags in force at a point of a pattern: case folding, `.` matching `\n`, line anchors. */
interface GoFlags {
  fold: boolean;
  dotAll: boolean;
  lines: boolean;
}

/** `flags` with a flag group's letters set (before `-`) and cleared (after it). */
function withFlags(flags: GoFlags, set: string, clear: string): GoFlags {
  const value = (letter: string, now: boolean): boolean => (set.includes(letter) ? true : clear.includes(letter) ? false : now);
  return { fold: value("i", flags.fold), dotAll: value("s", flags.dotAll), lines: value("m", flags.lines) };
}

/**
 * A Go (RE2) pattern as one JavaScript's RegExp reads the same way, without flags (patterns reach
 * the storage engine as text): flag groups `(?i)` `(?s)` `(?m)` `(?i-s)` and `(?i:…)` folded into the
 * pattern (letters as `[aA]`, `.` as `[\s\S]`, `^`/`$` as line boundaries), each in force where Go
 * has it: `(?flags:…)` inside its group only, `(?flags)` up to the end of the group holding it.
 * `\A` and `\z` become text boundaries, `(?P<name>` becomes a plain group (names do not change what
 * matches; duplicate or digit-led names are Go's only). Anything else is already read alike.
 */
export function jsPattern(pattern: string): string {
  if (!/\(\?-?[imsU]|\\[AzQpP]|\(\?P<|\[:/.test(pattern)) return pattern;
  const rest = pattern;
  let flags: GoFlags = { fold: false, dotAll: false, lines: false };
  // The flags to restore when each open group closes.
  const enclosing: GoFlags[] = [];
  let out = "";
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    const flagGroup = c === "(" ? /^\(\?([imsU]*)(?:-([imsU]*))?([:)])/.exec(rest.slice(i)) : null;
    if (flagGroup !== null && (flagGroup[1] !== "" || (flagGroup[2] ?? "") !== "")) {
      const changed = withFlags(flags, flagGroup[1]!, flagGroup[2] ?? "");
      if (flagGroup[3] === ":") {
        // `(?i:…)`: a group of its own, the flags in force inside it only.
        enclosing.push(flags);
        out += "(?:";
      }
      flags = changed;
      i += flagGroup[0].length - 1;
      continue;
    }
    const { fold, dotAll, lines } = flags;
    if (c === ")") {
      flags = enclosing.pop() ?? flags;
      out += c;
      continue;
    }
    if (c === "\\") {
      const n = rest[i + 1] ?? "";
      i++;
      if (n === "A") out += "^";
      else if (n === "z") out += "$";
      else if (n === "Q") {
        // `\Q…\E`: the text between, literally.
        const end = rest.indexOf("\\E", i + 1);
        for (const d of rest.slice(i + 1, end < 0 ? rest.length : end)) out += fold && isLetter(d) ? `[${d}${otherCase(d)}]` : /[\\^$.|?*+()[\]{}/-]/.test(d) ? `\\${d}` : d;
        i = end < 0 ? rest.length : end + 1;
      } else if ((n === "p" || n === "P") && rest[i + 1] !== "{" && i + 1 < rest.length) {
        // Go's one-letter `\pL` is `\p{L}` for JavaScript (RE2 reads both).
        out += `\\${n}{${rest[i + 1]}}`;
        i++;
      } else if ((n === "p" || n === "P") && rest[i + 1] === "{") {
        // A class name is no text to fold.
        const end = rest.indexOf("}", i);
        out += c + rest.slice(i, end + 1);
        i = end;
      } else out += c + n;
      continue;
    }
    if (c === "[") {
      // A class: letters get their other case beside them (ranges too).
      let j = i + 1;
      let body = "";
      if (rest[j] === "^") body += rest[j++];
      if (rest[j] === "]") body += rest[j++];
      while (j < rest.length && rest[j] !== "]") {
        const d = rest[j]!;
        const posix = d === "[" ? /^\[:(\^?)([a-z]+):\]/.exec(rest.slice(j)) : null;
        const members = posix !== null ? posixMembers(posix[2]!, fold) : undefined;
        if (posix !== null && members !== undefined) {
          // `[[:^digit:]]` alone is a negated class; inside a larger class it is kept as written.
          const whole = body === "" && rest[j + posix[0].length] === "]";
          body += posix[1] === "" ? members : whole ? `^${members}` : posix[0];
          j += posix[0].length;
          continue;
        }
        if (d === "\\") {
          const n = rest[j + 1] ?? "";
          if ((n === "p" || n === "P") && rest[j + 2] !== "{" && j + 2 < rest.length) {
            body += `\\${n}{${rest[j + 2]}}`;
            j += 3;
            continue;
          }
          if ((n === "p" || n === "P") && rest[j + 2] === "{") {
            const end = rest.indexOf("}", j);
            body += rest.slice(j, end + 1);
            j = end + 1;
            continue;
          }
          body += d + n;
          j += 2;
          continue;
        }
        if (fold && isLetter(d) && rest[j + 1] === "-" && isLetter(rest[j + 2] ?? "") && rest[j + 2] !== "]") {
          const to = rest[j + 2]!;
          body += `${d}-${to}${otherCase(d)}-${otherCase(to)}`;
          j += 3;
          continue;
        }
        body += fold && isLetter(d) ? d + otherCase(d) : d;
        j++;
      }
      out += `[${body}]`;
      i = j;
      continue;
    }
    if (c === "(") enclosing.push(flags);
    if (c === "(" && rest.startsWith("(?P<", i)) {
      out += "(";
      i = rest.indexOf(">", i);
      continue;
    }
    if (c === "(" && rest[i + 1] === "?") {
      // A group's own syntax (`(?:`, `(?<name>`) is copied as written.
      const close = rest[i + 2] === "<" ? rest.indexOf(">", i) : i + 2;
      out += rest.slice(i, close + 1);
      i = close;
      continue;
    }
    if (fold && isLetter(c)) out += `[${c}${otherCase(c)}]`;
    else if (dotAll && c === ".") out += "[\\s\\S]";
    else if (lines && c === "^") out += "(?<=^|\\n)";
    else if (lines && c === "$") out += "(?=$|\\n)";
    else out += c;
  }
  return out;
}

/** Punctuation JavaScript's `u` mode lets a backslash escape (outside a class; `-` inside one). */
const JS_SYNTAX = new Set("^$\\.*+?()[]{}|/");

/**
 * A RegExp matching what Go matches for a pattern {@link jsPattern} wrote. Most patterns are read
 * alike as they are; these Go forms are rewritten: `\a` and octal escapes as the character,
 * `\x{3b1}` as a code point, `[]a]` (a first `]` is a member), and Unicode classes, which need
 * JavaScript's `u` mode: there Go's script names are `Script=` names (`\p{Greek}`), `\p{^L}` is
 * `\P{L}`, and escaped punctuation, lone braces and a `-` beside a class escape are literal.
 */
export function goRegExp(pattern: string): RegExp {
  if (!/\\[pPa0-7]|\\x\{|\[\^?\]|(?:[$^]|\\[bB])[*+?{]/.test(pattern)) return new RegExp(pattern);
  const unicode = /\\[pP]|\\x\{/.test(pattern);
  // Only `\x{…}` (which turns on `u` mode) writes code points past U+FFFF.
  const char = (code: number): string => (unicode ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, "0")}`);
  let out = "";
  let inClass = false;
  let classStart = false;
  let afterClassEscape = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const first = classStart;
    classStart = false;
    const wasClassEscape = afterClassEscape;
    afterClassEscape = false;
    if (c === "\\") {
      const n = pattern[i + 1] ?? "";
      if (n === "p" || n === "P") {
        const braced = pattern[i + 2] === "{";
        const end = braced ? pattern.indexOf("}", i + 3) : i + 2;
        let name = braced ? pattern.slice(i + 3, end) : pattern.slice(i + 2, i + 3);
        let negated = n === "P";
        if (name.startsWith("^")) {
          name = name.slice(1);
          negated = !negated;
        }
        const property = CATEGORIES.has(name) || name === "Any" ? name : `Script=${name}`;
        out += `\\${negated ? "P" : "p"}{${property}}`;
        i = end;
        afterClassEscape = inClass;
        continue;
      }
      if (n === "x" && pattern[i + 2] === "{") {
        const end = pattern.indexOf("}", i + 3);
        out += char(parseInt(pattern.slice(i + 3, end), 16));
        i = end;
        continue;
      }
      if (n === "a") {
        out += char(7);
        i++;
        continue;
      }
      const octal = /^[0-7]{1,3}/.exec(pattern.slice(i + 1));
      if (octal !== null) {
        out += char(parseInt(octal[0], 8));
        i += octal[0].length;
        continue;
      }
      if (!inClass && (n === "b" || n === "B") && /^[*+?]|^\{\d+(,\d*)?\}/.test(pattern.slice(i + 2))) {
        out += `(?:\\${n})`;
        i++;
        continue;
      }
      if (unicode && /^[!-/:-@[-`{-~]$/.test(n) && !JS_SYNTAX.has(n) && !(inClass && n === "-")) out += n;
      else out += c + n;
      afterClassEscape = inClass && "dDsSwW".includes(n);
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]" && !first) inClass = false;
      if (c === "]" && first) out += "\\]";
      else if (unicode && c === "-" && (wasClassEscape || pattern[i + 1] === "\\" && "dDsSwWpP".includes(pattern[i + 2] ?? ""))) out += "\\-";
      else out += c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      if (pattern[i + 1] === "^") {
        out += "^";
        i++;
      }
      classStart = true;
      continue;
    }
    // Go repeats an assertion (`^*`); JavaScript repeats it only as a group.
    if ((c === "^" || c === "$") && /^[*+?]|^\{\d+(,\d*)?\}/.test(pattern.slice(i + 1))) {
      out += `(?:${c})`;
      continue;
    }
    if (unicode && c === "{") {
      // A counted repetition is copied whole; any other brace is a literal.
      const count = /^\{\d+(,\d*)?\}/.exec(pattern.slice(i));
      if (count !== null) {
        out += count[0];
        i += count[0].length - 1;
      } else out += "\\{";
      continue;
    }
    if (unicode && (c === "}" || c === "]")) out += `\\${c}`;
    else out += c;
  }
  return new RegExp(out, unicode ? "u" : "");
}
