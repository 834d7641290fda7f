/** The `strings` package, most-used functions. */
import type { Args } from "../runtime/args.js";
import { type Members, builtin } from "../runtime/builtin.js";
import { type Value, array, bool, int, string } from "../values/value.js";

function stringFn(name: string, impl: (args: Args) => Value) {
  return builtin(name, impl);
}

export const stringsPackage: Members = new Map<string, Value>([
  ["toUpper", stringFn("toUpper", (a) => string(a.string("v").toUpperCase()))],
  ["toLower", stringFn("toLower", (a) => string(a.string("v").toLowerCase()))],
  ["title", stringFn("title", (a) => string(a.string("v").replace(/(^|\s)(\S)/g, (_, s: string, c: string) => s + c.toUpperCase())))],
  ["trimSpace", stringFn("trimSpace", (a) => string(a.string("v").trim()))],
  ["trim", stringFn("trim", (a) => string(trimSet(a.string("v"), a.string("cutset"), true, true)))],
  ["trimLeft", stringFn("trimLeft", (a) => string(trimSet(a.string("v"), a.string("cutset"), true, false)))],
  ["trimRight", stringFn("trimRight", (a) => string(trimSet(a.string("v"), a.string("cutset"), false, true)))],
  ["trimPrefix", stringFn("trimPrefix", (a) => { const v = a.string("v"); const p = a.string("prefix"); return string(v.startsWith(p) ? v.slice(p.length) : v); })],
  ["trimSuffix", stringFn("trimSuffix", (a) => { const v = a.string("v"); const s = a.string("suffix"); return string(s !== "" && v.endsWith(s) ? v.slice(0, -s.length) : v); })],
  ["contains", stringFn("contains", (a) => bool(a.string("v").includes(a.string("substr"))))],
  ["containsAny", stringFn("containsAny", (a) => { const chars = [...a.string("chars")]; const v = a.string("v"); return bool(chars.some((c) => v.includes(c))); })],
  ["hasPrefix", stringFn("hasPrefix", (a) => bool(a.string("v").startsWith(a.string("prefix"))))],
  ["hasSuffix", stringFn("hasSuffix", (a) => bool(a.string("v").endsWith(a.string("suffix"))))],
  ["index", stringFn("index", (a) => { const v = a.string("v"); const at = v.indexOf(a.string("substr")); return int(BigInt(at < 0 ? -1 : Buffer.byteLength(v.slice(0, at)))); })],
  ["split", stringFn("split", (a) => array(splitN(a.string("v"), a.string("t"), -1).map(string)))],
  ["splitN", stringFn("splitN", (a) => array(splitN(a.string("v"), a.string("t"), Number(a.int("i"))).map(string)))],
  ["joinStr", stringFn("joinStr", (a) => string(a.array("arr").map((e) => (e.kind === "string" ? e.value : a.fail("arr must hold strings"))).join(a.string("v"))))],
  ["replace", stringFn("replace", (a) => string(replaceN(a.string("v"), a.string("t"), a.string("u"), Number(a.int("i")))))],
  ["replaceAll", stringFn("replaceAll", (a) => string(a.string("v").split(a.string("t")).join(a.string("u"))))],
  ["strlen", stringFn("strlen", (a) => int(BigInt([...a.string("v")].length)))],
  ["substring", stringFn("substring", (a) => { const chars = [...a.string("v")]; return string(chars.slice(Math.max(0, Number(a.int("start"))), Math.min(chars.length, Number(a.int("end")))).join("")); })],
  ["repeat", stringFn("repeat", (a) => string(a.string("v").repeat(Number(a.int("i")))))],
  ["equalFold", stringFn("equalFold", (a) => bool(a.string("v").toLowerCase() === a.string("t").toLowerCase()))],
  ["countStr", stringFn("countStr", (a) => { const v = a.string("v"); const s = a.string("substr"); return int(BigInt(s === "" ? [...v].length + 1 : v.split(s).length - 1)); })],
]);

function trimSet(v: string, cutset: string, left: boolean, right: boolean): string {
  const set = new Set(cutset);
  const chars = [...v];
  let start = 0;
  let end = chars.length;
  if (left) while (start < end && set.has(chars[start] as string)) start++;
  if (right) while (end > start && set.has(chars[end - 1] as string)) end--;
  return chars.slice(start, end).join("");
}

function splitN(v: string, sep: string, n: number): string[] {
  const parts = sep === "" ? [...v] : v.split(sep);
  if (n < 0 || parts.length <= n) return parts;
  if (n === 0) return [];
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

function replaceN(v: string, t: string, u: string, n: number): string {
  let out = v;
  let from = 0;
  for (let k = 0; k < n; k++) {
    const at = out.indexOf(t, from);
    if (at < 0) break;
    out = out.slice(0, at) + u + out.slice(at + t.length);
    from = at + u.length;
  }
  return out;
}
