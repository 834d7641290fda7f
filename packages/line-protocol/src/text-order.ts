/**
 * Compares two strings as their UTF-8 bytes compare (that is, by code point), the order InfluxDB
 * (Go) sorts names, series keys and group keys in. JavaScript's `<` compares UTF-16 code units,
 * which differs for characters above U+FFFF against U+E000–U+FFFF.
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (half of a code point above U+FFFF) sorts after every other code unit in UTF-8.
    return (isSurrogate(x) ? x + 0x10000 : x) - (isSurrogate(y) ? y + 0x10000 : y);
  }
  return a.length - b.length;
}

function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdfff;
}
