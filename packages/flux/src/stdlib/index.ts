/** Packages a query can import, by path, plus the universe. */
import type { Members, RuntimeContext } from "../runtime/builtin.js";
import { mathPackage } from "./math.js";
import { sampledataPackage } from "./sampledata.js";
import { arrayPackage, csvPackage } from "./sources.js";
import { stringsPackage } from "./strings.js";

export { universe } from "./universe/index.js";

export const packages: ReadonlyMap<string, (context: RuntimeContext) => Members> = new Map([
  ["strings", () => stringsPackage],
  ["math", () => mathPackage],
  ["array", () => arrayPackage],
  ["csv", () => csvPackage],
  ["sampledata", () => sampledataPackage],
  ["experimental/array", () => arrayPackage],
]);
