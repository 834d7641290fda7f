import { describe, expect, it } from "vitest";
import { jsPattern } from "./regex-check.js";

const matches = (goPattern: string, text: string): boolean => new RegExp(jsPattern(goPattern)).test(text);

// Every expected answer is Go's regexp.MatchString for the same pattern and text (Go 1.x, RE2 syntax).
describe("jsPattern keeps Go's scope of flag groups", () => {
  it("applies (?i:…) inside its group only", () => {
    expect(matches("a(?i:b)c", "abc")).toBe(true);
    expect(matches("a(?i:b)c", "aBc")).toBe(true);
    expect(matches("a(?i:b)c", "aBC")).toBe(false);
    expect(matches("a(?i:b)c", "ABC")).toBe(false);
    expect(matches("^(?i:[a-c])d$", "Bd")).toBe(true);
    expect(matches("^(?i:[a-c])d$", "BD")).toBe(false);
  });

  it("applies (?i) up to the end of the group holding it", () => {
    expect(matches("^(a(?i)b)c$", "aBc")).toBe(true);
    expect(matches("^(a(?i)b)c$", "aBC")).toBe(false);
  });

  it("clears flags after a minus, nested groups restoring the outer ones", () => {
    expect(matches("^(?i)a(?-i)b$", "Ab")).toBe(true);
    expect(matches("^(?i)a(?-i)b$", "AB")).toBe(false);
    expect(matches("^(?i:x(?-i:y)z)$", "XyZ")).toBe(true);
    expect(matches("^(?i:x(?-i:y)z)$", "XYZ")).toBe(false);
  });

  it("scopes (?s:…) and (?m:…) too", () => {
    expect(matches("^(?s:.)(?m:$)", "\n")).toBe(true);
    expect(matches("^(?s:.)(?m:$)", "a")).toBe(true);
    expect(matches("^(?s:.).$", "\n\n")).toBe(false);
  });
});
