import { execute } from "@fluxgate/flux";
import { describe, expect, it } from "vitest";
import { FluxgateError } from "../http/errors.js";
import { externSource } from "./extern.js";

/** Runs Flux and returns its rows as plain objects (column label → cell). */
async function rowsOf(source: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const result of execute(source, {}).results) {
    for await (const table of result.tables) {
      for (let r = 0; r < table.length; r++) out.push(Object.fromEntries(table.columns.map((c, j) => [c.label, table.data[j]![r]])));
    }
  }
  return out;
}

const id = (name: string) => ({ type: "Identifier", name });
const prop = (name: string, value: unknown) => ({ type: "Property", key: id(name), value });

describe("externSource", () => {
  it("prints the options the UI sends and the variables the Python client sends", () => {
    const extern = {
      type: "File",
      imports: null,
      body: [
        {
          type: "OptionStatement",
          assignment: {
            type: "VariableAssignment",
            id: id("v"),
            init: {
              type: "ObjectExpression",
              properties: [
                prop("timeRangeStart", { type: "UnaryExpression", operator: "-", argument: { type: "DurationLiteral", values: [{ magnitude: 1, unit: "h" }, { magnitude: 30, unit: "m" }] } }),
                prop("timeRangeStop", { type: "CallExpression", callee: id("now"), arguments: [] }),
                prop("windowPeriod", { type: "DurationLiteral", values: [{ magnitude: 10000, unit: "ms" }] }),
              ],
            },
          },
        },
        { type: "VariableAssignment", id: id("since"), init: { type: "DateTimeLiteral", value: "2021-01-02T03:04:05Z" } },
        { type: "VariableAssignment", id: id("hosts"), init: { type: "ArrayExpression", elements: [{ type: "StringLiteral", value: 'a"b' }, { type: "StringLiteral", value: "c" }] } },
        { type: "VariableAssignment", id: id("ratio"), init: { type: "FloatLiteral", value: 2 } },
        { type: "OptionStatement", assignment: { type: "VariableAssignment", id: id("now"), init: { type: "FunctionExpression", params: [], body: { type: "DateTimeLiteral", value: "2030-01-01T00:00:00Z" } } } },
      ],
    };
    expect(externSource(extern)).toBe(
      [
        "option v = {timeRangeStart: -1h30m, timeRangeStop: now(), windowPeriod: 10000ms}",
        "since = 2021-01-02T03:04:05Z",
        'hosts = ["a\\"b", "c"]',
        "ratio = 2.0",
        "option now = () => 2030-01-01T00:00:00Z",
      ].join("\n"),
    );
  });

  it("keeps string values as data: no interpolation, escapes and control characters survive", async () => {
    const texts = ["${string(v: 1 + 1)}", "${x}", 'a"b\\c', "ctl\x01\x7f", "line\nnext\ttab\r", "$ {} $", "ünïcödé ✓"];
    const extern = { type: "File", body: texts.map((value, i) => ({ type: "VariableAssignment", id: id(`s${i}`), init: { type: "StringLiteral", value } })) };
    const rows = await rowsOf(`import "array"\n${externSource(extern)}\narray.from(rows: [{${texts.map((_, i) => `s${i}: s${i}`).join(", ")}}])`);
    expect(rows).toEqual([Object.fromEntries(texts.map((t, i) => [`s${i}`, t]))]);
  });

  it("writes floats Flux can read, whatever their size", async () => {
    const floats = [1e-7, 1e300, -2.5e-12, 3, 0.1];
    const extern = { type: "File", body: floats.map((value, i) => ({ type: "VariableAssignment", id: id(`f${i}`), init: { type: "FloatLiteral", value } })) };
    expect(await rowsOf(`import "array"\n${externSource(extern)}\narray.from(rows: [{${floats.map((_, i) => `f${i}: f${i}`).join(", ")}}])`)).toEqual([Object.fromEntries(floats.map((f, i) => [`f${i}`, f]))]);
  });

  it("prints imports and package options, as the influx CLI's --profilers sends them", () => {
    // The body of `influx query --profilers query,operator`'s extern, as the CLI sends it.
    const extern = {
      type: "File",
      imports: [{ type: "ImportDeclaration", path: { type: "StringLiteral", value: "profiler" } }],
      body: [
        {
          type: "OptionStatement",
          assignment: {
            type: "MemberAssignment",
            member: { type: "MemberExpression", object: id("profiler"), property: id("enabledProfilers") },
            init: { type: "ArrayExpression", elements: [{ type: "StringLiteral", value: "query" }, { type: "StringLiteral", value: "operator" }] },
          },
        },
      ],
    };
    expect(externSource(extern)).toBe('import "profiler"\noption profiler.enabledProfilers = ["query", "operator"]');
    expect(externSource({ type: "File", imports: [{ type: "ImportDeclaration", as: id("p"), path: { type: "StringLiteral", value: "profiler" } }], body: [] })).toBe('import p "profiler"');
    // An alias or member is a name, never code.
    expect(() => externSource({ type: "File", imports: [{ type: "ImportDeclaration", as: id("p x"), path: { type: "StringLiteral", value: "profiler" } }] })).toThrow(FluxgateError);
  });

  it("refuses what it cannot print as invalid", () => {
    const extern = { body: [{ type: "ExpressionStatement", expression: id("x") }] };
    expect(() => externSource(extern)).toThrow(FluxgateError);
    expect(() => externSource("option x = 1")).toThrow(/File node/);
  });
});
