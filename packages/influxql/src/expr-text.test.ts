import { describe, expect, it } from "vitest";
import type { Expr } from "./ast.js";
import { exprText, formatDuration, integerValue } from "./expr-text.js";

describe("exprText (1.x's words for an expression)", () => {
  it("writes literals as 1.x does", () => {
    expect(exprText({ kind: "number", value: 0.1234567 })).toBe("0.123");
    expect(exprText({ kind: "number", value: 2.5 })).toBe("2.500");
    expect(exprText({ kind: "string", value: "it's" })).toBe("'it\\'s'");
    expect(exprText({ kind: "ref", name: "a b" })).toBe('"a b"');
    expect(exprText({ kind: "ref", name: "usage_user", type: "integer" })).toBe("usage_user::integer");
    expect(exprText({ kind: "regex", pattern: "a/b" })).toBe("/a\\/b/");
    const call: Expr = { kind: "call", name: "max", args: [{ kind: "ref", name: "host" }, { kind: "integer", value: 2n }] };
    expect(exprText(call)).toBe("max(host, 2)");
    expect(exprText({ kind: "binary", op: "+", left: { kind: "integer", value: 1n }, right: { kind: "paren", expr: call } })).toBe("1 + (max(host, 2))");
  });

  it("writes durations in their largest exact unit", () => {
    expect(formatDuration(600_000_000_000n)).toBe("10m");
    expect(formatDuration(5_400_000_000_000n)).toBe("90m");
    expect(formatDuration(1_209_600_000_000_000n)).toBe("2w");
    expect(formatDuration(1500n)).toBe("1500ns");
    expect(formatDuration(0n)).toBe("0s");
  });

  it("reduces integer arithmetic", () => {
    expect(integerValue({ kind: "binary", op: "+", left: { kind: "integer", value: 1n }, right: { kind: "integer", value: 1n } })).toBe(2n);
    expect(integerValue({ kind: "binary", op: "/", left: { kind: "integer", value: 4n }, right: { kind: "integer", value: 2n } })).toBeUndefined();
    expect(integerValue({ kind: "number", value: 2 })).toBeUndefined();
  });
});
