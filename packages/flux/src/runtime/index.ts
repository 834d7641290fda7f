export { type ExecuteOptions, type Execution, type QueryResult, execute, executeAsync } from "./execute.js";
export type * from "./services.js";
export { FluxCompileError, FluxExecutionError } from "./errors.js";
export type * from "./datasource.js";
export { MemoryDataSource, type Point, type PointValue } from "./memory-source.js";
export { MemoryServices } from "./memory-services.js";
export { queryErrorResponse } from "./error-response.js";
export { type JSONValue, paramsFromJSON, valueFromJSON } from "./params.js";
export { type BuiltinCatalog, type BuiltinFunction, builtinCatalog } from "./catalog.js";
