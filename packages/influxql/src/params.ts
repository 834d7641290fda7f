// The `params` of a 1.x /query request: `$name` values, bound as InfluxDB 1.x binds them. The JSON
// is read as Go's decoder reads it (numbers kept as written: `2.0` is a float, `2` an integer), and
// each value becomes the token 1.x's scanner puts where `$name` stands. An object names its kind:
// `{"regex": "^c"}`, `{"identifier": "usage"}`, `{"duration": "1h"}`, `{"integer": 5}`,
// `{"float": 1.5}`, `{"string": "x"}` (and the aliases `ident`, `int`, `number`). A value 1.x
// cannot bind (null, an array, an unknown kind such as `boolean`) is an error only where it is used.

/** A value bound to `$name`: a plain value (a JavaScript number is an integer when it is one) or one
 * whose kind is said. */
export type BoundValue = string | number | boolean | bigint | TypedBoundValue;

export type TypedBoundValue =
  | { readonly kind: "string" | "identifier" | "regex" | "duration"; readonly value: string }
  | { readonly kind: "integer"; readonly value: bigint }
  | { readonly kind: "float"; readonly value: number }
  /** The text 1.x puts in the error of a statement that uses the value. */
  | { readonly kind: "error"; readonly message: string };

/** A `params` text 1.x refuses before parsing the query (HTTP 400, `error` is the message). */
export class ParamsError extends Error {}

/** A JSON number as written, as Go's decoder keeps it with UseNumber. */
class JsonNumber {
  constructor(readonly text: string) {}
}
type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | { [key: string]: JsonValue };

/** Reads the `params` text as 1.x's /query handler does; an empty text binds nothing. */
export function parseParams(text: string): Record<string, BoundValue> {
  if (text === "") return {};
  let decoded: JsonValue;
  try {
    decoded = new JsonReader(text).document();
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new ParamsError(`error parsing query parameters: ${error.message}`);
    throw error;
  }
  if (decoded === null) return {};
  if (typeof decoded !== "object" || Array.isArray(decoded) || decoded instanceof JsonNumber) {
    throw new ParamsError(`error parsing query parameters: json: cannot unmarshal ${jsonKind(decoded)} into Go value of type map[string]interface {}`);
  }
  const out: Record<string, BoundValue> = {};
  for (const [name, value] of Object.entries(decoded)) {
    // A number at the top level that is no int64 (or float64) fails the whole request.
    if (value instanceof JsonNumber) {
      const n = numberOf(value);
      if (typeof n === "string") throw new ParamsError(`error parsing json value: ${n}`);
      out[name] = typeof n === "bigint" ? n : { kind: "float", value: n };
    } else out[name] = bind(value);
  }
  return out;
}

function jsonKind(v: JsonValue): string {
  if (Array.isArray(v)) return "array";
  if (v instanceof JsonNumber) return "number";
  return typeof v === "boolean" ? "bool" : "string";
}

/** Go's conversion of a decoded number: with a `.` a float64, else an int64; a string is the error. */
function numberOf(n: JsonNumber): bigint | number | string {
  if (n.text.includes(".")) {
    const f = Number(n.text);
    return Number.isFinite(f) ? f : `strconv.ParseFloat: parsing "${n.text}": value out of range`;
  }
  if (!/^-?\d+$/.test(n.text)) return `strconv.ParseInt: parsing "${n.text}": invalid syntax`;
  const i = BigInt(n.text);
  return i >= -(2n ** 63n) && i < 2n ** 63n ? i : `strconv.ParseInt: parsing "${n.text}": value out of range`;
}

/** Go's type name of a value it cannot bind, as its error names it. */
function goTypeName(v: JsonValue): string {
  return v === null ? "<nil>" : Array.isArray(v) ? "[]interface {}" : "map[string]interface {}";
}

function bind(v: JsonValue): BoundValue {
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (v === null || Array.isArray(v) || v instanceof JsonNumber) return { kind: "error", message: `unable to bind parameter with type ${goTypeName(v)}` };
  const entries = Object.entries(v);
  if (entries.length !== 1) return { kind: "error", message: "bound object parameter value must have exactly one entry" };
  const [kind, raw] = entries[0]!;
  let value: JsonValue | bigint | number = raw;
  if (raw instanceof JsonNumber) {
    const n = numberOf(raw);
    if (typeof n === "string") return { kind: "error", message: n };
    value = n;
  }
  const error = (message: string): TypedBoundValue => ({ kind: "error", message });
  switch (kind) {
    case "ident":
    case "identifier":
      return typeof value === "string" ? { kind: "identifier", value } : error("identifier must be a string value");
    case "regex":
      return typeof value === "string" ? { kind: "regex", value } : error("regex literal must be a string value");
    case "string":
      return typeof value === "string" ? value : error("string literal must be a string value");
    case "float":
    case "number":
      if (typeof value === "number") return { kind: "float", value };
      return typeof value === "bigint" ? { kind: "float", value: Number(value) } : error("number literal must be a float value");
    case "int":
    case "integer":
      return typeof value === "bigint" ? value : error("integer literal must be an integer value");
    case "duration":
      if (typeof value === "string") return { kind: "duration", value };
      return typeof value === "bigint" ? { kind: "duration", value: goDuration(value) } : error("duration literal must be a string or integer value");
    default:
      return error(`unknown bind object type: ${kind}`);
  }
}

const DURATION_UNITS: ReadonlyArray<readonly [bigint, string]> = [
  [604_800_000_000_000n, "w"],
  [86_400_000_000_000n, "d"],
  [3_600_000_000_000n, "h"],
  [60_000_000_000n, "m"],
  [1_000_000_000n, "s"],
  [1_000_000n, "ms"],
  [1_000n, "u"],
  [1n, "ns"],
];

/** Nanoseconds as InfluxQL writes a duration: the largest unit that divides it (`90m`, `1h`). */
export function goDuration(ns: bigint): string {
  if (ns === 0n) return "0s";
  const [size, unit] = DURATION_UNITS.find(([size]) => ns % size === 0n)!;
  return `${ns / size}${unit}`;
}

class JsonSyntaxError extends Error {}

/** Go's name for a character in a syntax error: `'x'`, `'\n'`, `'"'`. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const quoted = JSON.stringify(c);
  return `'${quoted.slice(1, -1)}'`;
}

/** A JSON reader that stops after the first value (as Go's Decoder does) with Go's error texts. */
class JsonReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  document(): JsonValue {
    this.space();
    if (this.pos >= this.text.length) throw new JsonSyntaxError("EOF");
    return this.value("looking for beginning of value");
  }

  private space(): void {
    while (this.pos < this.text.length && " \t\r\n".includes(this.text[this.pos]!)) this.pos++;
  }

  /** The next character after white space; the end of the text is an unexpected EOF. */
  private peek(): string {
    this.space();
    if (this.pos >= this.text.length) throw new JsonSyntaxError("unexpected EOF");
    return this.text[this.pos]!;
  }

  private fail(c: string, context: string): JsonSyntaxError {
    return new JsonSyntaxError(`invalid character ${quoteChar(c)} ${context}`);
  }

  private value(context: string): JsonValue {
    const c = this.peek();
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    if (c === "-" || (c >= "0" && c <= "9")) return this.number();
    for (const [word, v] of [["true", true], ["false", false], ["null", null]] as const) {
      if (c !== word[0]) continue;
      for (let i = 1; i < word.length; i++) {
        const d = this.text[this.pos + i];
        if (d === undefined) throw new JsonSyntaxError("unexpected EOF");
        if (d !== word[i]) throw this.fail(d, `in literal ${word} (expecting ${quoteChar(word[i]!)})`);
      }
      this.pos += word.length;
      return v;
    }
    throw this.fail(c, context);
  }

  private object(): { [key: string]: JsonValue } {
    this.pos++;
    const out: { [key: string]: JsonValue } = {};
    if (this.peek() === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      const c = this.peek();
      if (c !== '"') throw this.fail(c, "looking for beginning of object key string");
      const key = this.string();
      const colon = this.peek();
      if (colon !== ":") throw this.fail(colon, "after object key");
      this.pos++;
      out[key] = this.value("looking for beginning of value");
      const next = this.peek();
      this.pos++;
      if (next === "}") return out;
      if (next !== ",") throw this.fail(next, "after object key:value pair");
    }
  }

  private array(): JsonValue[] {
    this.pos++;
    const out: JsonValue[] = [];
    if (this.peek() === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value("looking for beginning of value"));
      const next = this.peek();
      this.pos++;
      if (next === "]") return out;
      if (next !== ",") throw this.fail(next, "after array element");
    }
  }

  private string(): string {
    const t = this.text;
    let i = this.pos + 1;
    for (;;) {
      if (i >= t.length) throw new JsonSyntaxError("unexpected EOF");
      const c = t[i]!;
      if (c === '"') break;
      if (c === "\\") {
        const e = t[i + 1];
        if (e === undefined) throw new JsonSyntaxError("unexpected EOF");
        if (e === "u") {
          for (let k = 2; k < 6; k++) {
            const h = t[i + k];
            if (h === undefined) throw new JsonSyntaxError("unexpected EOF");
            if (!/[0-9a-fA-F]/.test(h)) throw this.fail(h, "in \\u hexadecimal character escape");
          }
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e)) throw this.fail(e, "in string escape code");
        i += 2;
        continue;
      }
      if (c < " ") throw this.fail(c, "in string literal");
      i++;
    }
    const s = JSON.parse(t.slice(this.pos, i + 1)) as string;
    this.pos = i + 1;
    return s;
  }

  private number(): JsonNumber {
    const t = this.text;
    const start = this.pos;
    let i = start;
    const digit = (k: number): boolean => t[k] !== undefined && t[k]! >= "0" && t[k]! <= "9";
    const expectDigit = (context: string): void => {
      if (t[i] === undefined) throw new JsonSyntaxError("unexpected EOF");
      if (!digit(i)) throw this.fail(t[i]!, context);
    };
    if (t[i] === "-") {
      i++;
      expectDigit("in numeric literal");
    }
    if (t[i] === "0") i++;
    else while (digit(i)) i++;
    if (t[i] === ".") {
      i++;
      expectDigit("after decimal point in numeric literal");
      while (digit(i)) i++;
    }
    if (t[i] === "e" || t[i] === "E") {
      i++;
      if (t[i] === "+" || t[i] === "-") i++;
      expectDigit("in exponent of numeric literal");
      while (digit(i)) i++;
    }
    this.pos = i;
    return new JsonNumber(t.slice(start, i));
  }
}

/** A float as Go's strconv.FormatFloat(v, 'f', -1, 64) writes it: shortest digits, never an exponent. */
export function goFloatText(v: number): string {
  const s = String(v);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (m === null) return s;
  const [, sign, lead, rest = "", exp] = m;
  const digits = lead! + rest;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
