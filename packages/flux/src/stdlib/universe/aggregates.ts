/**
 * Aggregates (one row per table: the group key columns plus the aggregated column) and selectors
 * (whole rows picked from each table).
 */
import type { Args } from "../../runtime/args.js";
import { type Members, fail, perTable, transformation } from "../../runtime/builtin.js";
import { columnIndex, compareCells, takeRows } from "../../table/table.js";
import type { Cell, ColumnMeta, ColumnType, Table } from "../../table/types.js";
import type { Value } from "../../values/value.js";

export function requireColumn(table: Table, label: string): number {
  const i = columnIndex(table, label);
  if (i < 0) fail(`column "${label}" does not exist`);
  return i;
}

/** A table of one row: the key columns (in table order) and `column` holding `value`. */
export function aggregateRow(table: Table, column: string, type: ColumnType, value: Cell): Table {
  const keyColumns: ColumnMeta[] = [];
  const data: Cell[][] = [];
  const inKey = new Map(table.key.columns.map((c, i) => [c.label, i]));
  const ordered = [...table.columns.filter((c) => inKey.has(c.label)), ...table.key.columns.filter((k) => !table.columns.some((c) => c.label === k.label))];
  for (const meta of ordered) {
    if (meta.label === column) continue;
    keyColumns.push(meta);
    data.push([table.key.values[inKey.get(meta.label) as number] ?? null]);
  }
  keyColumns.push({ label: column, type });
  data.push([value]);
  return { key: table.key, columns: keyColumns, data, length: 1 };
}

type Numbers = { type: ColumnType; values: (number | bigint)[] };

function numericValues(name: string, table: Table, column: number): Numbers {
  const meta = table.columns[column] as ColumnMeta;
  if (meta.type !== "float" && meta.type !== "int" && meta.type !== "uint") fail(`unsupported input type for ${name} aggregate: ${meta.type}`);
  const values: (number | bigint)[] = [];
  for (const cell of table.data[column] as readonly Cell[]) if (cell !== null) values.push(cell as number | bigint);
  return { type: meta.type, values };
}

const asFloats = (values: readonly (number | bigint)[]): number[] => values.map(Number);

function aggregate(name: string, compute: (numbers: Numbers, args: Args) => { type: ColumnType; value: Cell }) {
  return transformation(name, (args) => {
    const input = args.tables();
    const column = args.string("column", "_value");
    return perTable(args, input, (table) => {
      const result = compute(numericValues(name, table, requireColumn(table, column)), args);
      return aggregateRow(table, column, result.type, result.value);
    });
  });
}

function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/**
 * Linear interpolation between the two values nearest rank `position(n)`. Flux's exact_mean uses
 * q·(n−1); its t-digest (while every point is its own centroid, i.e. up to `compression` points)
 * puts point i at cumulative weight i+½, which is rank q·n−½, clamped to the ends.
 */
function interpolatedQuantile(values: readonly number[], q: number, method: "exact_mean" | "estimate_tdigest"): number | null {
  if (values.length === 0) return null;
  const s = sorted(values);
  const rank = method === "exact_mean" ? q * (s.length - 1) : q * s.length - 0.5;
  const position = Math.min(s.length - 1, Math.max(0, rank));
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = s[lower] as number;
  const b = s[upper] as number;
  return a + (b - a) * (position - lower);
}

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

const count = transformation("count", (args) => {
  const input = args.tables();
  const column = args.string("column", "_value");
  return perTable(args, input, (table) => {
    // Flux counts every row, null values included.
    requireColumn(table, column);
    return aggregateRow(table, column, "int", BigInt(table.length));
  });
});

const sum = aggregate("sum", ({ type, values }) => {
  if (values.length === 0) return { type, value: null };
  if (type === "float") return { type, value: (values as number[]).reduce((a, b) => a + b, 0) };
  const total = (values as bigint[]).reduce((a, b) => a + b, 0n);
  return { type, value: type === "int" ? BigInt.asIntN(64, total) : BigInt.asUintN(64, total) };
});

const meanFn = aggregate("mean", ({ values }) => ({ type: "float", value: mean(asFloats(values)) }));


const spread = aggregate("spread", ({ type, values }) => {
  if (values.length === 0) return { type, value: null };
  let min = values[0] as number | bigint;
  let max = min;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { type, value: type === "float" ? (max as number) - (min as number) : (max as bigint) - (min as bigint) };
});

const stddev = aggregate("stddev", ({ values }, args) => {
  const mode = args.string("mode", "sample");
  if (mode !== "sample" && mode !== "population") args.fail(`unknown stddev mode "${mode}"`);
  const floats = asFloats(values);
  const m = mean(floats);
  const divisor = mode === "sample" ? floats.length - 1 : floats.length;
  if (m === null || divisor <= 0) return { type: "float", value: null };
  let squares = 0;
  for (const v of floats) squares += (v - m) ** 2;
  return { type: "float", value: Math.sqrt(squares / divisor) };
});

const quantile = transformation("quantile", (args) => {
  const input = args.tables();
  const column = args.string("column", "_value");
  const q = args.number("q");
  if (q < 0 || q > 1) args.fail("quantile must be between 0 and 1");
  const method = args.string("method", "estimate_tdigest");
  if (method !== "estimate_tdigest" && method !== "exact_mean" && method !== "exact_selector") args.fail(`unknown method "${method}"`);
  return perTable(args, input, (table) => {
    const index = requireColumn(table, column);
    if (method === "exact_selector") {
      const rows = nonNullRows(table, index).sort((a, b) => compareCells((table.data[index] as Cell[])[a] ?? null, (table.data[index] as Cell[])[b] ?? null));
      if (rows.length === 0) return takeRows(table, []);
      const rank = Math.max(0, Math.ceil(q * rows.length) - 1);
      return takeRows(table, [rows[rank] as number]);
    }
    const { values } = numericValues("quantile", table, index);
    return aggregateRow(table, column, "float", interpolatedQuantile(asFloats(values), q, method === "exact_mean" ? "exact_mean" : "estimate_tdigest"));
  });
});

/** `median()` is `quantile(q: 0.5)` with the same methods. */
const median = transformation("median", (args) => {
  const call = new Map(args.values);
  call.set("q", { kind: "float", value: 0.5 });
  return quantile.call(call, args.site);
});

function nonNullRows(table: Table, column: number): number[] {
  const cells = table.data[column] as readonly Cell[];
  const rows: number[] = [];
  for (let r = 0; r < table.length; r++) if (cells[r] !== null) rows.push(r);
  return rows;
}

/**
 * A selector keeps the chosen row whole. A table with nothing to select stays, empty (InfluxDB
 * writes it with its key in `#default`); aggregateWindow simply gets no row from it.
 */
function selector(name: string, choose: (cells: readonly Cell[], rows: readonly number[]) => number | undefined) {
  return transformation(name, (args) => {
    const input = args.tables();
    const column = args.string("column", "_value");
    return perTable(args, input, (table) => {
      const index = requireColumn(table, column);
      const row = choose(table.data[index] as readonly Cell[], nonNullRows(table, index));
      return takeRows(table, row === undefined ? [] : [row]);
    });
  });
}

function extreme(sign: 1 | -1) {
  return (cells: readonly Cell[], rows: readonly number[]): number | undefined => {
    let best: number | undefined;
    for (const r of rows) {
      if (best === undefined || compareCells(cells[r] ?? null, cells[best] ?? null) * sign > 0) best = r;
    }
    return best;
  };
}

export const aggregateFunctions: Members = new Map<string, Value>([
  ["count", count],
  ["sum", sum],
  ["mean", meanFn],
  ["median", median],
  ["spread", spread],
  ["stddev", stddev],
  ["quantile", quantile],
  ["first", selector("first", (_, rows) => rows[0])],
  ["last", selector("last", (_, rows) => rows.at(-1))],
  ["min", selector("min", extreme(-1))],
  ["max", selector("max", extreme(1))],
]);
