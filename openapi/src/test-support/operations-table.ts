// Reads the API surface list (operations.tsv: method, path, tag, source) the contract must cover.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The project's shared surface list, next to the repository checkout (<repo>/../shared/api/). */
export const sharedOperationsTablePath = fileURLToPath(new URL("../../../../shared/api/operations.tsv", import.meta.url));

/** A copy kept in this package so the tests also run where the shared folder is absent (CI, Docker). */
export const vendoredOperationsTablePath = fileURLToPath(new URL("./operations.tsv", import.meta.url));

/** The shared list when present, else the vendored copy (a test keeps the two identical). */
export const operationsTablePath = existsSync(sharedOperationsTablePath) ? sharedOperationsTablePath : vendoredOperationsTablePath;

export interface SurfaceRow {
  method: string;
  path: string;
  tag: string;
  source: string;
}

export function readOperationsTable(file: string = operationsTablePath): SurfaceRow[] {
  const [header, ...lines] = readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "");
  if (header !== "method\tpath\ttag\tsource") throw new Error(`${file}: unexpected header ${header ?? ""}`);
  return lines.map((line) => {
    const [method = "", path = "", tag = "", source = ""] = line.split("\t");
    return { method, path, tag, source };
  });
}
