import { presentLabel } from "../labels/present.js";
import type { Label } from "../labels/repository.js";
import type { NamedScraper } from "./repository.js";

/** A scraper target as InfluxDB returns it: IDs with the org's and bucket's names, and its labels. */
export function presentScraper(scraper: NamedScraper, labels: readonly Label[]) {
  const self = `/api/v2/scrapers/${scraper.id}`;
  return {
    id: scraper.id,
    name: scraper.name,
    type: scraper.type,
    url: scraper.url,
    orgID: scraper.org_id,
    bucketID: scraper.bucket_id,
    allowInsecure: scraper.allow_insecure,
    org: scraper.org_name,
    bucket: scraper.bucket_name ?? "",
    labels: labels.map(presentLabel),
    links: {
      self,
      bucket: `/api/v2/buckets/${scraper.bucket_id}`,
      organization: `/api/v2/orgs/${scraper.org_id}`,
      labels: `${self}/labels`,
      members: `${self}/members`,
      owners: `${self}/owners`,
    },
  };
}
