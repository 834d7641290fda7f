import { describe, expect, it } from "vitest";
import type { BuiltinFunction } from "@fluxgate/flux";
import { type ErrorJson, type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";

describe("GET /api/v2/query/suggestions", () => {
  let t: TestServer;
  let instance: Instance;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  const get = <T>(path: string) => t.client.get<T>(path, { token: instance.operatorToken });

  it("lists the universe functions with their parameters", async () => {
    const res = await get<{ funcs: BuiltinFunction[] }>("/api/v2/query/suggestions");
    expect(res.status).toBe(200);
    const byName = new Map(res.body.funcs.map((f) => [f.name, f.params]));
    expect(byName.get("filter")).toMatchObject({ fn: "function" });
    expect(byName.get("range")).toMatchObject({ start: "time" });
    expect(byName.has("from")).toBe(true);
    // Constants of the universe are not functions.
    expect(byName.has("true")).toBe(false);
  });

  it("describes one function", async () => {
    const res = await get<BuiltinFunction>("/api/v2/query/suggestions/aggregateWindow");
    expect(res.status).toBe(200);
    expect(res.body.name).toBe("aggregateWindow");
    expect(res.body.params).toMatchObject({ every: "duration", fn: "function" });
  });

  it("answers 404 for a name that is no function", async () => {
    const res = await get<ErrorJson>("/api/v2/query/suggestions/nope");
    expect(res.status).toBe(404);
    expect(res.body.code).toBe("not found");
  });

  it("answers 401 without a token", async () => {
    expect((await t.client.get("/api/v2/query/suggestions")).status).toBe(401);
    expect((await t.client.get("/api/v2/query/suggestions/filter")).status).toBe(401);
  });
});
