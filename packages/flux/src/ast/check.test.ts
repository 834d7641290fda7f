import { describe, expect, it } from "vitest";
import { parse } from "../index.js";
import { checkAST, queryASTErrors } from "./check.js";

describe("checkAST (Flux's own check, as /api/v2/query reports compile errors)", () => {
  it("lists a parent's errors before its children's", () => {
    const result = parse('f(a: g(b: 1, "c"), d: 2');
    expect(result.errors.map((e) => e.message)).toEqual([
      "expected RPAREN, got EOF",
      "string literal key c must have a value",
      "cannot mix implicit and explicit properties",
    ]);
    expect(checkAST(result.package)).toEqual(result.errors);
  });

  it("returns nothing for a valid program", () => {
    expect(parse('from(bucket: "b") |> range(start: -1h)').errors).toEqual([]);
  });

  it("names the file in formatted errors when there is one", () => {
    expect(parse(")", "q.flux").errors[0]?.formatted).toBe("error q.flux@1:1-1:2: invalid statement: )");
  });
});

describe("queryASTErrors (what InfluxDB's /api/v2/query/ast checks)", () => {
  it("reports bad statements with their location inside the message", () => {
    expect(queryASTErrors(parse("x = 1\n)").package)).toEqual(["invalid statement @2:1-2:2: )"]);
  });

  it("keeps the parser's node errors and skips checks only Flux's own check makes", () => {
    expect(queryASTErrors(parse("f(a: 1").package)).toEqual(["expected RPAREN, got EOF"]);
    expect(queryASTErrors(parse("{a: 1, b}").package)).toEqual([]);
  });
});
