/** covariance, skew, sample, stateTracking, timeWeightedAvg, today. */
import { type Members, type RuntimeContext, builtin, fail, perTable, transformation } from "../../runtime/builtin.js";
import { rowRecord } from "../../table/cells.js";
import { columnIndex, keyValue } from "../../table/table.js";
import type { Cell, ColumnMeta, Table } from "../../table/types.js";
import { approximateNanoseconds } from "../../values/duration.js";
import { type Value, duration, string, time } from "../../values/value.js";
import { locationOf, truncateTime } from "../date.js";
import { requireColumn } from "./aggregates.js";
import { rowCaller } from "./rows.js";
import { callMember, floats, keyedTable } from "./shared.js";

/** Pairs of non-null values of two columns. */
function pairs(table: Table, a: string, b: string): [number[], number[]] {
  const xs = floats(table, requireColumn(table, a));
  const ys = floats(table, requireColumn(table, b));
  const px: number[] = [];
  const py: number[] = [];
  xs.forEach((x, i) => {
    const y = ys[i] ?? null;
    if (x !== null && y !== null) {
      px.push(x);
      py.push(y);
    }
  });
  return [px, py];
}

export function covarianceOf(xs: readonly number[], ys: readonly number[], pearson: boolean): number | null {
  const n = xs.length;
  if (n < 2) return null;
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return pearson ? sxy / Math.sqrt(sxx * syy) : sxy / (n - 1);
}

const covariance = transformation("covariance", (args) => {
  const input = args.tables();
  const columns = args.strings("columns");
  if (columns.length !== 2) args.fail("covariance requires exactly two columns");
  const pearson = args.bool("pearsonr", false);
  const valueDst = args.string("valueDst", "_value");
  return perTable(args, input, (table) => {
    const [xs, ys] = pairs(table, columns[0] as string, columns[1] as string);
    return keyedTable(table, [{ label: valueDst, type: "float" }], [[covarianceOf(xs, ys, pearson)]]);
  });
});

/** Population skewness of the non-null values. */
const skew = transformation("skew", (args) => {
  const input = args.tables();
  const column = args.string("column", "_value");
  return perTable(args, input, (table) => {
    const values = floats(table, requireColumn(table, column)).filter((v): v is number => v !== null);
    const n = values.length;
    let result: number | null = null;
    if (n >= 2) {
      // Central moments updated one value at a time (as Flux accumulates them), which sets the
      // last digits the reference prints; the two-pass sums differ in the last bits.
      let count = 0;
      let mean = 0;
      let m2 = 0;
      let m3 = 0;
      for (const v of values) {
        const before = count;
        count++;
        const delta = v - mean;
        const step = delta / count;
        const term = delta * step * before;
        mean += step;
        m3 += term * step * (count - 2) - 3 * step * m2;
        m2 += term;
      }
      result = (Math.sqrt(count) * m3) / m2 ** 1.5;
    }
    return keyedTable(table, [{ label: column, type: "float" }], [[result]]);
  });
});

/** Every `n`th row with a non-null `column`, starting at `pos` (random when negative). */
const sample = transformation("sample", (args) => {
  const input = args.tables();
  const n = Number(args.int("n"));
  if (n <= 0) args.fail("n must be greater than 0");
  const requested = Number(args.int("pos", -1n));
  if (requested >= n) args.fail("pos must be less than n");
  const column = args.string("column", "_value");
  return perTable(args, input, (table) => {
    const pos = requested < 0 ? Math.floor(Math.random() * n) : requested;
    const cells = table.data[requireColumn(table, column)] as readonly Cell[];
    const rows: number[] = [];
    for (let r = pos; r < table.length; r += n) if (cells[r] !== null) rows.push(r);
    return { key: table.key, columns: table.columns, data: table.data.map((col) => rows.map((r) => col[r] ?? null)), length: rows.length };
  });
});

/** stateCount and stateDuration in one pass, into the columns asked for. */
const stateTracking = transformation("stateTracking", (args) => {
  const input = args.tables();
  const fn = args.function("fn");
  const countColumn = args.optionalString("countColumn");
  const durationColumn = args.optionalString("durationColumn");
  if (countColumn === undefined && durationColumn === undefined) args.fail("at least one of countColumn or durationColumn must be given");
  const unit = approximateNanoseconds(args.duration("durationUnit", { months: 0n, nanoseconds: 1_000_000_000n, negative: false }));
  const timeColumn = args.string("timeColumn", "_time");
  return perTable(args, input, (table) => {
    const call = rowCaller(fn, args.site);
    const times = durationColumn === undefined ? undefined : (table.data[requireColumn(table, timeColumn)] as readonly Cell[]);
    const counts: Cell[] = [];
    const durations: Cell[] = [];
    let count = 0n;
    let since: bigint | undefined;
    for (let r = 0; r < table.length; r++) {
      const verdict = call(rowRecord(table, r));
      if (verdict.kind !== "bool" && verdict.kind !== "null") fail(`expected fn to return a bool, got ${verdict.kind}`);
      if (verdict.kind === "null" || !verdict.value) {
        count = 0n;
        since = undefined;
        counts.push(-1n);
        durations.push(-1n);
        continue;
      }
      count++;
      counts.push(count);
      const t = times?.[r];
      if (typeof t === "bigint") {
        since ??= t;
        durations.push((t - since) / unit);
      } else durations.push(null);
    }
    let columns: ColumnMeta[] = [...table.columns];
    let data: (readonly Cell[])[] = [...table.data];
    const put = (label: string, cells: Cell[]): void => {
      const at = columnIndex({ columns }, label);
      const meta: ColumnMeta = { label, type: "int" };
      if (at < 0) {
        columns = [...columns, meta];
        data = [...data, cells];
      } else {
        columns = columns.map((c, i) => (i === at ? meta : c));
        data = data.map((d, i) => (i === at ? cells : d));
      }
    };
    if (countColumn !== undefined) put(countColumn, counts);
    if (durationColumn !== undefined) put(durationColumn, durations);
    return { key: table.key, columns, data, length: table.length };
  });
});

/** The integral with linear interpolation to the bounds, divided by the range's length in `unit`s. */
function timeWeightedAvg(universe: () => Members) {
  return transformation("timeWeightedAvg", (args) => {
    const unit = args.duration("unit");
    const integrated = callMember(universe(), "integral", { tables: args.stream(), unit: duration(unit), interpolate: string("linear") }, args.site);
    if (integrated.kind !== "stream") return fail("integral did not return a stream");
    const unitNs = Number(approximateNanoseconds(unit));
    return perTable(args, integrated.stream, (table) => {
      const start = keyValue(table.key, "_start");
      const stop = keyValue(table.key, "_stop");
      if (typeof start !== "bigint" || typeof stop !== "bigint") fail("timeWeightedAvg requires _start and _stop in the group key");
      const v = requireColumn(table, "_value");
      const scaled = (table.data[v] as readonly Cell[]).map((c) => (c === null ? null : ((c as number) * unitNs) / Number((stop as bigint) - (start as bigint))));
      return { ...table, data: table.data.map((col, i) => (i === v ? scaled : col)) };
    });
  });
}

export function statsFunctions(context: RuntimeContext, universe: () => Members): Members {
  return new Map<string, Value>([
    ["covariance", covariance],
    ["skew", skew],
    ["sample", sample],
    ["stateTracking", stateTracking],
    ["timeWeightedAvg", timeWeightedAvg(universe)],
    ["today", builtin("today", (args) => time(truncateTime(context.now(), { months: 0n, nanoseconds: 86_400_000_000_000n, negative: false }, locationOf(args, context))))],
  ]);
}
