// Line protocol parsers kept between requests. A parser remembers the series it has seen, so a
// series written again is a hash lookup instead of a re-scan of its tags; a parser holds one body
// at a time, so concurrent requests each take their own from the pool. All parsers share one
// series cache (parsing is synchronous, so they never use it at the same time): with a cache per
// parser, 1M series cost ~150 MB per pooled parser.
import { LineProtocolParser, SeriesCache, type Precision } from "@fluxgate/line-protocol";

const MAX_IDLE_PER_PRECISION = 8;
const idle = new Map<Precision, LineProtocolParser[]>();
const seriesCache = new SeriesCache(100_000);

export function acquireParser(precision: Precision): LineProtocolParser {
  return idle.get(precision)?.pop() ?? new LineProtocolParser({ precision, seriesCache });
}

/** Returns a parser after its body ended (or failed: `reset` forgets a half-read body). */
export function releaseParser(precision: Precision, parser: LineProtocolParser): void {
  parser.reset();
  let list = idle.get(precision);
  if (list === undefined) idle.set(precision, (list = []));
  if (list.length < MAX_IDLE_PER_PRECISION) list.push(parser);
}
