/** The array and dict packages, and display(), against their reference examples. */
import { describe, expect, it } from "vitest";
import { expectExample, scalar } from "./test-support/doc-example.js";

const values = (...vs: number[]): string => `| _value:int |\n${vs.map((v) => `| ${v} |`).join("\n")}`;

describe("array", () => {
  it("from builds a table from records", async () => {
    await expectExample('import "array"\narray.from(rows: [{foo: "bar", baz: 21.2}, {foo: "bar", baz: 23.8}])', "| foo:string | baz:float |\n| bar | 21.2 |\n| bar | 23.8 |");
  });

  it("from unions with other tables", async () => {
    await expectExample('import "array"\nunion(tables: [array.from(rows: [{_value: "a"}]), array.from(rows: [{_value: "*"}])])', "| _value:string |\n| a |\n| * |");
  });

  it("concat, filter and map", async () => {
    await expectExample('import "array"\nc = [1, 2, 3] |> array.concat(v: [4, 5, 6])\narray.from(rows: c |> array.map(fn: (x) => ({_value: x})))', values(1, 2, 3, 4, 5, 6));
    await expectExample('import "array"\nb = [1, 2, 3, 4, 5] |> array.filter(fn: (x) => x >= 3)\narray.from(rows: b |> array.map(fn: (x) => ({_value: x})))', values(3, 4, 5));
    await expectExample('import "array"\narray.from(rows: [1, 2, 3, 4, 5] |> array.map(fn: (x) => ({_value: x})))', values(1, 2, 3, 4, 5));
  });
});

describe("dict", () => {
  const shown = async (expression: string) => (await scalar(`display(v: ${expression})`, ["dict"])).value;

  it("fromList, get, insert (adding or overwriting) and remove", async () => {
    expect(await shown('dict.fromList(pairs: [{key: 1, value: "foo"}, {key: 2, value: "bar"}])')).toBe("[1: foo, 2: bar]");
    expect(await scalar('dict.get(dict: [1: "foo", 2: "bar"], key: 1, default: "")', ["dict"])).toEqual({ value: "foo", type: "string" });
    expect(await scalar('dict.get(dict: [1: "foo", 2: "bar"], key: 3, default: "none")', ["dict"])).toEqual({ value: "none", type: "string" });
    expect(await shown('dict.insert(dict: [1: "foo", 2: "bar"], key: 3, value: "baz")')).toBe("[1: foo, 2: bar, 3: baz]");
    expect(await shown('dict.insert(dict: [1: "foo", 2: "bar"], key: 2, value: "baz")')).toBe("[1: foo, 2: baz]");
    expect(await shown('dict.remove(dict: [1: "foo", 2: "bar"], key: 1)')).toBe("[2: bar]");
  });
});

describe("display", () => {
  it("writes records, arrays, dictionaries and bytes as literals", async () => {
    await expectExample(
      'import "array"\narray.from(rows: [{dict: display(v: ["a": 1, "b": 2]), record: display(v: {x: 1, y: 2}), array: display(v: [5, 6, 7])}])',
      "| dict:string | record:string | array:string |\n| [a: 1, b: 2] | {x: 1, y: 2} | [5, 6, 7] |",
    );
    expect((await scalar("display(v: {a: 1, b: 2, c: 3})")).value).toBe("{a: 1, b: 2, c: 3}");
    expect((await scalar('display(v: bytes(v: "abc"))')).value).toBe("0x616263");
  });

  it("a composite value spreads over lines, its keys in order", async () => {
    const text = (await scalar('display(v: {bytes: bytes(v: "abc"), string: "str", array: [1, 2, 3], dict: ["a": 1, "b": 2, "c": 3]})')).value;
    expect(text.split("\n").map((l) => l.trim())).toEqual(["{", "array: [1, 2, 3],", "bytes: 0x616263,", "dict: [a: 1, b: 2, c: 3],", "string: str", "}"]);
  });
});

describe("display layout", () => {
  it("puts more than three parts one a line, four spaces a level; floats as Go's %v", async () => {
    expect((await scalar("display(v: [1, 2, 3, 4])")).value).toBe("[\n    1, \n    2, \n    3, \n    4\n]");
    expect((await scalar("display(v: {d: 4, c: 3, b: 2, a: [1, 2, 3, 4]})")).value).toBe("{\n    a: [\n        1, \n        2, \n        3, \n        4\n    ],\n    b: 2,\n    c: 3,\n    d: 4\n}");
    expect((await scalar("display(v: [1234567.0, 0.00001, 123456.5])")).value).toBe("[1.234567e+06, 1e-05, 123456.5]");
  });
});
