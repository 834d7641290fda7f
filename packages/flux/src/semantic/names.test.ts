import { describe, expect, it } from "vitest";
import { parse } from "../index.js";
import { importName, resolveNames } from "./names.js";

const environment = {
  prelude: new Set(["from", "range", "filter", "map", "yield", "true", "false", "now", "mean", "aggregateWindow"]),
  packageExists: (path: string) => ["strings", "experimental", "influxdata/influxdb/v1"].includes(path),
};

const errorsOf = (source: string): string[] =>
  resolveNames(parse(source).package, environment).map((e) => e.formatted);

describe("name resolution", () => {
  it("accepts a realistic query", () => {
    expect(
      errorsOf(`import "strings"
import "influxdata/influxdb/v1"
option task = {name: "t", every: 1h}
up = (s) => strings.toUpper(v: s)
from(bucket: "b")
    |> range(start: -task.every)
    |> filter(fn: (r) => r._measurement == up(s: "cpu") and exists r.host)
    |> v1.fieldsAsCols()
    |> map(fn: (r) => ({r with unit: "x"}))
    |> aggregateWindow(every: 1m, fn: mean)
    |> yield()`),
    ).toEqual([]);
  });

  it("reports an unknown name at the identifier", () => {
    expect(errorsOf('fro(bucket: "b")')).toEqual(["error @1:1-1:4: undefined identifier fro"]);
    expect(errorsOf("x = y + 1")).toEqual(["error @1:5-1:6: undefined identifier y"]);
  });

  it("binds names in order: a name read before its assignment is undefined", () => {
    expect(errorsOf("a = b\nb = 1")).toEqual(["error @1:5-1:6: undefined identifier b"]);
    expect(errorsOf("b = 1\na = b")).toEqual([]);
  });

  it("scopes parameters and block assignments to their function", () => {
    expect(errorsOf("f = (x, y=1) => { z = x + y\n return z }\nw = z")).toEqual([
      "error @3:5-3:6: undefined identifier z",
    ]);
    expect(errorsOf("f = (tables=<-, n) => tables |> filter(fn: (r) => r.v > n)")).toEqual([]);
  });

  it("evaluates parameter defaults outside the function", () => {
    expect(errorsOf("f = (a, b=a) => b")).toEqual(["error @1:11-1:12: undefined identifier a"]);
  });

  it("treats shorthand record fields and `with` sources as reads", () => {
    expect(errorsOf("r = {a}")).toEqual(["error @1:6-1:7: undefined identifier a"]);
    expect(errorsOf("r = {s with a: 1}")).toEqual(["error @1:6-1:7: undefined identifier s"]);
    expect(errorsOf("a = 1\nr = {a, b: a}")).toEqual([]);
  });

  it("checks imports and names them by alias or last path segment", () => {
    expect(errorsOf('import "nope"')).toEqual(["error @1:1-1:14: invalid import path nope"]);
    expect(errorsOf('import s "strings"\nx = s.title(v: "a")\ny = strings.title(v: "a")')).toEqual([
      "error @3:5-3:12: undefined identifier strings",
    ]);
    expect(importName("influxdata/influxdb/v1", undefined)).toBe("v1");
    expect(importName("strings", "s")).toBe("s");
  });

  it("rejects return outside a function", () => {
    expect(errorsOf("return 1")).toEqual(["error @1:1-1:9: return not valid in file block"]);
  });

  it("looks inside every kind of expression", () => {
    const source = 'x = [a1, b1]\nv = [c1: d1]\ny = ["${e1}": f1[g1]]\nz = if h1 then -i1 else not j1\nw = (k1)';
    expect(parse(source).errors).toEqual([]);
    expect(errorsOf(source)).toEqual([
      "error @1:6-1:8: undefined identifier a1",
      "error @1:10-1:12: undefined identifier b1",
      "error @2:6-2:8: undefined identifier c1",
      "error @2:10-2:12: undefined identifier d1",
      "error @3:9-3:11: undefined identifier e1",
      "error @3:15-3:17: undefined identifier f1",
      "error @3:18-3:20: undefined identifier g1",
      "error @4:8-4:10: undefined identifier h1",
      "error @4:17-4:19: undefined identifier i1",
      "error @4:29-4:31: undefined identifier j1",
      "error @5:6-5:8: undefined identifier k1",
    ]);
  });

  it("gives testcases their own scope", () => {
    expect(errorsOf("testcase t {\n  a = 1\n}\nb = a")).toEqual(["error @4:5-4:6: undefined identifier a"]);
  });
});
