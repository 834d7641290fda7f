import { compareText } from "@fluxgate/line-protocol";
import type { SeriesIdentity } from "./series-lookup.js";
import type { Batch } from "./types.js";

/**
 * InfluxDB's order of a read's tables: by measurement, then series key, then field. A series key
 * compares tag by tag (key, then value), a series whose tags run out first coming first; names
 * compare as UTF-8 bytes. (InfluxDB 2.x's storage walks each measurement's series keys in this
 * order and, within a series, its field keys sorted.)
 */

/** Compares two series' sorted tag lists as InfluxDB compares series keys of one measurement. */
export function compareTags(a: Batch["tags"], b: Batch["tags"]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const [ak, av] = a[i]!;
    const [bk, bv] = b[i]!;
    const byKey = compareText(ak, bk);
    if (byKey !== 0) return byKey;
    const byValue = compareText(av, bv);
    if (byValue !== 0) return byValue;
  }
  return a.length - b.length;
}

/** Each series' place in series-key order (0 first), among `ids` (all of one measurement). */
export function seriesRanks(ids: Iterable<number>, identities: Map<number, SeriesIdentity>): Map<number, number> {
  const known = [...ids].filter((id) => identities.has(id));
  known.sort((a, b) => compareTags(identities.get(a)!.tags, identities.get(b)!.tags) || a - b);
  return new Map(known.map((id, rank) => [id, rank]));
}

/**
 * The batches of one measurement's read, regrouped series by series in series-key order. Each
 * series keeps its batches in the order received (its fields in the order read, a field's
 * batches in time order). For readers that hold their (aggregated or filtered) result whole anyway.
 */
export async function* inSeriesOrder(batches: AsyncIterable<Batch>): AsyncGenerator<Batch> {
  // A series' batches share their tags list (the read's identity of the series): bucketed by it,
  // only the series are sorted, not every batch.
  const bySeries = new Map<Batch["tags"], Batch[]>();
  for await (const batch of batches) {
    const list = bySeries.get(batch.tags);
    if (list === undefined) bySeries.set(batch.tags, [batch]);
    else list.push(batch);
  }
  for (const tags of [...bySeries.keys()].sort(compareTags)) yield* bySeries.get(tags)!;
}
