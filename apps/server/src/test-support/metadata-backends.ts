// The metadata backends every repository test runs on: embedded PGlite always, and real PostgreSQL
// when FLUXGATE_TEST_POSTGRES_URL is set. Under CI the Postgres pass is mandatory: a missing URL
// fails the suite instead of silently testing less.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openMetadataStore, type MetadataStore } from "../db/index.js";
import { pgliteTemplate } from "./pglite-template.js";

export interface MetadataBackend {
  name: "pglite" | "postgres";
  /** A fresh, migrated, empty store. Call `close` when done (drops the temporary Postgres database). */
  open(): Promise<MetadataStore>;
}

export const POSTGRES_URL_VAR = "FLUXGATE_TEST_POSTGRES_URL";

export function metadataBackends(): MetadataBackend[] {
  const backends: MetadataBackend[] = [
    { name: "pglite", open: async () => openMetadataStore({ url: "", dataDir: "", inMemory: true, template: await pgliteTemplate() }) },
  ];
  const url = process.env[POSTGRES_URL_VAR];
  if (url) backends.push({ name: "postgres", open: () => openTemporaryPostgres(url) });
  else if (process.env["CI"] === "true") {
    throw new Error(`${POSTGRES_URL_VAR} must be set under CI: the metadata suite has to run on real PostgreSQL`);
  }
  return backends;
}

/** A throw-away database on the server named by `baseUrl`; `drop` removes it. */
export async function createTemporaryDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `fluxgate_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A migrated store in a throw-away database, dropped on close. */
export async function openTemporaryPostgres(baseUrl: string): Promise<MetadataStore> {
  const database = await createTemporaryDatabase(baseUrl);
  const store = await openMetadataStore({ url: database.url, dataDir: "" });
  return {
    ...store,
    async close() {
      await store.close();
      await database.drop();
    },
  };
}
