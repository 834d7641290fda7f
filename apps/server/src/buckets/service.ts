// Buckets: business rules and permission checks. Handlers call this; it calls the repositories.
import type { Authorizer } from "../auth/authorizer.js";
import { isUniqueViolation } from "../db/errors.js";
import type { Bucket, User, UserRole } from "../db/schema.js";
import { conflict, FluxgateError, notFound } from "../http/errors.js";
import type { Page } from "../http/paging.js";
import type { AppContext } from "../http/types.js";
import { listResourceUsers, removeResourceUser, setResourceRole } from "../orgs/members.js";
import { findOrgByID, findOrgByName } from "../orgs/repository.js";
import { ORG_NOT_FOUND } from "../orgs/service.js";
import { dropBucketData } from "../storage/index.js";
import { findUserByID } from "../users/repository.js";
import * as repo from "./repository.js";
import { resolveRetention, type RetentionRule } from "./retention.js";
import { forgetCachedMetadata } from "../db/metadata-cache.js";
import { isVisible, readable } from "../auth/visibility.js";

export const BUCKET_NOT_FOUND = "bucket not found";

export interface BucketFilterInput {
  id?: string;
  orgID?: string;
  org?: string;
  name?: string;
}

export interface NewBucketInput {
  orgID: string;
  name: string;
  description?: string;
  retentionRules?: RetentionRule[];
  schemaType?: "implicit" | "explicit";
}

export interface BucketUpdateInput {
  name?: string;
  description?: string;
  retentionRules?: RetentionRule[];
}

export class BucketService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  /**
   * The buckets the caller may read. As in InfluxDB, asking for one bucket by ID, or by name within
   * an org, that does not exist is a 404, and so is an org name that does not exist; buckets the
   * caller may not read are silently left out.
   */
  async list(filter: BucketFilterInput, page: Page): Promise<{ buckets: Bucket[]; more: boolean }> {
    const identity = await this.auth.identity();
    const visible = readable(identity.permissions, "buckets");
    let orgID = filter.orgID;
    if (filter.id) {
      const bucket = await repo.findBucketByID(this.app.db, filter.id);
      if (!bucket) throw notFound(BUCKET_NOT_FOUND);
      const matches = (!orgID || bucket.org_id === orgID) && (!filter.name || bucket.name === filter.name) && isVisible(visible, bucket);
      return { buckets: matches && page.offset === 0 ? [bucket] : [], more: false };
    }
    if (!orgID && filter.org) {
      const org = await findOrgByName(this.app.db, filter.org);
      if (!org) throw notFound(`organization name "${filter.org}" not found`);
      orgID = org.id;
    }
    if (orgID && filter.name && !(await repo.findBucketByName(this.app.db, orgID, filter.name))) throw notFound(`bucket "${filter.name}" not found`);
    return repo.listBuckets(this.app.db, { ...(orgID ? { orgID } : {}), ...(filter.name ? { name: filter.name } : {}), visible }, page);
  }

  async find(id: string): Promise<Bucket> {
    const bucket = await this.#existing(id);
    await this.auth.requireOn("read", "buckets", { orgID: bucket.org_id, id });
    return bucket;
  }

  async create(input: NewBucketInput): Promise<Bucket> {
    await this.auth.requireOn("write", "buckets", { orgID: input.orgID });
    const name = checkName(input.name);
    const retention = resolveRetention(input.retentionRules ?? []);
    if (!(await findOrgByID(this.app.db, input.orgID))) throw notFound(ORG_NOT_FOUND);
    try {
      return await repo.createBucket(this.app.db, {
        orgID: input.orgID,
        name,
        ...(input.description !== undefined ? { description: input.description } : {}),
        retentionSeconds: retention.retentionSeconds,
        shardGroupDurationSeconds: retention.shardGroupDurationSeconds,
        ...(input.schemaType ? { schemaType: input.schemaType } : {}),
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`bucket with name ${name} already exists`);
      throw err;
    }
  }

  /** Renames, describes or changes retention; the retention loop reads the new period at its next pass. */
  async update(id: string, changes: BucketUpdateInput): Promise<Bucket> {
    const bucket = await this.#existing(id);
    await this.auth.requireOn("write", "buckets", { orgID: bucket.org_id, id });
    let name: string | undefined;
    if (changes.name !== undefined && changes.name !== bucket.name) {
      if (bucket.type === "system") throw new FluxgateError("invalid", "system buckets cannot be renamed");
      name = checkName(changes.name);
    }
    const retention = changes.retentionRules ? resolveRetention(changes.retentionRules) : undefined;
    try {
      const updated = await repo.updateBucket(this.app.db, id, {
        ...(name !== undefined ? { name } : {}),
        ...(changes.description !== undefined ? { description: changes.description } : {}),
        ...(retention ?? {}),
      });
      if (!updated) throw notFound(BUCKET_NOT_FOUND);
      forgetCachedMetadata(this.app);
      return updated;
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`bucket with name ${name ?? ""} already exists`);
      throw err;
    }
  }

  /** Deletes the bucket's metadata, then (once committed) its data. System buckets stay. */
  async delete(id: string): Promise<void> {
    const bucket = await this.#existing(id);
    await this.auth.requireOn("write", "buckets", { orgID: bucket.org_id, id });
    if (bucket.type === "system") throw new FluxgateError("invalid", "system buckets cannot be deleted");
    const deleted = await this.app.db.transaction().execute((trx) => repo.deleteBucket(trx, id));
    if (!deleted) throw notFound(BUCKET_NOT_FOUND);
    await dropBucketData(this.app, id);
  }

  async users(id: string, role: UserRole): Promise<User[]> {
    const bucket = await this.#existing(id);
    await this.auth.requireOn("read", "buckets", { orgID: bucket.org_id, id });
    return listResourceUsers(this.app.db, "buckets", id, role);
  }

  async addUser(id: string, userID: string, role: UserRole): Promise<User> {
    const bucket = await this.#existing(id);
    await this.auth.requireOn("write", "buckets", { orgID: bucket.org_id, id });
    const user = await findUserByID(this.app.db, userID);
    if (!user) throw notFound("user not found");
    await setResourceRole(this.app.db, "buckets", id, userID, role);
    return user;
  }

  async removeUser(id: string, userID: string): Promise<void> {
    const bucket = await this.#existing(id);
    await this.auth.requireOn("write", "buckets", { orgID: bucket.org_id, id });
    if (!(await removeResourceUser(this.app.db, "buckets", id, userID))) throw notFound("user resource mapping not found");
  }

  async #existing(id: string): Promise<Bucket> {
    const bucket = await repo.findBucketByID(this.app.db, id);
    if (!bucket) throw notFound(BUCKET_NOT_FOUND);
    return bucket;
  }
}

/** InfluxDB's bucket name rules: not empty, no leading underscore (reserved for system buckets), no double quote. */
function checkName(raw: string): string {
  const name = raw.trim();
  if (!name) throw new FluxgateError("invalid", "bucket name is empty");
  if (name.startsWith("_")) throw new FluxgateError("invalid", `bucket name ${name} is invalid. Buckets may not start with underscore`);
  if (name.includes('"')) throw new FluxgateError("invalid", `bucket name ${name} is invalid. Bucket names may not include quotation marks`);
  return name;
}

