/** The strings package against its reference examples (most run over sampledata.string()). */
import { describe, expect, it } from "vitest";
import { expectExample, scalar } from "./test-support/doc-example.js";

const samples = {
  t1: ["smpl_g9qczs", "smpl_0mgv9n", "smpl_phw664", "smpl_guvzy4", "smpl_5v3cce", "smpl_s9fmgy"],
  t2: ["smpl_b5eida", "smpl_eu4oxp", "smpl_5g7tz4", "smpl_sox1ut", "smpl_wfm757", "smpl_dtn2bv"],
};
const times = [0, 10, 20, 30, 40, 50].map((s) => `2021-01-01T00:00:${String(s).padStart(2, "0")}Z`);
const strings = (pipeline: string): string => `import "sampledata"\nimport "strings"\nimport "regexp"\nimport "math"\nsampledata.string() ${pipeline}`;

/** sampledata.string()'s two tables with `_value` replaced by the given cells (and an optional extra column). */
function perRow(type: string, values: Record<"t1" | "t2", readonly string[]>): string {
  return (["t1", "t2"] as const).map((tag) => `| _time | *tag | _value:${type} |\n${values[tag].map((v, i) => `| ${times[i]} | ${tag} | ${v} |`).join("\n")}`).join("\n\n");
}
/** The rows of sampledata.string() (or `values`) that `keep` selects, as the filtered tables. */
function kept(keep: (value: string) => boolean, values: Record<"t1" | "t2", readonly string[]> = samples): string {
  return (["t1", "t2"] as const)
    .map((tag) => {
      const rows = values[tag].map((v, i) => [times[i], v] as const).filter(([, v]) => keep(v));
      return rows.length === 0 ? "" : `| _time | *tag | _value:string |\n${rows.map(([t, v]) => `| ${t} | ${tag} | ${v} |`).join("\n")}`;
    })
    .filter((t) => t !== "")
    .join("\n\n");
}
const both = (f: (v: string) => string) => ({ t1: samples.t1.map(f), t2: samples.t2.map(f) });

describe("case", () => {
  it("title capitalises words (underscores and digits join words); toUpper, toTitle and toLower", async () => {
    await expectExample(strings("|> map(fn: (r) => ({r with _value: strings.title(v: r._value)}))"), perRow("string", both((v) => `S${v.slice(1)}`)));
    await expectExample(strings("|> map(fn: (r) => ({r with _value: strings.toUpper(v: r._value)}))"), perRow("string", both((v) => v.toUpperCase())));
    await expectExample(strings("|> map(fn: (r) => ({r with _value: strings.toTitle(v: r._value)}))"), perRow("string", both((v) => v.toUpperCase())));
    await expectExample(
      strings("|> map(fn: (r) => ({r with _value: strings.toUpper(v: r._value)})) |> map(fn: (r) => ({r with _value: strings.toLower(v: r._value)}))"),
      perRow("string", samples),
    );
  });
});

describe("trimming", () => {
  it("trim removes any cutset character from both ends, so a leading period protects them", async () => {
    await expectExample(strings('|> map(fn: (r) => ({r with _value: ".${r._value}."})) |> map(fn: (r) => ({r with _value: strings.trim(v: r._value, cutset: "smpl_")}))'), perRow("string", both((v) => `.${v}.`)));
    await expectExample(strings('|> map(fn: (r) => ({r with _value: strings.trim(v: r._value, cutset: "smpl_")}))'), perRow("string", both((v) => v.replace(/^[smpl_]+/, "").replace(/[smpl_]+$/, ""))));
  });

  it("trimPrefix, trimSuffix, trimSpace, trimLeft and trimRight", async () => {
    const rest = both((v) => v.slice(5));
    await expectExample(strings('|> map(fn: (r) => ({r with _value: strings.trimPrefix(v: r._value, prefix: "smpl_")}))'), perRow("string", rest));
    await expectExample(strings('|> map(fn: (r) => ({r with _value: "${r._value}_ex1"})) |> map(fn: (r) => ({r with _value: strings.trimSuffix(v: r._value, suffix: "_ex1")}))'), perRow("string", samples));
    await expectExample(strings('|> map(fn: (r) => ({r with _value: "   ${r._value}   "})) |> map(fn: (r) => ({r with _value: strings.trimSpace(v: r._value)}))'), perRow("string", samples));
    await expectExample(strings('|> map(fn: (r) => ({r with _value: "...${r._value}"})) |> map(fn: (r) => ({r with _value: strings.trimLeft(v: r._value, cutset: ".")}))'), perRow("string", samples));
    await expectExample(strings('|> map(fn: (r) => ({r with _value: "${r._value}..."})) |> map(fn: (r) => ({r with _value: strings.trimRight(v: r._value, cutset: ".")}))'), perRow("string", samples));
  });
});

describe("searching", () => {
  it("hasPrefix, hasSuffix, containsStr and containsAny filter rows", async () => {
    await expectExample(strings('|> filter(fn: (r) => strings.hasPrefix(v: r._value, prefix: "smpl_5"))'), kept((v) => ["smpl_5v3cce", "smpl_5g7tz4"].includes(v)));
    await expectExample(strings('|> filter(fn: (r) => strings.hasSuffix(v: r._value, suffix: "4"))'), kept((v) => ["smpl_phw664", "smpl_guvzy4", "smpl_5g7tz4"].includes(v)));
    await expectExample(strings('|> filter(fn: (r) => strings.containsStr(v: r._value, substr: "5"))'), kept((v) => ["smpl_5v3cce", "smpl_b5eida", "smpl_5g7tz4", "smpl_wfm757"].includes(v)));
    await expectExample(
      strings('|> filter(fn: (r) => strings.containsAny(v: r._value, chars: "a79"))'),
      kept((v) => ["smpl_g9qczs", "smpl_0mgv9n", "smpl_s9fmgy", "smpl_b5eida", "smpl_5g7tz4", "smpl_wfm757"].includes(v)),
    );
  });

  it("countStr, index, indexAny, lastIndex and lastIndexAny give ints, -1 when absent", async () => {
    await expectExample(strings('|> map(fn: (r) => ({r with _value: strings.countStr(v: r._value, substr: "p")}))'), perRow("int", { t1: ["1", "1", "2", "1", "1", "1"], t2: ["1", "2", "1", "1", "1", "1"] }));
    const firstG = { t1: ["5", "7", "-1", "5", "-1", "9"], t2: ["-1", "-1", "6", "-1", "-1", "-1"] };
    await expectExample(strings('|> map(fn: (r) => ({r with _value: strings.index(v: r._value, substr: "g")}))'), perRow("int", firstG));
    await expectExample(strings('|> map(fn: (r) => ({r with _value: strings.lastIndex(v: r._value, substr: "g")}))'), perRow("int", firstG));
    await expectExample(strings('|> map(fn: (r) => ({r with _value: strings.indexAny(v: r._value, chars: "g7t")}))'), perRow("int", { t1: ["5", "7", "-1", "5", "-1", "9"], t2: ["-1", "-1", "6", "10", "8", "6"] }));
    await expectExample(strings('|> map(fn: (r) => ({r with _value: strings.lastIndexAny(v: r._value, chars: "g7t")}))'), perRow("int", { t1: ["5", "7", "-1", "5", "-1", "9"], t2: ["-1", "-1", "8", "10", "10", "6"] }));
  });

  it("isDigit and isLetter test one character", async () => {
    const last = both((v) => v.slice(-1));
    const lastChar = '|> map(fn: (r) => ({r with _value: regexp.findString(r: /\\S{1}$/, v: r._value)}))';
    await expectExample(strings(`${lastChar} |> filter(fn: (r) => strings.isDigit(v: r._value))`), kept((v) => /\d/.test(v), last));
    await expectExample(strings(`${lastChar} |> filter(fn: (r) => strings.isLetter(v: r._value))`), kept((v) => /[a-z]/i.test(v), last));
  });

  it("isLower and isUpper", async () => {
    const letters = { t1: ["a", "B", "C", "d", "e"], t2: ["F", "g", "H", "i", "J"] };
    const data = `import "array"\nimport "strings"\narray.from(rows: [${(["t1", "t2"] as const)
      .flatMap((tag) => letters[tag].map((v, i) => `{_time: 2022-01-01T00:0${i}:00Z, tag: "${tag}", _value: "${v}"}`))
      .join(", ")}]) |> group(columns: ["tag"])`;
    const expected = (upper: boolean) =>
      (["t1", "t2"] as const)
        .map((tag) => `| _time | *tag | _value |\n${letters[tag].map((v, i) => [v, i] as const).filter(([v]) => (v === v.toUpperCase()) === upper).map(([v, i]) => `| 2022-01-01T00:0${i}:00Z | ${tag} | ${v} |`).join("\n")}`)
        .join("\n\n");
    await expectExample(`${data} |> filter(fn: (r) => strings.isLower(v: r._value))`, expected(false));
    await expectExample(`${data} |> filter(fn: (r) => strings.isUpper(v: r._value))`, expected(true));
  });
});

describe("comparing", () => {
  const pairs = [
    ["RJqcVGNlcJ", "rjQCvGNLCj"],
    ["unfbcNAXUA", "hBumdSljCQ"],
    ["ITcHyLZuqu", "ITcHyLZuqu"],
    ["HyXdjvrjgp", "hyxDJvrJGP"],
    ["SVepvUBAVx", "GuKKjuGsyI"],
  ];
  const data = `import "array"\nimport "strings"\narray.from(rows: [${pairs.map(([a, b], i) => `{time: 2022-01-01T00:0${i}:00Z, string1: "${a}", string2: "${b}"}`).join(", ")}])`;
  const expected = (type: string, same: string[]) => `| time | string1 | string2 | same:${type} |\n${pairs.map(([a, b], i) => `| 2022-01-01T00:0${i}:00Z | ${a} | ${b} | ${same[i]} |`).join("\n")}`;

  it("equalFold ignores case; compare orders by bytes", async () => {
    await expectExample(`${data} |> map(fn: (r) => ({r with same: strings.equalFold(v: r.string1, t: r.string2)}))`, expected("bool", ["true", "false", "true", "true", "false"]));
    await expectExample(`${data} |> map(fn: (r) => ({r with same: strings.compare(v: r.string1, t: r.string2)}))`, expected("int", ["-1", "1", "0", "-1", "1"]));
  });
});

describe("building and splitting", () => {
  it("repeat, replace and replaceAll", async () => {
    await expectExample(
      strings("|> toFloat() |> map(fn: (r) => ({r with _value: math.abs(x: r._value) / 2.0}))").replace("sampledata.string() |> toFloat()", "sampledata.float()") + ' |> toInt() |> map(fn: (r) => ({r with _value: strings.repeat(v: "ha", i: r._value)}))',
      (["t1", "t2"] as const)
        .map((tag) => `| _time | _value:string | *tag |\n${({ t1: [1, 5, 3, 8, 7, 2], t2: [9, 2, 1, 9, 6, 0] })[tag].map((n, i) => `| ${times[i]} | ${"ha".repeat(n)} | ${tag} |`).join("\n")}`)
        .join("\n\n"),
    );
    const doubled = both((v) => v.replaceAll("p", "XX"));
    await expectExample(strings('|> map(fn: (r) => ({r with _value: strings.replace(v: r._value, t: "p", u: "XX", i: 2)}))'), perRow("string", doubled));
    await expectExample(strings('|> map(fn: (r) => ({r with _value: strings.replace(v: r._value, t: "p", u: "XX", i: 1)}))'), perRow("string", both((v) => v.replace("p", "XX"))));
    await expectExample(strings('|> map(fn: (r) => ({r with _value: strings.replaceAll(v: r._value, t: "p", u: "XX")}))'), perRow("string", doubled));
  });

  it("split, splitAfter, splitN, splitAfterN and joinStr", async () => {
    // Arrays are joined with "|" to read them back as one string.
    const joined = async (expression: string) => (await scalar(`strings.joinStr(arr: ${expression}, v: "|")`, ["strings"])).value;
    expect(await joined('strings.split(v: "foo, bar, baz, quz", t: ", ")')).toBe("foo|bar|baz|quz");
    expect(await joined('strings.splitAfter(v: "foo, bar, baz, quz", t: ", ")')).toBe("foo, |bar, |baz, |quz");
    expect(await joined('strings.splitN(v: "foo, bar, baz, quz", t: ", ", i: 3)')).toBe("foo|bar|baz, quz");
    expect(await joined('strings.splitAfterN(v: "foo, bar, baz, quz", t: ", ", i: 3)')).toBe("foo, |bar, |baz, quz");
    expect(await scalar('strings.splitN(v: "foo, bar, baz, quz", t: ", ", i: 3)[2]', ["strings"])).toEqual({ value: "baz, quz", type: "string" });
    expect(await scalar('length(arr: strings.splitN(v: "foo, bar, baz, quz", t: ", ", i: 3))', ["strings"])).toEqual({ value: "3", type: "int" });
    expect(await scalar('strings.splitAfterN(v: "foo, bar, baz, quz", t: ", ", i: 3)[1]', ["strings"])).toEqual({ value: "bar, ", type: "string" });
    expect(await scalar('strings.splitAfterN(v: "foo, bar, baz, quz", t: ", ", i: 3)[2]', ["strings"])).toEqual({ value: "baz, quz", type: "string" });
    expect(await scalar('strings.joinStr(arr: ["foo", "bar", "baz", "quz"], v: ", ")', ["strings"])).toEqual({ value: "foo, bar, baz, quz", type: "string" });
  });

  it("strlen counts code points; substring takes [start, end) code points", async () => {
    const stripped = { t1: ["pl_gqcz", "pl_gvn", "pl_phw", "pl_guvzy", "pl_vcce", "pl_fgy"], t2: ["pl_beida", "pl_euoxp", "pl_gtz", "pl_oxut", "pl_wf", "pl_dtnbv"] };
    const strip = '|> map(fn: (r) => ({r with _value: regexp.replaceAllString(r: /[sm]|\\d/, v: r._value, t: "")}))';
    await expectExample(strings(`${strip} |> filter(fn: (r) => strings.strlen(v: r._value) <= 6)`), kept((v) => v.length <= 6, stripped));
    await expectExample(
      strings(`${strip} |> map(fn: (r) => ({r with length: strings.strlen(v: r._value)}))`),
      (["t1", "t2"] as const).map((tag) => `| _time | *tag | _value:string | length:int |\n${stripped[tag].map((v, i) => `| ${times[i]} | ${tag} | ${v} | ${v.length} |`).join("\n")}`).join("\n\n"),
    );
    await expectExample(strings("|> map(fn: (r) => ({r with _value: strings.substring(v: r._value, start: 5, end: 9)}))"), perRow("string", both((v) => v.slice(5, 9))));
    expect(await scalar('strings.substring(v: "héllo", start: 1, end: 3)', ["strings"])).toEqual({ value: "él", type: "string" });
    expect(await scalar('strings.substring(v: "abc", start: -1, end: 10)', ["strings"])).toEqual({ value: "abc", type: "string" });
    expect(await scalar('strings.strlen(v: "héllo")', ["strings"])).toEqual({ value: "5", type: "int" });
  });
});
