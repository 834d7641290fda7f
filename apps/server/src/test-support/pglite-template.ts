// Starting PGlite from scratch runs initdb (seconds); loading a dump of an already-migrated
// cluster takes about a second. Tests share one dump, cached on disk per migrations content.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MIGRATIONS_DIR, openMetadataStore } from "../db/index.js";

let template: Promise<Blob> | undefined;

export function pgliteTemplate(): Promise<Blob> {
  template ??= loadOrBuild();
  return template;
}

function migrationsHash(): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  return hash.digest("hex").slice(0, 16);
}

async function loadOrBuild(): Promise<Blob> {
  const path = join(tmpdir(), `fluxgate-pglite-template-${migrationsHash()}.tar`);
  try {
    return new Blob([await readFile(path)]);
  } catch {
    // not cached yet
  }
  const store = await openMetadataStore({ url: "", dataDir: "", inMemory: true });
  const dump = await store.dump!();
  await store.close();
  const bytes = Buffer.from(await dump.arrayBuffer());
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, path);
  return new Blob([bytes]);
}
