/** Which predicates can be decided per series. */
import { describe, expect, it } from "vitest";
import { parse } from "../../parse.js";
import { compileExpression } from "../../interpreter/compile.js";
import { CompileScope, newFrame } from "../../interpreter/scope.js";
import type { ExpressionStatement } from "../../ast/nodes.js";
import { bool } from "../../values/value.js";
import { readsOnlySeries } from "./schema.js";

function fn(source: string) {
  const statement = parse(source).package.files[0]?.body[0] as ExpressionStatement;
  const scope = CompileScope.root(new Map([["true", bool(true)]])).child();
  const value = compileExpression(statement.expression, scope)(newFrame(scope.frameSize, undefined));
  if (value.kind !== "function") throw new Error("not a function");
  return value;
}

describe("readsOnlySeries", () => {
  it("accepts predicates over measurement, field and tags", () => {
    expect(readsOnlySeries(fn("(r) => true"))).toBe(true);
    expect(readsOnlySeries(fn('(r) => r._measurement == "cpu" and (r._field == "x" or r.host =~ /a/)'))).toBe(true);
    expect(readsOnlySeries(fn('(r) => r["host"] == "a"'))).toBe(true);
  });
  it("rejects predicates reading point columns or the whole row", () => {
    expect(readsOnlySeries(fn("(r) => r._value > 1"))).toBe(false);
    expect(readsOnlySeries(fn("(r) => r._time > 2020-01-01T00:00:00Z"))).toBe(false);
    expect(readsOnlySeries(fn("(r) => exists r"))).toBe(false);
  });
});
