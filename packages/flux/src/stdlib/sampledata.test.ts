/** sampledata: the documented data sets and their null variants. */
import { describe, expect, it } from "vitest";
import { expectDocTables, queryTables } from "../test-support/tables.js";

describe("sampledata", () => {
  it("string, bool and uint sets", async () => {
    const first = async (set: string) => (await queryTables(`import "sampledata"\nsampledata.${set}() |> first()`)).map((t) => t.rows[0]?._value);
    expect(await first("string")).toEqual(["smpl_g9qczs", "smpl_b5eida"]);
    expect(await first("bool")).toEqual(["true", "false"]);
    expect(await first("uint")).toEqual(["18446744073709551614", "19"]);
    expect(await first("numericBool")).toEqual(["1", "0"]);
  });
  it("includeNull blanks the documented rows; start and stop bound the data", async () => {
    await expectDocTables('import "sampledata"\nsampledata.int(includeNull: true) |> filter(fn: (r) => r.tag == "t2")', `| _time | _value | *tag |
       | 2021-01-01T00:00:00Z | | t2 |
       | 2021-01-01T00:00:10Z | 4 | t2 |
       | 2021-01-01T00:00:20Z | -3 | t2 |
       | 2021-01-01T00:00:30Z | 19 | t2 |
       | 2021-01-01T00:00:40Z | | t2 |
       | 2021-01-01T00:00:50Z | 1 | t2 |`);
    const rows = await queryTables('import "sampledata"\nimport "array"\narray.from(rows: [{a: sampledata.start, b: sampledata.stop}])');
    expect(rows[0]?.rows[0]).toEqual({ a: "2021-01-01T00:00:00Z", b: "2021-01-01T00:01:00Z" });
  });
});
