/**
 * `pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")` straight from a read's
 * batches, without building one table per field first. Produces what universe's `pivot` produces
 * for the raw read's tables: one table per series (its key minus `_field`), columns `_start,
 * _stop, _time, _measurement, <tags…>, <fields in first-seen order>`, rows by ascending time, every
 * field column typed as the group's first field (as `pivot` types them), groups in first-seen order.
 */
import type { BatchValues, SeriesBatch } from "../runtime/datasource.js";
import { keyOf } from "../table/table.js";
import type { Cell, ColumnMeta, ColumnType, Table } from "../table/types.js";
import { columnTypeOf } from "../runtime/datasource.js";


interface FieldRows {
  times: bigint[];
  values: Cell[];
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
      rows = group.fields.get(batch.field) ?? { times: [], values: [] };
      group.fields.set(batch.field, rows);
      lastId = fieldId;
      lastRows = rows;
    }
    const { times, nulls } = batch;
    const values = batch.values.values;
    for (let i = 0; i < times.length; i++) {
      rows.times.push(times[i] as bigint);
      rows.values.push(nulls?.[i] === 1 ? null : (values[i] as Cell));
    }
  }
  for (const group of groups.values()) {
    // A series whose rows all failed the filter: `filter` would drop its (then empty) table.
    const table = pivotTable(group, start, stop);
    if (table.length > 0) yield table;
  }
}

function sameTimes(a: readonly bigint[], b: readonly bigint[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function pivotTable(group: SeriesGroup, start: bigint, stop: bigint): Table {
  const fixedLabels = new Set(["_start", "_stop", "_time", "_measurement", ...group.tags.map(([k]) => k)]);
  const fields = [...group.fields].filter(([name]) => !fixedLabels.has(name));
  const all = [...group.fields.values()];
  const first = all[0] as FieldRows;
  let times: bigint[];
  let columnsOfFields: Cell[][];
  if (all.every((f) => sameTimes(f.times, first.times)) && isAscending(first.times)) {
    // The usual case: every field has a value at the same times.
    times = first.times;
    columnsOfFields = fields.map(([, f]) => f.values);
  } else {
    const unique = [...new Set(all.flatMap((f) => f.times))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const rowOf = new Map(unique.map((t, i) => [t, i]));
    times = unique;
    columnsOfFields = fields.map(([, f]) => {
      const column = new Array<Cell>(unique.length).fill(null);
      f.times.forEach((t, i) => (column[rowOf.get(t) as number] = f.values[i] ?? null));
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

function isAscending(times: readonly bigint[]): boolean {
  for (let i = 1; i < times.length; i++) if ((times[i] as bigint) <= (times[i - 1] as bigint)) return false;
  return true;
}
