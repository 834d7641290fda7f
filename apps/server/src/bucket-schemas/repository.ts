// Measurement schemas of explicit buckets in the metadata store.
import type { Kysely, Selectable, Transaction } from "kysely";
import { newId } from "../db/ids.js";
import type { Database, Json, Timestamp } from "../db/schema.js";
import type { Column } from "./columns.js";

export interface MeasurementSchemaTable {
  id: string;
  bucket_id: string;
  org_id: string;
  name: string;
  columns: Json<Column[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

declare module "../db/schema.js" {
  interface Database {
    measurement_schemas: MeasurementSchemaTable;
  }
}

export type MeasurementSchema = Selectable<MeasurementSchemaTable>;
type Db = Kysely<Database> | Transaction<Database>;

export function createSchema(db: Db, bucket: { id: string; org_id: string }, name: string, columns: readonly Column[]): Promise<MeasurementSchema> {
  const now = new Date();
  return db
    .insertInto("measurement_schemas")
    .values({ id: newId(), bucket_id: bucket.id, org_id: bucket.org_id, name, columns: JSON.stringify(columns), created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The bucket's schemas by measurement name, or only the one named `name`. */
export function listSchemas(db: Db, bucketID: string, name?: string): Promise<MeasurementSchema[]> {
  let q = db.selectFrom("measurement_schemas").selectAll().where("bucket_id", "=", bucketID);
  if (name !== undefined) q = q.where("name", "=", name);
  return q.orderBy("name").execute();
}

export function findSchema(db: Db, bucketID: string, id: string): Promise<MeasurementSchema | undefined> {
  return db.selectFrom("measurement_schemas").selectAll().where("bucket_id", "=", bucketID).where("id", "=", id).executeTakeFirst();
}

export function updateSchemaColumns(db: Db, id: string, columns: readonly Column[]): Promise<MeasurementSchema | undefined> {
  return db
    .updateTable("measurement_schemas")
    .set({ columns: JSON.stringify(columns), updated_at: new Date() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}
