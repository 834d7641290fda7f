import { describe, expect, it } from "vitest";
import { FluxgateError } from "../http/errors.js";
import { externSource } from "./extern.js";

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

  it("refuses what it cannot print as invalid", () => {
    const extern = { body: [{ type: "ExpressionStatement", expression: id("x") }] };
    expect(() => externSource(extern)).toThrow(FluxgateError);
    expect(() => externSource("option x = 1")).toThrow(/File node/);
  });
});
