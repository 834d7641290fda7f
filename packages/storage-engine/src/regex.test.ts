import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { re2ToRegExp } from "./regex.js";
import { str } from "./sql.js";

const subjects = [
  "",
  "a",
  "A",
  "abc",
  "host_1",
  "host_12",
  "Host_1",
  "a]b",
  "a{b}",
  "x.y",
  "xzy",
  "a\nb",
  "a\rb",
  "a\u000bb",
  "a b",
  "a\u00a0b",
  "ſ",
  "s",
  "K",
  "\u212a",
  "é",
  "😀",
  "eu-west-1",
  "us-east-1",
  "a/b",
  "a-b",
  "[x]",
];

/** Patterns the translation must take, each compared with DuckDB on every subject. */
const translated = [
  "",
  "a",
  "^a$",
  "^host_1$",
  "host_1",
  "^host_[0-9]+$",
  "^(host_1|host_12)$",
  "(?i)^a",
  "(?i)host",
  "(?s)a.b",
  "(?is)A.B",
  "a.b",
  "x\\.y",
  "a\\sb",
  "a\\Sb",
  "[\\s]",
  "[]a]",
  "[^]a]",
  "a{b",
  "a{b}",
  "a}",
  "a]",
  "^.$",
  "^..$",
  "\\d",
  "\\w+_\\d",
  "\\bhost",
  "eu-.*",
  "[a-c]+$",
  "a\\/b",
  "a\\-b",
  "[a\\-c]",
  "[\\[x]",
  "a{1,2}",
  "(?:ab|c)+",
  "a*?b",
  "\\t|\\n",
  "(?i)[a-z]",
  "(?i)s",
  "(?i)k",
];

/** Patterns outside the exact subset: the caller must ask DuckDB. */
const untranslated = ["[[:alpha:]]", "\\pL", "(?m)^b", "(?U)a+", "(?P<n>a)", "a(?i)b", "\\x41", "\\Qa.b\\E", "\\z", "(?i)\\w", "a{1001}", "(a)\\1", "(?=a)"];

describe("RE2 to RegExp", () => {
  it("matches exactly what DuckDB's regexp_matches matches, or declines", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    try {
      // Subjects go through chr() codes: the SQL parser does not take every character literally.
      const literal = (s: string) => (s === "" ? "''" : [...s].map((c) => `chr(${c.codePointAt(0)})`).join(" || "));
      for (const pattern of translated) {
        const regex = re2ToRegExp(pattern);
        expect(regex, pattern).toBeDefined();
        const sql = `SELECT ${subjects.map((s) => `regexp_matches(${literal(s)}, ${str(pattern)})`).join(", ")}`;
        const duck = (await conn.runAndReadAll(sql)).getRows()[0];
        expect(subjects.map((s) => regex!.test(s)), pattern).toEqual(duck);
      }
      for (const pattern of untranslated) expect(re2ToRegExp(pattern), pattern).toBeUndefined();
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
