// Measurement schemas: permission checks and rules. As InfluxDB Cloud, a caller without the needed
// permission on the bucket is told the bucket is not found. Schemas exist only for buckets created
// with schemaType = explicit.
import type { Authorizer } from "../auth/authorizer.js";
import { findBucketByID } from "../buckets/repository.js";
import { BUCKET_NOT_FOUND } from "../buckets/service.js";
import { isUniqueViolation } from "../db/errors.js";
import type { Bucket } from "../db/schema.js";
import { conflict, invalid, notFound } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import { findOrgByName } from "../orgs/repository.js";
import { checkColumns, checkColumnUpdate, checkMeasurementName, type Column } from "./columns.js";
import * as repo from "./repository.js";
import { forgetBucketSchemas } from "./write-check.js";

export const SCHEMA_NOT_FOUND = "measurement schema not found";

/** The `org` / `orgID` query parameters: when given they must name the bucket's org. */
export interface OrgScope {
  org?: string;
  orgID?: string;
}

export class MeasurementSchemaService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  async list(bucketID: string, scope: OrgScope, name?: string): Promise<repo.MeasurementSchema[]> {
    await this.#bucket(bucketID, scope, "read");
    return repo.listSchemas(this.app.db, bucketID, name);
  }

  async find(bucketID: string, id: string, scope: OrgScope): Promise<repo.MeasurementSchema> {
    await this.#bucket(bucketID, scope, "read");
    const schema = await repo.findSchema(this.app.db, bucketID, id);
    if (!schema) throw notFound(SCHEMA_NOT_FOUND);
    return schema;
  }

  async create(bucketID: string, scope: OrgScope, name: string, columns: readonly Column[]): Promise<repo.MeasurementSchema> {
    const bucket = await this.#bucket(bucketID, scope, "write");
    if (bucket.schema_type !== "explicit") {
      throw invalid(`bucket ${JSON.stringify(bucket.name)} has an implicit schema; measurement schemas need a bucket created with schemaType "explicit"`);
    }
    const checked = checkColumns(columns);
    try {
      const schema = await repo.createSchema(this.app.db, bucket, checkMeasurementName(name), checked);
      forgetBucketSchemas(this.app, bucket.id);
      return schema;
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`measurement ${JSON.stringify(name)} already has a schema in this bucket`);
      throw err;
    }
  }

  /** Replaces the column list with one that keeps every existing column and may add more. */
  async update(bucketID: string, id: string, scope: OrgScope, columns: readonly Column[]): Promise<repo.MeasurementSchema> {
    const bucket = await this.#bucket(bucketID, scope, "write");
    const existing = await repo.findSchema(this.app.db, bucketID, id);
    if (!existing) throw notFound(SCHEMA_NOT_FOUND);
    const updated = await repo.updateSchemaColumns(this.app.db, id, checkColumnUpdate(existing.columns, columns));
    if (!updated) throw notFound(SCHEMA_NOT_FOUND);
    forgetBucketSchemas(this.app, bucket.id);
    return updated;
  }

  async #bucket(bucketID: string, scope: OrgScope, action: "read" | "write"): Promise<Bucket> {
    await this.auth.identity();
    const bucket = await findBucketByID(this.app.db, bucketID);
    if (!bucket) throw notFound(BUCKET_NOT_FOUND);
    if (scope.orgID !== undefined && scope.orgID !== bucket.org_id) throw notFound(BUCKET_NOT_FOUND);
    if (scope.org !== undefined) {
      const org = await findOrgByName(this.app.db, scope.org);
      if (!org) throw notFound(`organization name "${scope.org}" not found`);
      if (org.id !== bucket.org_id) throw notFound(BUCKET_NOT_FOUND);
    }
    if (!(await this.auth.can({ action, resource: { type: "buckets", orgID: bucket.org_id, id: bucket.id } }))) throw notFound(BUCKET_NOT_FOUND);
    return bucket;
  }
}
