import { describe, expect, it } from "vitest";
import type { Identity } from "../auth/authorizer.js";
import { MetadataCache } from "./metadata-cache.js";

const identity: Identity = { kind: "token", userID: "u", orgID: "o", permissions: [] };

describe("MetadataCache", () => {
  it("answers from memory within the TTL and asks again after it", async () => {
    let now = 0;
    const cache = new MetadataCache(1000, () => now);
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

  it("never keeps a failed or empty lookup", async () => {
    const cache = new MetadataCache(1000, () => 0);
    await expect(cache.lookup(["bucket", "b"], () => Promise.reject(new Error("not found")))).rejects.toThrow("not found");
    expect(await cache.lookup(["bucket", "c"], async () => undefined)).toBeUndefined();
    expect(await cache.identity("unknown", async () => null)).toBeNull();
    expect(await cache.lookup(["bucket", "b"], async () => "b1")).toBe("b1");
    expect(await cache.lookup(["bucket", "c"], async () => "c1")).toBe("c1");
    expect(await cache.identity("unknown", async () => identity)).toBe(identity);
  });

  it("keeps lookups of different keys apart and forgets everything when cleared", async () => {
    const cache = new MetadataCache(60_000, () => 0);
    await cache.lookup(["bucket", "a"], async () => "a1");
    await cache.lookup(["org", "a"], async () => "o1");
    expect(await cache.lookup(["bucket", "a"], async () => "a2")).toBe("a1");
    expect(await cache.lookup(["org", "a"], async () => "o2")).toBe("o1");
    cache.clear();
    expect(await cache.lookup(["bucket", "a"], async () => "a2")).toBe("a2");
  });
});
