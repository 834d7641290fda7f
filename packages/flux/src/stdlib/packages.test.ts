/** regexp, dict, json, runtime, system and bytes conversions, from the documented examples. */
import { describe, expect, it } from "vitest";
import { queryTables } from "../test-support/tables.js";

async function value(imports: string[], expression: string): Promise<string | undefined> {
  const tables = await queryTables(`${imports.map((i) => `import "${i}"`).join("\n")}\nimport "array"\narray.from(rows: [{v: ${expression}}])`);
  return tables[0]?.rows[0]?.v;
}

describe("regexp", () => {
  const re = (e: string) => value(["regexp"], e);
  it("compiles, matches, finds and replaces", async () => {
    expect(await re('regexp.matchRegexpString(r: regexp.compile(v: "^a+b$"), v: "aaab")')).toBe("true");
    expect(await re('regexp.findString(r: /foo.?/, v: "seafood fool")')).toBe("food");
    expect(await re('display(v: regexp.findStringIndex(r: /ab?/, v: "tablet"))')).toBe("[1, 3]");
    expect(await re('display(v: regexp.findStringIndex(r: /z/, v: "tablet"))')).toBe("[]");
    expect(await re("regexp.getString(r: /[a-z]+/)")).toBe("[a-z]+");
    expect(await re('regexp.quoteMeta(v: "Escaping symbols like: .+*?()|[]{}^$")')).toBe("Escaping symbols like: \\.\\+\\*\\?\\(\\)\\|\\[\\]\\{\\}\\^\\$");
    expect(await re('regexp.replaceAllString(r: /a(x*)b/, v: "-ab-axxb-", t: "<$1>")')).toBe("-<>-<xx>-");
  });
  it("splits at most i times", async () => {
    // display() writes arrays of more than three elements one a line, as Flux does.
    expect(await re('display(v: regexp.splitRegexp(r: /a*/, v: "abaabaccadaaae", i: 5))')).toBe("[\n    , \n    b, \n    b, \n    c, \n    cadaaae\n]");
    expect(await re('display(v: regexp.splitRegexp(r: /,/, v: "a,b,c", i: -1))')).toBe("[a, b, c]");
  });
  it("rejects an invalid pattern", async () => {
    await expect(re('regexp.compile(v: "a(b")')).rejects.toThrow(/invalid regular expression/);
  });
});

describe("dict", () => {
  it("fromList, get with a default, insert, remove", async () => {
    const d = 'dict.fromList(pairs: [{key: "a", value: 1}, {key: "b", value: 2}])';
    expect(await value(["dict"], `dict.get(dict: ${d}, key: "b", default: 0)`)).toBe("2");
    expect(await value(["dict"], `dict.get(dict: ${d}, key: "z", default: 0)`)).toBe("0");
    expect(await value(["dict"], `display(v: dict.insert(dict: ${d}, key: "c", value: 3))`)).toBe("[a: 1, b: 2, c: 3]");
    expect(await value(["dict"], `display(v: dict.remove(dict: ${d}, key: "a"))`)).toBe("[b: 2]");
    expect(await value(["dict"], 'dict.get(dict: ["x": 1.5], key: "x", default: 0.0)')).toBe("1.5");
  });
});

describe("json, runtime, system, bytes", () => {
  it("json.encode writes records (keys sorted, as Go's encoder does), arrays, times and durations", async () => {
    expect(await value(["json"], 'string(v: json.encode(v: {a: 1, b: [true, "x"], t: 2021-01-01T00:00:00Z, d: 1h5m, f: 1.5}))')).toBe('{"a":1,"b":[true,"x"],"d":"1h5m","f":1.5,"t":"2021-01-01T00:00:00Z"}');
  });
  it("runtime.version and system.time", async () => {
    expect(await value(["runtime"], "runtime.version()")).toMatch(/^v0\.\d+\.\d+$/);
    const before = Date.now();
    const at = await value(["system"], "system.time()");
    expect(Date.parse(at ?? "")).toBeGreaterThanOrEqual(before - 1000);
  });
  it("bytes and back to string", async () => {
    expect(await value([], 'string(v: bytes(v: "héllo"))')).toBe("héllo");
  });
});
