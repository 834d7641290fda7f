import { describe, expect, it } from "vitest";
import { compareText } from "./text-order.js";

describe("compareText", () => {
  it("orders as UTF-8 bytes, a prefix first", () => {
    expect(compareText("a", "b")).toBeLessThan(0);
    expect(compareText("ab", "a")).toBeGreaterThan(0);
    expect(compareText("host", "host")).toBe(0);
    // U+FF5E (EF BD 9E in UTF-8) before U+1F600 (F0 9F 98 80), though UTF-16 says otherwise.
    expect(compareText("\uff5e", "\u{1f600}")).toBeLessThan(0);
    expect("\uff5e" < "\u{1f600}").toBe(false);
    const words = ["b", "\u{1f600}", "a", "\uff5e", "é", "ab"];
    const byBytes = [...words].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect([...words].sort(compareText)).toEqual(byBytes);
  });
});
