// DBRP mappings: rules and permission checks, following InfluxDB 2.x's DBRP service and its
// authorizing wrapper, where a mapping is guarded by its bucket: reading one needs read on the
// bucket, creating, changing or deleting one needs write on it.
import type { Authorizer } from "../auth/authorizer.js";
import { isUniqueViolation } from "../db/errors.js";
import { conflict, invalid, notFound } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import { findOrgByID, findOrgByName } from "../orgs/repository.js";
import { ORG_NOT_FOUND } from "../orgs/service.js";
import { BUCKET_NOT_FOUND } from "../buckets/service.js";
import { findBucketByID } from "../buckets/repository.js";
import { forgetCachedMetadata } from "../db/metadata-cache.js";
import { findDbrps, fromRow, type Dbrp } from "./mappings.js";
import * as repo from "./repository.js";

/** InfluxDB's messages. */
export const DBRP_NOT_FOUND = "unable to find DBRP";
export const DBRP_TAKEN = "another DBRP mapping with same orgID, db, and rp exists";
export const NO_ORG = "either 'org' or 'orgID' must be provided";

export interface OrgSelector {
  orgID?: string | undefined;
  org?: string | undefined;
}

export interface DbrpListFilter extends OrgSelector {
  id?: string | undefined;
  bucketID?: string | undefined;
  isDefault?: boolean | undefined;
  database?: string | undefined;
  retentionPolicy?: string | undefined;
}

export interface NewDbrpRequest extends OrgSelector {
  bucketID: string;
  database: string;
  retentionPolicy: string;
  isDefault?: boolean | undefined;
}

export interface DbrpChanges {
  retentionPolicy?: string | undefined;
  isDefault?: boolean | undefined;
}

export class DbrpService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  /** The org's mappings, stored and virtual, that the caller may read (the others are left out). */
  async list(filter: DbrpListFilter): Promise<Dbrp[]> {
    const orgID = await this.#orgID(filter, true);
    const all = await findDbrps(this.app.db, { orgID, id: filter.id, bucketID: filter.bucketID, isDefault: filter.isDefault, database: filter.database, retentionPolicy: filter.retentionPolicy });
    const visible: Dbrp[] = [];
    for (const m of all) if (await this.auth.can({ action: "read", resource: bucketOf(m) })) visible.push(m);
    return visible;
  }

  async find(id: string, org: OrgSelector): Promise<Dbrp> {
    const m = await this.#existing(id, org);
    await this.auth.require({ action: "read", resource: bucketOf(m) });
    return m;
  }

  /** A new stored mapping; the first of its database becomes the default, a new default demotes the old one. */
  async create(request: NewDbrpRequest): Promise<Dbrp> {
    const orgID = await this.#orgID(request, true);
    checkName("database", request.database);
    checkName("retention policy", request.retentionPolicy);
    const bucket = await findBucketByID(this.app.db, request.bucketID);
    if (!bucket || bucket.org_id !== orgID) throw notFound(BUCKET_NOT_FOUND);
    await this.auth.require({ action: "write", resource: { type: "buckets", orgID, id: bucket.id } });
    try {
      const row = await repo.createDbrp(this.app.db, { orgID, bucketID: bucket.id, database: request.database, retentionPolicy: request.retentionPolicy, isDefault: request.isDefault === true });
      // 1.x writes remember where a db/rp led: a new mapping may change it.
      forgetCachedMetadata(this.app);
      return fromRow(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(DBRP_TAKEN);
      throw err;
    }
  }

  async update(id: string, org: OrgSelector, changes: DbrpChanges): Promise<Dbrp> {
    const m = await this.#existing(id, org);
    await this.auth.require({ action: "write", resource: bucketOf(m) });
    if (m.virtual) throw invalid("virtual DBRP mappings are read-only; create a mapping to override it");
    if (changes.retentionPolicy !== undefined) checkName("retention policy", changes.retentionPolicy);
    try {
      const row = await repo.updateDbrp(this.app.db, id, changes);
      if (!row) throw notFound(DBRP_NOT_FOUND);
      forgetCachedMetadata(this.app);
      return fromRow(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(DBRP_TAKEN);
      throw err;
    }
  }

  async delete(id: string, org: OrgSelector): Promise<void> {
    const m = await this.#existing(id, org);
    await this.auth.require({ action: "write", resource: bucketOf(m) });
    if (m.virtual) throw invalid("virtual DBRP mappings are read-only; delete or rename the bucket instead");
    if (!(await repo.deleteDbrp(this.app.db, id))) throw notFound(DBRP_NOT_FOUND);
    forgetCachedMetadata(this.app);
  }

  /** A mapping by ID (a virtual one has its bucket's ID), within the named org if one is named. */
  async #existing(id: string, org: OrgSelector): Promise<Dbrp> {
    const orgID = await this.#orgID(org, false);
    const stored = await repo.findDbrpByID(this.app.db, id);
    if (stored) {
      if (orgID !== undefined && stored.org_id !== orgID) throw notFound(DBRP_NOT_FOUND);
      // The default flag may need the repair findDbrps makes, so read it through there.
      const [m] = await findDbrps(this.app.db, { orgID: stored.org_id, database: stored.database, id });
      if (m) return m;
    }
    const bucket = await findBucketByID(this.app.db, id);
    if (bucket && (orgID === undefined || bucket.org_id === orgID)) {
      const [m] = await findDbrps(this.app.db, { orgID: bucket.org_id, id });
      if (m) return m;
    }
    throw notFound(DBRP_NOT_FOUND);
  }

  /**
   * The org a request names (`orgID` first, then `org`), else the caller's token org. Lists and
   * creations need one; lookups by ID do without.
   */
  async #orgID(selector: OrgSelector, required: true): Promise<string>;
  async #orgID(selector: OrgSelector, required: false): Promise<string | undefined>;
  async #orgID(selector: OrgSelector, required: boolean): Promise<string | undefined> {
    const identity = await this.auth.identity();
    if (selector.orgID !== undefined) {
      if (!(await findOrgByID(this.app.db, selector.orgID))) throw notFound(ORG_NOT_FOUND);
      return selector.orgID;
    }
    if (selector.org !== undefined && selector.org !== "") {
      const org = await findOrgByName(this.app.db, selector.org);
      if (!org) throw notFound(`organization name "${selector.org}" not found`);
      return org.id;
    }
    if (!required) return undefined;
    if (identity.orgID === undefined) throw invalid(NO_ORG);
    return identity.orgID;
  }
}

function bucketOf(m: Dbrp) {
  return { type: "buckets" as const, orgID: m.orgID, id: m.bucketID };
}

/** InfluxDB's rule for database and retention policy names: printable, not `.` or `..`, no slashes. */
function checkName(what: "database" | "retention policy", name: string): void {
  const printable = [...name].every((c) => !/\p{C}/u.test(c));
  if (name === "" || name === "." || name === ".." || /[/\\]/.test(name) || !printable) {
    throw invalid(`${what} must contain at least one character, must be printable and must not be "." or ".." nor contain "/" or "\\"`);
  }
}
