/** Packages a query can import, by path, plus the universe. */
import type { Members, RuntimeContext } from "../runtime/builtin.js";
import { influxdbPackage, schemaPackage, secretsPackage, v1Package } from "./influxdb/index.js";
import { datePackage, timezonePackage } from "./date.js";
import { dictPackage } from "./dict.js";
import { experimentalPackage } from "./experimental.js";
import { httpPackage } from "./http.js";
import { interpolatePackage } from "./interpolate.js";
import { joinPackage } from "./join.js";
import { mathPackage } from "./math.js";
import { monitorPackage } from "./monitor.js";
import { moreMath } from "./math-more.js";
import { specialMath } from "./math-special.js";
import { regexpPackage } from "./regexp.js";
import { sampledataPackage } from "./sampledata.js";
import { plannerPackage } from "./planner.js";
import { profilerPackage } from "./profiler.js";
import { jsonPackage, runtimePackage, systemPackage } from "./small-packages.js";
import { arrayPackage, csvPackage } from "./sources.js";
import { stringsPackage } from "./strings.js";
import { moreStrings } from "./strings-more.js";
import { tasksPackage } from "./tasks.js";
import { testingPackage } from "./testing.js";
import { arrayConversions, typesPackage } from "./types.js";

export { universe } from "./universe/index.js";

export const packages: ReadonlyMap<string, (context: RuntimeContext) => Members> = new Map([
  ["strings", () => new Map([...stringsPackage, ...moreStrings])],
  ["math", () => new Map([...mathPackage, ...moreMath, ...specialMath])],
  ["array", () => new Map([...arrayPackage, ...arrayConversions])],
  ["csv", () => csvPackage],
  ["sampledata", () => sampledataPackage],
  ["experimental/array", () => new Map([...arrayPackage, ...arrayConversions])],
  ["types", () => typesPackage],
  ["experimental", experimentalPackage],
  ["date", datePackage],
  ["timezone", () => timezonePackage],
  ["regexp", () => regexpPackage],
  ["dict", () => dictPackage],
  ["json", () => jsonPackage],
  ["runtime", () => runtimePackage],
  ["system", () => systemPackage],
  ["planner", () => plannerPackage],
  ["profiler", () => profilerPackage],
  ["join", () => joinPackage],
  ["testing", () => testingPackage],
  ["interpolate", () => interpolatePackage],
  ["http", httpPackage],
  ["influxdata/influxdb", influxdbPackage],
  ["influxdata/influxdb/schema", schemaPackage],
  ["influxdata/influxdb/v1", v1Package],
  ["influxdata/influxdb/secrets", secretsPackage],
  ["influxdata/influxdb/tasks", tasksPackage],
  ["influxdata/influxdb/monitor", monitorPackage],
]);
