import { describe, expect, it } from "vitest";
import { parse } from "../index.js";
import { parseDuration } from "../values/duration.js";
import { parseTime } from "../values/time.js";
import { type FunctionValue, type Value, array, bool, duration, float, int, nullValue, record, string } from "../values/value.js";
import { FluxRuntimeError } from "./errors.js";
import { runFile } from "./program.js";

const prelude = new Map<string, Value>([
  ["true", bool(true)],
  ["false", bool(false)],
]);

function run(source: string, constants: ReadonlyMap<string, Value> = prelude) {
  const result = parse(source);
  expect(result.errors).toEqual([]);
  const file = result.package.files[0];
  if (file === undefined) throw new Error("no file");
  return runFile(file, constants);
}

/** The value of the last expression statement. */
const value = (source: string, constants?: ReadonlyMap<string, Value>): Value | undefined => run(source, constants).results.at(-1);

function runtimeError(source: string): string {
  try {
    value(source);
  } catch (error) {
    if (error instanceof FluxRuntimeError) return error.message;
    throw error;
  }
  throw new Error("expected a runtime error");
}

describe("evaluating expressions", () => {
  it("does arithmetic within one numeric kind", () => {
    expect(value("1 + 2 * 3")).toEqual(int(7n));
    expect(value("7 / 2")).toEqual(int(3n));
    expect(value("-7 % 3")).toEqual(int(-1n));
    expect(value("1.5 * 2.0")).toEqual(float(3));
    expect(value("2 ^ 3")).toEqual(float(8));
    expect(value('"a" + "b"')).toEqual(string("ab"));
    expect(value("9223372036854775807 + 1")).toEqual(int(-9223372036854775808n));
  });

  it("reports mixed kinds and division by zero at the expression", () => {
    expect(runtimeError("1 + 1.0")).toBe("error @1:1-1:8: unsupported binary expression int + float");
    expect(runtimeError("x = 0\n1 / x")).toBe("error @2:1-2:6: cannot divide by zero");
  });

  it("compares numbers across kinds, strings, times and regular expressions", () => {
    expect(value("1 < 1.5")).toEqual(bool(true));
    expect(value('"abc" < "abd"')).toEqual(bool(true));
    // By UTF-8 bytes as Go compares: a character above U+FFFF after U+FF21 (UTF-16 units say before).
    expect(value('"\u{1F600}" > "\uFF21"')).toEqual(bool(true));
    expect(value("2021-01-01 < 2021-01-02T00:00:00Z")).toEqual(bool(true));
    expect(value('"web-12" =~ /^web-\\d+$/')).toEqual(bool(true));
    expect(value('"db-1" !~ /^web/')).toEqual(bool(true));
    expect(value('"ABC" =~ /(?i)abc/')).toEqual(bool(true));
    expect(value("1 == 1.0")).toEqual(bool(true));
  });

  it("short-circuits and/or and propagates null through comparisons", () => {
    expect(value("r = {a: 1}\nexists r.b and r.b > 0")).toEqual(bool(false));
    expect(value("r = {a: 1}\nr.b > 0")).toEqual(nullValue);
    expect(value("r = {a: 1}\nnot exists r.b or r.b > 0")).toEqual(bool(true));
    expect(value("true and not false")).toEqual(bool(true));
  });

  it("builds records, extends them with `with`, and reads members", () => {
    expect(value('r = {a: 1, "b c": 2}\n{r with a: 10, d: r["b c"]}')).toEqual(
      record([
        ["a", int(10n)],
        ["b c", int(2n)],
        ["d", int(2n)],
      ]),
    );
    expect(value("a = 1\n{a}")).toEqual(record([["a", int(1n)]]));
  });

  it("indexes arrays and reports out-of-range indexes", () => {
    expect(value("[10, 20, 30][1]")).toEqual(int(20n));
    expect(runtimeError("[1][3]")).toBe("error @1:1-1:7: cannot access element 3 of array of length 1");
  });

  it("interpolates strings", () => {
    expect(value('x = 5\nd = 1h30m\n"x=${x} d=${d} t=${2021-01-01}"')).toEqual(string("x=5 d=1h30m t=2021-01-01T00:00:00Z"));
  });

  it("evaluates conditionals and unary minus on durations", () => {
    expect(value('x = 3\nif x > 2 then "big" else "small"')).toEqual(string("big"));
    expect(value("-1h")).toEqual(duration(parseDuration("-1h")));
  });

  it("calls functions with named arguments, defaults and closures", () => {
    expect(value("add = (a, b=10) => a + b\nadd(a: 1)")).toEqual(int(11n));
    expect(value("add = (a, b=10) => a + b\nadd(a: 1, b: 2)")).toEqual(int(3n));
    expect(value("k = 3\nmul = (x) => x * k\nmul(x: 4)")).toEqual(int(12n));
    expect(value("f = (x) => {\n  y = x * 2\n  return y + 1\n}\nf(x: 5)")).toEqual(int(11n));
    expect(value("make = (n) => (x) => x + n\nadd2 = make(n: 2)\nadd2(x: 40)")).toEqual(int(42n));
    expect(runtimeError("f = (a) => a\nf()")).toBe("error @1:5-1:13: missing required argument a");
  });

  it("passes the piped value to the `<-` parameter", () => {
    expect(value("double = (v=<-) => v * 2\n21 |> double()")).toEqual(int(42n));
    expect(value("scale = (tables=<-, by) => tables * by\n2 |> scale(by: 5) |> scale(by: 3)")).toEqual(int(30n));
    expect(runtimeError("f = (a) => a\n1 |> f(a: 1)")).toBe("error @2:1-2:13: function anonymous does not take a piped argument");
  });

  it("calls functions the standard library provides", () => {
    const length: FunctionValue = {
      kind: "function",
      name: "length",
      call: (args) => {
        const arr = args.get("arr");
        if (arr?.kind !== "array") throw new Error("arr must be an array");
        return int(BigInt(arr.elements.length));
      },
    };
    const constants = new Map<string, Value>([...prelude, ["length", length]]);
    expect(value("length(arr: [1, 2, 3])", constants)).toEqual(int(3n));
    expect(() => value("length(arr: 1)", constants)).toThrow('error @1:1-1:15: error calling function "length": arr must be an array');
  });

  it("keeps file variables and options as bindings", () => {
    const { bindings } = run('option now = () => 2020-01-01T00:00:00Z\nx = [1, 2]\ny = now()');
    expect(bindings.get("x")).toEqual(array([int(1n), int(2n)]));
    expect(bindings.get("y")).toEqual({ kind: "time", value: parseTime("2020-01-01T00:00:00Z") });
  });

  it("compiles a row function once and runs it fast", () => {
    const fn = value('(r) => r._measurement == "cpu" and r._value * 2.0 > 10.0');
    if (fn?.kind !== "function") throw new Error("expected a function");
    const rows = Array.from({ length: 100_000 }, (_, i) =>
      record([
        ["_measurement", string(i % 2 === 0 ? "cpu" : "mem")],
        ["_value", float(i % 10)],
      ]),
    );
    const before = process.cpuUsage();
    let kept = 0;
    for (const r of rows) {
      const verdict = fn.call(new Map([["r", r]]));
      if (verdict.kind === "bool" && verdict.value) kept++;
    }
    const used = process.cpuUsage(before);
    // Only even rows are "cpu", and of those _value 6 and 8 pass: 2 in every 10 rows.
    expect(kept).toBe(20_000);
    expect((used.user + used.system) / 1000).toBeLessThan(1000);
  });
});
