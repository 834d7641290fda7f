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
