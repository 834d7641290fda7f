// Locations inside the package. This file sits in src/ under vitest and tsx and in dist/ after a
// build; both are one level below the package root, so the same relative paths work from either.
import { fileURLToPath } from "node:url";

/** Absolute path of the bundled contract, fluxgate.yaml. */
export const specPath = fileURLToPath(new URL("../fluxgate.yaml", import.meta.url));

/** Absolute path of the YAML sources the bundle is built from (present in the source tree only). */
export const specSourceDir = fileURLToPath(new URL("../src/spec", import.meta.url));


/** Absolute path of the generated operationId list (source tree only). */
export const operationIdsPath = fileURLToPath(new URL("../src/operation-ids.ts", import.meta.url));
