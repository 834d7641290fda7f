/**
 * Runs a parsed file: statements are compiled once against the known constants (prelude and
 * imports), then executed in order in one frame.
 */
import type { File } from "../ast/nodes.js";
import type { Value } from "../values/value.js";
import { compileExpression, compileStatement } from "./compile.js";
import { CompileScope, newFrame } from "./scope.js";

export interface ProgramResult {
  /** The value of each expression statement, in order (what `yield` will consume). */
  results: Value[];
  /** The file's variables and options after running. */
  bindings: Map<string, Value>;
}

export function runFile(file: File, constants: ReadonlyMap<string, Value> = new Map()): ProgramResult {
  const scope = CompileScope.root(constants).child();
  const names: [string, number][] = [];
  const steps = file.body.map((statement) => {
    if (statement.type === "ExpressionStatement") {
      const expression = compileExpression(statement.expression, scope);
      return { expression };
    }
    const step = compileStatement(statement, scope);
    if (statement.type === "VariableAssignment") names.push([statement.id.name, scope.frameSize - 1]);
    if (statement.type === "OptionStatement" && statement.assignment.type === "VariableAssignment") {
      names.push([statement.assignment.id.name, scope.frameSize - 1]);
    }
    return { step };
  });
  const frame = newFrame(scope.frameSize, undefined);
  const results: Value[] = [];
  for (const { expression, step } of steps) {
    if (expression !== undefined) results.push(expression(frame));
    else step?.(frame);
  }
  const bindings = new Map<string, Value>();
  for (const [name, slot] of names) {
    const value = frame.slots[slot];
    if (value !== undefined) bindings.set(name, value);
  }
  return { results, bindings };
}
