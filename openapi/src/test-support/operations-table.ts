// Reads /work/shared/api/operations.tsv-style tables: the API surface the contract must cover.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The shared surface list lives next to the repository checkout: <repo>/../shared/api/. */
export const operationsTablePath = fileURLToPath(new URL("../../../../shared/api/operations.tsv", import.meta.url));

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
