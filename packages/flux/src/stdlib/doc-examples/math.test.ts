/** The math package against its reference examples. */
import { describe, expect, it } from "vitest";
import { expectExample, scalar } from "./test-support/doc-example.js";

const times = [0, 10, 20, 30, 40, 50].map((s) => `2021-01-01T00:00:${String(s).padStart(2, "0")}Z`);
const data = 'import "math"\nimport "sampledata"\nsampledata.float()';
/** sampledata.float() with the documented extra columns, per tag. */
const perRow = (header: string, cells: Record<"t1" | "t2", readonly string[]>): string =>
  (["t1", "t2"] as const).map((tag) => `| _time | *tag | ${header} |\n${cells[tag].map((c, i) => `| ${times[i]} | ${tag} | ${c} |`).join("\n")}`).join("\n\n");
/** The two tags' values side by side (t1, t2 columns), as the reference's two-argument examples use them. */
const paired = `${data} |> pivot(rowKey: ["_time"], columnKey: ["tag"], valueColumn: "_value")`;
const value = (expression: string) => scalar(expression, ["math"]);

describe("math", () => {
  it("round rounds half away from zero", async () => {
    expect(await value("math.round(x: 2.12)")).toEqual({ value: "2", type: "float" });
    await expectExample(`${data} |> map(fn: (r) => ({r with _value: math.round(x: r._value)}))`, perRow("_value:float", { t1: ["-2", "11", "7", "18", "15", "4"], t2: ["20", "5", "-4", "20", "14", "2"] }));
  });

  it("mod keeps the sign of x; remainder rounds the quotient to nearest", async () => {
    expect(await value("math.mod(x: 4.56, y: 1.23)")).toEqual({ value: "0.8699999999999997", type: "float" });
    expect(await value("math.remainder(x: 21.0, y: 4.0)")).toEqual({ value: "1", type: "float" });
    const rows = (values: string[]) => `| _time | _value:float |\n${values.map((v, i) => `| ${times[i]} | ${v} |`).join("\n")}`;
    await expectExample(
      `${paired} |> map(fn: (r) => ({_time: r._time, _value: math.mod(x: r.t1, y: r.t2)}))`,
      rows(["-2.18", "0.9800000000000004", "3.5999999999999996", "17.53", "1.370000000000001", "0.7099999999999995"]),
    );
    await expectExample(
      `${paired} |> map(fn: (r) => ({_time: r._time, _value: math.remainder(x: r.t1, y: r.t2)}))`,
      rows(["-2.18", "0.9800000000000004", "-0.15000000000000036", "-2.2399999999999984", "1.370000000000001", "0.7099999999999995"]),
    );
  });

  it("frexp, modf and lgamma return records", async () => {
    expect(await value("math.frexp(f: 22.0).exp")).toEqual({ value: "5", type: "int" });
    expect(await value("math.frexp(f: 22.0).frac")).toEqual({ value: "0.6875", type: "float" });
    await expectExample(
      `${data} |> map(fn: (r) => { result = math.frexp(f: r._value)\n return {r with exp: result.exp, frac: result.frac} })`,
      perRow("_value:float | exp:int | frac:float", {
        t1: ["-2.18 | 2 | -0.545", "10.92 | 4 | 0.6825", "7.35 | 3 | 0.91875", "17.53 | 5 | 0.5478125", "15.23 | 4 | 0.951875", "4.43 | 3 | 0.55375"],
        t2: ["19.85 | 5 | 0.6203125", "4.97 | 3 | 0.62125", "-3.75 | 2 | -0.9375", "19.77 | 5 | 0.6178125", "13.86 | 4 | 0.86625", "1.86 | 1 | 0.93"],
      }),
    );
    expect(await value("math.modf(f: 3.14).frac")).toEqual({ value: "0.14000000000000012", type: "float" });
    expect(await value("math.modf(f: 3.14).int")).toEqual({ value: "3", type: "float" });
    const fracs = ["-0.18000000000000016", "0.9199999999999999", "0.34999999999999964", "0.5300000000000011", "0.23000000000000043", "0.4299999999999997", "0.8500000000000014", "0.9699999999999998", "-0.75", "0.7699999999999996", "0.8599999999999994", "0.8600000000000001"];
    const ints = ["-2", "10", "7", "17", "15", "4", "19", "4", "-3", "19", "13", "1"];
    await expectExample(
      `${data} |> map(fn: (r) => { result = math.modf(f: r._value)\n return {_time: r._time, int: result.int, frac: result.frac} })`,
      `| _time | frac:float | int:float |\n${fracs.map((f, i) => `| ${times[i % 6]} | ${f} | ${ints[i]} |`).join("\n")}`,
    );
    // lgamma: Go's fdlibm port and our Lanczos sum differ in the last bits, so values are compared to 1e-13.
    expect(Number((await value("math.lgamma(x: 3.14).lgamma")).value)).toBeCloseTo(0.8261387047770286, 13);
    expect(await value("math.lgamma(x: 3.14).sign")).toEqual({ value: "1", type: "int" });
    const documented: [number, number, number][] = [
      [-2.18, 0.9031727084064437, -1], [10.92, 14.916577673425685, 1], [7.35, 7.243966588004043, 1], [17.53, 32.16614206633506, 1],
      [15.23, 25.808134773211734, 1], [4.43, 2.3571285321490905, 1], [19.85, 38.8948838691485, 1], [4.97, 3.132970115904918, 1],
      [-3.75, -1.3172679424463634, 1], [19.77, 38.65802514327764, 1], [13.86, 22.188483434123324, 1], [1.86, -0.052676311706898016, 1],
    ];
    for (const [x, lgamma, sign] of documented) {
      expect(Number((await value(`math.lgamma(x: ${x}).lgamma`)).value)).toBeCloseTo(lgamma, 13);
      expect(await value(`math.lgamma(x: ${x}).sign`)).toEqual({ value: String(sign), type: "int" });
    }
    // Γ(200.5) overflows a float, its logarithm does not.
    expect(Number((await value("math.lgamma(x: 200.5).lgamma")).value)).toBeCloseTo(860.5822035097825, 9);
  });

  it("float64bits gives the IEEE 754 bits as a uint; ilogb the binary exponent", async () => {
    expect(await value("math.float64bits(f: 1234.56)")).toEqual({ value: "4653144467747100426", type: "uint" });
    await expectExample(
      `${data} |> map(fn: (r) => ({r with _value: math.float64bits(f: r._value)}))`,
      perRow("_value:uint", {
        t1: ["13835463379248627057", "4622337031546119127", "4619961382742681190", "4625627474023866696", "4624763345845364982", "4616673755014700728"],
        t2: ["4626280495969835418", "4617281740964395745", "13838998704956112896", "4626257977971698565", "4623992104409177784", "4611055514479556035"],
      }),
    );
    expect(await value("math.ilogb(x: 123.45)")).toEqual({ value: "6", type: "int" });
    await expectExample(`${data} |> map(fn: (r) => ({r with _value: math.ilogb(x: r._value)}))`, perRow("_value:int", { t1: ["1", "3", "2", "4", "3", "2"], t2: ["4", "2", "1", "4", "3", "0"] }));
  });
});
