// Labels and label mappings in the metadata store.
import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import { newId } from "../db/ids.js";
import type { Database, Json, Timestamp } from "../db/schema.js";
import { seesNothing, visibleRows, type Visibility } from "../auth/visibility.js";

export interface LabelTable {
  id: string;
  org_id: string;
  name: string;
  properties: Json<Record<string, string>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LabelMappingTable {
  label_id: string;
  resource_type: string;
  resource_id: string;
  created_at: Timestamp;
}

declare module "../db/schema.js" {
  interface Database {
    labels: LabelTable;
    label_mappings: LabelMappingTable;
  }
}

export type Label = Selectable<LabelTable>;

/** Names sort by code point (as InfluxDB's Go strings do) on every backend, whatever the database collation. */
const byName = sql`name collate "C"`;
const byLabelName = sql`l.name collate "C"`;
type Db = Kysely<Database> | Transaction<Database>;

export function createLabel(db: Db, input: { orgID: string; name: string; properties: Record<string, string> }): Promise<Label> {
  const now = new Date();
  return db
    .insertInto("labels")
    .values({ id: newId(), org_id: input.orgID, name: input.name, properties: JSON.stringify(input.properties), created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findLabelByID(db: Db, id: string): Promise<Label | undefined> {
  return db.selectFrom("labels").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Labels by name, optionally of one org, restricted to what is visible. */
export function listLabels(db: Db, filter: { orgID?: string; visible: Visibility }): Promise<Label[]> {
  const visible = filter.visible;
  if (seesNothing(visible)) return Promise.resolve([]);
  let q = db.selectFrom("labels").selectAll();
  if (filter.orgID) q = q.where("org_id", "=", filter.orgID);
  q = q.where(visibleRows(visible));
  return q.orderBy(byName).orderBy("id").execute();
}

export function updateLabel(db: Db, id: string, changes: { name?: string; properties?: Record<string, string> }): Promise<Label | undefined> {
  return db
    .updateTable("labels")
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.properties !== undefined ? { properties: JSON.stringify(changes.properties) } : {}),
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

/** Deletes a label; its mappings go with it (foreign key cascade). False when there was no such label. */
export async function deleteLabel(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom("labels").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Attaches a label; false when it was attached already. */
export async function insertLabelMapping(db: Db, labelID: string, resourceType: string, resourceID: string): Promise<boolean> {
  const result = await db
    .insertInto("label_mappings")
    .values({ label_id: labelID, resource_type: resourceType, resource_id: resourceID, created_at: new Date() })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** Detaches a label; false when it was not attached. */
export async function deleteLabelMapping(db: Db, labelID: string, resourceType: string, resourceID: string): Promise<boolean> {
  const result = await db
    .deleteFrom("label_mappings")
    .where("label_id", "=", labelID)
    .where("resource_type", "=", resourceType)
    .where("resource_id", "=", resourceID)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The labels attached to each of some resources of one type, by resource ID, each list by name. */
export async function labelsOfResources(db: Db, resourceType: string, resourceIDs: readonly string[]): Promise<Map<string, Label[]>> {
  const byResource = new Map<string, Label[]>(resourceIDs.map((id) => [id, []]));
  if (resourceIDs.length === 0) return byResource;
  const rows = await db
    .selectFrom("label_mappings as m")
    .innerJoin("labels as l", "l.id", "m.label_id")
    .selectAll("l")
    .select("m.resource_id")
    .where("m.resource_type", "=", resourceType)
    .where("m.resource_id", "in", resourceIDs)
    .orderBy(byLabelName)
    .orderBy("l.id")
    .execute();
  for (const { resource_id, ...label } of rows) byResource.get(resource_id)?.push(label);
  return byResource;
}

/** Removes every label mapping of some resources; their domain calls it when deleting them. */
export async function removeResourceLabelMappings(db: Db, resourceType: string, resourceIDs: readonly string[]): Promise<void> {
  if (resourceIDs.length === 0) return;
  await db.deleteFrom("label_mappings").where("resource_type", "=", resourceType).where("resource_id", "in", resourceIDs).execute();
}
