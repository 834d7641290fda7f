/**
 * Malformed programs whose recovered AST Flux's own parser tests pin down: the same inputs must
 * give the same node kinds, locations and errors here.
 */
import { describe, expect, it } from "vitest";
import type { Expression, SourceLocation } from "../ast/nodes.js";
import { astToJSON, parse } from "../index.js";
import { sexpr } from "../test-support/sexpr.js";

const at = (node: { location?: SourceLocation } | null | undefined): string => {
  const l = node?.location;
  return l === undefined ? "none" : `${l.start.line}:${l.start.column}-${l.end.line}:${l.end.column}`;
};

function only(source: string): Expression {
  const statement = parse(source).package.files[0]?.body[0];
  if (statement?.type !== "ExpressionStatement") throw new Error("expected an expression statement");
  return statement.expression;
}

describe("recovery from malformed programs", () => {
  it("closes a block at a stray `)` and reports the missing brace on the block", () => {
    const source = "from() |> range() |> map(fn: (r) => { return r._value )";
    const result = parse(source);
    expect(at(result.package.files[0])).toBe("1:1-1:56");
    const pipe = only(source);
    if (pipe.type !== "PipeExpression") throw new Error("expected a pipe");
    expect(at(pipe)).toBe("1:1-1:56");
    expect(at(pipe.argument)).toBe("1:1-1:18");
    expect(at(pipe.call)).toBe("1:22-1:56");
    const fn = pipe.call.arguments?.[0]?.properties[0]?.value;
    if (fn?.type !== "FunctionExpression" || fn.body.type !== "Block") throw new Error("expected a block function");
    expect(at(fn)).toBe("1:30-1:56");
    expect(at(fn.body)).toBe("1:37-1:56");
    expect(fn.body.errors).toEqual([{ msg: "expected RBRACE, got RPAREN" }]);
    expect(at(fn.body.body[0])).toBe("1:39-1:54");
  });

  it("keeps an illegal statement token as a BadStatement", () => {
    const body = parse("@ ident").package.files[0]?.body ?? [];
    expect(body.map(sexpr)).toEqual(["BADSTMT(@)", "ident"]);
    expect(body.map(at)).toEqual(["1:1-1:2", "1:3-1:8"]);
  });

  it("glues two expressions in parentheses with the invalid operator", () => {
    const paren = only("(a b)");
    expect(sexpr(paren)).toBe("((a <INVALID_OP> b))");
    expect(paren.type === "ParenExpression" && at(paren.expression)).toBe("1:2-1:5");
  });

  it("keeps a missing operand as a BadExpression", () => {
    const left = only("(*b)");
    expect(sexpr(left)).toBe("((BAD(invalid token for primary expression: MUL) * b))");
    expect(left.type === "ParenExpression" && at(left.expression)).toBe("1:2-1:4");
    const right = only("(a*)");
    expect(sexpr(right)).toBe("((a * BAD(invalid token for primary expression: RPAREN)))");
    expect(right.type === "ParenExpression" && at(right.expression)).toBe("1:2-1:5");
  });

  it("skips an illegal token inside parentheses", () => {
    const paren = only("(@)");
    expect(paren.errors).toEqual([{ msg: "invalid expression @1:2-1:3: @" }]);
    expect(paren.type === "ParenExpression" && sexpr(paren.expression)).toBe("BAD(@)");
  });

  it("reports a missing arrow on the body's first node", () => {
    const fn = only("(a, b) a + b");
    expect(sexpr(fn)).toBe("fn(a, b) => (a + b)");
    expect(at(fn)).toBe("1:1-1:13");
    if (fn.type !== "FunctionExpression" || fn.body.type !== "BinaryExpression") throw new Error("unexpected shape");
    expect(fn.body.left.errors).toEqual([{ msg: "expected ARROW, got IDENT (a) at 1:8" }]);
  });

  it("reports unbalanced brackets in index expressions", () => {
    const unclosed = only("a[b()");
    expect(at(unclosed)).toBe("1:1-1:6");
    expect(unclosed.errors).toEqual([{ msg: "expected RBRACK, got EOF" }]);
    const badParen = only("a[b(]");
    expect(badParen.type === "IndexExpression" && badParen.index.errors).toEqual([{ msg: "expected RPAREN, got RBRACK" }]);
    const strayParen = only("a[b)]");
    expect(strayParen.errors).toEqual([{ msg: "invalid expression @1:4-1:5: )" }]);
    expect(sexpr(strayParen)).toBe("a[b]");
  });

  it("rejects integers with a leading zero", () => {
    const zero = only("0123");
    expect(at(zero)).toBe("1:1-1:5");
    expect(zero.errors).toEqual([{ msg: 'invalid integer literal "0123": nonzero value cannot start with 0' }]);
    expect(zero.type === "IntegerLiteral" && zero.value).toBe("0");
  });

  it("reports a conditional without else inside a record", () => {
    const result = parse("\nmap(fn: (r) => ({ r with _value: if true and false then 1}) )\n");
    expect(result.errors.map((e) => e.formatted)).toEqual(["error @2:34-2:59: expected ELSE, got RBRACE (}) at 2:58"]);
  });
});

describe("attributes", () => {
  const source = [
    "// Package comments",
    '@mount("fluxlang.dev", "https://fluxlang.dev/api/modules")',
    "@two",
    "package foo",
    "",
    '@registry("fluxlang.dev")',
    'import "date"',
    "",
    "// x is one",
    '@deprecated("0.123.0")',
    "x = 1",
  ].join("\n");

  it("attach to the package clause, imports and statements that follow them", () => {
    const result = parse(source);
    expect(result.errors).toEqual([]);
    const file = result.package.files[0];
    const pkgAttributes = file?.package?.attributes ?? [];
    expect(pkgAttributes.map((a) => a.name)).toEqual(["mount", "two"]);
    expect(at(pkgAttributes[0])).toBe("2:1-2:59");
    expect(pkgAttributes[0]?.comments).toEqual([{ text: "// Package comments\n" }]);
    // A parameter followed by a comma spans the comma, as in Flux.
    expect(pkgAttributes[0]?.params.map((p) => p.location?.source)).toEqual([
      '"fluxlang.dev",',
      '"https://fluxlang.dev/api/modules"',
    ]);
    expect(file?.imports[0]?.attributes?.map((a) => a.name)).toEqual(["registry"]);
    const statement = file?.body[0];
    expect(statement?.attributes?.map((a) => a.name)).toEqual(["deprecated"]);
    expect(statement?.attributes?.[0]?.comments).toEqual([{ text: "// x is one\n" }]);
    // The statement's own location does not include its attributes.
    expect(at(statement)).toBe("11:1-11:6");
  });

  it("reports attributes followed by nothing", () => {
    const body = parse("@attribute\n").package.files[0]?.body ?? [];
    expect(body.map(sexpr)).toEqual(["BADSTMT(extra attributes not associated with anything)"]);
    expect(at(body[0])).toBe("1:1-1:11");
  });

  it("leaves a lone @ illegal", () => {
    expect(parse("@ x").errors.map((e) => e.formatted)).toEqual(["error @1:1-1:2: invalid statement: @"]);
  });

  it("are not part of InfluxDB's AST JSON", () => {
    const json = astToJSON(parse('@edition("2022.1")\npackage main').package);
    expect(json).not.toContain("attributes");
    expect(json).not.toContain("Attribute");
  });
});

describe("property list recovery, as pinned by Flux's parser tests", () => {
  function properties(source: string) {
    const statement = parse(source).package.files[0]?.body[0];
    if (statement?.type !== "VariableAssignment" || statement.init.type !== "ObjectExpression") throw new Error("expected a record");
    return statement.init.properties;
  }

  it("keeps an empty slot between two commas as an <invalid> property", () => {
    const [a, missing, b] = properties('o = {a: "a",, b: 7}');
    expect([at(a), at(missing), at(b)]).toEqual(["1:6-1:12", "1:13-1:13", "1:15-1:19"]);
    expect(missing?.errors).toEqual([{ msg: "missing property in property list" }]);
    expect(missing?.key).toMatchObject({ type: "StringLiteral", value: "<invalid>" });
    expect(at(missing?.key)).toBe("1:13-1:13");
  });

  it("reads a value without a key", () => {
    const [property] = properties('o = {: "a"}');
    expect(at(property)).toBe("1:6-1:11");
    expect(property?.errors).toEqual([{ msg: "missing property key" }]);
    expect(at(property?.value)).toBe("1:8-1:11");
  });

  it("reports a key without a value on the property", () => {
    const [property] = properties("o = {a:}");
    expect(at(property)).toBe("1:6-1:7");
    expect(property?.errors).toEqual([{ msg: "missing property value" }]);
    expect(property?.value).toBeNull();
  });

  it("puts a missing comma's error on the next value", () => {
    const [a, rest] = properties('o = {a: "a" b: 30}');
    expect(sexpr(a?.value)).toBe('("a" <INVALID_OP> b)');
    expect(at(a)).toBe("1:6-1:14");
    expect(at(rest)).toBe("1:14-1:18");
    expect(rest?.errors).toEqual([{ msg: "missing property key" }]);
    expect(rest?.value?.errors).toEqual([{ msg: "expected comma in property list, got COLON" }]);
  });
});
