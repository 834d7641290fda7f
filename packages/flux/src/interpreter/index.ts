export { type Compiled, compileExpression, compileStatement, interpolate } from "./compile.js";
export { FluxRuntimeError } from "./errors.js";
export { arithmetic, comparison, OperatorError } from "./operators.js";
export { type ProgramResult, runFile } from "./program.js";
export { compileRegexp } from "./regexp.js";
export { CompileScope, type Frame, newFrame } from "./scope.js";
