import { describe, expect, it } from "vitest";
import { type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";
import type { QueryError } from "./analyze.js";

describe("POST /api/v2/query/analyze", () => {
  let t: TestServer;
  let instance: Instance;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  const analyze = (query: string) => t.client.post<{ errors: QueryError[] }>("/api/v2/query/analyze", { query }, { token: instance.operatorToken });

  it("finds no errors in a valid query", async () => {
    const res = await analyze(`import "strings"\nfrom(bucket: "b") |> range(start: -1h) |> filter(fn: (r) => strings.hasPrefix(v: r.host, prefix: "a"))`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ errors: [] });
  });

  it("reports a syntax error where the parser found it, 1-based", async () => {
    const res = await analyze("x = 1\ny = )");
    expect(res.status).toBe(200);
    // Flux reports every error it recovers from; the first is where the stray `)` stands.
    expect(res.body.errors.length).toBeGreaterThan(0);
    const [error] = res.body.errors;
    expect(error).toMatchObject({ line: 2, column: 5 });
    // Line 1 is 5 characters and its newline; column 5 of line 2 is the 11th character.
    expect(error?.character).toBe(11);
    expect(error?.message).toMatch(/\)|RPAREN/);
  });

  it("reports a name no scope binds, and an unknown package", async () => {
    const res = await analyze(`import "nope/pkg"\nfrom(bucket: "b") |> rnage(start: -1h)`);
    expect(res.status).toBe(200);
    const messages = res.body.errors.map((e) => e.message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/rnage/), expect.stringMatching(/nope\/pkg/)]));
    expect(res.body.errors.find((e) => /rnage/.test(e.message))).toMatchObject({ line: 2, column: 22 });
  });

  it("answers 401 without a token", async () => {
    expect((await t.client.post("/api/v2/query/analyze", { query: "x = 1" })).status).toBe(401);
  });
});
