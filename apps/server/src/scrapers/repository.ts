// Prometheus scraper targets in the metadata store.
import type { ColumnType, Kysely, Selectable, Transaction } from "kysely";
import { newId } from "../db/ids.js";
import type { Database, Timestamp } from "../db/schema.js";
import { seesNothing, visibleRows, type Visibility } from "../auth/visibility.js";

export interface ScraperTable {
  id: string;
  org_id: string;
  bucket_id: string;
  name: string;
  type: "prometheus";
  url: string;
  allow_insecure: boolean;
  claimed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

declare module "../db/schema.js" {
  interface Database {
    scrapers: ScraperTable;
  }
}

export type Scraper = Selectable<ScraperTable>;
/** A target with the names InfluxDB shows beside the IDs; `bucket_name` is null once the bucket is gone. */
export type NamedScraper = Scraper & { org_name: string; bucket_name: string | null };
type Db = Kysely<Database> | Transaction<Database>;

export interface ScraperFields {
  name: string;
  type: "prometheus";
  url: string;
  bucketID: string;
  allowInsecure: boolean;
}

export interface ScraperFilter {
  orgID?: string;
  name?: string;
  ids?: readonly string[];
  visible: Visibility;
}

export async function createScraper(db: Db, orgID: string, fields: ScraperFields): Promise<Scraper> {
  const now = new Date();
  return db
    .insertInto("scrapers")
    .values({ id: newId(), org_id: orgID, bucket_id: fields.bucketID, name: fields.name, type: fields.type, url: fields.url, allow_insecure: fields.allowInsecure, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findScraperByID(db: Db, id: string): Promise<Scraper | undefined> {
  return db.selectFrom("scrapers").selectAll().where("id", "=", id).executeTakeFirst();
}

function named(db: Db) {
  return db
    .selectFrom("scrapers")
    .innerJoin("orgs", "orgs.id", "scrapers.org_id")
    .leftJoin("buckets", "buckets.id", "scrapers.bucket_id")
    .selectAll("scrapers")
    .select(["orgs.name as org_name", "buckets.name as bucket_name"]);
}

export function findNamedScraper(db: Db, id: string): Promise<NamedScraper | undefined> {
  return named(db).where("scrapers.id", "=", id).executeTakeFirst();
}

/** Targets by ID, filtered, restricted to what is visible. */
export function listScrapers(db: Db, filter: ScraperFilter): Promise<NamedScraper[]> {
  if (seesNothing(filter.visible) || (filter.ids !== undefined && filter.ids.length === 0)) return Promise.resolve([]);
  // visibleRows names bare `id`/`org_id`; filter in a subquery over the one table it expects.
  let visibleIDs = db.selectFrom("scrapers").select("id").where(visibleRows(filter.visible));
  if (filter.orgID) visibleIDs = visibleIDs.where("org_id", "=", filter.orgID);
  if (filter.name !== undefined) visibleIDs = visibleIDs.where("name", "=", filter.name);
  if (filter.ids !== undefined) visibleIDs = visibleIDs.where("id", "in", filter.ids);
  return named(db).where("scrapers.id", "in", visibleIDs).orderBy("scrapers.id").execute();
}

/**
 * Claims for a scrape at `now` every target no process has claimed since `notSince`. One statement:
 * when processes sharing the store race, PostgreSQL re-checks the condition on the row the winner
 * just updated, so each target goes to one of them.
 */
export function claimDueScrapers(db: Db, now: Date, notSince: Date): Promise<Scraper[]> {
  return db
    .updateTable("scrapers")
    .set({ claimed_at: now })
    .where((eb) => eb.or([eb("claimed_at", "is", null), eb("claimed_at", "<=", notSince)]))
    .returningAll()
    .execute();
}

export function updateScraper(db: Db, id: string, changes: Partial<ScraperFields>): Promise<Scraper | undefined> {
  return db
    .updateTable("scrapers")
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.type !== undefined ? { type: changes.type } : {}),
      ...(changes.url !== undefined ? { url: changes.url } : {}),
      ...(changes.bucketID !== undefined ? { bucket_id: changes.bucketID } : {}),
      ...(changes.allowInsecure !== undefined ? { allow_insecure: changes.allowInsecure } : {}),
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteScraper(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom("scrapers").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
