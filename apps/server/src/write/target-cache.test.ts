import { describe, expect, it } from "vitest";
import type { Identity } from "../auth/authorizer.js";
import type { Bucket, Org } from "../db/schema.js";
import { WriteTargetCache, type WriteTarget } from "./target-cache.js";

const identity: Identity = { kind: "token", userID: "u", orgID: "o", permissions: [] };
const target = (bucketID: string) => ({ org: { id: "o" } as Org, bucket: { id: bucketID } as Bucket }) satisfies WriteTarget;

describe("WriteTargetCache", () => {
  it("answers from memory within the TTL and asks again after it", async () => {
    let now = 0;
    const cache = new WriteTargetCache(1000, () => now);
    let loads = 0;
    const load = async () => (loads++, identity);
    expect(await cache.identity("t", load)).toBe(identity);
    now = 999;
    await cache.identity("t", load);
    expect(loads).toBe(1);
    now = 1000;
    await cache.identity("t", load);
    expect(loads).toBe(2);
    await cache.identity("other", load);
    expect(loads).toBe(3);
  });

  it("never keeps a failed lookup", async () => {
    const cache = new WriteTargetCache(1000, () => 0);
    await expect(cache.target(["org", "b"], () => Promise.reject(new Error("not found")))).rejects.toThrow("not found");
    expect((await cache.target(["org", "b"], async () => target("b1"))).bucket.id).toBe("b1");
  });

  it("forgets the targets of a dropped bucket at once", async () => {
    const cache = new WriteTargetCache(60_000, () => 0);
    await cache.target(["org", "a"], async () => target("a1"));
    await cache.target(["org", "b"], async () => target("b1"));
    cache.forgetBucket("a1");
    expect((await cache.target(["org", "a"], async () => target("a2"))).bucket.id).toBe("a2");
    expect((await cache.target(["org", "b"], async () => target("b2"))).bucket.id).toBe("b1");
  });
});
