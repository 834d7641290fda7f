/** The experimental package, array conversions and types. */
import { describe, expect, it } from "vitest";
import { expectDocTables, queryTables } from "../test-support/tables.js";

async function value(imports: string[], expression: string): Promise<string | undefined> {
  const tables = await queryTables(`${imports.map((i) => `import "${i}"`).join("\n")}\nimport "array"\narray.from(rows: [{v: display(v: ${expression})}])`);
  return tables[0]?.rows[0]?.v;
}

const data = 'array.from(rows: [{_start: 2021-01-01T00:00:00Z, _time: 2021-01-01T00:00:30Z, host: "a", _value: 1.0}, {_start: 2021-01-01T00:00:00Z, _time: 2021-01-01T00:01:00Z, host: "b", _value: 2.0}])';

describe("experimental", () => {
  it("addDuration, subDuration, objectKeys", async () => {
    expect(await value(["experimental"], "experimental.addDuration(d: 1mo, to: 2021-01-31T00:00:00Z)")).toBe("2021-02-28T00:00:00Z");
    expect(await value(["experimental"], "experimental.subDuration(d: 12h, from: 2021-01-01T00:00:00Z)")).toBe("2020-12-31T12:00:00Z");
    expect(await value(["experimental"], "experimental.objectKeys(o: {a: 1, b: 2})")).toBe("[a, b]");
  });
  it("group extends the group key", async () => {
    await expectDocTables(`import "experimental"\nimport "array"\n${data} |> group(columns: ["host"]) |> experimental.group(columns: ["_start"], mode: "extend") |> keep(columns: ["host", "_start", "_value"])`, `| *_start | *host | _value |
       | 2021-01-01T00:00:00Z | a | 1 |

       | *_start | *host | _value |
       | 2021-01-01T00:00:00Z | b | 2 |`);
  });
  it("alignTime moves each table to start at alignTo", async () => {
    await expectDocTables(`import "experimental"\nimport "array"\n${data} |> experimental.alignTime(alignTo: 2000-01-01T00:00:00Z) |> keep(columns: ["_time"])`, `| _time |
       | 2000-01-01T00:00:30Z |
       | 2000-01-01T00:01:00Z |`);
  });
  it("set writes typed columns", async () => {
    await expectDocTables(`import "experimental"\nimport "array"\n${data} |> experimental.set(o: {n: 5, host: "z"}) |> keep(columns: ["host", "n"])`, `| host | n |
       | z | 5 |
       | z | 5 |`);
  });
  it("unpivot turns value columns into _field/_value rows", async () => {
    await expectDocTables('import "experimental"\nimport "array"\narray.from(rows: [{_time: 2021-01-01T00:00:00Z, cpu: 1.0, mem: 2.0}]) |> experimental.unpivot()', `| _time | *_field | _value |
       | 2021-01-01T00:00:00Z | cpu | 1 |

       | _time | *_field | _value |
       | 2021-01-01T00:00:00Z | mem | 2 |`);
  });
  it("chain runs the first stream, then returns the second", async () => {
    await expectDocTables('import "experimental"\nimport "array"\nexperimental.chain(first: array.from(rows: [{a: 1}]), second: array.from(rows: [{b: 2}]))', "| b |\n| 2 |");
  });
});

describe("array conversions and types", () => {
  it("converts every element", async () => {
    expect(await value(["array"], 'array.toInt(arr: ["1", "2"])')).toBe("[1, 2]");
    expect(await value(["array"], "array.toString(arr: [1.5, 2.0])")).toBe("[1.5, 2]");
  });
  it("types.isType and isNumeric", async () => {
    expect(await value(["types"], 'types.isType(v: "a", type: "string")')).toBe("true");
    expect(await value(["types"], 'types.isType(v: 1, type: "float")')).toBe("false");
    expect(await value(["types"], "types.isNumeric(v: uint(v: 1))")).toBe("true");
  });
});
