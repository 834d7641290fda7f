/** The `regexp` package (RE2 patterns run as JavaScript regular expressions). */
import { compileRegexp } from "../interpreter/regexp.js";
import type { Args } from "../runtime/args.js";
import { type Members, builtin } from "../runtime/builtin.js";
import { type Value, array, bool, int, regexp, string } from "../values/value.js";

function pattern(args: Args): RegExp {
  const r = args.get("r");
  if (r?.kind !== "regexp") return args.fail(`keyword argument "r" should be of kind regexp, but got ${r?.kind ?? "null"}`);
  try {
    return compileRegexp(r.value);
  } catch (error) {
    return args.fail(`invalid regular expression: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const global = (r: RegExp): RegExp => new RegExp(r.source, r.flags.includes("g") ? r.flags : `${r.flags}g`);

/** Match positions as Go's FindAllStringIndex gives them: an empty match right after a match is skipped. */
function findAll(r: RegExp, s: string, n: number): [number, number][] {
  const g = global(r);
  const out: [number, number][] = [];
  let previousEnd = -1;
  let position = 0;
  while (position <= s.length && (n < 0 || out.length < n)) {
    g.lastIndex = position;
    const match = g.exec(s);
    if (match === null) break;
    const from = match.index;
    const to = from + match[0].length;
    if (from === to && from === previousEnd) {
      position = from + 1;
      continue;
    }
    out.push([from, to]);
    previousEnd = to;
    position = from === to ? to + 1 : to;
  }
  return out;
}

/** Go's `${1}` references become JavaScript's `$1`. */
const template = (t: string): string => t.replace(/\$\{(\w+)\}/g, (_, name: string) => (/^\d+$/.test(name) ? `$${name}` : `$<${name}>`));

export const regexpPackage: Members = new Map<string, Value>([
  [
    "compile",
    builtin("regexp.compile", (args) => {
      const v = args.string("v");
      try {
        compileRegexp(v);
      } catch (error) {
        return args.fail(`invalid regular expression: ${error instanceof Error ? error.message : String(error)}`);
      }
      return regexp(v);
    }),
  ],
  ["quoteMeta", builtin("regexp.quoteMeta", (args) => string(args.string("v").replace(/[\\.+*?()|[\]{}^$]/g, "\\$&")))],
  ["findString", builtin("regexp.findString", (args) => string(pattern(args).exec(args.string("v"))?.[0] ?? ""))],
  [
    "findStringIndex",
    builtin("regexp.findStringIndex", (args) => {
      const match = pattern(args).exec(args.string("v"));
      return array(match === null ? [] : [int(BigInt(match.index)), int(BigInt(match.index + match[0].length))]);
    }),
  ],
  ["getString", builtin("regexp.getString", (args) => string(args.get("r")?.kind === "regexp" ? (args.get("r") as { value: string }).value : args.fail("r must be a regexp")))],
  ["matchRegexpString", builtin("regexp.matchRegexpString", (args) => bool(pattern(args).test(args.string("v"))))],
  ["replaceAllString", builtin("regexp.replaceAllString", (args) => string(args.string("v").replace(global(pattern(args)), template(args.string("t")))))],
  [
    "splitRegexp",
    builtin("regexp.splitRegexp", (args) => {
      const v = args.string("v");
      const n = Number(args.int("i"));
      if (n === 0) return array([]);
      if (v === "") return array([string("")]);
      const parts: string[] = [];
      let begin = 0;
      let end = 0;
      for (const [from, to] of findAll(pattern(args), v, n)) {
        if (n > 0 && parts.length === n - 1) break;
        end = from;
        if (to !== 0) parts.push(v.slice(begin, end));
        begin = to;
      }
      if (end !== v.length) parts.push(v.slice(begin));
      return array(parts.map(string));
    }),
  ],
]);
