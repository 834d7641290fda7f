/**
 * holtWinters: each table's values put on an `interval` grid (the first value of each bucket, null
 * for empty buckets, leading nulls skipped), then forecast `n` points past the last value by the
 * damped Holt-Winters model Flux uses (holt-winters-model.ts). Output: the group key, `_time` and
 * `_value`; with `withFit` the fitted values from the first value's time come first.
 */
import { type Members, fail, perTable, transformation } from "../../runtime/builtin.js";
import type { Cell, ColumnMeta } from "../../table/types.js";
import { type Duration, approximateNanoseconds } from "../../values/duration.js";
import { addDuration } from "../../values/time.js";
import type { Value } from "../../values/value.js";
import { requireColumn } from "./aggregates.js";
import { HoltWinters } from "./holt-winters-model.js";

/** Rounds to the nearest multiple of `step`, halves up (Go's time rounding). */
function roundTime(t: bigint, step: bigint): bigint {
  if (step <= 0n) return t;
  const r = t % step;
  return r + r < step ? t - r : t + (step - r);
}

interface Series {
  values: (number | null)[];
  first: bigint;
  last: bigint;
}

/** The values on the interval grid, and the times of the first and last values kept. */
function onGrid(times: readonly Cell[], values: readonly Cell[], interval: Duration): Series {
  const step = approximateNanoseconds(interval);
  const out: (number | null)[] = [];
  let first = 0n;
  let last = 0n;
  let bucketEnd: bigint | undefined;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (typeof t !== "bigint") continue;
    const cell = values[i] ?? null;
    const value = cell === null ? null : Number(cell);
    if (bucketEnd === undefined) {
      if (value === null) continue;
      first = t;
      bucketEnd = roundTime(t, step);
      out.push(value);
      continue;
    }
    const rounded = roundTime(t, step);
    // A later value in an already filled bucket is dropped.
    if (rounded <= bucketEnd) continue;
    bucketEnd += step;
    while (rounded > bucketEnd) {
      out.push(null);
      bucketEnd += step;
    }
    out.push(value);
    last = t;
  }
  return { values: out, first, last };
}

const holtWinters = transformation("holtWinters", (args) => {
  const input = args.tables();
  const n = Number(args.int("n"));
  const interval = args.duration("interval");
  const withFit = args.bool("withFit", false);
  const seasonality = Number(args.int("seasonality", 0n));
  const column = args.string("column", "_value");
  const timeColumn = args.string("timeColumn", "_time");
  return perTable(args, input, (table) => {
    const v = requireColumn(table, column);
    const t = requireColumn(table, timeColumn);
    const type = (table.columns[v] as ColumnMeta).type;
    if (type !== "float" && type !== "int" && type !== "uint") fail(`holtWinters can work only on numerical types, got ${type}`);
    const series = onGrid(table.data[t] as readonly Cell[], table.data[v] as readonly Cell[], interval);
    const forecast = new HoltWinters(series.values, n, seasonality, withFit).run();
    const times: bigint[] = [];
    let at = withFit ? series.first : addDuration(series.last, interval);
    for (let i = 0; i < forecast.length; i++) {
      times.push(at);
      at = addDuration(at, interval);
    }
    const columns: ColumnMeta[] = [...table.key.columns, { label: "_time", type: "time" }, { label: "_value", type: "float" }];
    const data: Cell[][] = [...table.key.values.map((value) => forecast.map(() => value)), times, forecast];
    return { key: table.key, columns, data, length: forecast.length };
  });
});

export const holtWintersFunctions: Members = new Map<string, Value>([["holtWinters", holtWinters]]);
