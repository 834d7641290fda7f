/**
 * Window aggregates of a grouped read (`groupBy`) of several series, combined from each series'
 * windows as small-aggregate.ts computes them from raw rows (in the engine's series cache, or
 * read by one scan).
 *
 * A compacted point table is sorted by (series_id, time): a short window over every series (the
 * last minutes of a measurement, a dashboard's `GROUP BY time(1m)` of all hosts) makes DuckDB
 * read the whole shard's `time` column, since each row group spans the shard's whole time range.
 * On the bench day (100 hosts, 864,000 rows) `max(usage_user)` of 5 minutes by 1-minute windows
 * took 6-11 ms in that statement; sliced from the series cache and combined here, 0.8-1.0 ms.
 *
 * Only aggregates whose answer does not depend on the order series are met in are combined here:
 * counts, and minima and maxima of numbers without the selected point's time. (Equal times of two
 * series tie for first/last and for a selector's point, which DuckDB breaks by scan order; float
 * sums and means depend on the order of additions.) Equal extremes differ only as 0 and -0:
 * DuckDB's parallel aggregate keeps whichever of them its threads met first, this the one of the
 * series with the lowest ID.
 */
import { compareText } from "@fluxgate/line-protocol";
import type { SmallWindows } from "./small-aggregate.js";
import type { FieldType, ReadRequest } from "./types.js";
import { compareValues } from "./value-order.js";

/** Matching series up to which a grouped read is combined here (beyond, their rows rarely fit). */
export const MAX_SMALL_GROUPED_SERIES = 128;

type Scalar = number | bigint | string | boolean;

/** Whether a grouped read's windows may be combined from its series' windows (see the top of this file). */
export function combinesAcrossSeries(request: ReadRequest, types: readonly FieldType[]): boolean {
  const agg = request.aggregate;
  if (agg === undefined || request.groupBy === undefined) return false;
  if (agg.fn === "count") return true;
  if (agg.fn !== "min" && agg.fn !== "max") return false;
  return agg.pointTimes === false && types.every((t) => t === "float" || t === "integer" || t === "unsigned");
}

/**
 * The windows of several series as a grouped read's rows, in the layout and order of `readWide`'s
 * statement: `<key columns>, time, n0, a0, n1, a1, …` (no point times), groups by key (ascending,
 * NULL first, text by bytes), windows by start (newest first when `descending`). Undefined when
 * the aggregate does not combine across series (see {@link combinesAcrossSeries}) or a series' key
 * is unknown (`keyOf` gives undefined): DuckDB must group them.
 */
export function groupedRows(
  { groups, states }: SmallWindows,
  request: ReadRequest,
  /** A series' group key columns, as the statement computes them. */
  keyOf: (id: number) => unknown[] | undefined,
): unknown[][] | undefined {
  // Each unit's type, from its state's values: typed arrays hold numbers, plain arrays the rest.
  const types = states.map((s): FieldType => (s.value instanceof Float64Array ? "float" : s.value instanceof BigInt64Array ? "integer" : s.value instanceof BigUint64Array ? "unsigned" : "string"));
  if (!combinesAcrossSeries(request, types)) return undefined;
  const fn = request.aggregate!.fn;
  const sign = fn === "max" ? 1 : -1;
  const units = states.length;
  /** Per group (by its key's text): its key and, per window start, each unit's count and value. */
  const byKey = new Map<string, { key: unknown[]; windows: Map<bigint, { n: number[]; v: Scalar[] }> }>();
  for (const id of [...groups.keys()].sort((a, b) => a - b)) {
    const key = keyOf(id);
    if (key === undefined) return undefined;
    const text = JSON.stringify(key);
    let group = byKey.get(text);
    if (group === undefined) byKey.set(text, (group = { key, windows: new Map() }));
    for (const [start, slot] of groups.get(id)!) {
      let window = group.windows.get(start);
      if (window === undefined) group.windows.set(start, (window = { n: new Array<number>(units).fill(0), v: new Array<Scalar>(units).fill(0) }));
      for (let i = 0; i < units; i++) {
        const state = states[i]!;
        const count = state.n[slot]!;
        if (count === 0) continue;
        const value = state.value[slot] as Scalar;
        if (fn !== "count" && (window.n[i] === 0 || sign * compareValues(value, window.v[i]!) > 0)) window.v[i] = value;
        window.n[i] = window.n[i]! + count;
      }
    }
  }
  const direction = request.descending === true ? -1 : 1;
  const rows: unknown[][] = [];
  for (const { key, windows } of [...byKey.values()].sort((a, b) => compareKeys(a.key, b.key))) {
    for (const start of [...windows.keys()].sort((a, b) => direction * (a < b ? -1 : a > b ? 1 : 0))) {
      const { n, v } = windows.get(start)!;
      const row: unknown[] = [...key, start];
      for (let i = 0; i < units; i++) row.push(BigInt(n[i]!), fn === "count" ? BigInt(n[i]!) : n[i] === 0 ? null : v[i]);
      rows.push(row);
    }
  }
  return rows;
}

/** Group keys as the statement's `ORDER BY g0 ASC NULLS FIRST, …` orders them (text by UTF-8 bytes). */
function compareKeys(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === null || x === undefined) return -1;
    if (y === null || y === undefined) return 1;
    if (typeof x === "string" && typeof y === "string") return compareText(x, y);
    return (x as number) < (y as number) ? -1 : 1;
  }
  return 0;
}
