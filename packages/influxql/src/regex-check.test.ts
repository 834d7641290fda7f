import { describe, expect, it } from "vitest";
import { compileRegex } from "./eval.js";
import { jsPattern } from "./regex-check.js";

// As the executor matches: the translated pattern, compiled as compileRegex does.
const matches = (goPattern: string, text: string): boolean => compileRegex(jsPattern(goPattern)).test(text);

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

describe("jsPattern reads Go's ASCII classes and quoted text", () => {
  it("expands [:name:] inside a class, negated alone or within a negated class", () => {
    expect(matches("^[[:alpha:]]+$", "ok")).toBe(true);
    expect(matches("^[[:alpha:]]+$", "OK")).toBe(true);
    expect(matches("^[[:alpha:]]+$", "ok1")).toBe(false);
    expect(matches("^[^[:digit:]]$", "a")).toBe(true);
    expect(matches("^[^[:digit:]]$", "5")).toBe(false);
    expect(matches("^[[:^digit:]]+$", "ab")).toBe(true);
    expect(matches("^[[:^digit:]]+$", "a5")).toBe(false);
    expect(matches("^[x[:digit:]]+$", "x1")).toBe(true);
    expect(matches("^[x[:digit:]]+$", "y1")).toBe(false);
    expect(matches("^[[:punct:]]+$", "!-/[`~")).toBe(true);
    expect(matches("^[[:punct:]]+$", "a")).toBe(false);
  });

  it("folds [:upper:] to both cases under (?i)", () => {
    expect(matches("^[[:upper:]]$", "a")).toBe(false);
    expect(matches("^[[:upper:]]$", "A")).toBe(true);
    expect(matches("^(?i)[[:upper:]]$", "a")).toBe(true);
    expect(matches("^(?i)[[:upper:]]$", "1")).toBe(false);
  });

  it("matches \\Q…\\E literally, to the end when \\E is missing", () => {
    expect(matches("^\\Qa.b\\E$", "a.b")).toBe(true);
    expect(matches("^\\Qa.b\\E$", "axb")).toBe(false);
    expect(matches("^\\Qa.b", "axb")).toBe(false);
    expect(matches("^(?i)\\Qa.B\\E$", "A.b")).toBe(true);
    expect(matches("^(?i)\\Qa.B\\E$", "AxB")).toBe(false);
  });
});

describe("jsPattern reads Go's Unicode classes", () => {
  it("matches \\pL, \\p{Lu}, \\PL and classes holding them", () => {
    expect(matches("^\\pL+$", "ok")).toBe(true);
    expect(matches("^\\pL+$", "été")).toBe(true);
    expect(matches("^\\pL+$", "ok1")).toBe(false);
    expect(matches("^\\p{Lu}$", "A")).toBe(true);
    expect(matches("^\\p{Lu}$", "a")).toBe(false);
    expect(matches("^[\\pN]+$", "12")).toBe(true);
    expect(matches("^[\\pN]+$", "a")).toBe(false);
    expect(matches("^\\PL$", "1")).toBe(true);
    expect(matches("^\\PL$", "a")).toBe(false);
  });
});
