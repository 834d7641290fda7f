// Invokable scripts in the metadata store.
import type { Kysely, Selectable, Transaction } from "kysely";
import { newId } from "../db/ids.js";
import type { Database, Timestamp } from "../db/schema.js";
import { seesNothing, visibleRows, type Visibility } from "../auth/visibility.js";

export type ScriptLanguage = "flux" | "sql" | "influxql";

export interface ScriptTable {
  id: string;
  org_id: string;
  name: string;
  description: string;
  script: string;
  language: ScriptLanguage;
  created_at: Timestamp;
  updated_at: Timestamp;
}

declare module "../db/schema.js" {
  interface Database {
    scripts: ScriptTable;
  }
}

export type Script = Selectable<ScriptTable>;
type Db = Kysely<Database> | Transaction<Database>;

export function insertScript(db: Db, s: { orgID: string; name: string; description: string; script: string; language: ScriptLanguage }): Promise<Script> {
  const now = new Date();
  return db
    .insertInto("scripts")
    .values({ id: newId(), org_id: s.orgID, name: s.name, description: s.description, script: s.script, language: s.language, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findScript(db: Db, id: string): Promise<Script | undefined> {
  return db.selectFrom("scripts").selectAll().where("id", "=", id).executeTakeFirst();
}

export function listScripts(db: Db, f: { name?: string; limit: number; offset: number; visible: Visibility }): Promise<Script[]> {
  if (seesNothing(f.visible) || f.limit === 0) return Promise.resolve([]);
  let q = db.selectFrom("scripts").selectAll().where(visibleRows(f.visible));
  if (f.name !== undefined) q = q.where("name", "=", f.name);
  return q.orderBy("id").limit(f.limit).offset(f.offset).execute();
}

export function updateScript(db: Db, id: string, changes: { description?: string; script?: string }): Promise<Script | undefined> {
  return db
    .updateTable("scripts")
    .set({ ...changes, updated_at: new Date() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteScript(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom("scripts").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
