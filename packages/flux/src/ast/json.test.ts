import { describe, expect, it } from "vitest";
import { astToJSON, formatFloat } from "./json.js";

describe("formatFloat", () => {
  it.each([
    [1, "1.0"],
    [2.5, "2.5"],
    [-0.5, "-0.5"],
    [0, "0.0"],
    [1e15, "1000000000000000.0"],
    [1e16, "1e16"],
    [1.5e17, "1.5e17"],
    [1e21, "1e21"],
    [0.0001, "0.0001"],
    [0.00001, "0.00001"],
    [0.000001, "1e-6"],
    [1.25e-7, "1.25e-7"],
    [123.456, "123.456"],
  ])("writes %d as %s", (value, text) => {
    expect(formatFloat(value)).toBe(text);
  });
});

describe("astToJSON", () => {
  it("writes float literal values with a fraction and leaves out undefined fields", () => {
    const node = { type: "FloatLiteral", value: 2, comments: undefined };
    expect(astToJSON(node)).toBe('{"type":"FloatLiteral","value":2.0}');
    expect(astToJSON({ type: "IntegerLiteral", value: "2" })).toBe('{"type":"IntegerLiteral","value":"2"}');
  });
});
