// InfluxQL regexes are Go (RE2) regexes: 1.x refuses a malformed one while parsing, with Go's
// wording (`error parsing regexp: missing closing ]: `[a``). This finds the structural mistakes
// Go names most often — an unclosed class or group, an unmatched `)`, a repetition with nothing
// to repeat or repeated twice — in one pass over the pattern, once per query.

const REPEAT = "*+?";

/** Go's message for a pattern its regexp package refuses, or undefined when none of the checked
 * mistakes is present (the pattern may still be refused later, in this engine's words). */
export function goRegexError(pattern: string): string | undefined {
  let depth = 0;
  // What came before the current character: nothing to repeat, an atom, or a repetition operator.
  let before: "start" | "atom" | "repeat" | "lazy" = "start";
  let lastRepeat = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      i++;
      before = "atom";
      continue;
    }
    if (c === "[") {
      const end = classEnd(pattern, i);
      if (end < 0) return `missing closing ]: \`${pattern.slice(i)}\``;
      i = end;
      before = "atom";
      continue;
    }
    if (c === "(") {
      depth++;
      // `(?` starts flags or a named group, not a repetition.
      if (pattern[i + 1] === "?") i++;
      before = "start";
      continue;
    }
    if (c === ")") {
      if (depth === 0) return `unexpected ): \`${pattern}\``;
      depth--;
      before = "atom";
      continue;
    }
    if (c === "|") {
      before = "start";
      continue;
    }
    if (REPEAT.includes(c)) {
      if (before === "start") return `missing argument to repetition operator: \`${c}\``;
      // `x*?` is the lazy form; anything else after a repetition repeats it again.
      if (before === "repeat" && c === "?") {
        before = "lazy";
        lastRepeat += c;
        continue;
      }
      if (before === "repeat" || before === "lazy") return `invalid nested repetition operator: \`${lastRepeat}${c}\``;
      before = "repeat";
      lastRepeat = c;
      continue;
    }
    before = "atom";
  }
  if (depth > 0) return `missing closing ): \`${pattern}\``;
  return undefined;
}

/** Index of the `]` closing the class opened at `open`, or -1. A `]` right after `[` or `[^` is a
 * member, not the end. */
function classEnd(pattern: string, open: number): number {
  let i = open + 1;
  if (pattern[i] === "^") i++;
  if (pattern[i] === "]") i++;
  for (; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") i++;
    else if (c === "[" && pattern[i + 1] === ":") {
      const close = pattern.indexOf(":]", i + 2);
      if (close >= 0) i = close + 1;
    } else if (c === "]") return i;
  }
  return -1;
}

const isLetter = (c: string): boolean => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
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
 * `\A` and `\z` become text boundaries, `(?P<name>` becomes `(?<name>`. Anything else is already
 * read alike.
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
      out += "(?<";
      i += 3;
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
