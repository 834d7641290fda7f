import { describe, expect, it } from "vitest";
import { parse } from "../index.js";
import { parseDuration } from "./duration.js";
import { parseTime } from "./time.js";
import {
  type Value,
  array,
  bool,
  bytes,
  dict,
  dictKey,
  duration,
  float,
  int,
  literalValue,
  nullValue,
  record,
  regexp,
  string,
  time,
  uint,
  valuesEqual,
} from "./value.js";

function literalOf(source: string): Value | undefined {
  const statement = parse(source).package.files[0]?.body[0];
  if (statement?.type !== "ExpressionStatement") throw new Error("not an expression");
  return literalValue(statement.expression);
}

describe("values", () => {
  it("wrap integers to 64 bits as Flux does", () => {
    expect(int(2n ** 63n).value).toBe(-(2n ** 63n));
    expect(uint(-1n).value).toBe(2n ** 64n - 1n);
  });

  it("come from every literal form", () => {
    expect(literalOf("42")).toEqual(int(42n));
    expect(literalOf("9223372036854775807")).toEqual(int(9223372036854775807n));
    expect(literalOf("1.5")).toEqual(float(1.5));
    expect(literalOf('"a\\tb"')).toEqual(string("a\tb"));
    expect(literalOf("/^a\\/b$/")).toEqual(regexp("^a/b$"));
    expect(literalOf("1h30m")).toEqual(duration(parseDuration("1h30m")));
    expect(literalOf("2021-01-01")).toEqual(time(parseTime("2021-01-01T00:00:00Z")));
    expect(literalOf("2021-01-01T01:00:00.123456789+01:00")).toEqual(time(parseTime("2021-01-01T00:00:00.123456789Z")));
    expect(literalOf("a + 1")).toBeUndefined();
  });

  it("compare structurally within a kind and never across kinds", () => {
    expect(valuesEqual(int(1n), int(1n))).toBe(true);
    expect(valuesEqual(int(1n), float(1))).toBe(false);
    expect(valuesEqual(nullValue, nullValue)).toBe(true);
    expect(valuesEqual(array([int(1n), string("a")]), array([int(1n), string("a")]))).toBe(true);
    expect(valuesEqual(array([int(1n)]), array([int(2n)]))).toBe(false);
    expect(valuesEqual(record([["a", bool(true)]]), record([["a", bool(true)]]))).toBe(true);
    expect(valuesEqual(record([["a", bool(true)]]), record([["b", bool(true)]]))).toBe(false);
    expect(valuesEqual(bytes(Uint8Array.of(1, 2)), bytes(Uint8Array.of(1, 2)))).toBe(true);
    expect(valuesEqual(duration(parseDuration("60m")), duration(parseDuration("1h")))).toBe(true);
  });

  it("key dictionaries by value", () => {
    const d = dict([
      [string("a"), int(1n)],
      [string("b"), int(2n)],
      [string("a"), int(3n)],
    ]);
    expect(d.entries.size).toBe(2);
    expect(d.entries.get(dictKey(string("a")))?.value).toEqual(int(3n));
    expect(valuesEqual(d, dict([[string("b"), int(2n)], [string("a"), int(3n)]]))).toBe(true);
    expect(() => dictKey(array([]))).toThrow("array cannot be a dictionary key");
  });
});
