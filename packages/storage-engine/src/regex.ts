/**
 * RE2 patterns (what DuckDB's `regexp_matches` and Flux/InfluxQL regexes use) as JavaScript
 * RegExps, for the in-memory series catalog. Only a subset whose matches are exactly RE2's is
 * translated; anything else gives undefined and the caller asks DuckDB instead. Differences
 * handled: RE2's `.` excludes only "\n" (JS also excludes "\r", U+2028, U+2029), RE2's `\s` is
 * `[\t\n\f\r ]` (JS adds "\v" and Unicode spaces), `]` first in a class is a literal in RE2 (an
 * empty class in JS), and lone `{`, `}`, `]` are literals in RE2 (errors in JS's `u` mode).
 */

/** Escapes RE2 and JS (u mode) both accept as "this punctuation character, literally". */
const SYNTAX = new Set("^$\\.*+?()[]{}|/");
const CLASS_SYNTAX = new Set("^$\\.*+?()[]{}|/-");
const WHITESPACE = "\\t\\n\\f\\r ";
/** RE2's limit on counted repetition; larger counts are errors there. */
const MAX_REPEAT = 1000;

const cache = new Map<string, RegExp | null>();
const CACHE_SIZE = 256;

/** The RegExp matching exactly what RE2 matches (unanchored), or undefined when not sure. */
export function re2ToRegExp(pattern: string): RegExp | undefined {
  let cached = cache.get(pattern);
  if (cached === undefined) {
    cached = translate(pattern) ?? null;
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(pattern, cached);
  }
  return cached ?? undefined;
}

function isPunctuation(c: string): boolean {
  return /^[!-/:-@[-`{-~]$/.test(c);
}

function translate(pattern: string): RegExp | undefined {
  let i = 0;
  let flags = "u";
  // Leading flag groups: (?i) and (?s) have exact JS equivalents; (?m) and (?U) do not.
  for (let m = /^\(\?([a-zA-Z]+)\)/.exec(pattern); m !== null; m = /^\(\?([a-zA-Z]+)\)/.exec(pattern.slice(i))) {
    for (const f of m[1]!) {
      if (f !== "i" && f !== "s") return undefined;
      if (!flags.includes(f)) flags += f;
    }
    i += m[0].length;
  }
  const caseless = flags.includes("i");
  const dotAll = flags.includes("s");
  let out = "";
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "\\") {
      const e = pattern[i + 1];
      if (e === undefined) return undefined;
      i += 2;
      // JS folds \w and \b with Unicode case folding under `iu` (ſ, K match \w); RE2 does not.
      if ("dD".includes(e) || ("wWbB".includes(e) && !caseless)) out += `\\${e}`;
      else if ("tnrfv".includes(e)) out += `\\${e}`;
      else if (e === "s") out += `[${WHITESPACE}]`;
      else if (e === "S") out += `[^${WHITESPACE}]`;
      else if (isPunctuation(e)) out += SYNTAX.has(e) ? `\\${e}` : e;
      else return undefined;
      continue;
    }
    if (c === "[") {
      const klass = translateClass(pattern, i, caseless);
      if (klass === undefined) return undefined;
      out += klass.source;
      i = klass.end;
      continue;
    }
    if (c === "(") {
      if (pattern[i + 1] === "?") {
        if (pattern[i + 2] !== ":") return undefined;
        out += "(?:";
        i += 3;
        continue;
      }
      out += "(";
      i++;
      continue;
    }
    if (c === "{") {
      const repeat = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (repeat === null) {
        out += "\\{";
        i++;
        continue;
      }
      if (Number(repeat[1]) > MAX_REPEAT || (repeat[3] !== undefined && repeat[3] !== "" && Number(repeat[3]) > MAX_REPEAT)) return undefined;
      out += repeat[0];
      i += repeat[0].length;
      continue;
    }
    if (c === "}" || c === "]") out += `\\${c}`;
    else if (c === "." && !dotAll) out += "[^\\n]";
    else out += c;
    i++;
  }
  try {
    return new RegExp(out, flags);
  } catch {
    return undefined;
  }
}

/** A bracket expression starting at `start` (the `[`), or undefined outside the safe subset. */
function translateClass(pattern: string, start: number, caseless: boolean): { source: string; end: number } | undefined {
  let i = start + 1;
  let out = "[";
  if (pattern[i] === "^") {
    out += "^";
    i++;
  }
  // RE2: a `]` right after `[` or `[^` is a literal.
  if (pattern[i] === "]") {
    out += "\\]";
    i++;
  }
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "]") return { source: `${out}]`, end: i + 1 };
    if (c === "[") {
      // POSIX classes ([:alpha:]) have no JS equivalent.
      if (pattern[i + 1] === ":") return undefined;
      out += "\\[";
      i++;
      continue;
    }
    if (c === "\\") {
      const e = pattern[i + 1];
      if (e === undefined) return undefined;
      i += 2;
      if ("dD".includes(e) || ("wW".includes(e) && !caseless)) out += `\\${e}`;
      else if ("tnrfv".includes(e)) out += `\\${e}`;
      else if (e === "s") out += WHITESPACE;
      else if (isPunctuation(e)) out += CLASS_SYNTAX.has(e) ? `\\${e}` : e;
      else return undefined;
      continue;
    }
    out += c;
    i++;
  }
  return undefined;
}
