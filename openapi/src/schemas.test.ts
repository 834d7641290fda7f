import { describe, expect, it } from "vitest";
import { loadSpec } from "./index.js";

interface SchemaObject {
  required?: string[];
  properties?: Record<string, unknown>;
  pattern?: string;
  enum?: string[];
}

const document = loadSpec();
const schema = (name: string): SchemaObject => {
  const found = document.components?.schemas?.[name];
  if (found === undefined) throw new Error(`no schema ${name}`);
  return found as SchemaObject;
};
const operation = (method: "get" | "post", path: string) => {
  const found = document.paths[path]?.[method];
  if (found === undefined) throw new Error(`no ${method} ${path}`);
  return found;
};

describe("schema spot checks", () => {
  it("IDs are 16 lowercase hex characters", () => {
    expect(schema("ID").pattern).toBe("^[0-9a-f]{16}$");
  });

  it("Error is {code, message} with InfluxDB's codes", () => {
    expect(schema("Error").required).toEqual(["code", "message"]);
    expect(schema("ErrorCode").enum).toEqual(expect.arrayContaining(["invalid", "not found", "unauthorized", "conflict"]));
  });

  it("Bucket always has retentionRules; the list is {links, buckets}", () => {
    expect(schema("Bucket").required).toContain("retentionRules");
    expect(Object.keys(schema("Buckets").properties ?? {}).sort()).toEqual(["buckets", "links"]);
  });

  it("Authorization carries permissions; the list is {links, authorizations}", () => {
    expect(schema("Authorization").required).toContain("permissions");
    expect(Object.keys(schema("Authorizations").properties ?? {}).sort()).toEqual(["authorizations", "links"]);
  });

  it("DBRP uses InfluxDB's snake_case retention_policy", () => {
    expect(schema("DBRP").required).toContain("retention_policy");
  });

  it("anonymous routes have no security", () => {
    for (const [method, path] of [
      ["get", "/health"],
      ["get", "/ping"],
      ["get", "/ready"],
      ["get", "/metrics"],
      ["get", "/api/v2"],
      ["get", "/api/v2/setup"],
      ["post", "/api/v2/setup"],
    ] as const) {
      expect(operation(method, path).security, `${method} ${path}`).toEqual([]);
    }
    // InfluxDB keeps global security on the deprecated second-user setup route.
    expect(operation("post", "/api/v2/setup/user").security).toBeUndefined();
    expect(operation("post", "/api/v2/signin").security).toEqual([{ BasicAuth: [] }]);
  });
});
