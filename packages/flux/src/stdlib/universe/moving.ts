/**
 * Moving averages and momentum indicators over `_value` (or `columns`): exponentialMovingAverage,
 * doubleEMA, tripleEMA, tripleExponentialDerivative, timedMovingAverage, chandeMomentumOscillator,
 * kaufmansER, kaufmansAMA, relativeStrengthIndex. Each output row is the input row it ends at,
 * with the computed column as a float; rows before the first full period are dropped.
 */
import type { Args } from "../../runtime/args.js";
import { type Members, collect, fail, perTable, stream, transformation } from "../../runtime/builtin.js";
import { columnIndex, keyValue } from "../../table/table.js";
import type { Cell, ColumnMeta, Table } from "../../table/types.js";
import { type Value, bool, duration, string } from "../../values/value.js";
import { requireColumn } from "./aggregates.js";
import { callMember, floats, streamOf } from "./shared.js";

type Series = (number | null)[];

function numericIndex(table: Table, label: string, fn: string): number {
  const index = requireColumn(table, label);
  const type = (table.columns[index] as ColumnMeta).type;
  if (type !== "float" && type !== "int" && type !== "uint") fail(`${fn}: unsupported type ${type}, the column must be numeric`);
  return index;
}

/** Rows `from..` of `table`, with the columns at `replaced` holding the (shorter, aligned at `from`) series. */
function withSeries(table: Table, from: number, replaced: ReadonlyMap<number, Series>): Table {
  const rows = Math.max(0, table.length - from);
  const columns = table.columns.map((c, i) => (replaced.has(i) ? { label: c.label, type: "float" as const } : c));
  const data = table.data.map((col, i) => {
    const series = replaced.get(i);
    if (series !== undefined) return series.slice(0, rows);
    return col.slice(from, from + rows);
  });
  return { key: table.key, columns, data, length: rows };
}

/** EMA of `x` over `n`, aligned so element 0 is at input index n-1; nulls are skipped. */
export function ema(x: Series, n: number): Series {
  const out: Series = [];
  if (x.length === 0) return out;
  // Fewer values than n: the mean of what there is (withSeries puts it at the last row).
  if (x.length < n) {
    const present = x.filter((v): v is number => v !== null);
    return [present.length === 0 ? null : present.reduce((s, v) => s + v, 0) / present.length];
  }
  const k = 2 / (n + 1);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i] ?? null;
    if (v !== null) {
      sum += v;
      count++;
    }
  }
  let prev: number | null = count === 0 ? null : sum / count;
  out.push(prev);
  for (let i = n; i < x.length; i++) {
    const v = x[i] ?? null;
    if (v !== null) prev = prev === null ? v : v * k + prev * (1 - k);
    out.push(prev);
  }
  return out;
}

function combine(parts: readonly Series[], offsets: readonly number[], f: (values: number[]) => number): Series {
  const length = Math.min(...parts.map((p, i) => p.length - (offsets[i] ?? 0)));
  const out: Series = [];
  for (let t = 0; t < length; t++) {
    const values = parts.map((p, i) => p[t + (offsets[i] ?? 0)] ?? null);
    out.push(values.some((v) => v === null) ? null : f(values as number[]));
  }
  return out;
}

/**
 * A transformation computing one float series per table from `_value`, starting at row `offset(n)`.
 * With `nanWhenShort`, a table too short for any value gives its last row with a NaN value.
 */
function valueIndicator(name: string, offset: (n: number) => number, compute: (x: Series, n: number) => Series, nanWhenShort = false) {
  return transformation(name, (args) => {
    const input = args.tables();
    const n = Number(args.int("n"));
    if (n <= 0) args.fail("n must be greater than 0");
    const column = args.string("column", "_value");
    return perTable(args, input, (table) => {
      const index = numericIndex(table, column, name);
      const series = compute(floats(table, index), n);
      if (series.length === 0 && nanWhenShort && table.length > 0) return withSeries(table, table.length - 1, new Map([[index, [Number.NaN]]]));
      // A short table gives fewer values than its rows past the offset: align them to the end.
      return withSeries(table, Math.min(offset(n), Math.max(0, table.length - series.length)), new Map([[index, series]]));
    });
  });
}

/**
 * Every EMA series ends at the input's last row, but a short series gives one mean rather than
 * `length - n + 1` values, so nested EMAs are lined up from their ends, not by fixed offsets.
 */
function combineAtEnd(parts: readonly Series[], f: (values: number[]) => number): Series {
  const length = Math.min(...parts.map((p) => p.length));
  return combine(
    parts,
    parts.map((p) => p.length - length),
    f,
  );
}

const doubleEMA = (x: Series, n: number): Series => {
  const e1 = ema(x, n);
  const e2 = ema(e1, n);
  return combineAtEnd([e1, e2], ([a, b]) => 2 * (a as number) - (b as number));
};

const tripleEMA = (x: Series, n: number): Series => {
  const e1 = ema(x, n);
  const e2 = ema(e1, n);
  const e3 = ema(e2, n);
  return combineAtEnd([e1, e2, e3], ([a, b, c]) => 3 * (a as number) - 3 * (b as number) + (c as number));
};

/** Percentage rate of change of the triple-smoothed EMA. */
const trix = (x: Series, n: number): Series => {
  const e3 = ema(ema(ema(x, n), n), n);
  return combine([e3, e3], [1, 0], ([now, before]) => (100 * ((now as number) - (before as number))) / (before as number));
};

/** Sums of gains and losses over the last `n` changes, for each row from `n` on. */
function changes(x: Series, n: number, each: (ups: number, downs: number, i: number) => number | null): Series {
  const out: Series = [];
  for (let i = n; i < x.length; i++) {
    let ups = 0;
    let downs = 0;
    for (let j = i - n + 1; j <= i; j++) {
      const a = x[j - 1] ?? null;
      const b = x[j] ?? null;
      if (a === null || b === null) continue;
      if (b > a) ups += b - a;
      else downs += a - b;
    }
    out.push(each(ups, downs, i));
  }
  return out;
}

const cmo = (x: Series, n: number): Series => changes(x, n, (ups, downs) => (ups + downs === 0 ? 0 : (100 * (ups - downs)) / (ups + downs)));

/** |CMO| / 100, as Flux defines it (the same ratio as net change over total moves, to the last bit). */
const kaufmansER = (x: Series, n: number): Series =>
  changes(x, n, (ups, downs, i) => {
    const a = x[i - n] ?? null;
    const b = x[i] ?? null;
    if (a === null || b === null) return null;
    return ups + downs === 0 ? 0 : Math.abs((100 * (ups - downs)) / (ups + downs)) / 100;
  });

const kaufmansAMA = (x: Series, n: number): Series => {
  const er = kaufmansER(x, n);
  const slow = 2 / 31;
  // fast - slow = 2/3 - 2/31 = 56/93, which Go folds exactly as a constant before rounding once
  // (2/3 - 2/31 in floats is one bit lower, and the forecasts' last digits follow it).
  const span = 56 / 93;
  let kama = x[n - 1] ?? null;
  return er.map((e, t) => {
    const price = x[t + n] ?? null;
    if (e === null || price === null) return kama;
    const sc = (e * span + slow) ** 2;
    kama = kama === null ? price : kama + sc * (price - kama);
    return kama;
  });
};

/**
 * Wilder's RSI as Flux computes it: the first value counts as a change from 0, the averages of the
 * first `n` changes seed the gain and loss, and every later change smooths them; rows from `n` on.
 */
const rsi = (x: Series, n: number): Series => {
  const out: Series = [];
  let gain = 0;
  let loss = 0;
  for (let i = 0; i < x.length; i++) {
    const a = i === 0 ? 0 : (x[i - 1] ?? null);
    const b = x[i] ?? null;
    const up = a === null || b === null ? 0 : Math.max(0, b - a);
    const down = a === null || b === null ? 0 : Math.max(0, a - b);
    if (i < n) {
      // Each change divided by n before adding, as Flux does (it decides the last digit).
      gain += up / n;
      loss += down / n;
      continue;
    }
    gain = (gain * (n - 1) + up) / n;
    loss = (loss * (n - 1) + down) / n;
    out.push(loss === 0 ? 100 : 100 - 100 / (1 + gain / loss));
  }
  return out;
};

/** Indicators that take `columns` (all computed the same way, rows from `n`). */
function columnsIndicator(name: string, compute: (x: Series, n: number) => Series) {
  return transformation(name, (args) => {
    const input = args.tables();
    const n = Number(args.int("n"));
    if (n <= 0) args.fail("n must be greater than 0");
    const columns = args.strings("columns", ["_value"]);
    return perTable(args, input, (table) => {
      const replaced = new Map<number, Series>();
      for (const label of columns) {
        const index = numericIndex(table, label, name);
        replaced.set(index, compute(floats(table, index), n));
      }
      return withSeries(table, n, replaced);
    });
  });
}

/** Mean of each `period` window, every `every`, stamped at the window's stop: one table per input table. */
function timedMovingAverage(universe: () => Members) {
  return transformation("timedMovingAverage", (args: Args) => {
    const members = universe();
    const input = args.tables();
    const every = args.duration("every");
    const period = args.duration("period");
    const column = args.string("column", "_value");
    return stream(args, async function* () {
      for await (const table of input()) {
        const single = streamOf(async function* () {
          yield table;
        });
        const windowed = callMember(members, "window", { tables: single, every: duration(every), period: duration(period), createEmpty: bool(false) }, args.site);
        const means = callMember(members, "mean", { tables: windowed, column: string(column) }, args.site);
        if (means.kind !== "stream") continue;
        const parts = await collect(means.stream);
        yield mergeMeans(table, parts, column);
      }
    });
  });
}

function mergeMeans(input: Table, parts: readonly Table[], column: string): Table {
  const keyColumns = input.columns.filter((c) => input.key.columns.some((k) => k.label === c.label) && c.label !== column && c.label !== "_time");
  const columns: ColumnMeta[] = [...keyColumns, { label: "_time", type: "time" }, { label: column, type: "float" }];
  const data: Cell[][] = columns.map(() => []);
  for (const part of parts) {
    const stop = keyValue(part.key, "_stop") ?? null;
    const value = columnIndex(part, column);
    for (let r = 0; r < part.length; r++) {
      keyColumns.forEach((c, i) => (data[i] as Cell[]).push(keyValue(input.key, c.label) ?? null));
      (data[keyColumns.length] as Cell[]).push(stop);
      (data[keyColumns.length + 1] as Cell[]).push(value < 0 ? null : ((part.data[value] as readonly Cell[])[r] ?? null));
    }
  }
  return { key: input.key, columns, data, length: (data[0] ?? data[keyColumns.length] ?? []).length };
}

export function movingFunctions(universe: () => Members): Members {
  return new Map<string, Value>([
    ["exponentialMovingAverage", valueIndicator("exponentialMovingAverage", (n) => n - 1, ema)],
    ["doubleEMA", valueIndicator("doubleEMA", (n) => 2 * n - 2, doubleEMA)],
    ["tripleEMA", valueIndicator("tripleEMA", (n) => 3 * n - 3, tripleEMA)],
    ["tripleExponentialDerivative", valueIndicator("tripleExponentialDerivative", (n) => 3 * n - 2, trix, true)],
    ["kaufmansER", valueIndicator("kaufmansER", (n) => n, kaufmansER)],
    ["kaufmansAMA", valueIndicator("kaufmansAMA", (n) => n, kaufmansAMA)],
    ["chandeMomentumOscillator", columnsIndicator("chandeMomentumOscillator", cmo)],
    ["relativeStrengthIndex", columnsIndicator("relativeStrengthIndex", rsi)],
    ["timedMovingAverage", timedMovingAverage(universe)],
  ]);
}
