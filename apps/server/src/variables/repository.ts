// Dashboard variables in the metadata store.
import type { Kysely, Selectable, Transaction } from "kysely";
import { newId } from "../db/ids.js";
import type { Database, Json, Timestamp } from "../db/schema.js";
import { seesNothing, visibleRows, type Visibility } from "../auth/visibility.js";

/** Where a variable's values come from, as InfluxDB stores it. */
export type VariableArguments =
  | { type: "query"; values: { query: string; language: string } }
  | { type: "constant"; values: string[] }
  | { type: "map"; values: Record<string, string> };

export interface VariableTable {
  id: string;
  org_id: string;
  name: string;
  description: string;
  arguments: Json<VariableArguments>;
  selected: Json<string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

declare module "../db/schema.js" {
  interface Database {
    variables: VariableTable;
  }
}

export type Variable = Selectable<VariableTable>;
type Db = Kysely<Database> | Transaction<Database>;

export interface VariableFields {
  name: string;
  description: string;
  arguments: VariableArguments;
  selected: string[];
}

export function createVariable(db: Db, orgID: string, fields: VariableFields): Promise<Variable> {
  const now = new Date();
  return db
    .insertInto("variables")
    .values({
      id: newId(),
      org_id: orgID,
      name: fields.name,
      description: fields.description,
      arguments: JSON.stringify(fields.arguments),
      selected: JSON.stringify(fields.selected),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findVariableByID(db: Db, id: string): Promise<Variable | undefined> {
  return db.selectFrom("variables").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Variables by ID (the order InfluxDB lists them in), optionally of one org, restricted to what is visible. */
export function listVariables(db: Db, filter: { orgID?: string; visible: Visibility }): Promise<Variable[]> {
  const visible = filter.visible;
  if (seesNothing(visible)) return Promise.resolve([]);
  let q = db.selectFrom("variables").selectAll();
  if (filter.orgID) q = q.where("org_id", "=", filter.orgID);
  q = q.where(visibleRows(visible));
  return q.orderBy("id").execute();
}

export function updateVariable(db: Db, id: string, changes: Partial<VariableFields>): Promise<Variable | undefined> {
  return db
    .updateTable("variables")
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.arguments !== undefined ? { arguments: JSON.stringify(changes.arguments) } : {}),
      ...(changes.selected !== undefined ? { selected: JSON.stringify(changes.selected) } : {}),
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteVariable(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom("variables").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
