/** The strings and math functions added beyond the basics, from their documented examples. */
import { describe, expect, it } from "vitest";
import { queryTables } from "../test-support/tables.js";

async function value(pkg: string, expression: string): Promise<string | undefined> {
  const tables = await queryTables(`import "${pkg}"\nimport "array"\narray.from(rows: [{v: display(v: ${expression})}])`);
  return tables[0]?.rows[0]?.v;
}

describe("strings", () => {
  const cases: [string, string][] = [
    ['strings.compare(v: "a", t: "b")', "-1"],
    ['strings.compare(v: "b", t: "b")', "0"],
    ['strings.containsStr(v: "This and that", substr: "and")', "true"],
    ['strings.indexAny(v: "chicken", chars: "kmn")', "4"],
    ['strings.lastIndex(v: "go gopher", substr: "go")', "3"],
    ['strings.lastIndexAny(v: "go gopher", chars: "go")', "4"],
    ['strings.isDigit(v: "7")', "true"],
    ['strings.isLetter(v: "7")', "false"],
    ['strings.isLower(v: "a")', "true"],
    ['strings.isUpper(v: "a")', "false"],
    ['strings.splitAfter(v: "a,b,c", t: ",")', "[a,, b,, c]"],
    ['strings.splitAfterN(v: "a,b,c", t: ",", i: 2)', "[a,, b,c]"],
    ['strings.toTitle(v: "loud noises")', "LOUD NOISES"],
  ];
  it.each(cases)("%s", async (expression, want) => {
    expect(await value("strings", expression)).toBe(want);
  });
});

describe("math", () => {
  const cases: [string, string][] = [
    ["math.gamma(x: 5.0)", "24"],
    ["math.gamma(x: 0.5)", String(Math.sqrt(Math.PI))],
    ["math.frexp(f: 8.0)", "{exp: 4, frac: 0.5}"],
    ["math.ldexp(frac: 0.5, exp: 4)", "8"],
    ["math.modf(f: 3.5)", "{frac: 0.5, int: 3}"],
    ["math.roundtoeven(x: 2.5)", "2"],
    ["math.roundtoeven(x: 3.5)", "4"],
    ["math.remainder(x: 5.0, y: 3.0)", "-1"],
    ["math.float64bits(f: 1.0)", "4607182418800017408"],
    ["math.float64frombits(b: uint(v: 4607182418800017408))", "1"],
    ["math.nextafter(x: 1.0, y: 2.0)", "1.0000000000000002"],
    ["math.copysign(x: 3.2, y: -1.0)", "-3.2"],
    ["math.ilogb(x: 8.0)", "3"],
    ["math.acosh(x: 1.0)", "0"],
    ["math.sincos(x: 0.0)", "{cos: 1, sin: 0}"],
  ];
  it.each(cases)("%s", async (expression, want) => {
    expect(await value("math", expression)).toBe(want);
  });
});
