/**
 * The AST as InfluxDB's `POST /api/v2/query/ast` writes it. InfluxDB hands Flux's parse tree to Go
 * (through flatbuffers) and encodes Go's structs, so the wire shape differs from the parser's own
 * tree in fixed ways: every node carries its `type`; comments are gone; empty `imports`, `body`,
 * `params` and `parts` lists are `null`; dictionary entries are `DictItem` nodes; date-times are
 * RFC3339 with `Z` for UTC and no trailing fraction zeros; a BadExpression has no Go counterpart
 * and becomes `null`. Numbers need no care: Go and JavaScript print floats alike.
 */
import type {
  BaseNode,
  Block,
  Expression,
  File,
  ImportDeclaration,
  Package,
  PackageClause,
  Property,
  SourceLocation,
  Statement,
  UntaggedIdentifier,
  UntaggedStringLiteral,
} from "./nodes.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The JSON text of `{"ast": …}`'s value, exactly as InfluxDB writes it. */
export function astToJSON(pkg: Package): string {
  return JSON.stringify(toInfluxDBAST(pkg));
}

export function toInfluxDBAST(pkg: Package): JsonObject {
  const out = node("Package", pkg);
  if (pkg.path) out["path"] = pkg.path;
  out["package"] = pkg.package;
  out["files"] = pkg.files.map(file);
  return out;
}

function node(type: string, base: BaseNode): JsonObject {
  const out: JsonObject = { type };
  const location = base.location;
  if (location !== undefined && location.start.line > 0 && location.end.line > 0) out["location"] = sourceLocation(location);
  if (base.errors !== undefined && base.errors.length > 0) out["errors"] = base.errors.map((e) => ({ msg: e.msg }));
  return out;
}

function sourceLocation(location: SourceLocation): JsonObject {
  const out: JsonObject = {};
  if (location.file) out["file"] = location.file;
  out["start"] = { line: location.start.line, column: location.start.column };
  out["end"] = { line: location.end.line, column: location.end.column };
  if (location.source) out["source"] = location.source;
  return out;
}

const nullIfEmpty = (items: Json[]): Json => (items.length === 0 ? null : items);

function file(f: File): JsonObject {
  const out = node("File", f);
  if (f.name) out["name"] = f.name;
  if (f.metadata) out["metadata"] = f.metadata;
  out["package"] = f.package === null ? null : packageClause(f.package);
  out["imports"] = nullIfEmpty(f.imports.map(importDeclaration));
  out["body"] = nullIfEmpty(f.body.map(statement));
  return out;
}

function packageClause(p: PackageClause): JsonObject {
  return { ...node("PackageClause", p), name: identifier(p.name) };
}

function importDeclaration(d: ImportDeclaration): JsonObject {
  return { ...node("ImportDeclaration", d), as: d.as === null ? null : identifier(d.as), path: stringLiteral(d.path) };
}

function identifier(id: UntaggedIdentifier): JsonObject {
  return { ...node("Identifier", id), name: id.name };
}

function stringLiteral(s: UntaggedStringLiteral): JsonObject {
  return { ...node("StringLiteral", s), value: s.value };
}

function block(b: Block): JsonObject {
  return { ...node("Block", b), body: b.body.map(statement) };
}

function statement(s: Statement): JsonObject {
  switch (s.type) {
    case "ExpressionStatement":
      return { ...node(s.type, s), expression: expression(s.expression) };
    case "VariableAssignment":
      return { ...node(s.type, s), id: identifier(s.id), init: expression(s.init) };
    case "OptionStatement": {
      const a = s.assignment;
      const assignment =
        a.type === "VariableAssignment"
          ? { ...node(a.type, a), id: identifier(a.id), init: expression(a.init) }
          : { ...node(a.type, a), member: expression({ ...a.member, type: "MemberExpression" }), init: expression(a.init) };
      return { ...node(s.type, s), assignment };
    }
    case "ReturnStatement":
      return { ...node(s.type, s), argument: expression(s.argument) };
    case "BadStatement":
      return { ...node(s.type, s), text: s.text };
    case "BuiltinStatement":
      // InfluxDB's Go copy of the tree keeps a builtin's name but not its type.
      return { ...node(s.type, s), id: identifier(s.id), ty: { type: "TypeExpression", monotype: null, constraints: null } };
    case "TestCaseStatement": {
      const out: JsonObject = { ...node(s.type, s), id: identifier(s.id) };
      if (s.extends !== undefined) out["extends"] = stringLiteral(s.extends);
      out["block"] = block(s.block);
      return out;
    }
  }
}

function property(p: Property): JsonObject {
  const key = p.key.type === "Identifier" ? identifier(p.key) : stringLiteral(p.key);
  return { ...node("Property", p), key, value: p.value === null ? null : expression(p.value) };
}

function expression(e: Expression): Json {
  switch (e.type) {
    case "Identifier":
      return identifier(e);
    case "StringLiteral":
      return stringLiteral(e);
    case "ArrayExpression":
      return { ...node(e.type, e), elements: e.elements.map((item) => expression(item)) };
    case "DictExpression":
      return {
        ...node(e.type, e),
        elements: e.elements.map((item) => ({ type: "DictItem", key: expression(item.key), val: expression(item.val) })),
      };
    case "FunctionExpression":
      return {
        ...node(e.type, e),
        params: nullIfEmpty(e.params.map(property)),
        body: e.body.type === "Block" ? block(e.body) : expression(e.body),
      };
    case "LogicalExpression":
    case "BinaryExpression":
      return { ...node(e.type, e), operator: e.operator, left: expression(e.left), right: expression(e.right) };
    case "UnaryExpression":
      return { ...node(e.type, e), operator: e.operator, argument: expression(e.argument) };
    case "ObjectExpression": {
      const out = node(e.type, e);
      if (e.with !== undefined) out["with"] = identifier(e.with);
      out["properties"] = e.properties.map(property);
      return out;
    }
    case "MemberExpression": {
      const key = e.property.type === "Identifier" ? identifier(e.property) : stringLiteral(e.property);
      return { ...node(e.type, e), object: expression(e.object), property: key };
    }
    case "IndexExpression":
      return { ...node(e.type, e), array: expression(e.array), index: expression(e.index) };
    case "PipeExpression":
      return { ...node(e.type, e), argument: expression(e.argument), call: expression({ ...e.call, type: "CallExpression" }) };
    case "CallExpression": {
      const out: JsonObject = { ...node(e.type, e), callee: expression(e.callee) };
      if (e.arguments !== undefined && e.arguments.length > 0) out["arguments"] = e.arguments.map((a) => expression(a));
      return out;
    }
    case "ConditionalExpression":
      return {
        ...node(e.type, e),
        test: expression(e.test),
        consequent: expression(e.consequent),
        alternate: expression(e.alternate),
      };
    case "StringExpression":
      return {
        ...node(e.type, e),
        parts: nullIfEmpty(
          e.parts.map((p) =>
            p.type === "TextPart" ? { ...node(p.type, p), value: p.value } : { ...node(p.type, p), expression: expression(p.expression) },
          ),
        ),
      };
    case "ParenExpression":
      return { ...node(e.type, e), expression: expression(e.expression) };
    case "IntegerLiteral":
    case "UnsignedIntegerLiteral":
    case "FloatLiteral":
    case "BooleanLiteral":
    case "RegexpLiteral":
      return { ...node(e.type, e), value: e.value };
    case "DurationLiteral":
      return { ...node(e.type, e), values: e.values.map((d) => ({ magnitude: d.magnitude, unit: d.unit })) };
    case "DateTimeLiteral":
      return { ...node(e.type, e), value: rfc3339Nano(e.value) };
    case "PipeLiteral":
      return node(e.type, e);
    case "BadExpression":
      return null;
  }
}

/** Go's RFC3339Nano: `Z` for a zero offset, fraction without trailing zeros. */
export function rfc3339Nano(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?([+-]\d{2}:\d{2})$/.exec(value);
  if (match === null) return value;
  const [, dateTime = "", fraction = "", offset = ""] = match;
  const trimmed = fraction.replace(/0+$/, "");
  return `${dateTime}${trimmed ? `.${trimmed}` : ""}${offset === "+00:00" ? "Z" : offset}`;
}
