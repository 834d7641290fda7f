/** increase, elapsed, timeShift, truncateTimeColumn, stateCount, stateDuration. */
import { type Members, fail, perTable, transformation } from "../../runtime/builtin.js";
import { rowRecord } from "../../table/cells.js";
import { columnIndex } from "../../table/table.js";
import type { Cell, ColumnMeta, GroupKey, Table } from "../../table/types.js";
import { approximateNanoseconds } from "../../values/duration.js";
import { addDuration } from "../../values/time.js";
import type { Value } from "../../values/value.js";
import { truncateTime } from "../date.js";
import { requireColumn } from "./aggregates.js";
import { rowCaller } from "./rows.js";

const utcLocation = { zone: "UTC", offset: 0n };
const oneSecond = { months: 0n, nanoseconds: 1_000_000_000n, negative: false };

function withColumn(table: Table, meta: ColumnMeta, cells: readonly Cell[]): Table {
  const at = columnIndex(table, meta.label);
  const columns = at < 0 ? [...table.columns, meta] : table.columns.map((c, i) => (i === at ? meta : c));
  const data = at < 0 ? [...table.data, cells] : table.data.map((d, i) => (i === at ? cells : d));
  return { key: table.key, columns, data, length: table.length };
}

/** Cumulative sum of non-negative differences; a drop counts as a counter reset. */
const increase = transformation("increase", (args) => {
  const input = args.tables();
  const columns = args.strings("columns", ["_value"]);
  return perTable(args, input, (table) => {
    let out = table;
    for (const label of columns) {
      const index = requireColumn(table, label);
      const meta = table.columns[index] as ColumnMeta;
      if (meta.type !== "int" && meta.type !== "uint" && meta.type !== "float") fail(`unsupported type for increase: ${meta.type}`);
      const cells = table.data[index] as readonly Cell[];
      let prev: number | bigint | undefined;
      let total: number | bigint = meta.type === "float" ? 0 : 0n;
      const result = cells.map((cell) => {
        if (cell === null) return null;
        const v = cell as number | bigint;
        // After a reset the counter restarted from zero, so the increase is the new value
        // (nothing when that is negative, as difference(nonNegative, initialZero) gives null).
        if (prev !== undefined && !(v < prev && v < 0)) {
          const delta = v < prev ? v : meta.type === "float" ? (v as number) - (prev as number) : (v as bigint) - (prev as bigint);
          total = meta.type === "float" ? (total as number) + (delta as number) : (total as bigint) + (delta as bigint);
        }
        prev = v;
        return total;
      });
      out = withColumn(out, { label, type: meta.type === "uint" ? "uint" : meta.type }, result);
    }
    return out;
  });
});

const elapsed = transformation("elapsed", (args) => {
  const input = args.tables();
  const unit = approximateNanoseconds(args.duration("unit", oneSecond));
  const timeColumn = args.string("timeColumn", "_time");
  const columnName = args.string("columnName", "elapsed");
  return perTable(args, input, (table) => {
    const times = table.data[requireColumn(table, timeColumn)] as readonly Cell[];
    const cells: Cell[] = times.map((t, r) => (r === 0 || t === null || times[r - 1] === null ? null : ((t as bigint) - (times[r - 1] as bigint)) / unit));
    const out = withColumn(table, { label: columnName, type: "int" }, cells);
    const rows = Array.from({ length: Math.max(0, table.length - 1) }, (_, i) => i + 1);
    return { key: out.key, columns: out.columns, data: out.data.map((col) => rows.map((r) => col[r] ?? null)), length: rows.length };
  });
});

const timeShift = transformation("timeShift", (args) => {
  const input = args.tables();
  const shift = args.duration("duration");
  const columns = args.strings("columns", ["_start", "_stop", "_time"]);
  const move = (cell: Cell): Cell => (cell === null ? null : addDuration(cell as bigint, shift));
  return perTable(args, input, (table) => {
    const data = table.data.map((col, i) => (columns.includes((table.columns[i] as ColumnMeta).label) && (table.columns[i] as ColumnMeta).type === "time" ? col.map(move) : col));
    const key: GroupKey = { columns: table.key.columns, values: table.key.values.map((v, i) => (columns.includes((table.key.columns[i] as ColumnMeta).label) && typeof v === "bigint" ? move(v) : v)) };
    return { key, columns: table.columns, data, length: table.length };
  });
});

/** `date.truncate` on every time of the column: calendar units and weeks (from Monday) included, in UTC. */
const truncateTimeColumn = transformation("truncateTimeColumn", (args) => {
  const input = args.tables();
  const unit = args.duration("unit");
  const timeColumn = args.string("timeColumn", "_time");
  if (unit.negative || (unit.months === 0n && unit.nanoseconds === 0n)) args.fail("unit must be positive");
  const truncate = (cell: Cell): Cell => (cell === null ? null : truncateTime(cell as bigint, unit, utcLocation));
  return perTable(args, input, (table) => {
    const index = requireColumn(table, timeColumn);
    const out = withColumn(table, table.columns[index] as ColumnMeta, (table.data[index] as readonly Cell[]).map(truncate));
    const inKey = table.key.columns.findIndex((c) => c.label === timeColumn);
    return inKey < 0 ? out : { ...out, key: { columns: table.key.columns, values: table.key.values.map((v, i) => (i === inKey ? truncate(v) : v)) } };
  });
});

/** stateCount/stateDuration: how long the predicate has held, -1 while it does not (null when it is null). */
function stateTracker(name: string, measure: "count" | "duration") {
  return transformation(name, (args) => {
    const input = args.tables();
    const fn = args.function("fn");
    const column = args.string("column", name);
    const timeColumn = args.string("timeColumn", "_time");
    const unit = approximateNanoseconds(args.duration("unit", oneSecond));
    return perTable(args, input, (table) => {
      const call = rowCaller(fn, args.site);
      const times = measure === "duration" ? (table.data[requireColumn(table, timeColumn)] as readonly Cell[]) : undefined;
      let count = 0n;
      let since: bigint | undefined;
      const cells: Cell[] = [];
      for (let r = 0; r < table.length; r++) {
        const verdict = call(rowRecord(table, r));
        if (verdict.kind === "null") {
          cells.push(null);
          continue;
        }
        if (verdict.kind !== "bool") fail(`expected fn to return a bool, got ${verdict.kind}`);
        if (!verdict.value) {
          count = 0n;
          since = undefined;
          cells.push(-1n);
          continue;
        }
        if (measure === "count") {
          count++;
          cells.push(count);
        } else {
          const t = times?.[r] as bigint;
          since ??= t;
          cells.push((t - since) / unit);
        }
      }
      return withColumn(table, { label: column, type: "int" }, cells);
    });
  });
}

export const timeStateFunctions: Members = new Map<string, Value>([
  ["increase", increase],
  ["elapsed", elapsed],
  ["timeShift", timeShift],
  ["truncateTimeColumn", truncateTimeColumn],
  ["stateCount", stateTracker("stateCount", "count")],
  ["stateDuration", stateTracker("stateDuration", "duration")],
]);
