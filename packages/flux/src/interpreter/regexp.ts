/**
 * Flux regular expressions are RE2. Most RE2 syntax means the same in JavaScript; the inline flag
 * group `(?i)` at the start (common in queries) is turned into a JavaScript flag. Compiled
 * patterns are cached because row functions test the same pattern on every row.
 */
const cache = new Map<string, RegExp>();

export function compileRegexp(pattern: string): RegExp {
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    const flagged = /^\(\?([imsU]+)\)/.exec(pattern);
    const flags = (flagged?.[1] ?? "").replace(/[^ims]/g, "");
    compiled = new RegExp(flagged === null ? pattern : pattern.slice(flagged[0].length), flags);
    cache.set(pattern, compiled);
  }
  return compiled;
}
