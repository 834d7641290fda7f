// Turning the storage engine's columnar batches (one per series and field) into rows per series.
import type { Batch, ReadRequest } from "@fluxgate/storage-engine";
import type { Value } from "./eval.js";
import type { InfluxQLStore } from "./source.js";

export type Tags = ReadonlyArray<readonly [string, string]>;

/** The rows of one series (or one group of series), in time order. */
export interface SeriesData {
  tags: Tags;
  times: bigint[];
  /** rows[i][f]: value of field f at times[i] (null when the row lacks it). */
  rows: Value[][];
}

export function cellOf(batch: Batch, i: number): Value {
  if (batch.nulls?.[i] === 1) return null;
  const v = batch.values;
  switch (v.type) {
    case "float":
      return v.values[i]!;
    case "integer":
      return v.values[i]!;
    case "unsigned":
      return v.values[i]!;
    case "string":
      return v.values[i]!;
    case "boolean":
      return v.values[i]!;
  }
}

/** Reads raw points of `fields` and joins the fields of each series on time. */
export async function readSeries(store: InfluxQLStore, request: ReadRequest, fields: readonly string[]): Promise<SeriesData[]> {
  const index = new Map(fields.map((f, i) => [f, i] as const));
  const bySeries = new Map<string, { tags: Tags; rows: Map<bigint, Value[]> }>();
  for await (const batch of store.read({ ...request, fields })) {
    const fi = index.get(batch.field);
    if (fi === undefined) continue;
    const key = JSON.stringify(batch.tags);
    let s = bySeries.get(key);
    if (s === undefined) {
      s = { tags: batch.tags, rows: new Map() };
      bySeries.set(key, s);
    }
    const { times } = batch;
    for (let i = 0; i < times.length; i++) {
      const t = times[i]!;
      let row = s.rows.get(t);
      if (row === undefined) {
        row = new Array<Value>(fields.length).fill(null);
        s.rows.set(t, row);
      }
      row[fi] = cellOf(batch, i);
    }
  }
  const out: SeriesData[] = [];
  for (const [, s] of [...bySeries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const times = [...s.rows.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    out.push({ tags: s.tags, times, rows: times.map((t) => s.rows.get(t)!) });
  }
  return out;
}
