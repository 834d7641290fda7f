/**
 * Flux values as the interpreter sees them. Integers, unsigned integers and times are int64 or
 * uint64 in Flux, so they are bigints here; floats are numbers. Every value carries its `kind`,
 * the name Flux uses for its type in messages (`int`, `float`, `string`…).
 */
import type { Expression, FunctionExpression, SourceLocation } from "../ast/nodes.js";
import type { TableStream } from "../table/types.js";
import { type Duration, durationFromParts, durationsEqual } from "./duration.js";
import { parseTime } from "./time.js";

export type Value =
  | IntValue
  | UIntValue
  | FloatValue
  | StringValue
  | BoolValue
  | TimeValue
  | DurationValue
  | RegexpValue
  | BytesValue
  | NullValue
  | ArrayValue
  | RecordValue
  | DictValue
  | FunctionValue
  | StreamValue;

export interface IntValue {
  kind: "int";
  value: bigint;
}
export interface UIntValue {
  kind: "uint";
  value: bigint;
}
export interface FloatValue {
  kind: "float";
  value: number;
}
export interface StringValue {
  kind: "string";
  value: string;
}
export interface BoolValue {
  kind: "bool";
  value: boolean;
}
/** Nanoseconds since the Unix epoch, UTC. */
export interface TimeValue {
  kind: "time";
  value: bigint;
}
export interface DurationValue {
  kind: "duration";
  value: Duration;
}
/** The pattern in RE2 syntax, as written in the query; compiled where it is used. */
export interface RegexpValue {
  kind: "regexp";
  value: string;
}
export interface BytesValue {
  kind: "bytes";
  value: Uint8Array;
}
export interface NullValue {
  kind: "null";
}
export interface ArrayValue {
  kind: "array";
  elements: readonly Value[];
}
/** Fields keep the order they were written in, which Flux preserves when printing records. */
export interface RecordValue {
  kind: "record";
  fields: ReadonlyMap<string, Value>;
}
/** Keys are basic values; entries keep insertion order. */
export interface DictValue {
  kind: "dict";
  entries: ReadonlyMap<string, { key: Value; value: Value }>;
}
/** Flux calls functions with named arguments only. */
export interface FunctionValue {
  kind: "function";
  name: string;
  /** The parameter that receives the value piped in with `|>`, if the function takes one. */
  pipeParameter?: string;
  /** `site` is where the call is written, for errors raised later (streams run lazily). */
  call: (args: ReadonlyMap<string, Value>, site?: SourceLocation) => Value;
  /** The function literal a Flux-defined function came from (what it reads can be inspected). */
  expression?: FunctionExpression;
}

/** A stream of tables. Lazy: nothing is read until a consumer (a yield) iterates it. */
export interface StreamValue {
  kind: "stream";
  stream: TableStream;
}

export type Kind = Value["kind"];

export const nullValue: NullValue = { kind: "null" };
export const int = (value: bigint): IntValue => ({ kind: "int", value: BigInt.asIntN(64, value) });
export const uint = (value: bigint): UIntValue => ({ kind: "uint", value: BigInt.asUintN(64, value) });
export const float = (value: number): FloatValue => ({ kind: "float", value });
export const string = (value: string): StringValue => ({ kind: "string", value });
export const bool = (value: boolean): BoolValue => ({ kind: "bool", value });
export const time = (value: bigint): TimeValue => ({ kind: "time", value: BigInt.asIntN(64, value) });
export const duration = (value: Duration): DurationValue => ({ kind: "duration", value });
export const regexp = (value: string): RegexpValue => ({ kind: "regexp", value });
export const bytes = (value: Uint8Array): BytesValue => ({ kind: "bytes", value });
export const array = (elements: readonly Value[]): ArrayValue => ({ kind: "array", elements });
export const record = (fields: Iterable<readonly [string, Value]>): RecordValue => ({ kind: "record", fields: new Map(fields) });

export function dict(entries: Iterable<readonly [Value, Value]>): DictValue {
  const map = new Map<string, { key: Value; value: Value }>();
  for (const [key, value] of entries) map.set(dictKey(key), { key, value });
  return { kind: "dict", entries: map };
}

/** The identity of a dictionary key: equal basic values give equal identities. */
export function dictKey(key: Value): string {
  switch (key.kind) {
    case "int":
    case "uint":
    case "time":
      return `${key.kind}:${key.value}`;
    case "float":
    case "string":
    case "bool":
    case "regexp":
      return `${key.kind}:${String(key.value)}`;
    case "duration":
      return `duration:${key.value.negative ? "-" : ""}${key.value.months}:${key.value.nanoseconds}`;
    default:
      throw new TypeError(`${key.kind} cannot be a dictionary key`);
  }
}

/** Structural equality of two values of the same kind; values of different kinds are unequal. */
export function valuesEqual(a: Value, b: Value): boolean {
  switch (a.kind) {
    case "null":
      return b.kind === "null";
    case "int":
    case "uint":
    case "float":
    case "string":
    case "bool":
    case "time":
    case "regexp":
      return b.kind === a.kind && b.value === a.value;
    case "duration":
      return b.kind === "duration" && durationsEqual(a.value, b.value);
    case "bytes":
      return b.kind === "bytes" && a.value.length === b.value.length && a.value.every((byte, i) => byte === b.value[i]);
    case "array":
      return b.kind === "array" && a.elements.length === b.elements.length && a.elements.every((e, i) => valuesEqual(e, b.elements[i] ?? nullValue));
    case "record": {
      if (b.kind !== "record" || a.fields.size !== b.fields.size) return false;
      for (const [name, value] of a.fields) {
        const other = b.fields.get(name);
        if (other === undefined || !valuesEqual(value, other)) return false;
      }
      return true;
    }
    case "dict": {
      if (b.kind !== "dict" || a.entries.size !== b.entries.size) return false;
      for (const [id, entry] of a.entries) {
        const other = b.entries.get(id);
        if (other === undefined || !valuesEqual(entry.value, other.value)) return false;
      }
      return true;
    }
    case "function":
    case "stream":
      return a === b;
  }
}

/**
 * The value of a literal expression, or undefined for anything that needs evaluating. The parser
 * has already validated literal text, so conversions here cannot fail on parsed input.
 */
export function literalValue(expression: Expression): Value | undefined {
  switch (expression.type) {
    case "IntegerLiteral":
      return int(BigInt(expression.value));
    case "UnsignedIntegerLiteral":
      return uint(BigInt(expression.value));
    case "FloatLiteral":
      return float(expression.value);
    case "StringLiteral":
      return string(expression.value);
    case "BooleanLiteral":
      return bool(expression.value);
    case "DurationLiteral":
      return duration(durationFromParts(expression.values));
    case "DateTimeLiteral":
      return time(parseTime(expression.value));
    case "RegexpLiteral":
      return regexp(expression.value);
    default:
      return undefined;
  }
}
