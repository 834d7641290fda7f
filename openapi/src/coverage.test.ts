import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { listOperations } from "./index.js";
import { operationsTablePath, readOperationsTable, vendoredOperationsTablePath } from "./test-support/operations-table.js";

const key = (operation: { method: string; path: string }) => `${operation.method} ${operation.path}`;

/**
 * Operations served beyond operations.tsv, each because real clients call it against InfluxDB 2.x:
 * - `POST /query`: 1.x clients (Grafana's InfluxQL source, node's `influx`, the 1.x Python client)
 *   POST their InfluxQL; InfluxDB 2.x's v1 compatibility layer answers it like GET.
 */
const EXTENSIONS = ["POST /query"];

describe("the contract covers exactly the API surface of operations.tsv", () => {
  const surface = readOperationsTable();
  const operations = listOperations();

  it("reads a plausible surface list, identical to the copy vendored in this package", () => {
    expect(surface.length).toBeGreaterThan(250);
    expect(readFileSync(operationsTablePath, "utf8")).toBe(readFileSync(vendoredOperationsTablePath, "utf8"));
  });

  it("has every row of operations.tsv, method and path exactly as written", () => {
    const inSpec = new Set(operations.map(key));
    expect(surface.map(key).filter((row) => !inSpec.has(row))).toEqual([]);
  });

  it("has nothing outside operations.tsv but the listed extensions", () => {
    const inSurface = new Set(surface.map(key));
    expect(operations.map(key).filter((operation) => !inSurface.has(operation))).toEqual(EXTENSIONS);
  });

  it("gives every operation a unique operationId and at least one tag", () => {
    const ids = operations.map((operation) => operation.operationId);
    const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
    expect(repeated).toEqual([]);
    expect(operations.filter((operation) => operation.tags.length === 0).map(key)).toEqual([]);
  });
});
