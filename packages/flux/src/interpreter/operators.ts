/**
 * Flux's operators on values. Arithmetic needs both operands of the same numeric kind (Flux
 * reports a type error otherwise); `+` also joins strings. Comparisons accept any two numbers,
 * strings, times or booleans of matching kinds. A null operand makes the result null, which a
 * filter treats as false.
 */
import { compareText } from "@fluxgate/line-protocol";
import type { Operator } from "../ast/nodes.js";
import { type Value, bool, float, int, nullValue, string, uint, valuesEqual } from "../values/value.js";
import { compileRegexp } from "./regexp.js";

export class OperatorError extends Error {}

const numeric = (v: Value): v is Extract<Value, { kind: "int" | "uint" | "float" }> =>
  v.kind === "int" || v.kind === "uint" || v.kind === "float";

function typeError(operator: string, left: Value, right: Value): OperatorError {
  return new OperatorError(`unsupported binary expression ${left.kind} ${operator} ${right.kind}`);
}

export function arithmetic(operator: Operator, left: Value, right: Value): Value {
  if (left.kind === "null" || right.kind === "null") return nullValue;
  if (operator === "+" && left.kind === "string" && right.kind === "string") return string(left.value + right.value);
  if (left.kind === "float" && right.kind === "float") return float(floatOp(operator, left.value, right.value));
  if ((left.kind === "int" || left.kind === "uint") && right.kind === left.kind) {
    const make = left.kind === "int" ? int : uint;
    return integerOp(operator, left.value, right.value, make);
  }
  throw typeError(operator, left, right);
}

function floatOp(operator: Operator, a: number, b: number): number {
  switch (operator) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return a / b;
    case "%":
      return a % b;
    case "^":
      return a ** b;
    default:
      throw new OperatorError(`${operator} is not an arithmetic operator`);
  }
}

function integerOp(operator: Operator, a: bigint, b: bigint, make: (v: bigint) => Value): Value {
  switch (operator) {
    case "+":
      return make(a + b);
    case "-":
      return make(a - b);
    case "*":
      return make(a * b);
    case "/":
      if (b === 0n) throw new OperatorError("cannot divide by zero");
      return make(a / b);
    case "%":
      if (b === 0n) throw new OperatorError("cannot divide by zero");
      return make(a % b);
    case "^":
      // Integer powers are computed in floating point, as Flux does.
      return float(Number(a) ** Number(b));
    default:
      throw new OperatorError(`${operator} is not an arithmetic operator`);
  }
}

/** -1 / 0 / 1, or undefined when the two values cannot be ordered. */
function order(left: Value, right: Value): number | undefined {
  if (numeric(left) && numeric(right)) {
    if (left.kind !== "float" && right.kind !== "float") return left.value < right.value ? -1 : left.value > right.value ? 1 : 0;
    const a = Number(left.value);
    const b = Number(right.value);
    return a < b ? -1 : a > b ? 1 : a === b ? 0 : undefined;
  }
  if (left.kind === "string" && right.kind === "string") return Math.sign(compareText(left.value, right.value));
  if (left.kind === "time" && right.kind === "time") return left.value < right.value ? -1 : left.value > right.value ? 1 : 0;
  if (left.kind === "bool" && right.kind === "bool") return Number(left.value) - Number(right.value);
  return undefined;
}

export function comparison(operator: Operator, left: Value, right: Value): Value {
  if (left.kind === "null" || right.kind === "null") return nullValue;
  if (operator === "=~" || operator === "!~") {
    if (left.kind !== "string" || right.kind !== "regexp") throw typeError(operator, left, right);
    const matches = compileRegexp(right.value).test(left.value);
    return bool(operator === "=~" ? matches : !matches);
  }
  if (operator === "==" || operator === "!=") {
    const cmp = order(left, right);
    const equal = cmp === undefined ? left.kind === right.kind && valuesEqual(left, right) : cmp === 0;
    if (cmp === undefined && left.kind !== right.kind) throw typeError(operator, left, right);
    return bool(operator === "==" ? equal : !equal);
  }
  const cmp = order(left, right);
  if (cmp === undefined) throw typeError(operator, left, right);
  switch (operator) {
    case "<":
      return bool(cmp < 0);
    case "<=":
      return bool(cmp <= 0);
    case ">":
      return bool(cmp > 0);
    case ">=":
      return bool(cmp >= 0);
    default:
      throw new OperatorError(`${operator} is not a comparison operator`);
  }
}
