// The contract's public face: where the bundled spec is, the parsed document, and its operations.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { specPath } from "./paths.js";

export { specPath };
export { operationIds, type OperationId } from "./operation-ids.js";
export { addContractFormats, type FormatRegistry } from "./formats.js";

/** HTTP methods an OpenAPI path item can hold, in the spelling OpenAPI uses. */
export const httpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export type HttpMethod = (typeof httpMethods)[number];

/** The parts of an OpenAPI document this package reads; everything else stays opaque. */
export interface OpenApiOperation {
  operationId?: string;
  tags?: string[];
  [key: string]: unknown;
}
export type OpenApiPathItem = Partial<Record<HttpMethod, OpenApiOperation>> & { [key: string]: unknown };
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  paths: Record<string, OpenApiPathItem>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** Reads and parses fluxgate.yaml. Each call returns a fresh object, safe to mutate. */
export function loadSpec(): OpenApiDocument {
  return parse(readFileSync(specPath, "utf8")) as OpenApiDocument;
}

export interface OperationSummary {
  /** Upper-case HTTP method, as in operations.tsv (`GET`, `POST`…). */
  method: string;
  path: string;
  operationId: string;
  tags: string[];
}

/** Every operation of the contract, in path order. */
export function listOperations(document: OpenApiDocument = loadSpec()): OperationSummary[] {
  const operations: OperationSummary[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of httpMethods) {
      const operation = item[method];
      if (operation === undefined) continue;
      if (operation.operationId === undefined) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      operations.push({ method: method.toUpperCase(), path, operationId: operation.operationId, tags: operation.tags ?? [] });
    }
  }
  return operations;
}
