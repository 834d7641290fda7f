/** tableFind, getColumn, getRecord, findColumn, findRecord: tables read into values while the program runs. */
import { describe, expect, it } from "vitest";
import { FluxCompileError } from "../../runtime/errors.js";
import { execute, executeAsync } from "../../runtime/execute.js";
import { fixedNow } from "../../test-support/query.js";
import { queryTables } from "../../test-support/tables.js";

async function valueOf(program: string): Promise<string[]> {
  const tables = await queryTables(program);
  return tables.flatMap((t) => t.rows.map((r) => r.v ?? ""));
}

describe("reading tables into values", () => {
  it("findRecord returns the row at idx of the first table whose key matches (documented example)", async () => {
    const out = await valueOf(`import "sampledata"
import "array"
r = sampledata.int() |> findRecord(fn: (key) => key.tag == "t1", idx: 0)
array.from(rows: [{v: string(v: r._time) + " " + string(v: r._value) + " " + r.tag}])`);
    expect(out).toEqual(["2021-01-01T00:00:00Z -2 t1"]);
  });

  it("findRecord gives an empty record when no table matches or idx is out of bounds", async () => {
    const out = await valueOf(`import "sampledata"
import "array"
a = sampledata.int() |> findRecord(fn: (key) => key.tag == "none", idx: 0)
b = sampledata.int() |> findRecord(fn: (key) => true, idx: 99)
array.from(rows: [{v: string(v: exists a._value) + " " + string(v: exists b._value)}])`);
    expect(out).toEqual(["false false"]);
  });

  it("findColumn returns a column of the first matching table as an array, [] when none", async () => {
    const out = await valueOf(`import "sampledata"
import "array"
c = sampledata.int() |> findColumn(fn: (key) => key.tag == "t2", column: "_value")
d = sampledata.int() |> findColumn(fn: (key) => key.tag == "t9", column: "_value")
array.from(rows: [{v: string(v: length(arr: c)) + " " + string(v: c[0]) + " " + string(v: length(arr: d))}])`);
    expect(out).toEqual(["6 19 0"]);
  });

  it("tableFind |> getColumn and tableFind |> getRecord", async () => {
    const out = await valueOf(`import "sampledata"
import "array"
t = sampledata.int() |> tableFind(fn: (key) => key.tag == "t2")
col = t |> getColumn(column: "_value")
rec = t |> getRecord(idx: 1)
array.from(rows: [{v: string(v: col[5]) + " " + string(v: rec._value)}])`);
    expect(out).toEqual(["1 4"]);
  });

  it("values read from tables drive later transformations", async () => {
    const out = await valueOf(`import "sampledata"
import "array"
limit = (sampledata.int() |> max() |> findRecord(fn: (key) => key.tag == "t1", idx: 0))._value
sampledata.int() |> filter(fn: (r) => r._value >= limit) |> map(fn: (r) => ({v: r.tag + ":" + string(v: r._value)}))`);
    expect(out).toEqual(["t1:17", "t2:19", "t2:19"]);
  });

  it("errors: tableFind with no match, getColumn of a missing column, getRecord out of range", async () => {
    const run = (p: string) => executeAsync(`import "sampledata"\n${p}`, { now: fixedNow });
    await expect(run('x = sampledata.int() |> tableFind(fn: (key) => key.tag == "zz")')).rejects.toThrow(/no table found/);
    await expect(run('x = sampledata.int() |> tableFind(fn: (key) => true) |> getColumn(column: "nope")')).rejects.toThrow(/cannot find column nope/);
    await expect(run("x = sampledata.int() |> tableFind(fn: (key) => true) |> getRecord(idx: 6)")).rejects.toThrow(/index out of bounds/);
  });

  it("the synchronous execute reports that the query needs executeAsync", () => {
    expect(() => execute('import "sampledata"\nx = sampledata.int() |> findRecord(fn: (key) => true, idx: 0)', { now: fixedNow })).toThrow(FluxCompileError);
    expect(() => execute('import "sampledata"\nx = sampledata.int() |> findRecord(fn: (key) => true, idx: 0)', { now: fixedNow })).toThrow(/executeAsync/);
  });
});
