/** histogram, histogramQuantile, linearBins, logarithmicBins and integral. */
import { type Members, builtin, fail, perTable, transformation } from "../../runtime/builtin.js";
import { keyValue } from "../../table/table.js";
import type { Cell, ColumnMeta, Table } from "../../table/types.js";
import { approximateNanoseconds } from "../../values/duration.js";
import { type Value, array, float } from "../../values/value.js";
import { requireColumn } from "./aggregates.js";
import { floats, keyedTable } from "./shared.js";

/** Cumulative counts of values at or below each upper bound (optionally as fractions of all values). */
const histogram = transformation("histogram", (args) => {
  const input = args.tables();
  const column = args.string("column", "_value");
  const upperBoundColumn = args.string("upperBoundColumn", "le");
  const countColumn = args.string("countColumn", "_value");
  const normalize = args.bool("normalize", false);
  const bins = args.array("bins").map((b) => (b.kind === "float" ? b.value : args.fail("bins must be an array of floats")));
  const sortedBins = [...bins].sort((a, b) => a - b);
  return perTable(args, input, (table) => {
    const index = requireColumn(table, column);
    if ((table.columns[index] as ColumnMeta).type !== "float") fail(`histogram: column "${column}" must be a float column`);
    const values = floats(table, index).filter((v): v is number => v !== null);
    const total = values.length;
    const rows = sortedBins.map((bound) => {
      let n = 0;
      for (const v of values) if (v <= bound) n++;
      return [bound, normalize ? (total === 0 ? 0 : n / total) : n] as Cell[];
    });
    return keyedTable(table, [{ label: upperBoundColumn, type: "float" }, { label: countColumn, type: "float" }], rows);
  });
});

const linearBins = builtin("linearBins", (args) => {
  const start = args.number("start");
  const width = args.number("width");
  const count = Number(args.int("count"));
  const infinity = args.bool("infinity", true);
  const bins: Value[] = [];
  for (let i = 0; i < count; i++) bins.push(float(start + i * width));
  if (infinity) bins.push(float(Infinity));
  return array(bins);
});

const logarithmicBins = builtin("logarithmicBins", (args) => {
  const start = args.number("start");
  const factor = args.number("factor");
  const count = Number(args.int("count"));
  const infinity = args.bool("infinity", true);
  const bins: Value[] = [];
  let bound = start;
  for (let i = 0; i < count; i++, bound *= factor) bins.push(float(bound));
  if (infinity) bins.push(float(Infinity));
  return array(bins);
});

/** The value at quantile `q` of a cumulative histogram, interpolating linearly inside the bucket. */
const histogramQuantile = transformation("histogramQuantile", (args) => {
  const input = args.tables();
  const q = args.number("quantile");
  if (q < 0 || q > 1) args.fail("quantile must be between 0 and 1");
  const countColumn = args.string("countColumn", "_value");
  const upperBoundColumn = args.string("upperBoundColumn", "le");
  const valueColumn = args.string("valueColumn", "_value");
  const minValue = args.number("minValue", 0);
  const onNonmonotonic = args.string("onNonmonotonic", "error");
  if (!["error", "force", "drop"].includes(onNonmonotonic)) args.fail(`onNonmonotonic must be one of "error", "force" or "drop"`);
  return perTable(args, input, (table) => {
    const bounds = floats(table, requireColumn(table, upperBoundColumn));
    const counts = floats(table, requireColumn(table, countColumn));
    const buckets = bounds
      .map((bound, i) => ({ bound, count: counts[i] ?? null }))
      .filter((b): b is { bound: number; count: number } => b.bound !== null && b.count !== null)
      .sort((a, b) => a.bound - b.bound);
    for (let i = 1; i < buckets.length; i++) {
      const prev = buckets[i - 1] as { count: number };
      const cur = buckets[i] as { count: number };
      if (cur.count >= prev.count) continue;
      if (onNonmonotonic === "error") fail("histogram records counts are not monotonic");
      if (onNonmonotonic === "drop") return undefined;
      cur.count = prev.count;
    }
    const out: { label: string; type: "float" } = { label: valueColumn, type: "float" };
    if (buckets.length === 0) return keyedTable(table, [out], [[null]]);
    const total = (buckets.at(-1) as { count: number }).count;
    const rank = q * total;
    const at = buckets.findIndex((b) => b.count >= rank);
    const bucket = buckets[at < 0 ? buckets.length - 1 : at] as { bound: number; count: number };
    const lower = at > 0 ? (buckets[at - 1] as { bound: number; count: number }) : { bound: minValue, count: 0 };
    let value: number;
    if (bucket.bound === Infinity) value = lower.bound;
    else if (bucket.count === lower.count) value = bucket.bound;
    else value = lower.bound + ((bucket.bound - lower.bound) * (rank - lower.count)) / (bucket.count - lower.count);
    return keyedTable(table, [out], [[value]]);
  });
});

/**
 * Area under the curve of `column` over `timeColumn` by the trapezoidal rule, in `unit`s. With
 * `interpolate: "linear"` the curve is extended to the table's `_start` and `_stop` bounds.
 */
const integral = transformation("integral", (args) => {
  const input = args.tables();
  const unit = Number(approximateNanoseconds(args.duration("unit", { months: 0n, nanoseconds: 1_000_000_000n, negative: false })));
  const column = args.string("column", "_value");
  const timeColumn = args.string("timeColumn", "_time");
  const interpolate = args.string("interpolate", "");
  if (interpolate !== "" && interpolate !== "linear") args.fail(`interpolate must be "linear" or "", got "${interpolate}"`);
  return perTable(args, input, (table) => {
    const index = requireColumn(table, column);
    const type = (table.columns[index] as ColumnMeta).type;
    if (type !== "float" && type !== "int" && type !== "uint") fail(`integral: unsupported type ${type}`);
    const times = table.data[requireColumn(table, timeColumn)] as readonly Cell[];
    const values = floats(table, index);
    const points: { t: number; v: number }[] = [];
    for (let r = 0; r < table.length; r++) {
      const v = values[r] ?? null;
      const t = times[r] ?? null;
      if (v !== null && t !== null) points.push({ t: Number(t as bigint), v });
    }
    if (interpolate === "linear" && points.length >= 2) {
      const start = keyValue(table.key, "_start");
      const stop = keyValue(table.key, "_stop");
      const [a, b] = points as [{ t: number; v: number }, { t: number; v: number }];
      if (typeof start === "bigint" && Number(start) < a.t) points.unshift({ t: Number(start), v: a.v - ((b.v - a.v) * (a.t - Number(start))) / (b.t - a.t) });
      const y = points.at(-1) as { t: number; v: number };
      const x = points.at(-2) as { t: number; v: number };
      if (typeof stop === "bigint" && Number(stop) > y.t) points.push({ t: Number(stop), v: y.v + ((y.v - x.v) * (Number(stop) - y.t)) / (y.t - x.t) });
    }
    let area = 0;
    for (let i = 1; i < points.length; i++) {
      const p = points[i - 1] as { t: number; v: number };
      const c = points[i] as { t: number; v: number };
      area += (((c.t - p.t) / unit) * (c.v + p.v)) / 2;
    }
    return keyedTable(table, [{ label: column, type: "float" }], [[points.length === 0 ? null : area]]);
  });
});

export const histogramFunctions: Members = new Map<string, Value>([
  ["histogram", histogram],
  ["histogramQuantile", histogramQuantile],
  ["linearBins", linearBins],
  ["logarithmicBins", logarithmicBins],
  ["integral", integral],
]);
