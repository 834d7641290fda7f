/**
 * Turns the text of literal tokens into values, with the error messages Flux's parser uses.
 * Each function returns either `{ value }` or `{ error }`; the parser decides whether an error
 * is recorded on the node or turns the literal into a BadExpression, as Flux does.
 */
import type { Duration } from "../ast/nodes.js";

export type Converted<T> = { value: T; error?: undefined } | { error: string; value?: undefined };

const hexValue = (c: string | undefined): number | undefined => {
  if (c === undefined || !/^[0-9a-fA-F]$/.test(c)) return undefined;
  return parseInt(c, 16);
};

/** Decodes the body of a string (between the quotes, or one text part of an interpolated string). */
export function unescapeText(text: string): Converted<string> {
  if (!text.includes("\\")) return { value: text };
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let plainStart = 0;
  const flushPlain = (end: number): void => {
    if (end > plainStart) for (const b of encoder.encode(text.slice(plainStart, end))) bytes.push(b);
  };
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "\\") continue;
    flushPlain(i);
    const c = text[i + 1];
    switch (c) {
      case "n":
        bytes.push(10);
        break;
      case "r":
        bytes.push(13);
        break;
      case "t":
        bytes.push(9);
        break;
      case "\\":
      case '"':
      case "$":
        bytes.push(c.charCodeAt(0));
        break;
      case "x": {
        if (text[i + 2] === undefined) return { error: "\\x followed by 0 char, must be 2" };
        if (text[i + 3] === undefined) return { error: "\\x followed by 1 char, must be 2" };
        const high = hexValue(text[i + 2]);
        const low = hexValue(text[i + 3]);
        if (high === undefined || low === undefined) return { error: "invalid byte value" };
        bytes.push(high * 16 + low);
        i += 2;
        break;
      }
      case undefined:
        return { error: "invalid escape sequence" };
      default:
        return { error: `invalid escape character ${String.fromCodePoint(text.codePointAt(i + 1) ?? 0)}` };
    }
    i++;
    plainStart = i + 1;
  }
  flushPlain(text.length);
  try {
    return { value: new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bytes)) };
  } catch {
    return { error: "invalid utf-8 sequence" };
  }
}

/** Decodes a whole string literal token, quotes included. */
export function parseStringLiteral(lit: string): Converted<string> {
  if (lit.length < 2 || !lit.startsWith('"') || !lit.endsWith('"')) return { error: "invalid string literal" };
  return unescapeText(lit.slice(1, -1));
}

/**
 * A regular expression token `/…/` becomes its pattern with `\/` unescaped. The pattern is RE2
 * syntax; it is compiled (and its syntax checked) when the query runs, not here.
 */
export function parseRegexLiteral(lit: string): Converted<string> {
  if (lit.length < 3) return { error: "regexp must be at least 3 characters" };
  if (!lit.startsWith("/")) return { error: "regexp literal must start with a slash" };
  if (!lit.endsWith("/")) return { error: "regexp literal must end with a slash" };
  return { value: lit.slice(1, -1).replaceAll("\\/", "/") };
}

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * A date-time token becomes Flux's canonical text: a date alone means midnight UTC; otherwise the
 * token must be RFC3339 with an offset. The value keeps its offset (`Z` is written `+00:00`) and
 * writes the fraction with 0, 3, 6 or 9 digits, the way InfluxDB's AST JSON shows it.
 */
export function parseDateTimeLiteral(lit: string): Converted<string> {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?)?$/.exec(lit);
  if (match === null) return { error: "input contains invalid characters" };
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { error: "input is out of range" };
  const date = `${y}-${mo}-${d}`;
  if (h === undefined) return { value: `${date}T00:00:00+00:00` };
  if (offset === undefined) return { error: "premature end of input" };
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return { error: "input is out of range" };
  const offsetText = offset === "Z" || offset === "-00:00" ? "+00:00" : offset;
  if (Number(offsetText.slice(1, 3)) > 23 || Number(offsetText.slice(4, 6)) > 59) return { error: "input is out of range" };
  return { value: `${date}T${h}:${mi}:${s}${formatFraction(fraction ?? "")}${offsetText}` };
}

/** Nanoseconds are shown with the fewest of 3, 6 or 9 digits that hold them exactly. */
function formatFraction(digits: string): string {
  const nanos = (digits + "000000000").slice(0, 9);
  if (/^0+$/.test(nanos)) return "";
  if (nanos.endsWith("000000")) return `.${nanos.slice(0, 3)}`;
  if (nanos.endsWith("000")) return `.${nanos.slice(0, 6)}`;
  return `.${nanos}`;
}

const maxInt64 = 2n ** 63n - 1n;

/** A duration token such as `1h30m` becomes its magnitude/unit pairs; `µs` is spelled `us`. */
export function parseDurationLiteral(lit: string): Converted<Duration[]> {
  const values: Duration[] = [];
  const part = /(\d+)([^\d]+)/gy;
  let consumed = 0;
  for (let match = part.exec(lit); match !== null; match = part.exec(lit)) {
    const [, magnitude = "", unit = ""] = match;
    if (BigInt(magnitude) > maxInt64) return { error: "number too large to fit in target type" };
    values.push({ magnitude: Number(magnitude), unit: unit === "\u00b5s" ? "us" : unit });
    consumed = part.lastIndex;
  }
  if (consumed !== lit.length || values.length === 0) return { error: "parsing empty magnitude" };
  return { value: values };
}

/** An integer token becomes its decimal text, checked against the 64-bit signed range. */
export function parseIntegerLiteral(lit: string): Converted<string> {
  if (lit.startsWith("0") && lit.length > 1) {
    return { error: `invalid integer literal "${lit}": nonzero value cannot start with 0` };
  }
  if (!/^\d+$/.test(lit) || BigInt(lit) > maxInt64) return { error: `invalid integer literal "${lit}": value out of range` };
  return { value: lit };
}

export function parseFloatLiteral(lit: string): Converted<number> {
  if (!/^(\d+\.\d*|\.\d+)$/.test(lit)) return { error: "invalid float literal" };
  return { value: Number(lit) };
}
