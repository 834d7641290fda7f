// InfluxDB's `extern` is a Flux AST File (the UI and Grafana send `option v = {…}` this way, the
// influx CLI `import "profiler"` and `option profiler.enabledProfilers = […]`); the engine takes Flux
// source, so the AST is printed back. Only the expression kinds such options use
// are printed; anything else is refused as invalid rather than guessed.
import { formatFloat } from "@fluxgate/flux";
import { invalid } from "../http/errors.js";

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nodes(value: unknown): Node[] {
  return Array.isArray(value) ? value.filter(isNode) : [];
}

/**
 * A Flux string literal holding exactly `text`: quotes and backslashes escaped, `${` escaped so
 * that a value is never interpolated (it is data, not code), control characters as `\xHH`.
 */
function fluxString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "\\") out += `\\${c}`;
    else if (c === "$" && text[i + 1] === "{") out += "\\$";
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\t") out += "\\t";
    else if (c < " " || c === "\x7f") out += `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
    else out += c;
  }
  return `${out}"`;
}

function name(node: unknown): string {
  if (isNode(node) && typeof node.name === "string") return node.name;
  if (isNode(node) && typeof node.value === "string") return fluxString(node.value);
  throw invalid("extern: expected an identifier");
}

function expression(node: unknown): string {
  if (!isNode(node)) throw invalid("extern: expected an expression");
  switch (node.type) {
    case "Identifier":
      return name(node);
    case "StringLiteral":
      return fluxString(String(node.value));
    case "FloatLiteral": {
      // Flux has no exponent form (1e-07 would read as 1 minus e): write every digit.
      const value = Number(node.value);
      if (!Number.isFinite(value)) throw invalid(`extern: float literal ${String(node.value)} is not a finite number`);
      const text = formatFloat(value);
      return text.includes(".") ? text : `${text}.0`;
    }
    case "IntegerLiteral":
    case "UnsignedIntegerLiteral":
    case "BooleanLiteral":
    case "DateTimeLiteral":
      return String(node.value);
    case "DurationLiteral":
      return nodes(node.values).map((v) => `${String(v.magnitude)}${String(v.unit)}`).join("");
    case "UnaryExpression":
      return `${String(node.operator)}${node.operator === "not" ? " " : ""}${expression(node.argument)}`;
    case "ObjectExpression":
      return `{${nodes(node.properties).map((p) => `${name(p.key)}: ${expression(p.value)}`).join(", ")}}`;
    case "ArrayExpression":
      return `[${nodes(node.elements).map(expression).join(", ")}]`;
    case "MemberExpression":
      return `${expression(node.object)}.${name(node.property)}`;
    case "CallExpression":
      return `${expression(node.callee)}(${nodes(node.arguments).flatMap((a) => nodes(a.properties)).map((p) => `${name(p.key)}: ${expression(p.value)}`).join(", ")})`;
    case "FunctionExpression":
      if (nodes(node.params).length > 0) break;
      return `() => ${expression(node.body)}`;
  }
  throw invalid(`extern: unsupported expression ${String(node.type)}`);
}

function statement(node: Node): string {
  const option = node.type === "OptionStatement";
  const assignment = option ? node.assignment : node;
  if (isNode(assignment) && assignment.type === "VariableAssignment") {
    return `${option ? "option " : ""}${name(assignment.id)} = ${expression(assignment.init)}`;
  }
  // `option pkg.name = …`, as the influx CLI's --profilers sends `option profiler.enabledProfilers`.
  if (option && isNode(assignment) && assignment.type === "MemberAssignment" && isNode(assignment.member)) {
    return `option ${identifier(assignment.member.object)}.${identifier(assignment.member.property)} = ${expression(assignment.init)}`;
  }
  throw invalid(`extern: unsupported statement ${String(node.type)}`);
}

/** A member or alias name: an identifier only (a string here would be code, not data). */
function identifier(node: unknown): string {
  const text = isNode(node) && typeof node.name === "string" ? node.name : isNode(node) && typeof node.value === "string" ? node.value : undefined;
  if (text === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(text)) throw invalid("extern: expected an identifier");
  return text;
}

function importDeclaration(node: Node): string {
  const path = isNode(node.path) ? node.path.value : undefined;
  if (typeof path !== "string") throw invalid("extern: an import needs a path string");
  return `import ${node.as === undefined || node.as === null ? "" : `${identifier(node.as)} `}${fluxString(path)}`;
}

/** The Flux source of an extern File node: its imports, then its statements. */
export function externSource(extern: unknown): string {
  if (!isNode(extern)) throw invalid("extern: expected a File node");
  return [...nodes(extern.imports).map(importDeclaration), ...nodes(extern.body).map(statement)].join("\n");
}
