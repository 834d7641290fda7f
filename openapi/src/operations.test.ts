import { describe, expect, it } from "vitest";
import { httpMethods, loadSpec, type OpenApiOperation } from "./index.js";

const document = loadSpec();
const operations: [string, OpenApiOperation][] = Object.entries(document.paths).flatMap(([path, item]) =>
  httpMethods.flatMap((method) => {
    const operation = item[method];
    return operation === undefined ? [] : [[`${method.toUpperCase()} ${path}`, operation] as [string, OpenApiOperation]];
  }),
);

describe("every operation", () => {
  it("has a summary, a success response and the default error response", () => {
    const incomplete = operations.filter(([, operation]) => {
      const responses = (operation.responses ?? {}) as Record<string, unknown>;
      const success = Object.keys(responses).some((status) => /^2\d\d$/.test(status));
      return typeof operation.summary !== "string" || !success || responses.default === undefined;
    });
    expect(incomplete.map(([name]) => name)).toEqual([]);
  });

  it("names path IDs with the 16-hex-character ID schema (except free-form names and shard numbers)", () => {
    const parameters = (document.components?.parameters ?? {}) as Record<string, { in?: string; name?: string; schema?: { $ref?: string } }>;
    const pathIdParameters = Object.values(parameters).filter((parameter) => parameter.in === "path" && /ID$|_id$/.test(parameter.name ?? ""));
    expect(pathIdParameters.length).toBeGreaterThan(20);
    const notHex = pathIdParameters.filter((parameter) => parameter.name !== "shardID" && parameter.schema?.$ref !== "#/components/schemas/ID");
    expect(notHex.map((parameter) => parameter.name)).toEqual([]);
  });
});
