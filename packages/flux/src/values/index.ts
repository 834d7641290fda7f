export * from "./duration.js";
export * from "./time.js";
export * from "./value.js";
