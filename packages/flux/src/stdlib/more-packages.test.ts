/** join, testing and interpolate packages, and nonNegativeDerivative. */
import { describe, expect, it } from "vitest";
import { expectDocTables, queryTables } from "../test-support/tables.js";

const left = 'array.from(rows: [{_time: 2021-01-01T00:00:00Z, id: "a", v: 1}, {_time: 2021-01-01T00:01:00Z, id: "b", v: 2}])';
const right = 'array.from(rows: [{_time: 2021-01-01T00:00:00Z, id: "a", w: 10.0}, {_time: 2021-01-01T00:02:00Z, id: "c", w: 30.0}])';
const prelude = 'import "array"\nimport "join"\n';

describe("join package", () => {
  it("inner joins rows where on holds, shaped by as", async () => {
    await expectDocTables(`${prelude}join.inner(left: ${left}, right: ${right}, on: (l, r) => l.id == r.id, as: (l, r) => ({id: l.id, v: l.v, w: r.w}))`, `| id | v | w |
       | a | 1 | 10 |`);
  });
  it("left, right and full joins pair unmatched rows with nulls", async () => {
    const as = "as: (l, r) => ({id: if exists l.id then l.id else r.id, v: l.v, w: r.w})";
    await expectDocTables(`${prelude}join.left(left: ${left}, right: ${right}, on: (l, r) => l.id == r.id, ${as})`, `| id | v | w |
       | a | 1 | 10 |
       | b | 2 | |`);
    await expectDocTables(`${prelude}join.right(left: ${left}, right: ${right}, on: (l, r) => l.id == r.id, ${as})`, `| id | v | w |
       | a | 1 | 10 |
       | c | | 30 |`);
    await expectDocTables(`${prelude}join.full(left: ${left}, right: ${right}, on: (l, r) => l.id == r.id, ${as})`, `| id | v | w |
       | a | 1 | 10 |
       | b | 2 | |
       | c | | 30 |`);
  });
  it("join.time joins on _time; join.tables takes the method", async () => {
    await expectDocTables(`${prelude}join.time(left: ${left}, right: ${right}, as: (l, r) => ({l with w: r.w}))`, `| _time | id | v | w |
       | 2021-01-01T00:00:00Z | a | 1 | 10 |`);
    await expectDocTables(`${prelude}join.tables(method: "inner", left: ${left}, right: ${right}, on: (l, r) => l.v == 2 and r.w == 30.0, as: (l, r) => ({x: l.id + r.id}))`, `| x |
       | bc |`);
  });
});

describe("testing package", () => {
  const a = 'array.from(rows: [{t: "x", v: 1.0}, {t: "y", v: 2.0}])';
  it("diff is empty for equal streams and marks differing rows among the unchanged ones, as the reference example shows", async () => {
    expect(await queryTables(`import "testing"\nimport "array"\ntesting.diff(got: ${a}, want: ${a})`)).toEqual([]);
    await expectDocTables(`import "testing"\nimport "array"\ntesting.diff(got: array.from(rows: [{t: "x", v: 1.0}, {t: "y", v: 3.0}]), want: ${a})`, `| _diff | t | v |
       |  | x | 1 |
       | - | y | 2 |
       | + | y | 3 |`);
  });
  it("assertEquals passes the stream through or fails; assertEmpty fails on rows", async () => {
    const rows = await queryTables(`import "testing"\nimport "array"\ntesting.assertEquals(name: "same", got: ${a}, want: ${a})`);
    expect(rows[0]?.rows).toHaveLength(2);
    await expect(queryTables(`import "testing"\nimport "array"\ntesting.assertEquals(name: "other", got: ${a}, want: ${a} |> limit(n: 1))`)).rejects.toThrow(/test other: unequal streams/);
    await expect(queryTables(`import "testing"\nimport "array"\n${a} |> testing.assertEmpty()`)).rejects.toThrow(/found 2 rows/);
    expect((await queryTables(`import "testing"\nimport "array"\n${a} |> filter(fn: (r) => false, onEmpty: "keep") |> testing.assertEmpty()`)).flatMap((t) => t.rows)).toEqual([]);
  });
});

describe("interpolate.linear", () => {
  it("inserts rows every interval with values on the line between points", async () => {
    await expectDocTables('import "interpolate"\nimport "array"\narray.from(rows: [{_time: 2021-01-01T00:00:00Z, _value: 10.0, k: "a"}, {_time: 2021-01-04T00:00:00Z, _value: 40.0, k: "a"}]) |> group(columns: ["k"]) |> interpolate.linear(every: 1d)', `| _time | _value | *k |
       | 2021-01-01T00:00:00Z | 10 | a |
       | 2021-01-02T00:00:00Z | 20 | a |
       | 2021-01-03T00:00:00Z | 30 | a |
       | 2021-01-04T00:00:00Z | 40 | a |`);
  });
});

describe("nonNegativeDerivative", () => {
  it("is derivative with nonNegative: true", async () => {
    await expectDocTables('import "array"\narray.from(rows: [{_time: 2021-01-01T00:00:00Z, _value: 10.0}, {_time: 2021-01-01T00:00:10Z, _value: 30.0}, {_time: 2021-01-01T00:00:20Z, _value: 5.0}]) |> nonNegativeDerivative(unit: 10s)', `| _time | _value |
       | 2021-01-01T00:00:10Z | 20 |
       | 2021-01-01T00:00:20Z | |`);
  });
});
