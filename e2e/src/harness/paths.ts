import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));

/** The e2e package folder (holds `go/`, `python/`, `.venv/`). */
export const e2eDir = resolve(here, "../..");
/** The repository root. */
export const repoRoot = resolve(e2eDir, "..");
/** The built server entry point: e2e tests drive the real executable, never the sources. */
export const serverMain = resolve(repoRoot, "apps/server/dist/main.js");
