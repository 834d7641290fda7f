import type { DuckDBConnection } from "@duckdb/node-api";
import { nullFlags, numericColumn, valuesOf } from "./batch-builder.js";
import type { AggregateFn, FieldType, ReadRequest } from "./types.js";

/** Raw rows up to which a read's selector windows are computed here rather than by DuckDB. */
export const MAX_SMALL_ROWS = 16_384;
/** Matching series up to which that is tried (beyond, the raw rows rarely fit). */
export const MAX_SMALL_SERIES = 16;

type Scalar = number | bigint | string | boolean;

/**
 * Whether a window aggregate may be computed from its raw rows in JS: per series for a few
 * series, or grouped (`groupBy`) when one series matches. Only functions
 * whose result does not depend on the order values are combined in (count and the selectors,
 * exact whatever the order; sums and means are not), and not min/max of strings (DuckDB compares
 * bytes, JS UTF-16 units).
 */
export function smallAggregateFits(request: ReadRequest, types: readonly FieldType[], seriesCount: number): boolean {
  const fn = request.aggregate?.fn;
  // Groups of several series would let equal times of two series tie, which DuckDB breaks by
  // scan order: those stay with DuckDB. A group of one series is that series.
  if (fn === undefined || seriesCount > (request.groupBy === undefined ? MAX_SMALL_SERIES : 1)) return false;
  if (fn === "min" || fn === "max") return types.every((t) => t !== "string" && t !== "boolean");
  return fn === "count" || fn === "first" || fn === "last";
}

/** One (series, window)'s state for one unit. */
interface Slot {
  n: number;
  value: Scalar | null;
  time: bigint;
}

/**
 * The window aggregates of a small read, computed from its raw rows: one DuckDB pipeline (a
 * filtered scan) instead of scan, hash aggregate and their scheduling, about half of a one-series
 * read's time. `selects` give `series_id, time, v0, v1, …` (one value column per unit, NULL where
 * missing or filtered out). Returns rows in the layout of `readWide`'s statement
 * (`<key columns>, time, n0, a0[, t0], n1, …`, `t<i>` where `withPointTime[i]`), ordered by
 * series then time, or undefined when the read has more than {@link MAX_SMALL_ROWS} raw rows.
 */
export async function aggregateSmall(
  conn: DuckDBConnection,
  request: ReadRequest,
  selects: readonly string[],
  types: readonly FieldType[],
  withPointTime: readonly boolean[],
  /** The group key columns of a series' rows; undefined gives up (DuckDB must group them). */
  keyOf: (id: number) => unknown[] | undefined,
): Promise<unknown[][] | undefined> {
  const agg = request.aggregate!;
  const result = await conn.run(`SELECT * FROM (${selects.join(" UNION ALL ")}) LIMIT ${MAX_SMALL_ROWS + 1}`);
  if (result.rowCount > MAX_SMALL_ROWS) return undefined;
  const every = agg.every;
  const offset = agg.offset ?? 0n;
  const units = types.length;
  /** Series → window → one slot per unit. */
  const groups = new Map<number, Map<bigint, Slot[]>>();
  let last: { id: number; start: bigint; end: bigint; slots: Slot[] } = { id: -1, start: 0n, end: 0n, slots: [] };
  for (let c = 0, chunks = result.chunkCount; c < chunks; c++) {
    const chunk = result.getChunk(c);
    const n = chunk.rowCount;
    const ids = numericColumn(chunk.getColumnVector(0), Int32Array, n);
    const times = numericColumn(chunk.getColumnVector(1), BigInt64Array, n);
    const columns = types.map((type, i) => {
      const vector = chunk.getColumnVector(i + 2);
      return { values: valuesOf(vector, type, n) as ArrayLike<Scalar>, nulls: nullFlags(vector, n) };
    });
    for (let r = 0; r < n; r++) {
      const t = times[r]!;
      // Rows mostly come in (series, time) order: the previous row's window usually fits.
      let slots = last.slots;
      if (ids[r] !== last.id || t < last.start || t >= last.end) {
        const window = every === undefined ? request.start : t - ((((t - offset) % every) + every) % every);
        let windows = groups.get(ids[r]!);
        if (windows === undefined) groups.set(ids[r]!, (windows = new Map()));
        let found = windows.get(window);
        if (found === undefined) {
          found = Array.from({ length: units }, (): Slot => ({ n: 0, value: null, time: 0n }));
          windows.set(window, found);
        }
        slots = found;
        last = { id: ids[r]!, start: window, end: every === undefined ? request.stop : window + every, slots };
      }
      for (let i = 0; i < units; i++) {
        const { values, nulls } = columns[i]!;
        if (nulls?.[r] === 1) continue;
        accumulate(agg.fn, slots[i]!, values[r]!, t);
      }
    }
  }
  const sign = request.descending === true ? -1 : 1;
  const rows: unknown[][] = [];
  const keys = new Map<number, unknown[]>();
  for (const id of groups.keys()) {
    const key = keyOf(id);
    if (key === undefined) return undefined;
    keys.set(id, key);
  }
  // Several series in one group (possible only when a series was committed after the read
  // resolved its series) must be merged by DuckDB.
  if (request.groupBy !== undefined && groups.size > 1) return undefined;
  for (const id of [...groups.keys()].sort((a, b) => a - b)) {
    const windows = groups.get(id)!;
    const starts = [...windows.keys()].sort((a, b) => sign * (a < b ? -1 : a > b ? 1 : 0));
    for (const start of starts) {
      const row: unknown[] = [...keys.get(id)!, start];
      windows.get(start)!.forEach((slot, i) => {
        row.push(BigInt(slot.n), agg.fn === "count" ? BigInt(slot.n) : slot.value);
        if (withPointTime[i] === true) row.push(slot.n === 0 ? null : slot.time);
      });
      rows.push(row);
    }
  }
  return rows;
}

/**
 * Adds one non-null value. As the SQL: min/max take the extreme value and, among equal ones,
 * the earliest time (`arg_min(time, (v, time))`, `arg_max(time, (v, -time))`); NaN is above
 * every number, as DuckDB orders it. Equal values differ only as 0 and -0: DuckDB returns the
 * one it met first (scan order), this the earliest one, which is the same in a time-ordered scan.
 */
function accumulate(fn: AggregateFn, slot: Slot, value: Scalar, time: bigint): void {
  const first = slot.n++ === 0;
  switch (fn) {
    case "count":
      return;
    case "max":
    case "min": {
      const order = first ? 1 : fn === "max" ? compare(value, slot.value!) : compare(slot.value!, value);
      if (order > 0 || (order === 0 && time < slot.time)) {
        slot.value = value;
        slot.time = time;
      }
      return;
    }
    case "first":
      if (first || time < slot.time) {
        slot.value = value;
        slot.time = time;
      }
      return;
    case "last":
      if (first || time > slot.time) {
        slot.value = value;
        slot.time = time;
      }
      return;
    default:
      throw new Error(`aggregate ${fn} is not computed from raw rows`);
  }
}

/** Numeric order with NaN above everything (DuckDB's); numbers and bigints are never mixed. */
function compare(a: Scalar, b: Scalar): number {
  if (typeof a === "number" && typeof b === "number") {
    if (a !== a) return b !== b ? 0 : 1;
    if (b !== b) return -1;
  }
  return a > b ? 1 : a < b ? -1 : 0;
}
