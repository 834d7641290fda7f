/**
 * `planner`: options that switch off named planner rules (`option planner.disablePhysicalRules =
 * ["…"]`). Rules here only make a query faster, never change its answer, so the options are
 * accepted and read by nothing.
 */
import { array, string, type Value } from "../values/value.js";
import type { Members } from "../runtime/builtin.js";

export const plannerPackage: Members = new Map<string, Value>([
  ["disablePhysicalRules", array([string("")])],
  ["disableLogicalRules", array([string("")])],
]);
