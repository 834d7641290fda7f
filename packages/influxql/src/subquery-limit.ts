// LIMIT and OFFSET of a subquery whose GROUP BY tags are more than its outer query's, as 1.x
// applies them. 1.x reads such a subquery grouped by the outer query's tags only (its points
// keeping the subquery's own tags), and its limit iterator counts points per run of one series in
// that stream: the count starts again whenever the series changes from one point to the next. So
// interleaved series are limited far less than per series (and an OFFSET skips every run's first
// points). For a raw subquery the storage engine has first kept each stored series' first
// limit + offset + 1 points (it leaves the last cut to a later iterator), and the run-counting
// limit is applied twice: once per shard, once over the shards' merged points.
import type { Value } from "./eval.js";

/** One series of the subquery's answer: rows of [time, …cells]. */
export interface LimitedSeries {
  values: Value[][];
}

interface Point {
  series: number;
  row: number;
  key: bigint;
  time: bigint;
}

/** 1.x's limit iterator over a stream of points: which are kept. */
export function runLimit(points: readonly Point[], limit: number, offset: number): Point[] {
  const out: Point[] = [];
  let previous = -1;
  let n = 0;
  for (const p of points) {
    if (p.series !== previous) {
      previous = p.series;
      n = 0;
    }
    n++;
    if (n <= offset) continue;
    if (limit > 0 && n - offset > limit) continue;
    out.push(p);
  }
  return out;
}

export interface StreamLimit {
  limit: number;
  offset: number;
  /** How many times the run-counting limit is applied (2 for a raw subquery grouped by more tags). */
  passes: number;
  descending: boolean;
  /** What points are merged by: the time of a raw row, the window of an aggregate's row (then
   * its time: top() and bottom() keep their points' times, sorted across series in a window). */
  key: (row: Value[]) => bigint;
}

/**
 * Applies LIMIT/OFFSET to the series of each outer group (`groups`: indexes into `series`, in tag
 * order) merged into one stream by key and time (newest first when descending; points at one
 * key and time in series order, then row order), and returns each series' kept rows.
 */
export function limitAcrossSeries(series: readonly LimitedSeries[], groups: readonly number[][], opts: StreamLimit): Value[][][] {
  const kept = series.map((s) => new Array<boolean>(s.values.length).fill(false));
  const dir = opts.descending ? -1 : 1;
  for (const members of groups) {
    let stream: Point[] = [];
    for (const si of members) series[si]!.values.forEach((row, ri) => stream.push({ series: si, row: ri, key: opts.key(row), time: row[0] as bigint }));
    // A stable sort: points at one key and time keep series order, then row order.
    const cmp = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);
    stream.sort((a, b) => dir * (cmp(a.key, b.key) || cmp(a.time, b.time)));
    for (let pass = 0; pass < opts.passes; pass++) stream = runLimit(stream, opts.limit, opts.offset);
    for (const p of stream) kept[p.series]![p.row] = true;
  }
  return series.map((s, si) => s.values.filter((_, ri) => kept[si]![ri]));
}
