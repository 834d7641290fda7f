/**
 * holtWinters: the Holt-Winters forecast of each table's values, `n` points `interval` apart after
 * the last one. Level, trend and (with `seasonality` > 0) additive season are smoothed with
 * parameters fitted by Nelder-Mead to minimise the one-step-ahead squared error, as InfluxDB does;
 * the fitted parameters, and so the forecasts, can differ from InfluxDB's in the last digits.
 */
import { type Members, fail, perTable, transformation } from "../../runtime/builtin.js";
import type { Cell, ColumnMeta } from "../../table/types.js";
import { addDuration } from "../../values/time.js";
import type { Value } from "../../values/value.js";
import { requireColumn } from "./aggregates.js";

interface Fit {
  /** One-step-ahead predictions for the input points (null before the model has state). */
  fitted: (number | null)[];
  forecast: number[];
  sse: number;
}

function run(values: readonly number[], m: number, [alpha, beta, gamma]: readonly number[], horizon: number): Fit {
  const a = alpha as number;
  const b = beta as number;
  const g = gamma ?? 0;
  const seasonal = m > 1 && values.length >= 2 * m;
  const start = seasonal ? m : 1;
  let level = seasonal ? values.slice(0, m).reduce((s, v) => s + v, 0) / m : (values[0] as number);
  let trend = seasonal ? (values.slice(m, 2 * m).reduce((s, v) => s + v, 0) - values.slice(0, m).reduce((s, v) => s + v, 0)) / (m * m) : values.length > 1 ? (values[1] as number) - (values[0] as number) : 0;
  const season: number[] = seasonal ? values.slice(0, m).map((v) => v - level) : [];
  const fitted: (number | null)[] = values.map(() => null);
  let sse = 0;
  for (let t = start; t < values.length; t++) {
    const s = seasonal ? (season[t % m] as number) : 0;
    const predicted = level + trend + s;
    fitted[t] = predicted;
    const x = values[t] as number;
    sse += (x - predicted) ** 2;
    const previousLevel = level;
    level = a * (x - s) + (1 - a) * (level + trend);
    trend = b * (level - previousLevel) + (1 - b) * trend;
    if (seasonal) season[t % m] = g * (x - level) + (1 - g) * s;
  }
  const forecast: number[] = [];
  for (let h = 1; h <= horizon; h++) forecast.push(level + h * trend + (seasonal ? (season[(values.length + h - 1) % m] as number) : 0));
  return { fitted, forecast, sse };
}

/** Nelder-Mead over parameters kept within [0, 1]. */
function minimise(f: (p: number[]) => number, start: number[]): number[] {
  const clamp = (p: number[]): number[] => p.map((x) => Math.min(1, Math.max(0, x)));
  let simplex = [start, ...start.map((_, i) => start.map((x, j) => (i === j ? Math.min(1, x + 0.1) : x)))].map(clamp);
  let scores = simplex.map(f);
  for (let iteration = 0; iteration < 400; iteration++) {
    const order = scores.map((s, i) => [s, i] as const).sort((x, y) => x[0] - y[0]).map(([, i]) => i);
    simplex = order.map((i) => simplex[i] as number[]);
    scores = order.map((i) => scores[i] as number);
    if (Math.abs((scores.at(-1) as number) - (scores[0] as number)) < 1e-12) break;
    const worst = simplex.at(-1) as number[];
    const centroid = worst.map((_, j) => simplex.slice(0, -1).reduce((s, p) => s + (p[j] as number), 0) / (simplex.length - 1));
    const along = (t: number): number[] => clamp(centroid.map((c, j) => c + t * (c - (worst[j] as number))));
    const reflected = along(1);
    const r = f(reflected);
    if (r < (scores[0] as number)) {
      const expanded = along(2);
      const e = f(expanded);
      [simplex[simplex.length - 1], scores[scores.length - 1]] = e < r ? [expanded, e] : [reflected, r];
    } else if (r < (scores.at(-2) as number)) {
      [simplex[simplex.length - 1], scores[scores.length - 1]] = [reflected, r];
    } else {
      const contracted = along(-0.5);
      const c = f(contracted);
      if (c < (scores.at(-1) as number)) [simplex[simplex.length - 1], scores[scores.length - 1]] = [contracted, c];
      else {
        const best = simplex[0] as number[];
        simplex = simplex.map((p) => clamp(p.map((x, j) => (best[j] as number) + 0.5 * (x - (best[j] as number)))));
        scores = simplex.map(f);
      }
    }
  }
  return simplex[scores.indexOf(Math.min(...scores))] as number[];
}

const holtWinters = transformation("holtWinters", (args) => {
  const input = args.tables();
  const n = Number(args.int("n"));
  const interval = args.duration("interval");
  const withFit = args.bool("withFit", false);
  const seasonality = Number(args.int("seasonality", 0n));
  const column = args.string("column", "_value");
  const timeColumn = args.string("timeColumn", "_time");
  if (n < 0) args.fail("n must be non-negative");
  return perTable(args, input, (table) => {
    const v = requireColumn(table, column);
    const t = requireColumn(table, timeColumn);
    const type = (table.columns[v] as ColumnMeta).type;
    if (type !== "float" && type !== "int" && type !== "uint") fail(`holtWinters: unsupported type ${type}`);
    const times: bigint[] = [];
    const values: number[] = [];
    for (let r = 0; r < table.length; r++) {
      const value = (table.data[v] as readonly Cell[])[r];
      const time = (table.data[t] as readonly Cell[])[r];
      if (value !== null && value !== undefined && typeof time === "bigint") {
        times.push(time);
        values.push(Number(value));
      }
    }
    const keyColumns = table.columns.filter((c) => table.key.columns.some((k) => k.label === c.label) && c.label !== column && c.label !== timeColumn);
    const columns: ColumnMeta[] = [...keyColumns, { label: timeColumn, type: "time" }, { label: column, type: "float" }];
    const rows: Cell[][] = [];
    if (values.length >= 2) {
      const parameters = seasonality > 1 ? [0.3, 0.1, 0.1] : [0.3, 0.1];
      const best = minimise((p) => run(values, seasonality, p, 0).sse, parameters);
      const fit = run(values, seasonality, best, n);
      if (withFit) fit.fitted.forEach((f, i) => rows.push([times[i] as bigint, f ?? values[i] ?? null]));
      let at = times.at(-1) as bigint;
      for (const f of fit.forecast) {
        at = addDuration(at, interval);
        rows.push([at, f]);
      }
    }
    const keyCells = keyColumns.map((c) => table.key.values[table.key.columns.findIndex((k) => k.label === c.label)] ?? null);
    const data: Cell[][] = columns.map((_, i) => (i < keyColumns.length ? rows.map(() => keyCells[i] ?? null) : rows.map((row) => row[i - keyColumns.length] ?? null)));
    return { key: table.key, columns, data, length: rows.length };
  });
});

export const holtWintersFunctions: Members = new Map<string, Value>([["holtWinters", holtWinters]]);
