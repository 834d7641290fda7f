import type { DuckDBConnection } from "@duckdb/node-api";
import { type Segment, emptyValues } from "./batch-builder.js";
import { MAX_SMALL_GROUPED_SERIES, combinesAcrossSeries, groupedRows } from "./grouped-windows.js";
import { type RawColumns, rawColumns } from "./raw-columns.js";
import type { SeriesColumn } from "./series-cache.js";
import { unionAll } from "./sql.js";
import { compareValues } from "./value-order.js";
import type { AggregateFn, FieldType, ReadRequest } from "./types.js";

/** Raw rows up to which a read's selector windows are computed here rather than by DuckDB. */
export const MAX_SMALL_ROWS = 16_384;
/** Matching series up to which that is tried (beyond, the raw rows rarely fit). */
export const MAX_SMALL_SERIES = 16;

type Scalar = number | bigint | string | boolean;

/**
 * Rows of a small read, a chunk at a time: series IDs, times and one value column per unit (null
 * where the unit has no value in that row), from DuckDB ({@link readSmall}) or from the series
 * cache (series-cache.ts).
 */
export interface RowChunk {
  ids: Int32Array;
  times: BigInt64Array;
  values: SeriesColumn[];
}

/** The rows of `selects` (joined by UNION ALL), or undefined when there are more than {@link MAX_SMALL_ROWS}. */
export async function readSmall(conn: DuckDBConnection, selects: readonly string[], types: readonly FieldType[]): Promise<RowChunk[] | undefined> {
  const result = await conn.run(`${unionAll(selects)} LIMIT ${MAX_SMALL_ROWS + 1}`);
  if (result.rowCount > MAX_SMALL_ROWS) return undefined;
  const rows = rawColumns(result, types);
  return [{ ids: rows.ids, times: rows.times, values: types.map((_, i) => ({ values: rows.values[i]!, nulls: rows.nulls[i] })) }];
}

/**
 * Whether a window aggregate may be computed from its raw rows in JS: per series for a few
 * series, or grouped (`groupBy`) when one series matches. Only functions whose result does not
 * depend on the order values are combined in (count and the selectors, exact whatever the order;
 * sums and means are not), and not min/max of strings (DuckDB compares bytes, JS UTF-16 units).
 */
export function smallAggregateFits(request: ReadRequest, types: readonly FieldType[], seriesCount: number): boolean {
  const fn = request.aggregate?.fn;
  // Groups of several series would let equal times of two series tie, which DuckDB breaks by
  // scan order: those stay with DuckDB. A group of one series is that series.
  // Unless their aggregate combines across series (grouped-windows.ts).
  if (fn === undefined || seriesCount > (request.groupBy === undefined ? MAX_SMALL_SERIES : combinesAcrossSeries(request, types) ? MAX_SMALL_GROUPED_SERIES : 1)) return false;
  if (fn === "min" || fn === "max") return types.every((t) => t !== "string" && t !== "boolean");
  return fn === "count" || fn === "first" || fn === "last";
}

/** A small read's windows, computed from its raw rows (see {@link windowsSmall}). */
export interface SmallWindows {
  /** Series → window start → slot (a (series, window) group). */
  groups: Map<number, Map<bigint, number>>;
  /** Per unit, its count, value and point time per slot. */
  states: UnitState[];
}

/**
 * The window aggregates of a small read, computed from its raw rows (at most {@link MAX_SMALL_ROWS}):
 * one DuckDB pipeline (a filtered scan), or none where the series cache holds the rows, instead of
 * scan, hash aggregate and their scheduling, about half of a one-series read's time.
 * {@link smallRows} and {@link smallColumns} lay the answer out.
 */
export function windowsSmall(chunks: readonly RowChunk[], request: ReadRequest, types: readonly FieldType[]): SmallWindows {
  const agg = request.aggregate!;
  let rowCount = 0;
  for (const chunk of chunks) rowCount += chunk.ids.length;
  const every = agg.every;
  const offset = agg.offset ?? 0n;
  const groups = new Map<number, Map<bigint, number>>();
  // A row opens at most one (series, window) slot: the row count bounds the slots, so each unit's
  // state is typed arrays made once (no boxed number or BigInt per slot).
  const states = types.map((type) => unitState(type, rowCount));
  // Point times are kept only where they are asked for or decide first/last.
  const withTimes = agg.fn === "first" || agg.fn === "last" || agg.pointTimes !== false;
  let slots = 0;
  let lastId = -1;
  let lastStart = 0n;
  let lastEnd = 0n;
  let lastSlot = -1;
  for (const { ids, times, values } of chunks) {
    const n = ids.length;
    const slotOf = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const t = times[r]!;
      // Rows mostly come in (series, time) order: the previous row's window usually fits.
      if (ids[r] !== lastId || t < lastStart || t >= lastEnd) {
        const window = every === undefined ? request.start : t - ((((t - offset) % every) + every) % every);
        let windows = groups.get(ids[r]!);
        if (windows === undefined) groups.set(ids[r]!, (windows = new Map()));
        let slot = windows.get(window);
        if (slot === undefined) {
          slot = slots++;
          windows.set(window, slot);
        }
        lastId = ids[r]!;
        lastStart = window;
        lastEnd = every === undefined ? request.stop : window + every;
        lastSlot = slot;
      }
      slotOf[r] = lastSlot;
    }
    states.forEach((state, i) => accumulate(agg.fn, state, slotOf, withTimes ? times : undefined, values[i]!.values as ArrayLike<Scalar>, values[i]!.nulls));
  }
  return { groups, states };
}

/**
 * The windows as rows in the layout of `readWide`'s statement (`<key columns>, time, n0, a0[, t0],
 * n1, …`, `t<i>` where `withPointTime[i]`), ordered by series then time; undefined when DuckDB must
 * group them after all.
 */
export function smallRows(
  { groups, states }: SmallWindows,
  request: ReadRequest,
  withPointTime: readonly boolean[],
  /** The group key columns of a series' rows; undefined gives up (DuckDB must group them). */
  keyOf: (id: number) => unknown[] | undefined,
): unknown[][] | undefined {
  const fn = request.aggregate!.fn;
  // Several series in one group: combined across series where the aggregate allows (see
  // grouped-windows.ts), else merged by DuckDB.
  if (request.groupBy !== undefined && groups.size > 1) return groupedRows({ groups, states }, request, keyOf);
  const rows: unknown[][] = [];
  const keys = new Map<number, unknown[]>();
  for (const id of groups.keys()) {
    const key = keyOf(id);
    if (key === undefined) return undefined;
    keys.set(id, key);
  }
  for (const { id, start, slot } of slotsInOrder(groups, request.descending === true)) {
    const row: unknown[] = [...keys.get(id)!, start];
    states.forEach((state, i) => {
      const count = state.n[slot]!;
      row.push(BigInt(count), fn === "count" ? BigInt(count) : count === 0 ? null : state.value[slot]);
      if (withPointTime[i] === true) row.push(count === 0 ? null : state.time[slot]);
    });
    rows.push(row);
  }
  return rows;
}

/** The (series, window) slots by series, then window start (newest first when `descending`). */
function slotsInOrder(groups: SmallWindows["groups"], descending: boolean): { id: number; start: bigint; slot: number }[] {
  const sign = descending ? -1 : 1;
  const out: { id: number; start: bigint; slot: number }[] = [];
  for (const id of [...groups.keys()].sort((a, b) => a - b)) {
    const windows = groups.get(id)!;
    for (const start of [...windows.keys()].sort((a, b) => sign * (a < b ? -1 : a > b ? 1 : 0))) out.push({ id, start, slot: windows.get(start)! });
  }
  return out;
}

/**
 * The windows of a per-series read as the columns `readWide`'s statement would give (`series_id,
 * time, n0, a0[, t0], n1, …`), by series then time ascending: no row array and no boxed count.
 */
export function smallColumns({ groups, states }: SmallWindows, fn: AggregateFn, resultTypes: readonly FieldType[], withPointTime: readonly boolean[]): RawColumns {
  const order = slotsInOrder(groups, false);
  const length = order.length;
  const ids = Int32Array.from(order, (o) => o.id);
  const times = BigInt64Array.from(order, (o) => o.start);
  const slots = Int32Array.from(order, (o) => o.slot);
  const values: Segment["values"][] = [];
  const nulls: (Uint8Array | undefined)[] = [];
  states.forEach((state, i) => {
    const counts = new BigInt64Array(length);
    const type = resultTypes[i]!;
    const selected = emptyValues(type, length);
    const pointTimes = withPointTime[i] === true ? new BigInt64Array(length) : undefined;
    for (let r = 0; r < length; r++) {
      const slot = slots[r]!;
      const count = state.n[slot]!;
      counts[r] = BigInt(count);
      // A window without values of this unit (count 0) is left out by the reader: no value needed.
      if (fn === "count") (selected as BigInt64Array)[r] = BigInt(count);
      else if (count > 0) (selected as Scalar[])[r] = state.value[slot]!;
      if (pointTimes !== undefined) pointTimes[r] = state.time[slot]!;
    }
    values.push(counts, selected);
    nulls.push(undefined, undefined);
    if (pointTimes !== undefined) {
      values.push(pointTimes);
      nulls.push(undefined);
    }
  });
  return { length, ids, times, values, nulls };
}

/** One unit's state per slot: values counted, the value selected (meaningless while none is) and its time. */
interface UnitState {
  n: Int32Array;
  value: Segment["values"];
  time: BigInt64Array;
}

function unitState(type: FieldType, slots: number): UnitState {
  return { n: new Int32Array(slots), value: emptyValues(type, slots), time: new BigInt64Array(slots) };
}

/**
 * Adds one chunk's non-null values of a unit. As the SQL: min/max take the extreme value and,
 * among equal ones, the earliest time (`arg_min(time, (v, time))`, `arg_max(time, (v, -time))`);
 * NaN is above every number, as DuckDB orders it. Equal values differ only as 0 and -0: DuckDB
 * returns the one it met first (scan order), this the earliest one, which is the same in a
 * time-ordered scan.
 */
function accumulate(
  fn: AggregateFn,
  state: UnitState,
  slotOf: Int32Array,
  /** Undefined when no point time is needed (min/max whose times are not asked for). */
  times: BigInt64Array | undefined,
  values: ArrayLike<Scalar>,
  nulls: Uint8Array | undefined,
): void {
  const { n: counts, time: bestTime } = state;
  const best = state.value as Scalar[];
  const rows = slotOf.length;
  switch (fn) {
    case "count":
      for (let r = 0; r < rows; r++) {
        if (nulls?.[r] === 1) continue;
        const g = slotOf[r]!;
        counts[g] = counts[g]! + 1;
      }
      return;
    case "max":
    case "min": {
      const sign = fn === "max" ? 1 : -1;
      for (let r = 0; r < rows; r++) {
        if (nulls?.[r] === 1) continue;
        const g = slotOf[r]!;
        const v = values[r]!;
        // A row's time (a BigInt made on each read) is read only when it is kept or ties.
        const order = counts[g] === 0 ? 1 : sign * compareValues(v, best[g]!);
        counts[g] = counts[g]! + 1;
        if (order > 0) {
          best[g] = v;
          if (times !== undefined) bestTime[g] = times[r]!;
        } else if (order === 0 && times !== undefined) {
          const t = times[r]!;
          if (t < bestTime[g]!) {
            best[g] = v;
            bestTime[g] = t;
          }
        }
      }
      return;
    }
    case "first":
    case "last": {
      const later = fn === "last";
      for (let r = 0; r < rows; r++) {
        if (nulls?.[r] === 1) continue;
        const g = slotOf[r]!;
        const t = times![r]!;
        const first = counts[g] === 0;
        counts[g] = counts[g]! + 1;
        if (first || (later ? t > bestTime[g]! : t < bestTime[g]!)) {
          best[g] = values[r]!;
          bestTime[g] = t;
        }
      }
      return;
    }
    default:
      throw new Error(`aggregate ${fn} is not computed from raw rows`);
  }
}
