// The scrape loop: every --scraper-interval (InfluxDB scrapes every 10 s), each target's metrics
// are fetched, converted (prometheus.ts) and written into its bucket through the storage engine's
// write path, the one line-protocol writes take. A failing target (unreachable, not the exposition
// format, its bucket deleted, points refused) is logged and tried again next time; it never stops
// the loop or the other targets.
import { PointBatch } from "@fluxgate/line-protocol";
import { findBucketByID } from "../buckets/repository.js";
import type { AppContext } from "../http/types.js";
import { storeBatch } from "../write/store.js";
import { fetchExposition } from "./fetch.js";
import { parseExposition } from "./prometheus.js";
import { claimDueScrapers, type Scraper } from "./repository.js";
import { startPeriodic, type PeriodicLoop } from "../periodic.js";

/** Largest exposition accepted from one target. */
const MAX_EXPOSITION_BYTES = 32 * 1024 * 1024;
/** The longest a target may take to answer; shorter when the loop runs more often. */
const MAX_TIMEOUT_MS = 10_000;
const MIN_TIMEOUT_MS = 1_000;

export interface ScrapeOutcome {
  scraperID: string;
  /** Points stored, when the scrape succeeded. */
  written?: number;
  /** Why it failed. */
  error?: string;
}

/** Scrapes one target and stores its points; throws saying why it could not. */
export async function scrapeTarget(app: AppContext, scraper: Scraper, timeoutMs: number): Promise<number> {
  const bucket = await findBucketByID(app.db, scraper.bucket_id);
  if (!bucket || bucket.org_id !== scraper.org_id) throw new Error(`bucket ${scraper.bucket_id} not found`);
  const text = await fetchExposition(scraper.url, { timeoutMs, allowInsecure: scraper.allow_insecure, maxBytes: MAX_EXPOSITION_BYTES });
  const points = parseExposition(text, BigInt(Date.now()) * 1_000_000n);
  if (points.length === 0) return 0;
  const { written, partial } = await storeBatch(app, bucket, PointBatch.fromPoints(points));
  if (partial !== undefined) app.log.warn({ scraperID: scraper.id, url: scraper.url, bucketID: bucket.id }, `scraper: ${partial}`);
  return written;
}

/**
 * One pass: claims the targets due (not scraped by any process sharing the metadata store within
 * the last half interval) and scrapes them all at once.
 */
export async function scrapeDueTargets(app: AppContext, intervalMs: number, now: Date = new Date()): Promise<ScrapeOutcome[]> {
  const timeoutMs = Math.max(MIN_TIMEOUT_MS, Math.min(MAX_TIMEOUT_MS, intervalMs));
  const scrapers = await claimDueScrapers(app.db, now, new Date(now.getTime() - intervalMs / 2));
  return Promise.all(
    scrapers.map(async (scraper): Promise<ScrapeOutcome> => {
      try {
        return { scraperID: scraper.id, written: await scrapeTarget(app, scraper, timeoutMs) };
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        app.log.warn({ scraperID: scraper.id, url: scraper.url, bucketID: scraper.bucket_id, err: error }, "scraper: scrape failed");
        return { scraperID: scraper.id, error };
      }
    }),
  );
}

/** Starts the loop; 0 disables it. A slow target never makes passes pile up. */
export function startScraperLoop(app: AppContext, intervalMs: number): PeriodicLoop {
  return startPeriodic(intervalMs, async () => void (await scrapeDueTargets(app, intervalMs)), app.log, "scraper: pass failed");
}
