/** Row-to-row computations within each table: derivative, difference, cumulativeSum, movingAverage, fill. */
import { type Members, fail, perTable, transformation } from "../../runtime/builtin.js";
import { columnIndex } from "../../table/table.js";
import type { Cell, ColumnMeta, ColumnType, Table } from "../../table/types.js";
import { approximateNanoseconds } from "../../values/duration.js";
import type { Value } from "../../values/value.js";
import { requireColumn } from "./aggregates.js";

function numericColumn(name: string, table: Table, label: string): { index: number; type: ColumnType } {
  const index = requireColumn(table, label);
  const type = (table.columns[index] as ColumnMeta).type;
  if (type !== "float" && type !== "int" && type !== "uint") fail(`unsupported type for ${name}: ${type}`);
  return { index, type };
}

/** A copy of `table` with some columns replaced (and retyped) and only `rows` kept. */
function rebuild(table: Table, rows: readonly number[], replaced: ReadonlyMap<number, { type: ColumnType; cells: readonly Cell[] }>): Table {
  const columns = table.columns.map((c, i) => {
    const r = replaced.get(i);
    return r === undefined ? c : { label: c.label, type: r.type };
  });
  const data = table.data.map((col, i) => {
    const source = replaced.get(i)?.cells ?? col;
    return rows.map((r) => source[r] ?? null);
  });
  const key = { columns: table.key.columns.map((k) => columns.find((c) => c.label === k.label) ?? k), values: table.key.values };
  return { key, columns, data, length: rows.length };
}

const derivative = transformation("derivative", (args) => {
  const input = args.tables();
  const unit = Number(approximateNanoseconds(args.duration("unit", { months: 0n, nanoseconds: 1_000_000_000n, negative: false })));
  const nonNegative = args.bool("nonNegative", false);
  const initialZero = args.bool("initialZero", false);
  const columns = args.strings("columns", ["_value"]);
  const timeColumn = args.string("timeColumn", "_time");
  return perTable(args, input, (table) => {
    const times = table.data[requireColumn(table, timeColumn)] as readonly Cell[];
    const replaced = new Map<number, { type: ColumnType; cells: Cell[] }>();
    for (const label of columns) {
      const { index } = numericColumn("derivative", table, label);
      const cells = table.data[index] as readonly Cell[];
      const out = new Array<Cell>(table.length).fill(null);
      let prev: { value: number; time: bigint } | undefined;
      for (let r = 0; r < table.length; r++) {
        const cell = cells[r] ?? null;
        const time = times[r] as bigint;
        if (cell === null) continue;
        const value = Number(cell);
        if (prev !== undefined) {
          const elapsed = Number(time - prev.time) / unit;
          if (elapsed === 0) fail("derivative found duplicate time values; rows must be ordered by time with unique times");
          if (nonNegative && value < prev.value) out[r] = initialZero ? value / elapsed : null;
          else out[r] = (value - prev.value) / elapsed;
        }
        prev = { value, time };
      }
      replaced.set(index, { type: "float", cells: out });
    }
    const rows = Array.from({ length: Math.max(0, table.length - 1) }, (_, i) => i + 1);
    return rebuild(table, rows, replaced);
  });
});

const difference = transformation("difference", (args) => {
  const input = args.tables();
  const nonNegative = args.bool("nonNegative", false);
  const initialZero = args.bool("initialZero", false);
  const keepFirst = args.bool("keepFirst", false);
  const columns = args.strings("columns", ["_value"]);
  return perTable(args, input, (table) => {
    const replaced = new Map<number, { type: ColumnType; cells: Cell[] }>();
    for (const label of columns) {
      const { index, type } = numericColumn("difference", table, label);
      const cells = table.data[index] as readonly Cell[];
      const out = new Array<Cell>(table.length).fill(null);
      let prev: number | bigint | undefined;
      for (let r = 0; r < table.length; r++) {
        const cell = cells[r] ?? null;
        if (cell === null) continue;
        const value = cell as number | bigint;
        if (prev !== undefined) {
          // With initialZero the previous value is taken as 0, and a negative result is still null.
          if (nonNegative && value < prev) out[r] = initialZero && value >= (type === "float" ? 0 : 0n) ? (type === "uint" ? BigInt.asIntN(64, value as bigint) : value) : null;
          else out[r] = type === "float" ? (value as number) - (prev as number) : BigInt.asIntN(64, (value as bigint) - (prev as bigint));
        }
        prev = value;
      }
      replaced.set(index, { type: type === "float" ? "float" : "int", cells: out });
    }
    const rows = Array.from({ length: table.length }, (_, i) => i).slice(keepFirst ? 0 : 1);
    return rebuild(table, rows, replaced);
  });
});

const cumulativeSum = transformation("cumulativeSum", (args) => {
  const input = args.tables();
  const columns = args.strings("columns", ["_value"]);
  return perTable(args, input, (table) => {
    const replaced = new Map<number, { type: ColumnType; cells: Cell[] }>();
    for (const label of columns) {
      const index = columnIndex(table, label);
      if (index < 0) continue;
      const { type } = numericColumn("cumulativeSum", table, label);
      const cells = table.data[index] as readonly Cell[];
      let total: number | bigint = type === "float" ? 0 : 0n;
      const out = cells.map((cell) => {
        if (cell === null) return null;
        total = type === "float" ? (total as number) + (cell as number) : (total as bigint) + (cell as bigint);
        return total;
      });
      replaced.set(index, { type, cells: out });
    }
    return rebuild(table, Array.from({ length: table.length }, (_, i) => i), replaced);
  });
});

const movingAverage = transformation("movingAverage", (args) => {
  const input = args.tables();
  const n = Number(args.int("n"));
  if (n <= 0) args.fail("n must be greater than 0");
  const column = "_value";
  return perTable(args, input, (table) => {
    const { index } = numericColumn("movingAverage", table, column);
    const cells = table.data[index] as readonly Cell[];
    const out = new Array<Cell>(table.length).fill(null);
    for (let r = n - 1; r < table.length; r++) {
      let sum = 0;
      let count = 0;
      for (let i = r - n + 1; i <= r; i++) {
        const cell = cells[i] ?? null;
        if (cell !== null) {
          sum += Number(cell);
          count++;
        }
      }
      out[r] = count === 0 ? null : sum / count;
    }
    let rows = Array.from({ length: Math.max(0, table.length - n + 1) }, (_, i) => i + n - 1);
    if (table.length > 0 && table.length < n) {
      // Fewer rows than n: one row, at the last, averaging what there is.
      const present = cells.filter((c) => c !== null).map(Number);
      out[table.length - 1] = present.length === 0 ? null : present.reduce((x, y) => x + y, 0) / present.length;
      rows = [table.length - 1];
    }
    return rebuild(table, rows, new Map([[index, { type: "float", cells: out }]]));
  });
});

const fill = transformation("fill", (args) => {
  const input = args.tables();
  const column = args.string("column", "_value");
  const value = args.get("value");
  const usePrevious = args.bool("usePrevious", false);
  if ((value === undefined) === !usePrevious) args.fail("fill requires exactly one of value or usePrevious");
  return perTable(args, input, (table) => {
    const index = requireColumn(table, column);
    const meta = table.columns[index] as ColumnMeta;
    const cells = table.data[index] as readonly Cell[];
    let out: Cell[];
    if (usePrevious) {
      let last: Cell = null;
      out = cells.map((c) => (c === null ? last : (last = c)));
    } else {
      if (value?.kind !== meta.type) fail(`fill column type (${meta.type}) does not match type of given value (${value?.kind ?? "null"})`);
      const filler = (value as Extract<Value, { value: Cell }>).value;
      out = cells.map((c) => c ?? filler);
    }
    return rebuild(table, Array.from({ length: table.length }, (_, i) => i), new Map([[index, { type: meta.type, cells: out }]]));
  });
});

export const seriesFunctions: Members = new Map<string, Value>([
  ["derivative", derivative],
  ["difference", difference],
  ["cumulativeSum", cumulativeSum],
  ["movingAverage", movingAverage],
  ["fill", fill],
]);
