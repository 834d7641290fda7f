// Opens the metadata store: embedded PGlite under the data dir, or PostgreSQL when a URL is given.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import type { Database } from "./schema.js";
import { PGliteDialect } from "./pglite-dialect.js";
import { migrateToLatest } from "./migrations.js";
import { templateFor } from "./template.js";

const INT8_OID = 20;
/** bigint columns hold seconds and counts well inside 2^53; both drivers return them as numbers. */
const parseInt8 = (value: string) => Number(value);

export interface MetadataStore {
  db: Kysely<Database>;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
  /** Embedded only: the whole data dir as a tarball, usable as a `template`. */
  dump?: (compression?: "none" | "gzip") => Promise<Blob | File>;
}

export interface OpenMetadataOptions {
  /** postgres:// URL; empty = embedded. */
  url: string;
  /** Data directory for embedded PGlite (`<dir>/metadata`); ignored with a URL. */
  dataDir: string;
  /** Use an in-memory PGlite (tests that need no persistence). */
  inMemory?: boolean;
  /** Start embedded PGlite from this data-dir dump (PGlite's dumpDataDir) instead of an empty cluster: skips initdb. */
  template?: Blob;
  /**
   * PostgreSQL only: an idle pooled connection failed (server restart, admin termination). The pool
   * drops that connection and opens a new one on the next query; without a listener the error would
   * end the process.
   */
  onConnectionError?: (err: Error) => void;
}

export async function openMetadataStore(options: OpenMetadataOptions): Promise<MetadataStore> {
  let store: MetadataStore;
  if (options.url) {
    // Loaded only when used: the embedded default should not pay for the pg driver at start.
    const { default: pg } = await import("pg");
    const pool = new pg.Pool({
      connectionString: options.url,
      types: {
        getTypeParser: ((oid: number, format?: "text" | "binary") =>
          oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
      },
    });
    pool.on("error", (err) => options.onConnectionError?.(err));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    store = { db, kind: "postgres", close: () => db.destroy() };
  } else {
    const { PGlite } = await import("@electric-sql/pglite");
    let dir: string | undefined;
    let template = options.template;
    if (!options.inMemory) {
      dir = join(options.dataDir, "metadata");
      await mkdir(dir, { recursive: true });
      template ??= await templateFor(dir);
    }
    const pglite = new PGlite(dir, { parsers: { [INT8_OID]: parseInt8 }, ...(template ? { loadDataDir: template } : {}) });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    store = { db, kind: "pglite", close: () => db.destroy(), dump: (compression = "none") => pglite.dumpDataDir(compression) };
  }
  try {
    await migrateToLatest(store.db as Kysely<unknown>);
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
