/** The regexp package against its reference examples. */
import { describe, expect, it } from "vitest";
import { expectExample, scalar } from "./test-support/doc-example.js";

const samples = {
  t1: ["smpl_g9qczs", "smpl_0mgv9n", "smpl_phw664", "smpl_guvzy4", "smpl_5v3cce", "smpl_s9fmgy"],
  t2: ["smpl_b5eida", "smpl_eu4oxp", "smpl_5g7tz4", "smpl_sox1ut", "smpl_wfm757", "smpl_dtn2bv"],
};
const times = [0, 10, 20, 30, 40, 50].map((s) => `2021-01-01T00:00:${String(s).padStart(2, "0")}Z`);
const perRow = (cell: (v: string) => string, keep: (v: string) => boolean = () => true): string =>
  (["t1", "t2"] as const)
    .map((tag) => `| _time | *tag | _value:string |\n${samples[tag].map((v, i) => [v, i] as const).filter(([v]) => keep(v)).map(([v, i]) => `| ${times[i]} | ${tag} | ${cell(v)} |`).join("\n")}`)
    .join("\n\n");
const data = 'import "regexp"\nimport "sampledata"\nsampledata.string()';
const value = (expression: string) => scalar(expression, ["regexp"]);

describe("regexp", () => {
  it("compile, getString and quoteMeta", async () => {
    expect(await value('regexp.getString(r: regexp.compile(v: "abcd"))')).toEqual({ value: "abcd", type: "string" });
    expect(await value("regexp.getString(r: /[a-zA-Z]/)")).toEqual({ value: "[a-zA-Z]", type: "string" });
    expect(await value('regexp.quoteMeta(v: ".+*?()|[]{}^$")')).toEqual({ value: "\\.\\+\\*\\?\\(\\)\\|\\[\\]\\{\\}\\^\\$", type: "string" });
  });

  it("findString and findStringIndex find the left-most match", async () => {
    expect(await value('regexp.findString(r: /foo.?/, v: "seafood fool")')).toEqual({ value: "food", type: "string" });
    expect(await value('display(v: regexp.findStringIndex(r: /ab?/, v: "tablet"))')).toEqual({ value: "[1, 3]", type: "string" });
    await expectExample(`${data} |> map(fn: (r) => ({r with _value: regexp.findString(v: r._value, r: /.{6}$/)}))`, perRow((v) => v.slice(-6)));
  });

  it("matchRegexpString tests and filters", async () => {
    expect(await value('regexp.matchRegexpString(r: /(gopher){2}/, v: "gophergophergopher")')).toEqual({ value: "true", type: "bool" });
    await expectExample(
      `${data} |> filter(fn: (r) => regexp.matchRegexpString(r: /_\\d/, v: r._value))`,
      perRow(
        (v) => v,
        (v) => /_\d/.test(v),
      ),
    );
  });

  it("replaceAllString replaces every match, with submatches allowed in the pattern", async () => {
    expect(await value('regexp.replaceAllString(r: /a(x*)b/, v: "-ab-axxb-", t: "T")')).toEqual({ value: "-T-T-", type: "string" });
    await expectExample(`${data} |> map(fn: (r) => ({r with _value: regexp.replaceAllString(r: /smpl_/, v: r._value, t: "")}))`, perRow((v) => v.slice(5)));
  });

  it("splitRegexp splits around matches, empty matches included", async () => {
    expect(await scalar('strings.joinStr(arr: regexp.splitRegexp(r: /a*/, v: "abaabaccadaaae", i: -1), v: "|")', ["regexp", "strings"])).toEqual({ value: "|b|b|c|c|d|e", type: "string" });
  });
});
