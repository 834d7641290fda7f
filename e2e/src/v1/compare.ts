// Compares two 1.x /query answers as an InfluxQL client reads them: the same HTTP status and the
// same JSON, in the same order (InfluxQL's order is part of the answer: series, rows, columns).
// Numbers are exact, except where the statement sums floats (two engines may add in another order)
// or calls a transcendental math function (Go's math package and V8's fdlibm port may differ in the
// last bit): there a relative 1e-12 is allowed.

export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
}

/** Parses a JSON answer keeping integers beyond a double's exact range (nanosecond times) as
 * `{ int: "…" }`, so they compare exactly. Only digits right after `[`, `,` or `:` are rewritten: no
 * string in the data set holds such digits. */
export function parseAnswer(status: number, text: string): Answer {
  let body: unknown;
  try {
    body = JSON.parse(text.replace(/([[,:])(-?\d{16,})(?=[,\]}])/g, '$1{"int":"$2"}'));
  } catch {
    body = { unparsable: text };
  }
  return { status, body, text };
}

const relativeTolerance = 1e-12;

function sameNumber(expected: number, got: number, tolerant: boolean): boolean {
  if (expected === got) return true;
  if (!tolerant) return false;
  return Math.abs(expected - got) <= relativeTolerance * Math.max(Math.abs(expected), Math.abs(got));
}

const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

/** Every difference between `expected` (influxd's) and `got` (Fluxgate's), each with its JSON path. */
export function differences(expected: unknown, got: unknown, tolerant: boolean, path = "$", out: string[] = []): string[] {
  if (out.length >= 8) return out;
  if (typeof expected === "number" && typeof got === "number") {
    if (!sameNumber(expected, got, tolerant)) out.push(`${path}: expected ${expected}, got ${got}`);
    return out;
  }
  if (Array.isArray(expected) && Array.isArray(got)) {
    if (expected.length !== got.length) out.push(`${path}: expected ${expected.length} items, got ${got.length}`);
    for (let i = 0; i < Math.min(expected.length, got.length); i++) differences(expected[i], got[i], tolerant, `${path}[${i}]`, out);
    return out;
  }
  if (isObject(expected) && isObject(got) && !Array.isArray(expected) && !Array.isArray(got)) {
    const keys = Object.keys(expected);
    const gotKeys = Object.keys(got);
    if (show(keys) !== show(gotKeys)) out.push(`${path}: expected keys ${show(keys)}, got ${show(gotKeys)}`);
    for (const key of keys) if (key in got) differences(expected[key], got[key], tolerant, `${path}.${key}`, out);
    return out;
  }
  if (show(expected) !== show(got)) out.push(`${path}: expected ${show(expected)}, got ${show(got)}`);
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Statements whose functions add floats (or average them) or compute a transcendental function:
 * their results may differ in the last bits. */
const inexactCalls = /\b(acos|asin|atan|atan2|cos|sin|tan|exp|ln|log|log2|log10|pow|mean|sum|stddev|integral|spread|median|percentile|moving_average|cumulative_sum|derivative|non_negative_derivative|exponential_moving_average|double_exponential_moving_average|triple_exponential_moving_average|triple_exponential_derivative|kaufmans_efficiency_ratio|kaufmans_adaptive_moving_average|relative_strength_index|chande_momentum_oscillator|holt_winters|holt_winters_with_fit|difference|non_negative_difference)\s*\(/i;

export function inexactNumbers(statement: string): boolean {
  return inexactCalls.test(statement);
}

/**
 * Fluxgate's answer as influxd's would read, for the two shape differences the suite accepts:
 * - a request-level error body: InfluxDB 2.x answers `{"code","message"}` (see known-differences.ts);
 *   Fluxgate adds 1.x's `"error"` with the same text. The message must equal the error, and the
 *   `error` key is what is compared.
 * - influxd 1.6 keeps its first internal chunk's `partial: true` on a series of more than 10,000 rows
 *   in a non-chunked answer (later 1.x and 2.x clear it): dropped from influxd's side.
 */
export function normalize(influxd: unknown, fluxgate: unknown): { influxd: unknown; fluxgate: unknown } {
  let got = fluxgate;
  if (isObject(got) && typeof got["error"] === "string" && got["message"] === got["error"] && typeof got["code"] === "string") {
    got = { error: got["error"] };
  }
  let expected = influxd;
  if (isObject(expected) && Array.isArray(expected["results"])) {
    const results = (expected["results"] as unknown[]).map((result) => {
      if (!isObject(result) || !Array.isArray(result["series"])) return result;
      const series = (result["series"] as unknown[]).map((s) => {
        if (!isObject(s) || s["partial"] !== true || !Array.isArray(s["values"]) || s["values"].length <= 10_000) return s;
        const { partial: _quirk, ...rest } = s;
        return rest;
      });
      return { ...result, series };
    });
    expected = { ...expected, results };
  }
  return { influxd: expected, fluxgate: got };
}

/** A CSV answer as rows of cells, numbers as numbers (so a sum's last digit compares as in JSON).
 * The data set has no comma or quote inside a value, so a plain split reads it. */
export function csvCells(text: string): unknown[][] {
  return text.split("\n").map((line) => line.split(",").map((cell) => (/^-?\d+(\.\d+)?(e[-+]?\d+)?$/.test(cell) && !/^-?\d{16,}$/.test(cell) ? Number(cell) : cell)));
}
