/** The `profiler` package: its one option, read by the executor (runtime/profiler.ts). */
import type { Members } from "../runtime/builtin.js";
import { array } from "../values/value.js";

export const profilerPackage: Members = new Map([["enabledProfilers", array([])]]);
