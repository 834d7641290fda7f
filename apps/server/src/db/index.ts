export { openMetadataStore } from "./connect.js";
export type { MetadataStore, OpenMetadataOptions } from "./connect.js";
export { migrateToLatest, MIGRATIONS_DIR, SqlFileMigrationProvider } from "./migrations.js";
export { PGliteDialect } from "./pglite-dialect.js";
export { newId, isValidId } from "./ids.js";
export type * from "./schema.js";
