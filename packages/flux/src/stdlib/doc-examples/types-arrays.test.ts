/** types.isType / isNumeric and experimental/array conversions against their reference examples. */
import { describe, expect, it } from "vitest";
import { expectExample, scalar } from "./test-support/doc-example.js";

describe("types", () => {
  it("isType keeps the string-valued table", async () => {
    const rows = (field: string, values: string[]) => values.map((v, i) => `{_time: 2022-01-01T00:0${i}:00Z, _field: "${field}", _value: ${v}}`);
    await expectExample(
      `import "array"\nimport "types"
       union(tables: [
         array.from(rows: [${rows("foo", ["12", "15", "9"]).join(", ")}]) |> group(columns: ["_field"]),
         array.from(rows: [${rows("bar", ['"0jCcsMYM"', '"jHvuDw35"', '"HE5uCIC2"']).join(", ")}]) |> group(columns: ["_field"]),
       ])
         |> filter(fn: (r) => types.isType(v: r._value, type: "string"))`,
      "| _time | *_field | _value:string |\n| 2022-01-01T00:00:00Z | bar | 0jCcsMYM |\n| 2022-01-01T00:01:00Z | bar | jHvuDw35 |\n| 2022-01-01T00:02:00Z | bar | HE5uCIC2 |",
    );
  });

  it("isType names every basic type; isNumeric accepts int, uint and float", async () => {
    for (const [v, type] of [["1", "int"], ["uint(v: 1)", "uint"], ["1.0", "float"], ['"a"', "string"], ["true", "bool"], ["now()", "time"], ["1s", "duration"], ["/a/", "regexp"], ['bytes(v: "a")', "bytes"]])
      expect(await scalar(`types.isType(v: ${v}, type: "${type}")`, ["types"]), type).toEqual({ value: "true", type: "bool" });
    expect(await scalar('types.isType(v: 1, type: "float")', ["types"])).toEqual({ value: "false", type: "bool" });
    expect(await scalar("types.isNumeric(v: 1.5)", ["types"])).toEqual({ value: "true", type: "bool" });
    expect(await scalar('types.isNumeric(v: "1")', ["types"])).toEqual({ value: "false", type: "bool" });
  });
});

describe("experimental/array conversions", () => {
  it("toDuration reads nanoseconds", async () => {
    const { value } = await scalar('display(v: array.toDuration(arr: [80000000000, 56000000000, 132000000000]))', ["experimental/array"]);
    expect(value).toBe("[1m20s, 56s, 2m12s]");
  });

  it("toInt, toFloat, toString and toBool convert every element", async () => {
    expect((await scalar("display(v: array.toInt(arr: [12.1, 24.2, 36.3]))", ["experimental/array"])).value).toBe("[12, 24, 36]");
    expect((await scalar("display(v: array.toFloat(arr: [12, 24, 36]))", ["experimental/array"])).value).toBe("[12, 24, 36]");
    expect((await scalar("display(v: array.toString(arr: [12, 24, 36]))", ["experimental/array"])).value).toBe("[12, 24, 36]");
    expect((await scalar("display(v: array.toBool(arr: [1, 0, 1]))", ["experimental/array"])).value).toBe("[true, false, true]");
  });
});
