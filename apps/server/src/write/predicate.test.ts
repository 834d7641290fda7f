import { describe, expect, it } from "vitest";
import { parseDeletePredicate, PredicateError } from "./predicate.js";

function fault(input: string): { position: number; reason: string } {
  try {
    parseDeletePredicate(input);
  } catch (err) {
    if (err instanceof PredicateError) return { position: err.position, reason: err.reason };
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe("parseDeletePredicate", () => {
  it("accepts the empty predicate as matching everything", () => {
    expect(parseDeletePredicate("")).toEqual({ tags: [], matchesNothing: false });
    expect(parseDeletePredicate("   ")).toEqual({ tags: [], matchesNothing: false });
  });

  it("reads measurement, tags and field joined by AND in any case", () => {
    expect(parseDeletePredicate('_measurement="cpu" AND host="a" and region="eu" AnD _field="usage"')).toEqual({
      measurement: "cpu",
      tags: [
        ["host", "a"],
        ["region", "eu"],
      ],
      field: "usage",
      matchesNothing: false,
    });
  });

  it("takes bare identifiers, single quotes and quoted keys", () => {
    expect(parseDeletePredicate(`_measurement=example AND "Name"='predicate' AND rack=42`)).toEqual({
      measurement: "example",
      tags: [
        ["Name", "predicate"],
        ["rack", "42"],
      ],
      matchesNothing: false,
    });
  });

  it("unescapes quotes and backslashes inside quoted values", () => {
    const p = parseDeletePredicate(String.raw`path="C:\\temp" AND "my key"="say \"hi\"" AND s='it\'s'`);
    expect(p.tags).toEqual([
      ["my key", 'say "hi"'],
      ["path", "C:\\temp"],
      ["s", "it's"],
    ]);
  });

  it("accepts parentheses around AND-ed equalities", () => {
    expect(parseDeletePredicate('(_measurement="cpu" AND (host="a"))').tags).toEqual([["host", "a"]]);
  });

  it("marks contradictory predicates as matching nothing and merges repeats", () => {
    expect(parseDeletePredicate('host="a" AND host="b"').matchesNothing).toBe(true);
    expect(parseDeletePredicate('host="a" AND host="a"')).toEqual({ tags: [["host", "a"]], matchesNothing: false });
  });

  it("rejects what InfluxDB does not support, naming it and its position", () => {
    expect(fault('host!="a"')).toEqual({ position: 5, reason: 'the comparison operator "!=" is not supported in delete predicates; only "=" is' });
    expect(fault('host="a" OR host="b"')).toEqual({ position: 10, reason: "the logical operator OR is not supported in delete predicates; only AND is" });
    expect(fault('host=~"a.*"')).toEqual({ position: 5, reason: 'the regular expression matching operator "=~" is not supported in delete predicates; only "=" is' });
    expect(fault("host=/a.*/").position).toBe(6);
    expect(fault("host=/a.*/").reason).toMatch(/regular expressions are not supported/);
    expect(fault('_value="1"')).toEqual({ position: 1, reason: "cannot delete by _value; use start and stop for time, and only tags, _measurement and _field in the predicate" });
    expect(fault('host>"a"').reason).toMatch(/"\>" is not supported/);
  });

  it("rejects malformed predicates precisely", () => {
    expect(fault('host="a')).toEqual({ position: 6, reason: "unterminated double-quoted string" });
    expect(fault('host="a" AND')).toEqual({ position: 13, reason: "expected a key, found the end of the predicate" });
    expect(fault('host="a" region="b"')).toEqual({ position: 10, reason: 'expected AND, found "region"' });
    expect(fault("host=")).toEqual({ position: 6, reason: 'expected a value after "=", found the end of the predicate' });
    expect(fault('host "a"')).toEqual({ position: 6, reason: `expected "=" after "host", found "a"` });
    expect(fault('(host="a"')).toEqual({ position: 1, reason: 'unbalanced "(": missing ")"' });
    expect(fault('host="a")')).toEqual({ position: 9, reason: 'unbalanced ")"' });
    expect(fault('host-name="a"').reason).toMatch(/unexpected character "-"/);
    expect(fault(String.raw`host="a\q"`)).toEqual({ position: 8, reason: "invalid escape sequence \\q in quoted string" });
    expect(fault('NOT host="a"').reason).toMatch(/keyword NOT/);
  });

  it("gives the message InfluxDB clients show", () => {
    expect(() => parseDeletePredicate('a="1" OR b="2"')).toThrow("invalid delete predicate at position 7: the logical operator OR is not supported in delete predicates; only AND is");
  });
});
