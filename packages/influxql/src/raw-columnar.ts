// Raw selects of plain field and tag references (SELECT *, SELECT a, b, host) answered as columns
// (see columnar.ts): each series' fields stay the engine's typed arrays, the series of a group are
// merged into one time order as a permutation of positions, and only the output columns are
// gathered. Same rows, same order as the row path in select.ts (its read-shape tests compare them).
import type { Batch } from "@fluxgate/storage-engine";
import { columnarSeries, type ColumnarRows, type RowColumn } from "./columnar.js";
import type { Value } from "./eval.js";
import { cellOf, joinByTime, sharedTimes, type SeriesBatches, type Tags } from "./read.js";
import type { Series } from "./result.js";

/** Whether raw selects take this path; tests turn it off to compare with the row path. */
export const columnarRaw = { enabled: true };

/** One output cell: a field read (index into the fields read) or a tag's value. */
export type PlainCell = { field: number; isTag: boolean } | { tag: string; isTag: boolean };

/** A field's values in one series: floats without nulls, or any values. */
type FieldColumn = Float64Array | Value[];

/** One series as columns: ascending times and, per field read, its column (undefined: no values). */
interface SeriesColumns {
  tags: Tags;
  times: BigInt64Array;
  fields: Array<FieldColumn | undefined>;
}

/** A field's batches as one column: the engine's Float64Array itself when it is one float batch. */
function fieldColumn(batches: readonly Batch[], length: number): FieldColumn {
  if (batches.every((b) => b.values.type === "float" && b.nulls === undefined)) {
    if (batches.length === 1) return batches[0]!.values.values as Float64Array;
    const out = new Float64Array(length);
    let at = 0;
    for (const b of batches) {
      out.set(b.values.values as Float64Array, at);
      at += b.times.length;
    }
    return out;
  }
  const out = new Array<Value>(length);
  let at = 0;
  for (const b of batches) for (let i = 0; i < b.times.length; i++) out[at++] = cellOf(b, i);
  return out;
}

function seriesColumns(s: SeriesBatches): SeriesColumns {
  const shared = sharedTimes(s.fields);
  if (shared !== undefined) return { tags: s.tags, times: shared, fields: s.fields.map((b) => (b === undefined ? undefined : fieldColumn(b, shared.length))) };
  // Fields at different times, or out of order: keyed by time first, as the row path does.
  const joined = joinByTime(s.tags, s.fields);
  return { tags: s.tags, times: BigInt64Array.from(joined.times), fields: s.fields.map((b, fi) => (b === undefined ? undefined : joined.rows.map((r) => r[fi] ?? null))) };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Merges ascending runs of positions into `times`' order, the first run's positions first on equal
 * times. Times are compared as (signed high word, unsigned low word) pairs of the int64s: no bigint
 * is made per comparison.
 */
function mergeRuns(a: Int32Array, b: Int32Array, hi: Int32Array, lo: Uint32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  const hw = LITTLE_ENDIAN ? 1 : 0;
  const lw = 1 - hw;
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const hx = hi[2 * x + hw]!;
    const hy = hi[2 * y + hw]!;
    if (hy < hx || (hy === hx && lo[2 * y + lw]! < lo[2 * x + lw]!)) {
      out[k++] = y;
      j++;
    } else {
      out[k++] = x;
      i++;
    }
  }
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/** A group's series in one time order: per row, its position in `times` (all members' times, back to back). */
function mergeMembers(members: readonly SeriesColumns[]): { times: BigInt64Array; order: Int32Array; member: Int32Array; row: Int32Array } {
  const total = members.reduce((n, m) => n + m.times.length, 0);
  const times = members.length === 1 ? members[0]!.times : new BigInt64Array(total);
  const member = new Int32Array(total);
  const row = new Int32Array(total);
  let runs: Int32Array[] = [];
  let at = 0;
  members.forEach((m, mi) => {
    if (members.length > 1) times.set(m.times, at);
    const run = new Int32Array(m.times.length);
    for (let i = 0; i < run.length; i++) {
      run[i] = at + i;
      member[at + i] = mi;
      row[at + i] = i;
    }
    runs.push(run);
    at += m.times.length;
  });
  const hi = new Int32Array(times.buffer, times.byteOffset, times.length * 2);
  const lo = new Uint32Array(times.buffer, times.byteOffset, times.length * 2);
  while (runs.length > 1) {
    const next: Int32Array[] = [];
    for (let i = 0; i < runs.length; i += 2) next.push(i + 1 < runs.length ? mergeRuns(runs[i]!, runs[i + 1]!, hi, lo) : runs[i]!);
    runs = next;
  }
  return { times, order: runs[0] ?? new Int32Array(0), member, row };
}

/** Per member, a cell's source: a column, a constant (a tag's value), or null. */
type Source = FieldColumn | string | null;

const valueAt = (src: Source, r: number): Value => (src === null || typeof src === "string" ? src : (src[r] ?? null));

export interface RawColumnarQuery {
  name: string;
  columns: string[];
  cells: PlainCell[];
  groupKeys: readonly string[];
  /** Tags and key of a series' group. */
  groupOf(tags: Tags): { tags: Record<string, string>; key: string };
  descending: boolean;
  limit: number;
  offset: number;
}

/** The series of a raw select of plain cells, from the read's batches. */
export function rawColumnarSelect(read: readonly SeriesBatches[], q: RawColumnarQuery): Series[] {
  const groups = new Map<string, { tags: Record<string, string>; members: SeriesColumns[] }>();
  for (const s of read) {
    const group = q.groupOf(s.tags);
    let g = groups.get(group.key);
    if (g === undefined) {
      g = { tags: group.tags, members: [] };
      groups.set(group.key, g);
    }
    g.members.push(seriesColumns(s));
  }
  const out: Series[] = [];
  for (const { tags, members } of groups.values()) {
    const data = groupRows(members, q);
    if (data.times.length === 0) continue;
    out.push(columnarSeries({ name: q.name, ...(q.groupKeys.length > 0 ? { tags } : {}), columns: q.columns }, data));
  }
  return out;
}

function groupRows(members: readonly SeriesColumns[], q: RawColumnarQuery): ColumnarRows {
  const { times, order, member, row } = mergeMembers(members);
  // sources[c][m]: where cell c of member m's rows comes from.
  const sources: Source[][] = q.cells.map((cell) =>
    members.map((m): Source => {
      if ("field" in cell) return m.fields[cell.field] ?? null;
      return m.tags.find(([k]) => k === cell.tag)?.[1] ?? null;
    }),
  );
  const fieldSources = sources.filter((_, c) => !q.cells[c]!.isTag);
  // A row whose selected fields are all empty is not a point of this query. A series with a float
  // column (no nulls) or a tag among them has no such row: its rows are not looked at.
  const whole = members.map((_, m) => fieldSources.some((per) => per[m] instanceof Float64Array || typeof per[m] === "string"));
  let kept = order;
  if (!whole.every(Boolean)) {
    kept = new Int32Array(order.length);
    let n = 0;
    for (let k = 0; k < order.length; k++) {
      const p = order[k]!;
      const m = member[p]!;
      if (whole[m]) {
        kept[n++] = p;
        continue;
      }
      const r = row[p]!;
      for (const per of fieldSources) {
        if (valueAt(per[m]!, r) !== null) {
          kept[n++] = p;
          break;
        }
      }
    }
    kept = kept.subarray(0, n);
  }
  if (q.descending) kept.reverse();
  const to = q.limit > 0 ? q.offset + q.limit : kept.length;
  kept = kept.subarray(Math.min(q.offset, kept.length), Math.min(to, kept.length));
  const outTimes = new BigInt64Array(kept.length);
  const fromWords = new Uint32Array(times.buffer, times.byteOffset, times.length * 2);
  const toWords = new Uint32Array(outTimes.buffer);
  for (let i = 0; i < kept.length; i++) {
    const p = kept[i]!;
    toWords[2 * i] = fromWords[2 * p]!;
    toWords[2 * i + 1] = fromWords[2 * p + 1]!;
  }
  // Tags (constants per series) are kept per series, with each row's series: no column of them.
  let keptMember: Int32Array | undefined;
  const columns = sources.map((per): RowColumn => {
    if (per.every((src) => src === null || typeof src === "string")) {
      if (keptMember === undefined) {
        keptMember = new Int32Array(kept.length);
        for (let i = 0; i < kept.length; i++) keptMember[i] = member[kept[i]!]!;
      }
      return { member: keptMember, values: per as Value[] };
    }
    if (per.every((src) => src instanceof Float64Array)) {
      const col = new Float64Array(kept.length);
      for (let i = 0; i < kept.length; i++) {
        const p = kept[i]!;
        col[i] = (per[member[p]!] as Float64Array)[row[p]!]!;
      }
      return col;
    }
    const col = new Array<Value>(kept.length);
    for (let i = 0; i < kept.length; i++) {
      const p = kept[i]!;
      col[i] = valueAt(per[member[p]!]!, row[p]!);
    }
    return col;
  });
  return { times: outTimes, columns };
}
