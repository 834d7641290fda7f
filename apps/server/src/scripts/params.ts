// GET /scripts/{id}/params: the `params.<key>` references of a Flux script, each with the type its
// context implies (the argument it is passed as, or the literal it is compared or combined with),
// `any` when the context says nothing.
import { parse } from "@fluxgate/flux";

export type ParamType = "any" | "bool" | "duration" | "float" | "int" | "string" | "time" | "uint";

/** Types of well-known function arguments. */
const ARGUMENT_TYPES: Readonly<Record<string, ParamType>> = {
  bucket: "string",
  bucketID: "string",
  org: "string",
  orgID: "string",
  host: "string",
  token: "string",
  measurement: "string",
  column: "string",
  field: "string",
  name: "string",
  start: "time",
  stop: "time",
  every: "duration",
  period: "duration",
  offset: "duration",
  duration: "duration",
  n: "int",
  q: "float",
  createEmpty: "bool",
  desc: "bool",
};

const LITERAL_TYPES: Readonly<Record<string, ParamType>> = {
  StringLiteral: "string",
  IntegerLiteral: "int",
  UnsignedIntegerLiteral: "uint",
  FloatLiteral: "float",
  BooleanLiteral: "bool",
  DateTimeLiteral: "time",
  DurationLiteral: "duration",
};

type Node = { type?: unknown } & Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/** The key of `params.key` / `params["key"]`, when `node` is such a reference. */
function paramKey(node: Node): string | undefined {
  if (node.type !== "MemberExpression" && node.type !== "IndexExpression") return undefined;
  const object = node.type === "MemberExpression" ? node["object"] : node["array"];
  if (!isNode(object) || object.type !== "Identifier" || object["name"] !== "params") return undefined;
  const property = node.type === "MemberExpression" ? node["property"] : node["index"];
  if (!isNode(property)) return undefined;
  if (property.type === "Identifier" && typeof property["name"] === "string") return property["name"];
  if (property.type === "StringLiteral" && typeof property["value"] === "string") return property["value"];
  return undefined;
}

function literalType(node: unknown): ParamType | undefined {
  if (!isNode(node) || typeof node.type !== "string") return undefined;
  // Flux spells booleans as the identifiers `true` and `false`.
  if (node.type === "Identifier" && (node["name"] === "true" || node["name"] === "false")) return "bool";
  return LITERAL_TYPES[node.type];
}

export function scriptParams(source: string): Record<string, ParamType> {
  const found = new Map<string, ParamType>();
  const note = (key: string, type: ParamType) => {
    const previous = found.get(key);
    if (previous === undefined || previous === "any") found.set(key, type);
  };
  const visit = (node: unknown, context: ParamType): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, context);
      return;
    }
    if (!isNode(node)) return;
    const key = paramKey(node);
    if (key !== undefined) {
      note(key, context);
      return;
    }
    if (node.type === "Property") {
      const k = node["key"];
      const name = isNode(k) ? (typeof k["name"] === "string" ? k["name"] : typeof k["value"] === "string" ? k["value"] : "") : "";
      visit(node["value"], ARGUMENT_TYPES[name] ?? "any");
      return;
    }
    if (node.type === "BinaryExpression") {
      const left = node["left"];
      const right = node["right"];
      visit(left, literalType(right) ?? "any");
      visit(right, literalType(left) ?? "any");
      return;
    }
    for (const [field, value] of Object.entries(node)) {
      if (field === "location" || field === "comments") continue;
      visit(value, "any");
    }
  };
  visit(parse(source).package, "any");
  return Object.fromEntries([...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
