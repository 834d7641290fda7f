import { describe, expect, it } from "vitest";
import { compileRegex } from "./eval.js";
import { goRegexError, jsPattern } from "./regex-check.js";

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

// Every expected answer below is influxd 1.6.7's (Go's regexp) to the same pattern.
describe("Go's scripts, negations and escapes JavaScript reads otherwise", () => {
  it("matches scripts (\\p{Greek}), negated names (\\p{^Greek}) and \\x{…} code points", () => {
    expect(matches("^\\p{Greek}+$", "δέλτα")).toBe(true);
    expect(matches("^\\p{Greek}+$", "abc")).toBe(false);
    expect(matches("\\P{Greek}", "ΣΩ")).toBe(false);
    expect(matches("\\p{^Greek}", "Ωmega")).toBe(true);
    expect(matches("\\P{^Greek}", "omega")).toBe(false);
    expect(matches("[^\\p{Greek}]", "αβγ")).toBe(false);
    expect(matches("^[\\x{391}-\\x{3a9}]+$", "ΣΩ")).toBe(true);
    expect(matches("(?i)\\p{Greek}", "Ωmega")).toBe(true);
    // In a class beside a class escape, `-` is a member; escaped punctuation is itself.
    expect(matches("^[\\d-z]+$", "4-z")).toBe(true);
    expect(matches("\\p{Greek}\\_", "α_")).toBe(true);
  });

  it("folds letters of any script under (?i)", () => {
    expect(matches("(?i)ω", "Ωmega")).toBe(true);
    expect(matches("(?i)^σω$", "ΣΩ")).toBe(true);
  });

  it("reads octal and \\a escapes, a first ] in a class, repeated assertions and named groups", () => {
    expect(matches("\\101", "A")).toBe(true);
    expect(matches("^[]a]+$", "]a")).toBe(true);
    expect(matches("^*a", "a.b")).toBe(true);
    expect(matches("(?P<x>a)(?P<x>\\.)", "a.b")).toBe(true);
    expect(matches("(?P<1a>g)", "g4mma")).toBe(true);
  });
});

describe("goRegexError", () => {
  it("names what Go's regexp refuses, in its words", () => {
    const refused: Array<[string, string]> = [
      ["\\C", "invalid escape sequence: `\\C`"],
      ["\\e", "invalid escape sequence: `\\e`"],
      ["\\1", "invalid escape sequence: `\\1`"],
      ["\\8", "invalid escape sequence: `\\8`"],
      ["\\é", "invalid escape sequence: `\\é`"],
      ["\\xZ", "invalid escape sequence: `\\xZ`"],
      ["\\x4", "invalid escape sequence: `\\x4`"],
      ["\\x{41", "invalid escape sequence: `\\x{41`"],
      ["\\x{110000}", "invalid escape sequence: `\\x{110000`"],
      ["[a-\\d]", "invalid escape sequence: `\\d`"],
      ["[\\Q]\\E]", "invalid escape sequence: `\\Q`"],
      ["[[:foo:]]", "invalid character class range: `[:foo:]`"],
      ["\\p{Foo}", "invalid character class range: `\\p{Foo}`"],
      ["\\pX", "invalid character class range: `\\pX`"],
      ["\\p", "invalid character class range: `\\p`"],
      ["[z-a]", "invalid character class range: `z-a`"],
      ["a{2,1}", "invalid repeat count: `{2,1}`"],
      ["x{2,1001}", "invalid repeat count: `{2,1001}`"],
      ["a{2}{3}", "invalid nested repetition operator: `{2}{3}`"],
      ["a**", "invalid nested repetition operator: `**`"],
      ["(?<n>x)", "invalid or unsupported Perl syntax: `(?<`"],
      ["(?x)a", "invalid or unsupported Perl syntax: `(?x`"],
      ["(?i", "invalid or unsupported Perl syntax: `(?i`"],
      ["(?P=n)", "invalid or unsupported Perl syntax: `(?P`"],
    ];
    for (const [pattern, message] of refused) expect(goRegexError(pattern), pattern).toBe(message);
  });

  it("accepts what Go reads", () => {
    for (const pattern of ["\\12", "\\0", "\\pZ", "\\p{^Greek}", "x{1000}", "x{1000,}", "a{,3}", "\\Qabc", "[[:alpha:]-z]", "\\_", "\\-", "\\ ", "\\z", "(?U)x", "[[=a=]]", "\\b{", "[\\d-z]", "(?P<n>a)(?P<n>b)", "^*"]) {
      expect(goRegexError(pattern), pattern).toBeUndefined();
    }
  });
});
