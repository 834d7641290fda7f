/**
 * experimental's aggregates and selectors over `_value` (count, first, last, min, max, mean, sum,
 * spread, stddev, skew, mode, unique, distinct, quantile, fill, histogram, histogramQuantile,
 * integral, kaufmansAMA, window): the reference documents each as its universe namesake working on
 * `_value`, with the same output, so each forwards its arguments to that function.
 */
import { type Members, type RuntimeContext, transformation } from "../runtime/builtin.js";
import type { Value } from "../values/value.js";
import { universe } from "./universe/index.js";
import { callMember } from "./universe/shared.js";

const forwarded = [
  "count",
  "first",
  "last",
  "min",
  "max",
  "mean",
  "sum",
  "spread",
  "stddev",
  "skew",
  "mode",
  "unique",
  "distinct",
  "quantile",
  "fill",
  "histogram",
  "histogramQuantile",
  "integral",
  "kaufmansAMA",
  "window",
] as const;

export function experimentalAggregates(context: RuntimeContext): Members {
  let members: Members | undefined;
  return new Map<string, Value>(
    forwarded.map((name) => [
      name,
      transformation(`experimental.${name}`, (args) => {
        members ??= universe(context);
        return callMember(members, name, Object.fromEntries(args.values), args.site);
      }),
    ]),
  );
}
