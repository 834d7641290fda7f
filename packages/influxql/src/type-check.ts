// The type check InfluxDB 1.x runs on a SELECT list before reading anything: every arithmetic or
// bitwise operator must be defined for the types of its operands (field types of the measurement
// in the statement's time range, tag, literal, or what a call returns), or the statement answers
// `type error: <expression>: incompatible types: <left> and <right>`. An operand of unknown type
// (a name that is neither a field nor a tag, a call 1.x gives no type) passes.
import type { FieldType } from "@fluxgate/storage-engine";
import type { Expr } from "./ast.js";
import { QueryError } from "./eval.js";
import { KEYWORDS } from "./lexer.js";
import { goDuration } from "./params.js";

type ExprType = FieldType | "tag" | "unknown";

/** What a name is in the measurement: a field of a type, a tag, or neither. */
export type NameType = (name: string) => FieldType | "tag" | undefined;

const FLOAT_CALLS: ReadonlySet<string> = new Set([
  "mean", "median", "stddev", "integral", "derivative", "non_negative_derivative", "moving_average",
  "exponential_moving_average", "double_exponential_moving_average", "triple_exponential_moving_average",
  "triple_exponential_derivative", "relative_strength_index", "kaufmans_efficiency_ratio",
  "kaufmans_adaptive_moving_average", "chande_momentum_oscillator", "holt_winters", "holt_winters_with_fit",
  "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "exp", "ln", "log", "log2", "log10", "sqrt", "pow",
]);
const INTEGER_CALLS: ReadonlySet<string> = new Set(["count", "elapsed"]);
/** Calls whose result has their first argument's type. */
const SAME_TYPE_CALLS: ReadonlySet<string> = new Set([
  "min", "max", "sum", "first", "last", "mode", "distinct", "sample", "top", "bottom", "percentile", "spread",
  "difference", "non_negative_difference", "cumulative_sum", "abs", "ceil", "floor", "round",
]);
const ARITHMETIC: ReadonlySet<string> = new Set(["+", "-", "*", "/", "%"]);
const BITWISE: ReadonlySet<string> = new Set(["&", "|", "^"]);

/** Whether a SELECT list holds an operator the check looks at (only then are field types needed). */
export function needsTypeCheck(exprs: readonly Expr[]): boolean {
  const visit = (e: Expr): boolean => {
    switch (e.kind) {
      case "binary":
        return ARITHMETIC.has(e.op) || BITWISE.has(e.op) || visit(e.left) || visit(e.right);
      case "paren":
        return visit(e.expr);
      case "call":
        return e.args.some(visit);
      default:
        return false;
    }
  };
  return exprs.some(visit);
}

/** Throws 1.x's type error for the first operator (depth first, left to right) its operands do not fit. */
export function checkTypes(exprs: readonly Expr[], nameType: NameType): void {
  const refType = (e: Expr & { kind: "ref" }): ExprType => {
    if (e.type !== undefined && e.type !== "field") return e.type;
    const t = nameType(e.name);
    if (t === undefined || (e.type === "field" && t === "tag")) return "unknown";
    return t;
  };
  const typeOf = (e: Expr): ExprType => {
    switch (e.kind) {
      case "number":
        return "float";
      case "integer":
        return "integer";
      case "string":
        return "string";
      case "boolean":
        return "boolean";
      case "ref":
        return refType(e);
      case "paren":
        return typeOf(e.expr);
      case "call": {
        const args = e.args.map(typeOf);
        if (FLOAT_CALLS.has(e.name)) return "float";
        if (INTEGER_CALLS.has(e.name)) return "integer";
        if (SAME_TYPE_CALLS.has(e.name)) return args[0] ?? "unknown";
        return "unknown";
      }
      case "binary": {
        const left = typeOf(e.left);
        const right = typeOf(e.right);
        if (!ARITHMETIC.has(e.op) && !BITWISE.has(e.op)) return "unknown";
        const out = operatorType(e.op, left, right);
        if (out === undefined) throw new QueryError(`type error: ${goText(e, refType)}: incompatible types: ${left} and ${right}`);
        return out;
      }
      default:
        return "unknown";
    }
  };
  for (const e of exprs) typeOf(e);
}

/**
 * What `left op right` gives, as 1.x finds it (the operator applied to the zero values of both
 * types); undefined when it gives nothing. A boolean on the left takes any right side bitwise.
 */
function operatorType(op: string, left: ExprType, right: ExprType): ExprType | undefined {
  if (left === "unknown") return right;
  if (right === "unknown") return left;
  if (left === "boolean") return BITWISE.has(op) ? "boolean" : undefined;
  const numeric = (t: ExprType): boolean => t === "float" || t === "integer";
  if (!numeric(left) || !numeric(right)) return undefined;
  if (left === "integer" && right === "integer") return op === "/" ? "float" : "integer";
  return ARITHMETIC.has(op) ? "float" : undefined;
}

/** An expression as 1.x writes it in the error: names with their type, a float with 3 decimals. */
function goText(e: Expr, refType: (e: Expr & { kind: "ref" }) => ExprType): string {
  const text = (x: Expr): string => {
    switch (x.kind) {
      case "number":
        return x.value.toFixed(3);
      case "integer":
        return String(x.value);
      case "string":
        return `'${x.value.replaceAll("\\", "\\\\").replaceAll("'", "\\'").replaceAll("\n", "\\n")}'`;
      case "boolean":
        return String(x.value);
      case "duration":
        return goDuration(x.ns);
      case "regex":
        return `/${x.pattern.replaceAll("/", "\\/")}/`;
      case "ref": {
        const t = refType(x);
        return t === "unknown" ? quoteName(x.name) : `${quoteName(x.name)}::${t}`;
      }
      case "wildcard":
        return "*";
      case "call":
        return `${x.name}(${x.args.map(text).join(", ")})`;
      case "binary":
        return `${text(x.left)} ${x.op} ${text(x.right)}`;
      case "paren":
        // 1.x has dropped the parentheses around anything but an operator by then.
        return x.expr.kind === "binary" ? `(${text(x.expr)})` : text(x.expr);
    }
  };
  return text(e);
}

function quoteName(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KEYWORDS.has(name.toUpperCase())) return name;
  return `"${name.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n")}"`;
}
