/**
 * Compiles Flux expressions into JavaScript closures, once. A row function such as
 * `(r) => r._value * 2.0 > 10.0` becomes a tree of small closures with every name already
 * resolved to a frame slot, so calling it per row does no AST walking and no name lookups.
 */
import type { Block, Expression, FunctionExpression, MemberAssignment, SourceLocation, Statement } from "../ast/nodes.js";
import { formatDuration, negateDuration } from "../values/duration.js";
import { formatTime } from "../values/time.js";
import {
  type FunctionValue,
  type RecordValue,
  type Value,
  array,
  bool,
  dict,
  float,
  int,
  literalValue,
  nullValue,
  record,
  string,
  uint,
} from "../values/value.js";
import { FluxRuntimeError } from "./errors.js";
import { OperatorError, arithmetic, comparison } from "./operators.js";
import { type CompileScope, type Frame, newFrame } from "./scope.js";

export type Compiled = (frame: Frame) => Value;

function fail(detail: string, location: SourceLocation | undefined): never {
  throw new FluxRuntimeError(detail, location);
}

/** Runs an operator, turning its type errors into located Flux errors. */
function located<T>(location: SourceLocation | undefined, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof OperatorError) fail(error.message, location);
    throw error;
  }
}

function truthy(value: Value, location: SourceLocation | undefined): boolean {
  if (value.kind === "null") return false;
  if (value.kind !== "bool") fail(`expected bool, got ${value.kind}`, location);
  return value.value;
}

/** Text of a value inside `"${…}"`. */
export function interpolate(value: Value, location: SourceLocation | undefined): string {
  switch (value.kind) {
    case "string":
      return value.value;
    case "int":
    case "uint":
      return value.value.toString();
    case "float":
      return Number.isFinite(value.value) ? value.value.toString() : String(value.value);
    case "bool":
      return String(value.value);
    case "time":
      return formatTime(value.value);
    case "duration":
      return formatDuration(value.value);
    default:
      return fail(`cannot interpolate a value of kind ${value.kind}`, location);
  }
}

export function compileExpression(expression: Expression, scope: CompileScope): Compiled {
  const constant = literalValue(expression);
  if (constant !== undefined) return () => constant;
  const location = expression.location;
  switch (expression.type) {
    case "Identifier": {
      const resolved = scope.resolve(expression.name);
      if (resolved === undefined) return fail(`undefined identifier ${expression.name}`, location);
      if (resolved.kind === "constant") {
        const value = resolved.value;
        return () => value;
      }
      const { hops, slot } = resolved;
      if (hops === 0) return (frame) => frame.slots[slot] ?? nullValue;
      return (frame) => {
        let target: Frame | undefined = frame;
        for (let i = 0; i < hops; i++) target = target?.parent;
        return target?.slots[slot] ?? nullValue;
      };
    }
    case "ParenExpression":
      return compileExpression(expression.expression, scope);
    case "BinaryExpression": {
      const left = compileExpression(expression.left, scope);
      const right = compileExpression(expression.right, scope);
      const operator = expression.operator;
      if (operator === "<INVALID_OP>") return fail("invalid binary operator", location);
      const isArithmetic = operator === "+" || operator === "-" || operator === "*" || operator === "/" || operator === "%" || operator === "^";
      return isArithmetic
        ? (frame) => located(location, () => arithmetic(operator, left(frame), right(frame)))
        : (frame) => located(location, () => comparison(operator, left(frame), right(frame)));
    }
    case "LogicalExpression": {
      const left = compileExpression(expression.left, scope);
      const right = compileExpression(expression.right, scope);
      const leftLocation = expression.left.location;
      const rightLocation = expression.right.location;
      // Short-circuit, as Flux does: the right side runs only when it can change the answer.
      return expression.operator === "and"
        ? (frame) => bool(truthy(left(frame), leftLocation) && truthy(right(frame), rightLocation))
        : (frame) => bool(truthy(left(frame), leftLocation) || truthy(right(frame), rightLocation));
    }
    case "UnaryExpression": {
      const argument = compileExpression(expression.argument, scope);
      switch (expression.operator) {
        case "exists":
          return (frame) => bool(argument(frame).kind !== "null");
        case "not":
          return (frame) => {
            const value = argument(frame);
            if (value.kind === "null") return nullValue;
            if (value.kind !== "bool") return fail(`unsupported unary expression not ${value.kind}`, location);
            return bool(!value.value);
          };
        case "-":
          return (frame) => negate(argument(frame), location);
        case "+":
          return argument;
        default:
          return fail(`invalid unary operator ${expression.operator}`, location);
      }
    }
    case "ConditionalExpression": {
      const test = compileExpression(expression.test, scope);
      const consequent = compileExpression(expression.consequent, scope);
      const alternate = compileExpression(expression.alternate, scope);
      const testLocation = expression.test.location;
      return (frame) => (truthy(test(frame), testLocation) ? consequent(frame) : alternate(frame));
    }
    case "ObjectExpression": {
      const source = expression.with === undefined ? undefined : compileExpression({ ...expression.with, type: "Identifier" }, scope);
      const fields = expression.properties.map((p) => {
        const name = p.key.type === "Identifier" ? p.key.name : p.key.value;
        const value = p.value ?? (p.key.type === "Identifier" ? p.key : undefined);
        if (value === undefined) return fail(`string literal key ${name} must have a value`, p.location);
        return [name, compileExpression(value, scope)] as const;
      });
      return (frame) => {
        const out = new Map<string, Value>();
        if (source !== undefined) {
          const base = source(frame);
          if (base.kind !== "record") return fail(`cannot extend a value of kind ${base.kind}`, location);
          for (const [name, value] of base.fields) out.set(name, value);
        }
        for (const [name, value] of fields) out.set(name, value(frame));
        return { kind: "record", fields: out } satisfies RecordValue;
      };
    }
    case "ArrayExpression": {
      const elements = expression.elements.map((e) => compileExpression(e, scope));
      return (frame) => array(elements.map((e) => e(frame)));
    }
    case "DictExpression": {
      const entries = expression.elements.map((e) => [compileExpression(e.key, scope), compileExpression(e.val, scope)] as const);
      return (frame) => dict(entries.map(([k, v]) => [k(frame), v(frame)] as const));
    }
    case "MemberExpression": {
      const object = compileExpression(expression.object, scope);
      const name = expression.property.type === "Identifier" ? expression.property.name : expression.property.value;
      return (frame) => {
        const value = object(frame);
        if (value.kind !== "record") return fail(`cannot access property ${name} of a value of kind ${value.kind}`, location);
        return value.fields.get(name) ?? nullValue;
      };
    }
    case "IndexExpression": {
      const target = compileExpression(expression.array, scope);
      const index = compileExpression(expression.index, scope);
      return (frame) => {
        const value = target(frame);
        const i = index(frame);
        if (value.kind !== "array") return fail(`cannot index into a value of kind ${value.kind}`, location);
        if (i.kind !== "int") return fail(`array index must be an int, got ${i.kind}`, location);
        const element = value.elements[Number(i.value)];
        if (i.value < 0n || element === undefined) {
          return fail(`cannot access element ${i.value} of array of length ${value.elements.length}`, location);
        }
        return element;
      };
    }
    case "StringExpression": {
      const parts = expression.parts.map((p): Compiled | string => (p.type === "TextPart" ? p.value : compileExpression(p.expression, scope)));
      return (frame) => string(parts.map((p) => (typeof p === "string" ? p : interpolate(p(frame), location))).join(""));
    }
    case "FunctionExpression":
      return compileFunction(expression, scope);
    case "CallExpression":
      return compileCall(expression.callee, expression.arguments?.[0]?.properties ?? [], undefined, scope, location);
    case "PipeExpression":
      return compileCall(expression.call.callee, expression.call.arguments?.[0]?.properties ?? [], compileExpression(expression.argument, scope), scope, location, expression.call.location);
    case "PipeLiteral":
      return fail("a pipe literal may only be a parameter's default", location);
    case "BadExpression":
      return fail(`invalid expression: ${expression.text}`, location);
    default:
      return fail(`cannot evaluate ${expression.type}`, location);
  }
}

function negate(value: Value, location: SourceLocation | undefined): Value {
  switch (value.kind) {
    case "null":
      return nullValue;
    case "int":
      return int(-value.value);
    case "uint":
      return uint(-value.value);
    case "float":
      return float(-value.value);
    case "duration":
      return { kind: "duration", value: negateDuration(value.value) };
    default:
      return fail(`unsupported unary expression - ${value.kind}`, location);
  }
}

function compileCall(
  callee: Expression,
  properties: readonly { key: { type: string; name?: string; value?: string }; value: Expression | null; location?: SourceLocation }[],
  piped: Compiled | undefined,
  scope: CompileScope,
  location: SourceLocation | undefined,
  /** Where the call itself is written (for a pipe, the call after `|>`); errors while tables flow point here. */
  site: SourceLocation | undefined = location,
): Compiled {
  const target = compileExpression(callee, scope);
  const args = properties.map((p) => {
    const name = p.key.type === "Identifier" ? (p.key.name ?? "") : (p.key.value ?? "");
    const value: Expression = p.value ?? { type: "Identifier", name, ...(p.location ? { location: p.location } : {}) };
    return [name, compileExpression(value, scope)] as const;
  });
  return (frame) => {
    const fn = target(frame);
    if (fn.kind !== "function") return fail(`cannot call a value of kind ${fn.kind}`, location);
    const values = new Map<string, Value>();
    for (const [name, value] of args) values.set(name, value(frame));
    if (piped !== undefined) {
      if (fn.pipeParameter === undefined) return fail(`function ${fn.name} does not take a piped argument`, location);
      values.set(fn.pipeParameter, piped(frame));
    }
    try {
      return fn.call(values, site);
    } catch (error) {
      if (error instanceof FluxRuntimeError) throw error;
      if (error instanceof Error) fail(`error calling function "${fn.name}": ${error.message}`, location);
      throw error;
    }
  };
}

function compileFunction(expression: FunctionExpression, scope: CompileScope): Compiled {
  const inner = scope.child();
  let pipeParameter: string | undefined;
  const params = expression.params.map((p) => {
    const name = p.key.type === "Identifier" ? p.key.name : p.key.value;
    const slot = inner.define(name);
    if (p.value?.type === "PipeLiteral") {
      pipeParameter = name;
      return { name, slot, fallback: undefined };
    }
    // Defaults are evaluated in the defining scope, each time the function is called without them.
    return { name, slot, fallback: p.value === null ? undefined : compileExpression(p.value, scope) };
  });
  const body = expression.body.type === "Block" ? compileBlock(expression.body, inner) : compileExpression(expression.body, inner);
  const known = new Set(params.map((p) => p.name));
  const location = expression.location;
  return (defining) => {
    const fn: FunctionValue = {
      kind: "function",
      name: "anonymous",
      call: (args) => {
        for (const name of args.keys()) if (!known.has(name)) fail(`function does not take an argument named ${name}`, location);
        const frame = newFrame(inner.frameSize, defining);
        for (const p of params) {
          const given = args.get(p.name);
          if (given !== undefined) frame.slots[p.slot] = given;
          else if (p.fallback !== undefined) frame.slots[p.slot] = p.fallback(defining);
          else fail(`missing required argument ${p.name}`, location);
        }
        return body(frame);
      },
    };
    if (pipeParameter !== undefined) fn.pipeParameter = pipeParameter;
    fn.expression = expression;
    return fn;
  };
}

/** A function body block: assignments fill slots in order, `return` ends it. */
function compileBlock(block: Block, scope: CompileScope): Compiled {
  const steps = block.body.map((statement) => compileStatement(statement, scope));
  const location = block.location;
  return (frame) => {
    for (const step of steps) {
      const result = step(frame);
      if (result !== undefined) return result;
    }
    return fail("function body has no return statement", location);
  };
}

/**
 * `option pkg.name = value`: from here on the program sees the imported package with that option
 * replaced (a new binding of the package's name shadows the import). Only a member the package
 * has can be set (Flux would further refuse members that are not declared as options); functions
 * implemented natively keep the package's own value.
 */
function compilePackageOption(assignment: MemberAssignment, scope: CompileScope, location: SourceLocation | undefined): CompiledStatement {
  const { member } = assignment;
  if (member.object.type !== "Identifier") return fail("an option can only be set on an imported package: option <package>.<name> = <value>", location);
  const packageName = member.object.name;
  const name = member.property.type === "Identifier" ? member.property.name : member.property.value;
  const current = compileExpression(member.object, scope);
  const init = compileExpression(assignment.init, scope);
  const slot = scope.define(packageName);
  return (frame) => {
    const pkg = current(frame);
    if (pkg.kind !== "record") return fail(`cannot set option ${name} on ${packageName}: it is not a package`, location);
    if (!pkg.fields.has(name)) return fail(`package ${packageName} has no option ${name}`, location);
    frame.slots[slot] = record([...pkg.fields, [name, init(frame)]]);
    return undefined;
  };
}

/** A compiled statement returns a value only for `return`. */
export type CompiledStatement = (frame: Frame) => Value | undefined;

export function compileStatement(statement: Statement, scope: CompileScope): CompiledStatement {
  switch (statement.type) {
    case "VariableAssignment": {
      const init = compileExpression(statement.init, scope);
      const slot = scope.define(statement.id.name);
      return (frame) => {
        frame.slots[slot] = init(frame);
        return undefined;
      };
    }
    case "ExpressionStatement": {
      const expression = compileExpression(statement.expression, scope);
      return (frame) => {
        expression(frame);
        return undefined;
      };
    }
    case "ReturnStatement":
      return compileExpression(statement.argument, scope);
    case "OptionStatement": {
      const assignment = statement.assignment;
      if (assignment.type === "MemberAssignment") return compilePackageOption(assignment, scope, statement.location);
      const init = compileExpression(assignment.init, scope);
      const slot = scope.define(assignment.id.name);
      return (frame) => {
        frame.slots[slot] = init(frame);
        return undefined;
      };
    }
    case "TestCaseStatement":
      return () => undefined;
    case "BuiltinStatement":
      return fail(`builtin ${statement.id.name} has no implementation here`, statement.location);
    case "BadStatement":
      return fail(`invalid statement: ${statement.text}`, statement.location);
  }
}
