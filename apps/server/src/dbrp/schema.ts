// The dbrps table (migration 0005), declared from this folder so db/schema.ts need not change.
import type { Selectable } from "kysely";
import type { Timestamp } from "../db/schema.js";

export interface DbrpTable {
  id: string;
  org_id: string;
  bucket_id: string;
  database: string;
  retention_policy: string;
  is_default: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

declare module "../db/schema.js" {
  interface Database {
    dbrps: DbrpTable;
  }
}

export type DbrpRow = Selectable<DbrpTable>;
