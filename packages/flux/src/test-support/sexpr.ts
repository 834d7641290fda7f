/**
 * A compact, fully parenthesised rendering of an AST, so tests can state precedence and shape
 * in one readable line (`(a + (b * c))`) instead of pages of JSON.
 */
import type { Expression, Property, Statement } from "../ast/nodes.js";

type Printable = Expression | Statement | Property | null | undefined;

export function sexpr(node: Printable): string {
  if (node === null || node === undefined) return "_";
  switch (node.type) {
    case "BinaryExpression":
    case "LogicalExpression":
      return `(${sexpr(node.left)} ${node.operator} ${sexpr(node.right)})`;
    case "UnaryExpression":
      return `(${node.operator} ${sexpr(node.argument)})`;
    case "PipeExpression":
      return `(${sexpr(node.argument)} |> ${sexpr({ ...node.call, type: "CallExpression" })})`;
    case "CallExpression":
      return `${sexpr(node.callee)}(${(node.arguments?.[0]?.properties ?? []).map(sexpr).join(", ")})`;
    case "Property":
      return `${node.key.type === "Identifier" ? node.key.name : JSON.stringify(node.key.value)}${node.value ? `: ${sexpr(node.value)}` : ""}`;
    case "MemberExpression":
      return `${sexpr(node.object)}.${node.property.type === "Identifier" ? node.property.name : JSON.stringify(node.property.value)}`;
    case "IndexExpression":
      return `${sexpr(node.array)}[${sexpr(node.index)}]`;
    case "Identifier":
      return node.name;
    case "IntegerLiteral":
    case "UnsignedIntegerLiteral":
      return node.value;
    case "FloatLiteral":
      return Number.isInteger(node.value) ? `${node.value}.0` : String(node.value);
    case "BooleanLiteral":
      return String(node.value);
    case "StringLiteral":
      return JSON.stringify(node.value);
    case "DurationLiteral":
      return node.values.map((v) => `${v.magnitude}${v.unit}`).join("");
    case "DateTimeLiteral":
      return node.value;
    case "RegexpLiteral":
      return `/${node.value}/`;
    case "PipeLiteral":
      return "<-";
    case "ParenExpression":
      return `(${sexpr(node.expression)})`;
    case "ConditionalExpression":
      return `(if ${sexpr(node.test)} then ${sexpr(node.consequent)} else ${sexpr(node.alternate)})`;
    case "FunctionExpression": {
      const params = node.params.map((p) => `${p.key.type === "Identifier" ? p.key.name : p.key.value}${p.value ? `=${sexpr(p.value)}` : ""}`);
      const body = node.body.type === "Block" ? `{${node.body.body.map(sexpr).join("; ")}}` : sexpr(node.body);
      return `fn(${params.join(", ")}) => ${body}`;
    }
    case "ObjectExpression":
      return `{${node.with ? `${node.with.name} with ` : ""}${node.properties.map(sexpr).join(", ")}}`;
    case "ArrayExpression":
      return `[${node.elements.map((e) => sexpr(e)).join(", ")}]`;
    case "DictExpression":
      return node.elements.length === 0 ? "[:]" : `[${node.elements.map((e) => `${sexpr(e.key)}: ${sexpr(e.val)}`).join(", ")}]`;
    case "StringExpression":
      return `"${node.parts.map((p) => (p.type === "TextPart" ? p.value : `\${${sexpr(p.expression)}}`)).join("")}"`;
    case "BadExpression":
      return `BAD(${node.text})`;
    case "VariableAssignment":
      return `${node.id.name} = ${sexpr(node.init)}`;
    case "OptionStatement": {
      const a = node.assignment;
      if (a.type === "VariableAssignment") return `option ${sexpr(a)}`;
      return `option ${sexpr(a.member.object)}.${a.member.property.type === "Identifier" ? a.member.property.name : a.member.property.value} = ${sexpr(a.init)}`;
    }
    case "ExpressionStatement":
      return sexpr(node.expression);
    case "ReturnStatement":
      return `return ${sexpr(node.argument)}`;
    case "BadStatement":
      return `BADSTMT(${node.text})`;
    case "BuiltinStatement":
      return `builtin ${node.id.name}`;
    case "TestCaseStatement":
      return `testcase ${node.id.name}${node.extends ? ` extends ${JSON.stringify(node.extends.value)}` : ""} {${node.block.body.map(sexpr).join("; ")}}`;
  }
}
