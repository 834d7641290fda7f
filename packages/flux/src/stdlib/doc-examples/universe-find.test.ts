/** findRecord, findColumn, tableFind, getColumn and getRecord against their reference examples. */
import { describe, expect, it } from "vitest";
import { scalar } from "./test-support/doc-example.js";

const value = (expression: string) => scalar(expression, ["sampledata", "strings"]);

describe("finding values in tables", () => {
  it("findRecord returns a row of the first table whose key matches", async () => {
    expect(await value('display(v: sampledata.int() |> findRecord(fn: (key) => key.tag == "t1", idx: 0))')).toEqual({ value: "{_time: 2021-01-01T00:00:00Z, _value: -2, tag: t1}", type: "string" });
  });

  it("findColumn and tableFind |> getColumn return a column as an array", async () => {
    const joined = (expression: string) => value(`strings.joinStr(arr: array.map(arr: ${expression}, fn: (x) => string(v: x)), v: ",")`);
    expect(await joined('sampledata.int() |> findColumn(fn: (key) => key.tag == "t1", column: "_value")')).toEqual({ value: "-2,10,7,17,15,4", type: "string" });
    expect(await joined('sampledata.int() |> tableFind(fn: (key) => key.tag == "t1") |> getColumn(column: "_value")')).toEqual({ value: "-2,10,7,17,15,4", type: "string" });
    expect(await joined('sampledata.int() |> keys() |> findColumn(fn: (key) => true, column: "_value")')).toEqual({ value: "tag", type: "string" });
  });

  it("getColumn's array can be shown in a table with display (six elements: one a line)", async () => {
    expect(await value('display(v: sampledata.int() |> tableFind(fn: (key) => key.tag == "t1") |> getColumn(column: "_value"))')).toEqual({
      value: "[\n    -2, \n    10, \n    7, \n    17, \n    15, \n    4\n]",
      type: "string",
    });
  });

  it("tableFind |> getRecord returns a row record", async () => {
    expect(await value('(sampledata.int() |> tableFind(fn: (key) => key.tag == "t2") |> getRecord(idx: 1))._value')).toEqual({ value: "4", type: "int" });
  });
});
