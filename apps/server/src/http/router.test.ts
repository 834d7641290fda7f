import { describe, expect, it } from "vitest";
import { loadContract } from "./openapi.js";
import { OperationRouter } from "./router.js";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

describe("OperationRouter", async () => {
  const { api } = await loadContract();
  const router = new OperationRouter(api);
  const reference = (method: string, path: string) => api.matchOperation({ method, path, headers: {}, query: {} })?.operationId;

  // Every contract path with its parameters filled in several ways, plus paths near them, under
  // every method: the router must pick exactly what openapi-backend's own matcher picks.
  const paths = new Set<string>(["/", "/api", "/api/v2/nope", "/api/v2/buckets/a/b/c/d", "/query/", "//api/v2/buckets", "/api/v2/buckets/"]);
  for (const op of api.getOperations()) {
    paths.add(op.path);
    paths.add(op.path.replace(/\{[^}]+\}/g, "0123456789abcdef"));
    paths.add(`${op.path.replace(/\{[^}]+\}/g, "labels")}/`);
    paths.add(op.path.replace(/\{[^}]+\}/g, "me"));
  }

  it("matches every operation as openapi-backend does", () => {
    let compared = 0;
    for (const path of paths) {
      for (const method of METHODS) {
        expect(router.match(method, path)?.operationId, `${method} ${path}`).toBe(reference(method, path));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(api.getOperations().length * METHODS.length);
  });

  it("prefers an exact path, then the most specific template, then the contract's order", () => {
    const ops = [
      { method: "get", path: "/things/{id}", operationId: "GetThing" },
      { method: "get", path: "/things/{id}/parts/{part}", operationId: "GetPart" },
      { method: "get", path: "/things/{id}/parts/all", operationId: "GetAllParts" },
      { method: "get", path: "/things/special", operationId: "GetSpecial" },
      { method: "post", path: "/{a}/{b}", operationId: "PostAnything" },
      { method: "post", path: "/{c}/{d}", operationId: "PostShadowed" },
    ];
    const small = new OperationRouter({ getOperations: () => ops as never });
    expect(small.match("GET", "/things/special")?.operationId).toBe("GetSpecial");
    expect(small.match("GET", "/things/x")?.operationId).toBe("GetThing");
    expect(small.match("GET", "/things/x/parts/all")?.operationId).toBe("GetAllParts");
    expect(small.match("GET", "/things/x/parts/y")?.operationId).toBe("GetPart");
    expect(small.match("POST", "/things/x")?.operationId).toBe("PostAnything");
    expect(small.match("PUT", "/things/x")).toBeUndefined();
  });

  it("ignores trailing slashes and the method's case", () => {
    expect(router.match("get", "/api/v2/buckets/")?.operationId).toBe("GetBuckets");
    expect(router.match("POST", "/api/v2/nothing")).toBeUndefined();
  });
});
