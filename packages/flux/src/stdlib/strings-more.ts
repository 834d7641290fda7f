/** The rest of the `strings` package: comparisons, character classes, last-index and split-after forms. */
import type { Args } from "../runtime/args.js";
import { type Members, builtin } from "../runtime/builtin.js";
import { type Value, array, bool, int, string } from "../values/value.js";

const oneCharacter = (args: Args): string => {
  const v = args.string("v");
  if ([...v].length !== 1) args.fail("v must be a single character");
  return v;
};

function splitAfter(v: string, t: string, n: number): string[] {
  if (n === 0) return [];
  if (t === "") return [...v];
  const out: string[] = [];
  let rest = v;
  while (n < 0 || out.length < n - 1) {
    const at = rest.indexOf(t);
    if (at < 0) break;
    out.push(rest.slice(0, at + t.length));
    rest = rest.slice(at + t.length);
  }
  out.push(rest);
  return out;
}

function lastIndexAny(v: string, chars: string): number {
  let best = -1;
  for (const c of chars) best = Math.max(best, v.lastIndexOf(c));
  return best;
}

function indexAny(v: string, chars: string): number {
  let best = -1;
  for (const c of chars) {
    const at = v.indexOf(c);
    if (at >= 0 && (best < 0 || at < best)) best = at;
  }
  return best;
}

export const moreStrings: Members = new Map<string, Value>([
  ["compare", builtin("strings.compare", (a) => { const v = a.string("v"); const t = a.string("t"); return int(v < t ? -1n : v > t ? 1n : 0n); })],
  ["containsStr", builtin("strings.containsStr", (a) => bool(a.string("v").includes(a.string("substr"))))],
  ["indexAny", builtin("strings.indexAny", (a) => int(BigInt(indexAny(a.string("v"), a.string("chars")))))],
  ["lastIndex", builtin("strings.lastIndex", (a) => int(BigInt(a.string("v").lastIndexOf(a.string("substr")))))],
  ["lastIndexAny", builtin("strings.lastIndexAny", (a) => int(BigInt(lastIndexAny(a.string("v"), a.string("chars")))))],
  ["isDigit", builtin("strings.isDigit", (a) => bool(/^\p{Nd}$/u.test(oneCharacter(a))))],
  ["isLetter", builtin("strings.isLetter", (a) => bool(/^\p{L}$/u.test(oneCharacter(a))))],
  ["isLower", builtin("strings.isLower", (a) => bool(/^\p{Ll}$/u.test(oneCharacter(a))))],
  ["isUpper", builtin("strings.isUpper", (a) => bool(/^\p{Lu}$/u.test(oneCharacter(a))))],
  ["splitAfter", builtin("strings.splitAfter", (a) => array(splitAfter(a.string("v"), a.string("t"), -1).map(string)))],
  ["splitAfterN", builtin("strings.splitAfterN", (a) => array(splitAfter(a.string("v"), a.string("t"), Number(a.int("i"))).map(string)))],
  ["toTitle", builtin("strings.toTitle", (a) => string(a.string("v").toUpperCase()))],
]);
