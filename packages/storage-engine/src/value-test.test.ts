import { describe, expect, it } from "vitest";
import type { SeriesColumn } from "./series-cache.js";
import type { MeasurementTable } from "./shard.js";
import type { ValueLiteral, ValuePredicate } from "./types.js";
import { compileValueTest, passes } from "./value-test.js";

const table: MeasurementTable = {
  table: "m0",
  fields: new Map([
    ["f", { column: "f0", type: "float" }],
    ["i", { column: "f1", type: "integer" }],
    ["s", { column: "f2", type: "string" }],
    ["b", { column: "f3", type: "boolean" }],
  ]),
};
// Four rows: f = 1, NaN, null, 5; i = 2, 2^53 + 1, 7, null; s = "a", null, "b", "a"; b = true, false, null, true.
const nulls = (...rows: number[]) => Uint8Array.from([0, 1, 2, 3], (r) => (rows.includes(r) ? 1 : 0));
const columns = new Map<string, SeriesColumn>([
  ["f0", { values: Float64Array.from([1, Number.NaN, 0, 5]), nulls: nulls(2) }],
  ["f1", { values: BigInt64Array.from([2n, 2n ** 53n + 1n, 7n, 0n]), nulls: nulls(3) }],
  ["f2", { values: ["a", "", "b", "a"], nulls: nulls(1) }],
  ["f3", { values: [true, false, false, true], nulls: nulls(2) }],
]);
const cmp = (field: string, op: "=" | "!=" | "<" | "<=" | ">" | ">=", value: ValueLiteral): ValuePredicate => ({ kind: "compare", field, op, value });

/** The rows that pass, or undefined when the predicate is left to DuckDB. */
function passing(predicate: ValuePredicate): number[] | undefined {
  const compiled = compileValueTest(predicate, table);
  if (compiled === undefined) return undefined;
  return [0, 1, 2, 3].filter((row) => passes(compiled.test(columns, row)));
}

describe("value predicates evaluated as DuckDB does", () => {
  it("orders NaN above every number and fails comparisons with a missing value", () => {
    expect(passing(cmp("f", ">", 2))).toEqual([1, 3]);
    expect(passing(cmp("f", "<", 2))).toEqual([0]);
    expect(passing(cmp("f", "!=", 5))).toEqual([0, 1]);
    expect(passing(cmp("f", ">=", 1n))).toEqual([0, 1, 3]);
  });

  it("compares integers exactly with integers and as floats with floats", () => {
    expect(passing(cmp("i", "=", 2n ** 53n + 1n))).toEqual([1]);
    // As a double, 2^53 + 1 rounds to 2^53.
    expect(passing(cmp("i", "=", 2 ** 53))).toEqual([1]);
    expect(passing(cmp("i", "<", 7.5))).toEqual([0, 2]);
  });

  it("uses SQL's three-valued AND and OR", () => {
    // Row 2: f is missing (unknown) and i = 7: unknown AND true is unknown, unknown OR true is true.
    expect(passing({ kind: "and", operands: [cmp("f", ">", 0), cmp("i", ">", 1n)] })).toEqual([0, 1]);
    expect(passing({ kind: "or", operands: [cmp("f", ">", 100), cmp("i", ">", 5n)] })).toEqual([1, 2]);
    // NOT-like: `!=` on a missing value is unknown, so row 1 (s missing) fails both ways.
    expect(passing(cmp("s", "=", "a"))).toEqual([0, 3]);
    expect(passing(cmp("s", "!=", "a"))).toEqual([2]);
    expect(passing({ kind: "and", operands: [] })).toEqual([0, 1, 2, 3]);
    expect(passing({ kind: "or", operands: [] })).toEqual([]);
    expect(passing(cmp("b", "=", true))).toEqual([0, 3]);
    expect(passing(cmp("b", "<", true))).toEqual([1]);
  });

  it("makes a missing field or a literal of another kind false, and leaves what it cannot match to DuckDB", () => {
    expect(passing(cmp("nope", "=", 1))).toEqual([]);
    expect(passing(cmp("s", "=", 1))).toEqual([]);
    expect(passing(cmp("f", "=", "a"))).toEqual([]);
    expect(passing(cmp("b", "=", 1n))).toEqual([]);
    // Strings order by UTF-8 bytes in DuckDB; huge integers meet floats as rounded doubles.
    expect(passing(cmp("s", "<", "b"))).toBeUndefined();
    expect(passing(cmp("f", ">", 2n ** 60n))).toBeUndefined();
    expect(passing({ kind: "and", operands: [cmp("f", ">", 0), cmp("s", ">=", "a")] })).toBeUndefined();
  });
});
