// Turning the storage engine's columnar batches (one per series and field) into rows per series.
import { joinTimes } from "@fluxgate/line-protocol";
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
  /** When set, the times rows are merged by instead of `times` (a subquery's aggregate rows go by
   * their window, not by the time of the point a selector picked). */
  order?: bigint[];
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

/**
 * Reads raw points of `fields` and joins the fields of each series on time. The engine sends each
 * series' fields one after another, each in time order; when every field read has the same times
 * (the usual case: fields written together) rows are filled column by column from the batches,
 * without keying points by time or copying them first.
 */
export async function readSeries(store: InfluxQLStore, request: ReadRequest, fields: readonly string[]): Promise<SeriesData[]> {
  return (await readBatches(store, request, fields)).map((s) => joinFields(s.tags, s.fields));
}

/** A series of a read: its tags and, per field asked for, its batches in the order received. */
export interface SeriesBatches {
  tags: Tags;
  fields: Array<Batch[] | undefined>;
}

/** The batches of a raw read of `fields`, per series, series in key order. */
export async function readBatches(store: InfluxQLStore, request: ReadRequest, fields: readonly string[]): Promise<SeriesBatches[]> {
  const index = new Map(fields.map((f, i) => [f, i] as const));
  const bySeries = new BySeries((tags): SeriesBatches => ({ tags, fields: new Array<Batch[] | undefined>(fields.length).fill(undefined) }));
  for await (const batch of store.read({ ...request, fields })) {
    const fi = index.get(batch.field);
    if (fi === undefined) continue;
    const s = bySeries.get(batch.tags);
    const list = s.fields[fi];
    if (list === undefined) s.fields[fi] = [batch];
    else list.push(batch);
  }
  return [...bySeries.byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}

/**
 * State per series of a read, found from a batch's tags. A series' batches share one tags array,
 * so a known array skips writing the series key; `create` gets the tags and that key.
 */
export class BySeries<T> {
  /** By series key (the tags as JSON). */
  readonly byKey = new Map<string, T>();
  private readonly byTags = new Map<Tags, T>();

  constructor(private readonly create: (tags: Tags, key: string) => T) {}

  get(tags: Tags): T {
    let s = this.byTags.get(tags);
    if (s === undefined) {
      const key = JSON.stringify(tags);
      s = this.byKey.get(key);
      if (s === undefined) {
        s = this.create(tags, key);
        this.byKey.set(key, s);
      }
      this.byTags.set(tags, s);
    }
    return s;
  }
}

const bytesOf = (a: BigInt64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/**
 * The times every field read has, when they all have the same ones in strictly ascending order
 * (fields written together); undefined otherwise. No field read: no times.
 */
export function sharedTimes(fields: ReadonlyArray<Batch[] | undefined>): BigInt64Array | undefined {
  let first: BigInt64Array | undefined;
  for (const batches of fields) {
    if (batches === undefined) continue;
    const t = joinTimes(batches.map((b) => b.times));
    if (first === undefined) first = t;
    else if (t.length !== first.length || !bytesOf(t).equals(bytesOf(first))) return undefined;
  }
  if (first === undefined) return new BigInt64Array(0);
  for (let i = 1; i < first.length; i++) if (first[i]! <= first[i - 1]!) return undefined;
  return first;
}

function joinFields(tags: Tags, fields: ReadonlyArray<Batch[] | undefined>): SeriesData {
  const shared = sharedTimes(fields);
  // Fields at different times, or out of order (another shard's or type's points): key by time.
  if (shared === undefined) return joinByTime(tags, fields);
  const times = Array.from(shared);
  const rows = new Array<Value[]>(times.length);
  for (let i = 0; i < times.length; i++) rows[i] = new Array<Value>(fields.length).fill(null);
  fields.forEach((batches, fi) => {
    let at = 0;
    for (const batch of batches ?? []) {
      for (let i = 0; i < batch.times.length; i++) rows[at++]![fi] = cellOf(batch, i);
    }
  });
  return { tags, times, rows };
}

export function joinByTime(tags: Tags, fields: ReadonlyArray<Batch[] | undefined>): SeriesData {
  const byTime = new Map<bigint, Value[]>();
  fields.forEach((batches, fi) => {
    for (const batch of batches ?? []) {
      for (let i = 0; i < batch.times.length; i++) {
        const t = batch.times[i]!;
        let row = byTime.get(t);
        if (row === undefined) {
          row = new Array<Value>(fields.length).fill(null);
          byTime.set(t, row);
        }
        row[fi] = cellOf(batch, i);
      }
    }
  });
  const times = [...byTime.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { tags, times, rows: times.map((t) => byTime.get(t)!) };
}

/** The rows of several series in one time order; ties keep the series' order. */
export interface MergedRows {
  times: bigint[];
  rows: Value[][];
  /** The series (index into the merged series) each row comes from. */
  series: Int32Array;
}

const ascending = (times: readonly bigint[]): boolean => {
  for (let i = 1; i < times.length; i++) if (times[i]! < times[i - 1]!) return false;
  return true;
};

/**
 * Merges series into one time order. Each series is already in time order (the engine's reads
 * are), so runs are merged pairwise instead of sorting every row: O(n log k) for k series.
 * `reversed`: the caller reverses the rows (ORDER BY time DESC) and rows of series out of order (a
 * subquery read newest first) or going by their window must keep their series' order on equal
 * times after that.
 */
export function mergeByTime(members: readonly SeriesData[], reversed = false): MergedRows {
  const keyOf = (s: SeriesData): bigint[] => s.order ?? s.times;
  if (members.length === 1 && !(reversed && members[0]!.order !== undefined) && ascending(keyOf(members[0]!))) {
    const s = members[0]!;
    return { times: s.times, rows: s.rows, series: new Int32Array(s.times.length) };
  }
  const times: bigint[] = [];
  const rows: Value[][] = [];
  const seriesOf: number[] = [];
  // The merge keys: the times themselves unless a series brings its own order.
  const keyed = members.some((s) => s.order !== undefined);
  const keys: bigint[] = keyed ? [] : times;
  // Rows going by their window under ORDER BY time DESC: sorted below, for the order of ties.
  const sorted = !(keyed && reversed) && members.every((s) => ascending(keyOf(s)));
  let runs: Int32Array[] = [];
  members.forEach((s, m) => {
    const from = times.length;
    const own = keyOf(s);
    for (let i = 0; i < s.times.length; i++) {
      times.push(s.times[i]!);
      if (keyed) keys.push(own[i]!);
      rows.push(s.rows[i]!);
      seriesOf.push(m);
    }
    if (!sorted) return;
    const run = new Int32Array(s.times.length);
    for (let i = 0; i < run.length; i++) run[i] = from + i;
    runs.push(run);
  });
  let order: Int32Array;
  if (!sorted) {
    // Some series out of order (a subquery's ORDER BY time DESC): every row sorted, ties by position.
    const tie = reversed ? -1 : 1;
    order = Int32Array.from(keys.keys()).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : tie * (a - b)));
  } else {
    while (runs.length > 1) {
      const next: Int32Array[] = [];
      for (let i = 0; i < runs.length; i += 2) next.push(i + 1 < runs.length ? mergeRuns(runs[i]!, runs[i + 1]!, keys) : runs[i]!);
      runs = next;
    }
    order = runs[0] ?? new Int32Array(0);
  }
  const out: MergedRows = { times: new Array<bigint>(order.length), rows: new Array<Value[]>(order.length), series: new Int32Array(order.length) };
  for (let i = 0; i < order.length; i++) {
    const j = order[i]!;
    out.times[i] = times[j]!;
    out.rows[i] = rows[j]!;
    out.series[i] = seriesOf[j]!;
  }
  return out;
}

/** Merges two runs of row indices in time order; on equal times the first run's rows come first. */
function mergeRuns(a: Int32Array, b: Int32Array, times: readonly bigint[]): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = times[b[j]!]! < times[a[i]!]! ? b[j++]! : a[i++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
