import { describe, expect, it } from "vitest";
import { BoundedCache } from "./bounded-cache.js";

describe("BoundedCache", () => {
  it("forgets the oldest first insertion once full; updates keep their place", () => {
    const cache = new BoundedCache<string, number>(3);
    for (const [k, v] of [["a", 1], ["b", 2], ["c", 3], ["a", 4], ["d", 5]] as const) cache.set(k, v);
    expect(cache.size).toBe(3);
    expect([cache.get("a"), cache.get("b"), cache.get("c"), cache.get("d")]).toEqual([undefined, 2, 3, 5]);
    cache.set("e", 6);
    cache.set("f", 7);
    expect([cache.get("b"), cache.get("c"), cache.get("d"), cache.get("e"), cache.get("f")]).toEqual([undefined, undefined, 5, 6, 7]);
  });

  it("stays fast when it evicts on every insertion", () => {
    const cache = new BoundedCache<number, number>(50_000);
    const start = performance.now();
    for (let i = 0; i < 500_000; i++) cache.set(i, i);
    expect(cache.size).toBe(50_000);
    expect(cache.get(449_999)).toBeUndefined();
    expect(cache.get(450_000)).toBe(450_000);
    // A Map used as a queue takes seconds here; the ring takes milliseconds.
    expect(performance.now() - start).toBeLessThan(2_000);
  });
});
