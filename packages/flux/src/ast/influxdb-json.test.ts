import { describe, expect, it } from "vitest";
import { parse } from "../index.js";
import { astToJSON, rfc3339Nano } from "./influxdb-json.js";

const wire = (source: string): unknown => JSON.parse(astToJSON(parse(source).package));

const loc = (sl: number, sc: number, el: number, ec: number, source: string) => ({
  start: { line: sl, column: sc },
  end: { line: el, column: ec },
  source,
});

/** The statement list of the only file, as InfluxDB writes it. */
function body(source: string): unknown[] {
  const pkg = wire(source) as { files: { body: unknown[] }[] };
  return pkg.files[0]?.body ?? [];
}

describe("astToJSON (InfluxDB's /api/v2/query/ast shape)", () => {
  it("matches, byte for byte, InfluxDB's own answer for `from()`", () => {
    // The body InfluxDB's HTTP handler test expects under "ast" for the query `from()`.
    const expected =
      '{"type":"Package","package":"main","files":[{"type":"File","location":{"start":{"line":1,"column":1},"end":{"line":1,"column":7},"source":"from()"},"metadata":"parser-type=rust","package":null,"imports":null,"body":[{"type":"ExpressionStatement","location":{"start":{"line":1,"column":1},"end":{"line":1,"column":7},"source":"from()"},"expression":{"type":"CallExpression","location":{"start":{"line":1,"column":1},"end":{"line":1,"column":7},"source":"from()"},"callee":{"type":"Identifier","location":{"start":{"line":1,"column":1},"end":{"line":1,"column":5},"source":"from"},"name":"from"}}}]}]}';
    expect(astToJSON(parse("from()").package)).toBe(expected);
  });

  it("tags every node with its type, including identifiers in fixed fields", () => {
    expect(body("x = 0")).toEqual([
      {
        type: "VariableAssignment",
        location: loc(1, 1, 1, 6, "x = 0"),
        id: { type: "Identifier", location: loc(1, 1, 1, 2, "x"), name: "x" },
        init: { type: "IntegerLiteral", location: loc(1, 5, 1, 6, "0"), value: "0" },
      },
    ]);
  });

  it("writes imports and the package clause with typed nodes", () => {
    const file = (wire('package foo\nimport s "strings"\nimport "math"') as { files: Record<string, unknown>[] }).files[0];
    expect(file?.["package"]).toEqual({
      type: "PackageClause",
      location: loc(1, 1, 1, 12, "package foo"),
      name: { type: "Identifier", location: loc(1, 9, 1, 12, "foo"), name: "foo" },
    });
    expect(file?.["imports"]).toEqual([
      {
        type: "ImportDeclaration",
        location: loc(2, 1, 2, 19, 'import s "strings"'),
        as: { type: "Identifier", location: loc(2, 8, 2, 9, "s"), name: "s" },
        path: { type: "StringLiteral", location: loc(2, 10, 2, 19, '"strings"'), value: "strings" },
      },
      {
        type: "ImportDeclaration",
        location: loc(3, 1, 3, 14, 'import "math"'),
        as: null,
        path: { type: "StringLiteral", location: loc(3, 8, 3, 14, '"math"'), value: "math" },
      },
    ]);
    expect(file?.["body"]).toBeNull();
  });

  it("writes a pipe's call as a typed CallExpression", () => {
    const [statement] = body("a |> b()") as { expression: { call: unknown } }[];
    expect(statement?.expression.call).toEqual({
      type: "CallExpression",
      location: loc(1, 6, 1, 9, "b()"),
      callee: { type: "Identifier", location: loc(1, 6, 1, 7, "b"), name: "b" },
    });
  });

  it("writes functions, records with `with`, and null parameter defaults", () => {
    const [statement] = body("f = (r, n=1) => ({r with v: n})") as { init: unknown }[];
    expect(statement?.init).toEqual({
      type: "FunctionExpression",
      location: loc(1, 5, 1, 32, "(r, n=1) => ({r with v: n})"),
      params: [
        {
          type: "Property",
          location: loc(1, 6, 1, 7, "r"),
          key: { type: "Identifier", location: loc(1, 6, 1, 7, "r"), name: "r" },
          value: null,
        },
        {
          type: "Property",
          location: loc(1, 9, 1, 12, "n=1"),
          key: { type: "Identifier", location: loc(1, 9, 1, 10, "n"), name: "n" },
          value: { type: "IntegerLiteral", location: loc(1, 11, 1, 12, "1"), value: "1" },
        },
      ],
      body: {
        type: "ParenExpression",
        location: loc(1, 17, 1, 32, "({r with v: n})"),
        expression: {
          type: "ObjectExpression",
          location: loc(1, 18, 1, 31, "{r with v: n}"),
          with: { type: "Identifier", location: loc(1, 19, 1, 20, "r"), name: "r" },
          properties: [
            {
              type: "Property",
              location: loc(1, 26, 1, 30, "v: n"),
              key: { type: "Identifier", location: loc(1, 26, 1, 27, "v"), name: "v" },
              value: { type: "Identifier", location: loc(1, 29, 1, 30, "n"), name: "n" },
            },
          ],
        },
      },
    });
    const [noParams] = body("f = () => 1") as { init: { params: unknown } }[];
    expect(noParams?.init.params).toBeNull();
  });

  it("writes literals as InfluxDB does", () => {
    const values = (source: string): unknown => (body(source)[0] as { expression: Record<string, unknown> }).expression;
    expect(values("1.0")).toMatchObject({ type: "FloatLiteral", value: 1 });
    expect(astToJSON(parse("1.0").package)).toContain('"value":1}');
    expect(values("42")).toMatchObject({ type: "IntegerLiteral", value: "42" });
    expect(values("/a\\/b/")).toMatchObject({ type: "RegexpLiteral", value: "a/b" });
    expect(values("1h30m")).toMatchObject({ values: [{ magnitude: 1, unit: "h" }, { magnitude: 30, unit: "m" }] });
    expect(values("2018-05-22")).toMatchObject({ type: "DateTimeLiteral", value: "2018-05-22T00:00:00Z" });
    expect(values("2018-05-22T19:53:26.500Z")).toMatchObject({ value: "2018-05-22T19:53:26.5Z" });
    expect(values("2018-05-22T19:53:26+01:00")).toMatchObject({ value: "2018-05-22T19:53:26+01:00" });
    expect(values('"a${b}"')).toMatchObject({ type: "StringExpression", parts: [{ type: "TextPart" }, { type: "InterpolatedPart" }] });
    expect(values('["a": 1]')).toMatchObject({
      type: "DictExpression",
      elements: [{ type: "DictItem", key: { value: "a" }, val: { value: "1" } }],
    });
    expect(values("[:]")).toMatchObject({ type: "DictExpression", elements: [] });
    expect(values("[]")).toMatchObject({ type: "ArrayExpression", elements: [] });
  });

  it("drops comments, which InfluxDB does not carry", () => {
    expect(astToJSON(parse("// note\nx = 1 // end\n").package)).not.toContain("comments");
  });

  it("keeps parse errors on their nodes", () => {
    expect(astToJSON(parse("f(").package)).toContain('"errors":[{"msg":"expected RPAREN, got EOF"}]');
  });

  it("formats date-times like Go's RFC3339Nano", () => {
    expect(rfc3339Nano("2020-01-01T00:00:00+00:00")).toBe("2020-01-01T00:00:00Z");
    expect(rfc3339Nano("2020-01-01T00:00:00.120+00:00")).toBe("2020-01-01T00:00:00.12Z");
    expect(rfc3339Nano("2020-01-01T00:00:00.000000001-07:00")).toBe("2020-01-01T00:00:00.000000001-07:00");
  });
});
