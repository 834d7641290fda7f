/** Type conversions (int, uint, float, bool, string, time, duration and the to* transformations) against their reference examples. */
import { describe, expect, it } from "vitest";
import { expectExample, scalar } from "./test-support/doc-example.js";

const ints = { t1: [-2, 10, 7, 17, 15, 4], t2: [19, 4, -3, 19, 13, 1] };
const times = [0, 10, 20, 30, 40, 50].map((s) => `2021-01-01T00:00:${String(s).padStart(2, "0")}Z`);
/** Two sample-shaped tables whose `_value` cells are `cell(tag, row)`, typed `type`. */
const perRow = (type: string, cell: (tag: "t1" | "t2", i: number) => string): string =>
  (["t1", "t2"] as const).map((tag) => `| _time | _value:${type} | *tag |\n${times.map((t, i) => `| ${t} | ${cell(tag, i)} | ${tag} |`).join("\n")}`).join("\n\n");

describe("scalar conversions", () => {
  it("int truncates floats and reads strings, bools, durations and times", async () => {
    expect(await scalar("int(v: 10.12)")).toEqual({ value: "10", type: "int" });
    expect(await scalar('int(v: "3")')).toEqual({ value: "3", type: "int" });
    expect(await scalar("int(v: true)")).toEqual({ value: "1", type: "int" });
    // The reference prints 160000000000 for 1m, a typo: a minute is 60,000,000,000 ns.
    expect(await scalar("int(v: 1m)")).toEqual({ value: "60000000000", type: "int" });
    expect(await scalar("int(v: 2022-01-01T00:00:00Z)")).toEqual({ value: "1640995200000000000", type: "int" });
  });

  it("uint wraps negative integers", async () => {
    expect(await scalar('uint(v: "3")')).toEqual({ value: "3", type: "uint" });
    expect(await scalar("uint(v: 1m)")).toEqual({ value: "60000000000", type: "uint" });
    expect(await scalar("uint(v: 2022-01-01T00:00:00Z)")).toEqual({ value: "1640995200000000000", type: "uint" });
    expect(await scalar("uint(v: 10.12)")).toEqual({ value: "10", type: "uint" });
    expect(await scalar("uint(v: -100)")).toEqual({ value: "18446744073709551516", type: "uint" });
  });

  it("float reads decimal and scientific strings", async () => {
    expect(await scalar('float(v: "3.14")')).toEqual({ value: "3.14", type: "float" });
    expect(await scalar('float(v: "1.23e+20")')).toEqual({ value: "123000000000000000000", type: "float" });
    expect(await scalar('float(v: "10")')).toEqual({ value: "10", type: "float" });
  });

  it("bool reads strings and numbers", async () => {
    for (const [expression, value] of [
      ['"true"', "true"],
      ['"false"', "false"],
      ["1.0", "true"],
      ["0.0", "false"],
      ["1", "true"],
      ["0", "false"],
      ["uint(v: 1)", "true"],
      ["uint(v: 0)", "false"],
    ])
      expect(await scalar(`bool(v: ${expression})`)).toEqual({ value, type: "bool" });
  });

  it("string writes bools, durations, times and floats", async () => {
    expect(await scalar("string(v: true)")).toEqual({ value: "true", type: "string" });
    expect(await scalar("string(v: 1m)")).toEqual({ value: "1m", type: "string" });
    expect(await scalar("string(v: 2021-01-01T00:00:00Z)")).toEqual({ value: "2021-01-01T00:00:00Z", type: "string" });
    expect(await scalar("string(v: 10.12)")).toEqual({ value: "10.12", type: "string" });
  });

  it("time reads RFC3339 strings and nanosecond integers; duration reads literals and nanoseconds", async () => {
    expect(await scalar('time(v: "2021-01-01T00:00:00Z")')).toEqual({ value: "2021-01-01T00:00:00Z", type: "time" });
    expect(await scalar("time(v: 1640995200000000000)")).toEqual({ value: "2022-01-01T00:00:00Z", type: "time" });
    expect(await scalar('string(v: duration(v: "1h20m"))')).toEqual({ value: "1h20m", type: "string" });
    expect(await scalar("string(v: duration(v: 4800000000000))")).toEqual({ value: "1h20m", type: "string" });
    expect(await scalar("string(v: duration(v: uint(v: 9600000000000)))")).toEqual({ value: "2h40m", type: "string" });
  });
});

describe("column conversions", () => {
  it("map with int(), uint(), float(), string() and time() converts another column", async () => {
    await expectExample(
      'import "sampledata"\nsampledata.float() |> map(fn: (r) => ({r with _value: int(v: r._value)}))',
      perRow("int", (tag, i) => String(ints[tag][i])),
    );
    await expectExample(
      'import "sampledata"\nsampledata.int() |> map(fn: (r) => ({r with _value: uint(v: r._value)}))',
      perRow("uint", (tag, i) => String(BigInt.asUintN(64, BigInt(ints[tag][i] ?? 0)))),
    );
    await expectExample(
      'import "sampledata"\nsampledata.int() |> map(fn: (r) => ({r with _value: time(v: r._value * 1000000000)}))',
      perRow("time", (tag, i) => new Date((ints[tag][i] ?? 0) * 1000).toISOString().replace(".000Z", "Z")),
    );
    await expectExample(
      'import "sampledata"\nsampledata.float() |> map(fn: (r) => ({r with _value: string(v: r._value)}))',
      perRow("string", (tag, i) => ({ t1: ["-2.18", "10.92", "7.35", "17.53", "15.23", "4.43"], t2: ["19.85", "4.97", "-3.75", "19.77", "13.86", "1.86"] })[tag][i] ?? ""),
    );
  });

  it("a duration column is written as strings", async () => {
    await expectExample(
      `import "array"
       array.from(rows: [{_time: 2022-01-01T05:00:00Z, tag: "t1", _value: -27000000}, {_time: 2022-01-01T09:00:10Z, tag: "t1", _value: 12000000}])
         |> map(fn: (r) => ({r with _value: string(v: duration(v: r._value))}))`,
      `| _time | tag | _value:string |
       | 2022-01-01T05:00:00Z | t1 | -27ms |
       | 2022-01-01T09:00:10Z | t1 | 12ms |`,
    );
  });

  it("toBool, toUInt, toFloat, toString and toTime convert _value", async () => {
    const bools = { t1: [1, 1, 0, 1, 0, 0], t2: [0, 1, 0, 1, 1, 0] };
    await expectExample('import "sampledata"\nsampledata.numericBool() |> toBool()', perRow("bool", (tag, i) => String(bools[tag][i] === 1)));
    await expectExample('import "sampledata"\nsampledata.bool() |> toUInt()', perRow("uint", (tag, i) => String(bools[tag][i])));
    await expectExample('import "sampledata"\nsampledata.float() |> toUInt()', perRow("uint", (tag, i) => String(BigInt.asUintN(64, BigInt(ints[tag][i] ?? 0)))));
    await expectExample('import "sampledata"\nsampledata.uint() |> toUInt()', perRow("uint", (tag, i) => String(BigInt.asUintN(64, BigInt(ints[tag][i] ?? 0)))));
    await expectExample('import "sampledata"\nsampledata.int() |> toFloat()', perRow("float", (tag, i) => String(ints[tag][i])));
    await expectExample('import "sampledata"\nsampledata.int() |> toString()', perRow("string", (tag, i) => String(ints[tag][i])));
    await expectExample(
      'import "sampledata"\nsampledata.int() |> map(fn: (r) => ({r with _value: r._value * 10000000000000000})) |> toTime()',
      perRow("time", (tag, i) => ({ t1: ["1969-05-14T12:26:40Z", "1973-03-03T09:46:40Z", "1972-03-21T04:26:40Z", "1975-05-22T14:13:20Z", "1974-10-03T02:40:00Z", "1971-04-08T23:06:40Z"], t2: ["1976-01-09T01:46:40Z", "1971-04-08T23:06:40Z", "1969-01-18T18:40:00Z", "1976-01-09T01:46:40Z", "1974-02-13T15:06:40Z", "1970-04-26T17:46:40Z"] })[tag][i] ?? ""),
    );
  });
});

describe("bins", () => {
  const listed = async (expression: string) => (await scalar(`strings.joinStr(arr: array.map(arr: ${expression}, fn: (x) => string(v: x)), v: ",")`, ["strings", "array"])).value;

  it("logarithmicBins and linearBins end with +Inf unless told not to", async () => {
    expect(await listed("logarithmicBins(start: 1.0, factor: 2.0, count: 10, infinity: true)")).toBe("1,2,4,8,16,32,64,128,256,512,+Inf");
    expect(await listed("linearBins(start: 0.0, width: 10.0, count: 10)")).toBe("0,10,20,30,40,50,60,70,80,90,+Inf");
    expect(await listed("linearBins(start: 0.0, width: 10.0, count: 3, infinity: false)")).toBe("0,10,20");
  });
});
