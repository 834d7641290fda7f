export type { ReadPlan, Output, SeriesTemplate, ValueTemplate } from "./plan.js";
export { readFunctionName, rewriteProgram, type Rewritten } from "./rewrite.js";
export { readFunction, type ReadObserver } from "./read.js";
