// Scraper targets: business rules and permission checks. A target writes into its bucket with no
// token of its own, so (as in InfluxDB) creating or repointing one needs write on that bucket too.
import type { Authorizer } from "../auth/authorizer.js";
import { readable } from "../auth/visibility.js";
import { findBucketByID } from "../buckets/repository.js";
import { BUCKET_NOT_FOUND } from "../buckets/service.js";
import type { Bucket } from "../db/schema.js";
import { invalid, notFound } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import { removeResourceLabelMappings } from "../labels/resource-labels.js";
import { removeAllResourceUsers, setResourceRole } from "../orgs/members.js";
import { findOrgByID, findOrgByName } from "../orgs/repository.js";
import { ORG_NOT_FOUND } from "../orgs/service.js";
import * as repo from "./repository.js";
import type { NamedScraper, Scraper, ScraperFields } from "./repository.js";

export const SCRAPER_NOT_FOUND = "scraper target not found";

/** The JSON of POST and PATCH (all optional in the contract; POST checks what it needs). */
export interface ScraperInput {
  name?: string;
  type?: "prometheus";
  url?: string;
  orgID?: string;
  bucketID?: string;
  allowInsecure?: boolean;
}

export class ScraperService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  /** The targets the caller may read; naming an org that does not exist is a 404. */
  async list(filter: { orgID?: string; org?: string; name?: string; ids?: string[] }): Promise<NamedScraper[]> {
    const identity = await this.auth.identity();
    let orgID = filter.orgID;
    if (!orgID && filter.org) {
      const org = await findOrgByName(this.app.db, filter.org);
      if (!org) throw notFound(`organization name "${filter.org}" not found`);
      orgID = org.id;
    }
    return repo.listScrapers(this.app.db, {
      ...(orgID ? { orgID } : {}),
      ...(filter.name !== undefined ? { name: filter.name } : {}),
      ...(filter.ids !== undefined ? { ids: filter.ids } : {}),
      visible: readable(identity.permissions, "scrapers"),
    });
  }

  async find(id: string): Promise<NamedScraper> {
    const scraper = await this.#existing(id);
    await this.auth.requireOn("read", "scrapers", { orgID: scraper.org_id, id });
    return scraper;
  }

  /** Creates a target; the calling user becomes its owner, as in InfluxDB. */
  async create(input: ScraperInput): Promise<NamedScraper> {
    if (!input.orgID) throw invalid("orgID is required");
    if (!input.bucketID) throw invalid("bucketID is required");
    const orgID = input.orgID;
    const identity = await this.auth.requireOn("write", "scrapers", { orgID });
    if (!(await findOrgByID(this.app.db, orgID))) throw notFound(ORG_NOT_FOUND);
    const fields: ScraperFields = {
      name: checkName(input.name ?? ""),
      type: input.type ?? "prometheus",
      url: checkUrl(input.url ?? ""),
      bucketID: (await this.#writableBucket(orgID, input.bucketID)).id,
      allowInsecure: input.allowInsecure ?? false,
    };
    const created = await this.app.db.transaction().execute(async (trx) => {
      const scraper = await repo.createScraper(trx, orgID, fields);
      await setResourceRole(trx, "scrapers", scraper.id, identity.userID, "owner");
      return scraper;
    });
    return this.#existing(created.id);
  }

  /** PATCH: only the given fields change; a target stays in its org. */
  async update(id: string, input: ScraperInput): Promise<NamedScraper> {
    const scraper = await this.#existing(id);
    await this.auth.requireOn("write", "scrapers", { orgID: scraper.org_id, id });
    if (input.orgID !== undefined && input.orgID !== scraper.org_id) throw invalid("a scraper target cannot move to another organization");
    const changes: Partial<ScraperFields> = {
      ...(input.name !== undefined ? { name: checkName(input.name) } : {}),
      ...(input.type !== undefined ? { type: input.type } : {}),
      ...(input.url !== undefined ? { url: checkUrl(input.url) } : {}),
      ...(input.allowInsecure !== undefined ? { allowInsecure: input.allowInsecure } : {}),
    };
    if (input.bucketID !== undefined && input.bucketID !== scraper.bucket_id) changes.bucketID = (await this.#writableBucket(scraper.org_id, input.bucketID)).id;
    if (!(await repo.updateScraper(this.app.db, id, changes))) throw notFound(SCRAPER_NOT_FOUND);
    return this.#existing(id);
  }

  /** Deletes the target with its labels, owners and members; the loop stops scraping it next pass. */
  async delete(id: string): Promise<void> {
    const scraper = await this.#existing(id);
    await this.auth.requireOn("write", "scrapers", { orgID: scraper.org_id, id });
    const deleted = await this.app.db.transaction().execute(async (trx) => {
      await removeResourceLabelMappings(trx, "scrapers", [id]);
      await removeAllResourceUsers(trx, "scrapers", [id]);
      return repo.deleteScraper(trx, id);
    });
    if (!deleted) throw notFound(SCRAPER_NOT_FOUND);
  }

  async #writableBucket(orgID: string, bucketID: string): Promise<Bucket> {
    const bucket = await findBucketByID(this.app.db, bucketID);
    if (!bucket) throw notFound(BUCKET_NOT_FOUND);
    if (bucket.org_id !== orgID) throw invalid("the bucket belongs to another organization than the scraper target");
    await this.auth.requireOn("write", "buckets", { orgID, id: bucket.id });
    return bucket;
  }

  async #existing(id: string): Promise<NamedScraper> {
    const scraper = await repo.findNamedScraper(this.app.db, id);
    if (!scraper) throw notFound(SCRAPER_NOT_FOUND);
    return scraper;
  }
}

export async function findScraperOrgID(app: AppContext, id: string): Promise<string | undefined> {
  return (await repo.findScraperByID(app.db, id))?.org_id;
}

export type { Scraper };

function checkName(raw: string): string {
  const name = raw.trim();
  if (!name) throw invalid("a scraper target needs a name");
  return name;
}

/** An absolute http(s) URL: what the loop can fetch. */
function checkUrl(raw: string): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(`invalid scraper target URL ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw invalid(`scraper target URL must use http or https, not ${url.protocol.replace(":", "")}`);
  return text;
}
