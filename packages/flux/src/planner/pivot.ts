/**
 * `pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")` straight from a read's
 * batches, without building one table per field first. Produces what universe's `pivot` produces
 * for the raw read's tables: one table per series (its key minus `_field`), columns `_start,
 * _stop, _time, _measurement, <tags…>, <fields in first-seen order>`, rows by ascending time, every
 * field column typed as the group's first field (as `pivot` types them), groups in first-seen order.
 */
import { joinTimes } from "@fluxgate/line-protocol";
import type { BatchValues, SeriesBatch } from "../runtime/datasource.js";
import { keyOf } from "../table/table.js";
import type { Cell, ColumnMeta, ColumnType, Table } from "../table/types.js";
import { columnTypeOf } from "../runtime/datasource.js";


/** A field's batches of one series, in arrival order (by time within each). */
interface FieldRows {
  parts: SeriesBatch[];
}

/** Batches of one group, in arrival order. */
interface Batches {
  readonly parts: readonly SeriesBatch[];
}

interface SeriesGroup {
  measurement: string;
  tags: ReadonlyArray<readonly [string, string]>;
  valueType: ColumnType;
  fields: Map<string, FieldRows>;
}

export async function* pivotBatches(batches: AsyncIterable<SeriesBatch>, start: bigint, stop: bigint): AsyncGenerator<Table> {
  const groups = new Map<string, SeriesGroup>();
  let lastId = "";
  let lastRows: FieldRows | undefined;
  for await (const batch of batches) {
    const id = JSON.stringify([batch.measurement, batch.tags]);
    const fieldId = `${id}\u0000${batch.field}\u0000${batch.values.type}`;
    let rows: FieldRows;
    if (fieldId === lastId && lastRows !== undefined) rows = lastRows;
    else {
      let group = groups.get(id);
      if (group === undefined) {
        group = { measurement: batch.measurement, tags: batch.tags, valueType: columnTypeOf(batch.values), fields: new Map() };
        groups.set(id, group);
      }
      // A field of two types in one series: the later table's values win per time, as in `pivot`.
      rows = group.fields.get(batch.field) ?? { parts: [] };
      group.fields.set(batch.field, rows);
      lastId = fieldId;
      lastRows = rows;
    }
    if (batch.times.length > 0) rows.parts.push(batch);
  }
  for (const group of groups.values()) {
    // A series whose rows all failed the filter: `filter` would drop its (then empty) table.
    const table = pivotTable(group, start, stop);
    if (table.length > 0) yield table;
  }
}

/** The times of a group's batches, joined. */
export function timesOf(field: Batches): BigInt64Array {
  return joinTimes(field.parts.map((p) => p.times));
}

/** The values of a group's batches as cells (null where a batch marks one), joined. */
export function cellsOf(field: Batches): Cell[] {
  const out: Cell[] = [];
  for (const { values, nulls } of field.parts) {
    const cells = Array.from(values.values as ArrayLike<Cell>);
    if (nulls !== undefined) for (let i = 0; i < cells.length; i++) if (nulls[i] === 1) cells[i] = null;
    if (field.parts.length === 1) return cells;
    for (const cell of cells) out.push(cell);
  }
  return out;
}

/** Whether two time columns are equal, compared as 32-bit halves (no BigInt per element). */
function sameTimes(a: BigInt64Array, b: BigInt64Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  const x = new Int32Array(a.buffer, a.byteOffset, a.length * 2);
  const y = new Int32Array(b.buffer, b.byteOffset, b.length * 2);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Whether times strictly increase, compared as (signed high, unsigned low) 32-bit halves. */
function isAscending(times: BigInt64Array): boolean {
  const w = new Int32Array(times.buffer, times.byteOffset, times.length * 2);
  for (let i = 2; i < w.length; i += 2) {
    const high = w[i + 1] as number;
    const prevHigh = w[i - 1] as number;
    if (high > prevHigh) continue;
    if (high < prevHigh || (w[i] as number) >>> 0 <= (w[i - 2] as number) >>> 0) return false;
  }
  return true;
}

function pivotTable(group: SeriesGroup, start: bigint, stop: bigint): Table {
  const fixedLabels = new Set(["_start", "_stop", "_time", "_measurement", ...group.tags.map(([k]) => k)]);
  const fields = [...group.fields].filter(([name]) => !fixedLabels.has(name));
  const fieldTimes = new Map([...group.fields.values()].map((f) => [f, timesOf(f)]));
  const all = [...fieldTimes.values()];
  const first = all[0] as BigInt64Array;
  let times: Cell[];
  let columnsOfFields: Cell[][];
  if (all.every((t) => sameTimes(t, first)) && isAscending(first)) {
    // The usual case: every field has a value at the same times.
    times = Array.from(first);
    columnsOfFields = fields.map(([, f]) => cellsOf(f));
  } else {
    const unique = [...new Set(all.flatMap((t) => Array.from(t)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const rowOf = new Map(unique.map((t, i) => [t, i]));
    times = unique;
    columnsOfFields = fields.map(([, f]) => {
      const column = new Array<Cell>(unique.length).fill(null);
      const cells = cellsOf(f);
      (fieldTimes.get(f) as BigInt64Array).forEach((t, i) => (column[rowOf.get(t) as number] = cells[i] ?? null));
      return column;
    });
  }
  const n = times.length;
  const columns: ColumnMeta[] = [
    { label: "_start", type: "time" },
    { label: "_stop", type: "time" },
    { label: "_time", type: "time" },
    { label: "_measurement", type: "string" },
    ...group.tags.map(([label]) => ({ label, type: "string" as const })),
    ...fields.map(([label]) => ({ label, type: group.valueType })),
  ];
  const data: Cell[][] = [
    new Array<Cell>(n).fill(start),
    new Array<Cell>(n).fill(stop),
    times,
    new Array<Cell>(n).fill(group.measurement),
    ...group.tags.map(([, v]) => new Array<Cell>(n).fill(v)),
    ...columnsOfFields,
  ];
  const keyValues: Cell[] = [start, stop, null, group.measurement, ...group.tags.map(([, v]) => v)];
  const key = keyOf(columns, (i) => keyValues[i] ?? null, ["_start", "_stop", "_measurement", ...group.tags.map(([k]) => k)]);
  return { key, columns, data, length: n };
}
