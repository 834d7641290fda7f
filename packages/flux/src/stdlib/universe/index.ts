/** The universe package: functions every query sees without an import. */
import { type Members, type RuntimeContext, transformation } from "../../runtime/builtin.js";
import { type Value, bool } from "../../values/value.js";
import { aggregateFunctions } from "./aggregates.js";
import { columnFunctions } from "./columns.js";
import { conversionFunctions } from "./convert.js";
import { correlationFunctions } from "./correlation.js";
import { statsFunctions } from "./stats.js";
import { locationValue } from "../date.js";
import { bucketsFunction } from "../influxdb/index.js";
import { toFunction } from "../influxdb/write.js";
import { findFunctions } from "./find.js";
import { histogramFunctions } from "./histogram.js";
import { holtWintersFunctions } from "./holt-winters.js";
import { miscFunctions } from "./misc.js";
import { movingFunctions } from "./moving.js";
import { rankingFunctions } from "./ranking.js";
import { orderFunctions } from "./order.js";
import { pivotJoinFunctions } from "./pivot-join.js";
import { rowFunctions } from "./rows.js";
import { seriesFunctions } from "./series.js";
import { sourceFunctions } from "./source.js";
import { timeStateFunctions } from "./time-state.js";
import { windowFunctions } from "./window.js";

export function universe(context: RuntimeContext): Members {
  const yieldFn = transformation("yield", (args) => {
    const input = args.stream();
    const name = args.string("name", "_result");
    context.yield(name, input, args.site);
    return input;
  });
  const members: Map<string, Value> = new Map<string, Value>([
    ["true", bool(true)],
    ["false", bool(false)],
    ["yield", yieldFn],
    ...sourceFunctions(context),
    ...rowFunctions,
    ...columnFunctions,
    ...aggregateFunctions,
    ...orderFunctions,
    ...windowFunctions(context),
    ...seriesFunctions,
    ...timeStateFunctions,
    ...pivotJoinFunctions,
    ...conversionFunctions(context),
    ...findFunctions(context),
    ...histogramFunctions,
    ...holtWintersFunctions,
    // Flux's `inf`: the longest duration (window(every: inf) puts each table in one window).
    // The `location` option's default: UTC (a program's `option location = …` shadows it).
    ["location", locationValue("UTC", { months: 0n, nanoseconds: 0n, negative: false })],
    ["inf", { kind: "duration", value: { months: 0n, nanoseconds: 9_223_372_036_854_775_807n, negative: false } }],
    ...miscFunctions,
    ["to", toFunction(context)],
    ["buckets", bucketsFunction(context)],
  ]);
  // Functions Flux defines by composing others call them through the finished universe.
  const self = (): Members => members;
  for (const [name, fn] of [...rankingFunctions(self), ...movingFunctions(self), ...correlationFunctions(self), ...statsFunctions(context, self)]) members.set(name, fn);
  return members;
}
