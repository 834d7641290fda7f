// A fresh PGlite cluster needs initdb, which takes several seconds. The build stores a dump of a
// freshly migrated cluster next to the compiled code; a first start with an empty metadata dir
// unpacks it instead (about 3x faster). Without the file (running from sources) PGlite runs initdb.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** `dist/metadata-template.tar.gz` when running the build; `src/…` (normally absent) from sources. */
export const TEMPLATE_PATH = fileURLToPath(new URL("../metadata-template.tar.gz", import.meta.url));

/** The template to seed `dir` with, or undefined when `dir` already holds a cluster or there is none. */
export async function templateFor(dir: string): Promise<Blob | undefined> {
  if (existsSync(join(dir, "PG_VERSION")) || !existsSync(TEMPLATE_PATH)) return undefined;
  return new Blob([await readFile(TEMPLATE_PATH)]);
}
