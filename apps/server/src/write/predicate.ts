// InfluxDB's delete predicate: `_measurement="cpu" AND host="a"` — equalities of a key and a value
// joined by AND, optionally grouped in parentheses (harmless with AND alone). Keys are bare
// identifiers or double-quoted; values are double- or single-quoted strings or bare identifiers.
// `_field="x"` narrows the delete to one field, as InfluxDB Cloud does. Everything else InfluxDB
// does not support (`!=`, `OR`, regular expressions, `_time`, `_value`) is rejected with the
// position of the fault, never ignored: a delete that silently deletes more or less than asked is
// worse than one that fails.

/** A parsed predicate, as the storage engine's delete takes it. */
export interface DeletePredicate {
  measurement?: string;
  /** Sorted by key. */
  tags: Array<[key: string, value: string]>;
  field?: string;
  /** The predicate is contradictory (e.g. two different values for one key): it matches nothing. */
  matchesNothing: boolean;
}

export class PredicateError extends Error {
  override name = "PredicateError";
  constructor(
    /** 1-based character position of the fault in the predicate. */
    readonly position: number,
    readonly reason: string,
  ) {
    super(`invalid delete predicate at position ${position}: ${reason}`);
  }
}

type Token =
  | { kind: "ident"; text: string; at: number }
  | { kind: "quoted"; text: string; quote: '"' | "'"; at: number }
  | { kind: "op"; text: string; at: number }
  | { kind: "regex"; text: string; at: number }
  | { kind: "lparen" | "rparen"; at: number }
  | { kind: "end"; at: number };

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const ESCAPES: Readonly<Record<string, string>> = { "\\": "\\", '"': '"', "'": "'", n: "\n", t: "\t" };
const OPERATORS = ["!=", "=~", "!~", "<>", "<=", ">=", "=", "<", ">"] as const;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    const at = i + 1;
    if (c === "(" || c === ")") {
      tokens.push({ kind: c === "(" ? "lparen" : "rparen", at });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let text = "";
      let j = i + 1;
      for (;;) {
        if (j >= input.length) throw new PredicateError(at, `unterminated ${c === '"' ? "double" : "single"}-quoted string`);
        const d = input[j]!;
        if (d === c) break;
        if (d === "\\") {
          const next = input[j + 1];
          const unescaped = next === undefined ? undefined : ESCAPES[next];
          if (unescaped === undefined) throw new PredicateError(j + 1, `invalid escape sequence \\${next ?? ""} in quoted string`);
          text += unescaped;
          j += 2;
          continue;
        }
        text += d;
        j++;
      }
      tokens.push({ kind: "quoted", text, quote: c, at });
      i = j + 1;
      continue;
    }
    const op = OPERATORS.find((o) => input.startsWith(o, i));
    if (op !== undefined) {
      tokens.push({ kind: "op", text: op, at });
      i += op.length;
      continue;
    }
    if (IDENT_PART.test(c)) {
      let j = i;
      while (j < input.length && IDENT_PART.test(input[j]!)) j++;
      tokens.push({ kind: "ident", text: input.slice(i, j), at });
      i = j;
      continue;
    }
    if (c === "/") {
      // Read as a token so that `host=~/a/` is reported at its operator, the first fault.
      let j = i + 1;
      while (j < input.length && input[j] !== "/") j += input[j] === "\\" ? 2 : 1;
      if (j >= input.length) throw new PredicateError(at, "unterminated regular expression");
      tokens.push({ kind: "regex", text: input.slice(i, j + 1), at });
      i = j + 1;
      continue;
    }
    throw new PredicateError(at, `unexpected character ${JSON.stringify(c)}; quote keys and values that contain it`);
  }
  tokens.push({ kind: "end", at: input.length + 1 });
  return tokens;
}

function describe(token: Token): string {
  switch (token.kind) {
    case "ident":
      return `"${token.text}"`;
    case "quoted":
      return `${token.quote}${token.text}${token.quote}`;
    case "op":
    case "regex":
      return `"${token.text}"`;
    case "lparen":
      return '"("';
    case "rparen":
      return '")"';
    case "end":
      return "the end of the predicate";
  }
}

class Parser {
  #pos = 0;
  readonly equalities: Array<{ key: string; value: string; at: number }> = [];

  constructor(private readonly tokens: Token[]) {}

  parse(): void {
    this.#conjunction();
    const next = this.#peek();
    if (next.kind === "rparen") throw new PredicateError(next.at, 'unbalanced ")"');
    if (next.kind !== "end") this.#unexpectedAfterExpression(next);
  }

  #peek(): Token {
    return this.tokens[this.#pos]!;
  }

  #next(): Token {
    return this.tokens[this.#pos++]!;
  }

  #conjunction(): void {
    this.#term();
    for (;;) {
      const next = this.#peek();
      if (next.kind === "ident" && next.text.toUpperCase() === "AND") {
        this.#next();
        this.#term();
        continue;
      }
      return;
    }
  }

  #term(): void {
    const first = this.#peek();
    if (first.kind === "lparen") {
      this.#next();
      this.#conjunction();
      const close = this.#next();
      if (close.kind !== "rparen") {
        if (close.kind === "end") throw new PredicateError(first.at, 'unbalanced "(": missing ")"');
        this.#unexpectedAfterExpression(close);
      }
      return;
    }
    this.#equality();
  }

  #unexpectedAfterExpression(token: Token): never {
    if (token.kind === "ident" && token.text.toUpperCase() === "OR") {
      throw new PredicateError(token.at, "the logical operator OR is not supported in delete predicates; only AND is");
    }
    if (token.kind === "ident" && token.text.toUpperCase() === "NOT") {
      throw new PredicateError(token.at, "NOT is not supported in delete predicates");
    }
    throw new PredicateError(token.at, `expected AND, found ${describe(token)}`);
  }

  #equality(): void {
    const keyToken = this.#next();
    let key: string;
    if (keyToken.kind === "ident" && IDENT_START.test(keyToken.text[0]!)) {
      const upper = keyToken.text.toUpperCase();
      if (upper === "AND" || upper === "OR" || upper === "NOT") {
        throw new PredicateError(keyToken.at, `expected a key, found the keyword ${upper}; quote it ("${keyToken.text}") to use it as a tag key`);
      }
      key = keyToken.text;
    } else if (keyToken.kind === "quoted" && keyToken.quote === '"') {
      key = keyToken.text;
    } else if (keyToken.kind === "end") {
      throw new PredicateError(keyToken.at, "expected a key, found the end of the predicate");
    } else {
      throw new PredicateError(keyToken.at, `expected a key (a tag key, _measurement or _field), found ${describe(keyToken)}`);
    }
    if (key === "_time" || key === "_value" || key === "_start" || key === "_stop") {
      throw new PredicateError(keyToken.at, `cannot delete by ${key}; use start and stop for time, and only tags, _measurement and _field in the predicate`);
    }
    const op = this.#next();
    if (op.kind !== "op") throw new PredicateError(op.at, `expected "=" after ${describe(keyToken)}, found ${describe(op)}`);
    if (op.text !== "=") {
      const what = op.text === "=~" || op.text === "!~" ? "regular expression matching" : "comparison";
      throw new PredicateError(op.at, `the ${what} operator "${op.text}" is not supported in delete predicates; only "=" is`);
    }
    const valueToken = this.#next();
    let value: string;
    if (valueToken.kind === "quoted" || valueToken.kind === "ident") value = valueToken.text;
    else if (valueToken.kind === "regex") throw new PredicateError(valueToken.at, "regular expressions are not supported in delete predicates");
    else if (valueToken.kind === "end") throw new PredicateError(valueToken.at, `expected a value after "=", found the end of the predicate`);
    else throw new PredicateError(valueToken.at, `expected a quoted value after "=", found ${describe(valueToken)}`);
    this.equalities.push({ key, value, at: keyToken.at });
  }
}

/** Parses a delete predicate; an empty one (or only whitespace) matches every series. */
export function parseDeletePredicate(input: string): DeletePredicate {
  const result: DeletePredicate = { tags: [], matchesNothing: false };
  if (input.trim() === "") return result;
  const parser = new Parser(tokenize(input));
  parser.parse();
  const values = new Map<string, string>();
  for (const { key, value } of parser.equalities) {
    const previous = values.get(key);
    if (previous !== undefined && previous !== value) result.matchesNothing = true;
    values.set(key, value);
  }
  for (const [key, value] of values) {
    if (key === "_measurement") result.measurement = value;
    else if (key === "_field") result.field = value;
    else result.tags.push([key, value]);
  }
  result.tags.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return result;
}
