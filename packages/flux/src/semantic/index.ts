export { type NameEnvironment, importName, resolveNames } from "./names.js";
