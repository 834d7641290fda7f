import { describe, expect, it } from "vitest";
import type { Expression, Statement } from "../ast/nodes.js";
import { parse } from "../index.js";
import { sexpr } from "../test-support/sexpr.js";

function body(source: string): Statement[] {
  const result = parse(source);
  expect(result.errors.map((e) => e.formatted)).toEqual([]);
  return result.package.files[0]?.body ?? [];
}

function expression(source: string): Expression {
  const statement = body(source)[0];
  if (statement?.type !== "ExpressionStatement") throw new Error(`not an expression: ${source}`);
  return statement.expression;
}

const show = (source: string): string => body(source).map(sexpr).join("; ");

const loc = (sl: number, sc: number, el: number, ec: number, source: string) => ({
  start: { line: sl, column: sc },
  end: { line: el, column: ec },
  source,
});

describe("parse tree (libflux shape)", () => {
  it("matches, byte for byte, the JSON Flux's own parser produces for `x = 0`", () => {
    // Flux's own serializer output for this program (its Go test suite), with the empty
    // file name left out as current Flux versions do.
    const expected =
      '{"type":"Package","package":"main","files":[{"type":"File","location":{"start":{"line":1,"column":1},"end":{"line":1,"column":6},"source":"x = 0"},"metadata":"parser-type=rust","package":null,"imports":[],"body":[{"type":"VariableAssignment","location":{"start":{"line":1,"column":1},"end":{"line":1,"column":6},"source":"x = 0"},"id":{"location":{"start":{"line":1,"column":1},"end":{"line":1,"column":2},"source":"x"},"name":"x"},"init":{"type":"IntegerLiteral","location":{"start":{"line":1,"column":5},"end":{"line":1,"column":6},"source":"0"},"value":"0"}}]}]}';
    expect(JSON.stringify(parse("x = 0").package)).toBe(expected);
  });

  it("shapes a pipe into a call with one record argument", () => {
    const result = parse("a |> b(c: 1)");
    expect(JSON.parse(JSON.stringify(result.package.files[0]?.body[0]))).toEqual({
      type: "ExpressionStatement",
      location: loc(1, 1, 1, 13, "a |> b(c: 1)"),
      expression: {
        type: "PipeExpression",
        location: loc(1, 1, 1, 13, "a |> b(c: 1)"),
        argument: { type: "Identifier", location: loc(1, 1, 1, 2, "a"), name: "a" },
        call: {
          location: loc(1, 6, 1, 13, "b(c: 1)"),
          callee: { type: "Identifier", location: loc(1, 6, 1, 7, "b"), name: "b" },
          arguments: [
            {
              type: "ObjectExpression",
              location: loc(1, 8, 1, 12, "c: 1"),
              properties: [
                {
                  type: "Property",
                  location: loc(1, 8, 1, 12, "c: 1"),
                  key: { type: "Identifier", location: loc(1, 8, 1, 9, "c"), name: "c" },
                  value: { type: "IntegerLiteral", location: loc(1, 11, 1, 12, "1"), value: "1" },
                },
              ],
            },
          ],
        },
      },
    });
  });

  it("writes a package clause and aliased import with untagged names", () => {
    const result = parse('package foo\nimport s "strings"');
    expect(result.package.package).toBe("foo");
    const file = JSON.parse(JSON.stringify(result.package.files[0]));
    expect(file.location).toEqual(loc(1, 1, 2, 19, 'package foo\nimport s "strings"'));
    expect(file.package).toEqual({
      type: "PackageClause",
      location: loc(1, 1, 1, 12, "package foo"),
      name: { location: loc(1, 9, 1, 12, "foo"), name: "foo" },
    });
    expect(file.imports).toEqual([
      {
        type: "ImportDeclaration",
        location: loc(2, 1, 2, 19, 'import s "strings"'),
        as: { location: loc(2, 8, 2, 9, "s"), name: "s" },
        path: { location: loc(2, 10, 2, 19, '"strings"'), value: "strings" },
      },
    ]);
  });

  it("writes option member assignments", () => {
    const statement = JSON.parse(JSON.stringify(body('option a.b = "x"')[0]));
    expect(statement).toEqual({
      type: "OptionStatement",
      location: loc(1, 1, 1, 17, 'option a.b = "x"'),
      assignment: {
        type: "MemberAssignment",
        location: loc(1, 8, 1, 17, 'a.b = "x"'),
        member: {
          location: loc(1, 8, 1, 11, "a.b"),
          object: { type: "Identifier", location: loc(1, 8, 1, 9, "a"), name: "a" },
          property: { type: "Identifier", location: loc(1, 10, 1, 11, "b"), name: "b" },
        },
        init: { type: "StringLiteral", location: loc(1, 14, 1, 17, '"x"'), value: "x" },
      },
    });
  });

  it("writes interpolated strings as text and interpolated parts", () => {
    expect(JSON.parse(JSON.stringify(expression('"a${b}c"')))).toEqual({
      type: "StringExpression",
      location: loc(1, 1, 1, 9, '"a${b}c"'),
      parts: [
        { type: "TextPart", location: loc(1, 2, 1, 3, "a"), value: "a" },
        {
          type: "InterpolatedPart",
          location: loc(1, 3, 1, 7, "${b}"),
          expression: { type: "Identifier", location: loc(1, 5, 1, 6, "b"), name: "b" },
        },
        { type: "TextPart", location: loc(1, 7, 1, 8, "c"), value: "c" },
      ],
    });
  });

  it("writes durations as magnitude/unit pairs", () => {
    expect(JSON.stringify(expression("1h30m"))).toBe(
      '{"type":"DurationLiteral","location":{"start":{"line":1,"column":1},"end":{"line":1,"column":6},"source":"1h30m"},"values":[{"magnitude":1,"unit":"h"},{"magnitude":30,"unit":"m"}]}',
    );
  });

  it("names the file in every location when given one", () => {
    const result = parse("x = 1", "query.flux");
    const file = result.package.files[0];
    expect(file?.name).toBe("query.flux");
    expect(file?.location).toEqual({ file: "query.flux", ...loc(1, 1, 1, 6, "x = 1") });
  });

  it("has no location for an empty program", () => {
    expect(JSON.stringify(parse("").package)).toBe(
      '{"type":"Package","package":"main","files":[{"type":"File","metadata":"parser-type=rust","package":null,"imports":[],"body":[]}]}',
    );
  });

  it("keeps comments on the node that follows them", () => {
    const result = parse("// first\nx = 1 // end\n");
    const file = result.package.files[0];
    const id = file?.body[0]?.type === "VariableAssignment" ? file.body[0].id : undefined;
    expect(id?.comments).toEqual([{ text: "// first\n" }]);
    expect(file?.eof).toEqual([{ text: "// end\n" }]);
  });
});

describe("operator precedence", () => {
  it.each([
    ["a + b * c", "(a + (b * c))"],
    ["a * b + c", "((a * b) + c)"],
    ["a - b - c", "((a - b) - c)"],
    ["a / b % c", "((a / b) % c)"],
    ["a ^ b * c", "((a ^ b) * c)"],
    ["a * b ^ c", "(a * (b ^ c))"],
    ["a ^ b ^ c", "((a ^ b) ^ c)"],
    ["a + b == c", "((a + b) == c)"],
    ["a < b and c >= d", "((a < b) and (c >= d))"],
    ["a or b and c", "(a or (b and c))"],
    ["a and b or c", "((a and b) or c)"],
    ["not a and b", "((not a) and b)"],
    ["not a == b", "(not (a == b))"],
    ["exists r.x and r.x > 0", "((exists r.x) and (r.x > 0))"],
    ["not exists r.x", "(not (exists r.x))"],
    ["a =~ /x/ or b !~ /y/", "((a =~ /x/) or (b !~ /y/))"],
    ["a != b", "(a != b)"],
    ["a <= b", "(a <= b)"],
    ["a > b", "(a > b)"],
    ["-a + b", "((- a) + b)"],
    ["- -a", "(- (- a))"],
    ["+a", "(+ a)"],
    ["-a.b", "(- a.b)"],
    ["a |> b() |> c()", "((a |> b()) |> c())"],
    ["a |> b() + 1", "((a |> b()) + 1)"],
    ["a ^ b |> c()", "(a ^ (b |> c()))"],
    ["-a |> b()", "((- a) |> b())"],
    ["a.b.c", "a.b.c"],
    ["a.b(x: 1).c[0]", "a.b(x: 1).c[0]"],
    ['a["b"]', 'a."b"'],
    // Parentheses stay in the tree as a ParenExpression.
    ["(a + b) * c", "(((a + b)) * c)"],
    ["if a then b else c + 1", "(if a then b else (c + 1))"],
    ["if a or b then 1 else if c then 2 else 3", "(if (a or b) then 1 else (if c then 2 else 3))"],
    ["f(x: a + b)", "f(x: (a + b))"],
  ])("%s parses as %s", (source, expected) => {
    expect(sexpr(expression(source))).toBe(expected);
  });

  it("binds the same way when an identifier starts the statement", () => {
    // Statements starting with an identifier take a separate path in Flux's parser.
    expect(show("a |> b() and c or d * e ^ f")).toBe("(((a |> b()) and c) or (d * (e ^ f)))");
    expect(show("1 + a * 2")).toBe("(1 + (a * 2))");
  });
});

describe("literals", () => {
  it.each([
    ["42", "IntegerLiteral", "42"],
    ["1.5", "FloatLiteral", "1.5"],
    [".5", "FloatLiteral", "0.5"],
    ["3.", "FloatLiteral", "3.0"],
    ['"hi\\n"', "StringLiteral", '"hi\\n"'],
    ["/a\\/b/", "RegexpLiteral", "/a/b/"],
    ["1ns", "DurationLiteral", "1ns"],
    ["1us", "DurationLiteral", "1us"],
    ["1µs", "DurationLiteral", "1us"],
    ["1ms", "DurationLiteral", "1ms"],
    ["1s", "DurationLiteral", "1s"],
    ["1m", "DurationLiteral", "1m"],
    ["1h", "DurationLiteral", "1h"],
    ["1d", "DurationLiteral", "1d"],
    ["1w", "DurationLiteral", "1w"],
    ["1mo", "DurationLiteral", "1mo"],
    ["1y", "DurationLiteral", "1y"],
    ["1y2mo3d", "DurationLiteral", "1y2mo3d"],
    ["2021-01-01", "DateTimeLiteral", "2021-01-01T00:00:00+00:00"],
    ["2021-01-01T10:00:00Z", "DateTimeLiteral", "2021-01-01T10:00:00+00:00"],
    ["2021-01-01T10:00:00.5+02:00", "DateTimeLiteral", "2021-01-01T10:00:00.500+02:00"],
    ["true", "Identifier", "true"],
    ["<-", "PipeLiteral", "<-"],
  ])("%s is a %s", (source, type, shown) => {
    const node = expression(source);
    expect(node.type).toBe(type);
    expect(sexpr(node)).toBe(shown);
  });

  it("nests interpolation", () => {
    expect(sexpr(expression('"a ${"b ${c}"} d"'))).toBe('"a ${"b ${c}"} d"');
    expect(sexpr(expression('"${r._value + 1} units"'))).toBe('"${(r._value + 1)} units"');
    expect(sexpr(expression('"cost $5 and \\${x}"'))).toBe('"cost $5 and ${x}"');
  });

  it("reads regex after an operator and division after an operand", () => {
    expect(show("a = b / c / d")).toBe("a = ((b / c) / d)");
    expect(show("a = /x/")).toBe("a = /x/");
    expect(show("f(fn: (r) => r.t =~ /^web-\\d+$/)")).toBe("f(fn: fn(r) => (r.t =~ /^web-\\d+$/))");
  });
});

describe("statements and compound expressions", () => {
  it("parses functions: defaults, pipe parameter, block bodies", () => {
    expect(show("f = () => 1")).toBe("f = fn() => 1");
    expect(show("f = (r) => r._value")).toBe("f = fn(r) => r._value");
    expect(show("f = (tables=<-, n=1, fn) => tables |> limit(n: n)")).toBe(
      "f = fn(tables=<-, n=1, fn) => (tables |> limit(n: n))",
    );
    expect(show("f = (a, b) => {\n  c = a + b\n  return c * 2\n}")).toBe("f = fn(a, b) => {c = (a + b); return (c * 2)}");
    expect(show("f = (x) => ({x: x})")).toBe("f = fn(x) => ({x: x})");
  });

  it("parses records, with, arrays, dictionaries and indexing", () => {
    expect(show("r = {a: 1, \"b c\": 2}")).toBe('r = {a: 1, "b c": 2}');
    expect(show("r = {a, b}")).toBe("r = {a, b}");
    expect(show("r = {r with _value: r._value * 2.0, x: 1}")).toBe("r = {r with _value: (r._value * 2.0), x: 1}");
    expect(show("r = {}")).toBe("r = {}");
    expect(show("a = [1, 2, 3,]")).toBe("a = [1, 2, 3]");
    expect(show("a = []")).toBe("a = []");
    expect(show('d = ["a": 1, "b": 2]')).toBe('d = ["a": 1, "b": 2]');
    expect(show("d = [:]")).toBe("d = [:]");
    expect(show("x = a[0][i + 1]")).toBe("x = a[0][(i + 1)]");
    expect(show("x = [[1], [2]]")).toBe("x = [[1], [2]]");
  });

  it("parses option statements and testcases", () => {
    expect(show('option task = {name: "t", every: 1h}')).toBe('option task = {name: "t", every: 1h}');
    expect(show("option now = () => 2022-01-01T00:00:00Z")).toBe("option now = fn() => 2022-01-01T00:00:00+00:00");
    expect(show('option location = timezone.location(name: "Europe/Paris")')).toBe(
      'option location = timezone.location(name: "Europe/Paris")',
    );
    expect(show("option a.b = 1")).toBe("option a.b = 1");
    expect(show('testcase t extends "other" {\n  x = 1\n}')).toBe('testcase t extends "other" {x = 1}');
    expect(show("testcase plain { a |> b() }")).toBe("testcase plain {(a |> b())}");
  });

  it("passes named arguments only, as one record", () => {
    const call = expression("f(a: 1, b: 2)");
    expect(call.type === "CallExpression" && call.arguments?.[0]?.properties.length).toBe(2);
    const noArgs = expression("f()");
    expect(noArgs.type === "CallExpression" && noArgs.arguments).toBeUndefined();
  });
});

describe("errors", () => {
  it.each([
    ['from(bucket: "b"', ["error @1:1-1:17: expected RPAREN, got EOF"]],
    ["a = ", ["error @1:5-1:5: invalid expression: invalid token for primary expression: EOF"]],
    [")", ["error @1:1-1:2: invalid statement: )"]],
    ["f(a: 1 b: 2)", ["error @1:1-1:13: expected comma in property list, got COLON", "error @1:9-1:12: missing property key"]],
    ["if a then b", ["error @1:1-1:12: expected ELSE, got EOF"]],
    ['x = "abc', ["error @1:5-1:9: got unexpected token in string expression @1:9-1:9: EOF"]],
    ["x = 1 |> 2", ["error @1:10-1:11: pipe destination must be a function call"]],
    ["a[]", ["error @1:1-1:4: no expression included in brackets"]],
    ["{a: 1, b}", ["error @1:1-1:10: cannot mix implicit and explicit properties"]],
    ['{"a"}', ["error @1:1-1:6: string literal key a must have a value"]],
    ["x = 2018-01-01T00:00:00", ["error @1:5-1:24: invalid expression: invalid token for primary expression: TIME"]],
    ["f(,)", ["error @1:3-1:3: missing property in property list"]],
    ["[1 2]", ["error @1:1-1:6: expected COMMA, got INT (2) at 1:4"]],
    ["x = 1 * (", ["error @1:9-1:10: expected RPAREN, got EOF"]],
    ["x = 9223372036854775808", ['error @1:5-1:24: invalid integer literal "9223372036854775808": value out of range']],
    [
      'x = "\\q"',
      [
        "error @1:5-1:7: got unexpected token in string expression @1:6-1:7: ILLEGAL",
        "error @1:8-1:9: got unexpected token in string expression @1:9-1:9: EOF",
      ],
    ],
    ["x = a ! b", ["error @1:7-1:8: invalid statement: !"]],
    // `(a b)` reads as a parenthesised pair glued by the invalid operator; only `=>` is left over.
    ["f = (a b) => a", ["error @1:11-1:13: invalid statement: =>"]],
    ["import 1", ["error @1:8-1:9: expected STRING, got INT (1) at 1:8", "error @1:8-1:9: invalid string literal"]],
  ])("%s", (source, expected) => {
    expect(parse(source).errors.map((e) => e.formatted)).toEqual(expected);
  });

  it("names the line and column on later lines", () => {
    const result = parse('from(bucket: "b")\n  |> range(start: -1h\n  |> filter(fn: (r) => true)');
    expect(result.errors[0]?.formatted).toBe("error @2:6-3:29: expected RPAREN, got EOF");
    expect(result.errors[0]?.location).toEqual({ start: { line: 2, column: 6 }, end: { line: 3, column: 29 } });
  });

  it("recovers and keeps parsing the following statements", () => {
    const result = parse("a = )\nb = 2\nc = f(x: 1");
    expect(result.package.files[0]?.body.map(sexpr)).toEqual([
      "a = BAD(invalid token for primary expression: RPAREN)",
      "BADSTMT())",
      "b = 2",
      "c = f(x: 1)",
    ]);
    expect(result.errors.map((e) => e.message)).toEqual([
      "invalid expression: invalid token for primary expression: RPAREN",
      "invalid statement: )",
      "expected RPAREN, got EOF",
    ]);
  });

  it("records errors on the node in the AST JSON", () => {
    const json = JSON.stringify(parse("f(").package);
    expect(json).toContain('"errors":[{"msg":"expected RPAREN, got EOF"}]');
  });
});
