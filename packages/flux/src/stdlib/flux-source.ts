/**
 * Packages written in Flux itself: the source is compiled once per query against the constants
 * it may use (the universe and the packages it imports), and its top-level bindings become the
 * package's members. Names starting with `_` stay private.
 */
import type { File } from "../ast/nodes.js";
import { compileStatement } from "../interpreter/compile.js";
import { CompileScope, newFrame } from "../interpreter/scope.js";
import { parse } from "../parse.js";
import type { Members } from "../runtime/builtin.js";
import type { Value } from "../values/value.js";

export function fluxPackage(source: string, constants: ReadonlyMap<string, Value>): Members {
  const parsed = parse(source);
  const error = parsed.errors[0];
  if (error !== undefined) throw new Error(`stdlib source does not parse: ${error.formatted}`);
  const scope = CompileScope.root(constants).child();
  const bindings: [string, number][] = [];
  const steps = (parsed.package.files[0] as File).body.map((statement) => {
    const step = compileStatement(statement, scope);
    if (statement.type === "VariableAssignment") bindings.push([statement.id.name, scope.frameSize - 1]);
    return step;
  });
  const frame = newFrame(scope.frameSize, undefined);
  for (const step of steps) step(frame);
  const members = new Map<string, Value>();
  for (const [name, slot] of bindings) if (!name.startsWith("_")) members.set(name, frame.slots[slot] as Value);
  return members;
}
