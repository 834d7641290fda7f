import { describe, expect, it } from "vitest";
import type { SelectStatement, Statement } from "./ast.js";
import { parseQuery, ParseError, type BoundValue } from "./parser.js";

const one = (q: string): Statement => {
  const s = parseQuery(q);
  expect(s).toHaveLength(1);
  return s[0]!;
};
const select = (q: string): SelectStatement => one(q) as SelectStatement;
const select2 = (q: string, params: Record<string, string>): SelectStatement => parseQuery(q, params)[0] as SelectStatement;
const error = (q: string): string => {
  try {
    parseQuery(q);
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return (e as Error).message;
  }
  throw new Error("parsed");
};

describe("parse errors in InfluxDB 1.x wording", () => {
  it("names the token found, what was expected, and its position", () => {
    expect(error("SELCT * FROM m")).toBe("found SELCT, expected SELECT, DELETE, SHOW, CREATE, DROP, EXPLAIN, GRANT, REVOKE, ALTER, SET, KILL at line 1, char 1");
    expect(error("SELECT FROM m")).toBe("found FROM, expected identifier, string, number, bool at line 1, char 8");
    // Expected texts and positions are influxd 1.6.7's answers to the same statements.
    expect(error("SELECT value FROM")).toBe("found EOF, expected identifier at line 1, char 19");
    expect(error("SELECT value cpu")).toBe("found cpu, expected FROM at line 1, char 14");
    expect(error("SELECT value FROM cpu WHERE")).toBe("found EOF, expected identifier, string, number, bool at line 1, char 29");
    expect(error("SELECT value FROM cpu GROUP BY time(5m")).toBe("found EOF, expected ) at line 1, char 39");
    expect(error("SELECT mean(v) FROM cpu GROUP BY time(1m) fill(sometimes)")).toBe("expected number argument in fill()");
    expect(error("SELECT a FROM b fill(")).toBe("found EOF, expected identifier, string, number, bool at line 1, char 23");
    expect(error("SELECT x FROM b ORDER BY host")).toBe("only ORDER BY time supported at this time");
    expect(error("SELECT a FROM b ORDER BY time ASC, host")).toBe("only ORDER BY time supported at this time");
    expect(error("SELECT a FROM b ORDER BY")).toBe("found EOF, expected identifier, ASC, DESC at line 1, char 26");
    expect(error("SELECT x FROM b tz('Nowhere/Here')")).toBe("unable to find time zone Nowhere/Here");
    expect(error("SELECT a FROM b tz(")).toBe("found EOF, expected identifier, string, number, bool at line 1, char 21");
  });

  it("trims the query and places EOF where 1.x's scanner does", () => {
    // 1.x's /query trims the text; its scanner reads the end twice after an identifier or a peek
    // for a regex (fields, arguments, sources, dimensions, =~), once after an operator or `(`.
    expect(error("  SELECT")).toBe("found EOF, expected identifier, string, number, bool at line 1, char 8");
    expect(error("SELECT ")).toBe("found EOF, expected identifier, string, number, bool at line 1, char 8");
    expect(error("SELECT (")).toBe("found EOF, expected identifier, string, number, bool at line 1, char 9");
    expect(error("SELECT a,")).toBe("found EOF, expected identifier, string, number, bool at line 1, char 11");
    expect(error("SELECT x FROM cpu WHERE a =")).toBe("found EOF, expected identifier, string, number, bool at line 1, char 28");
    expect(error("SELECT a FROM b WHERE x =~")).toBe("found EOF, expected regex at line 1, char 28");
    expect(error("SELECT mean(a,")).toBe("found EOF, expected identifier, string, number, bool at line 1, char 16");
    expect(error("SELECT a FROM b GROUP BY time(")).toBe("found EOF, expected identifier, string, number, bool at line 1, char 32");
    expect(error("SELECT a FROM b GROUP BY time(1h,")).toBe("found EOF, expected identifier, string, number, bool at line 1, char 35");
    expect(error("SELECT a FROM b LIMIT")).toBe("found EOF, expected integer at line 1, char 23");
    expect(error("SHOW TAG VALUES WITH KEY =")).toBe("found EOF, expected identifier at line 1, char 27");
    expect(error("SHOW MEASUREMENTS WITH MEASUREMENT != mem")).toBe("found !=, expected =, =~ at line 1, char 36");
    expect(error("SHOW MEASUREMENTS WITH MEASUREMENT =~")).toBe("found EOF, expected identifier at line 1, char 39");
    expect(error("SELECT usage_user FROM cpu;;SELECT")).toBe("found EOF, expected identifier, string, number, bool at line 1, char 36");
  });

  it("refuses a regex as Go's regexp package does, at the regex", () => {
    expect(error("SELECT x FROM b WHERE h =~ /[/")).toBe("error parsing regexp: missing closing ]: `[` at line 1, char 27");
    expect(error("SELECT a FROM b WHERE x =~ /(/")).toBe("error parsing regexp: missing closing ): `(` at line 1, char 27");
    expect(error("SELECT a FROM b WHERE x =~ /a)/")).toBe("error parsing regexp: unexpected ): `a)` at line 1, char 27");
    expect(error("SELECT a FROM b WHERE x =~ /*a/")).toBe("error parsing regexp: missing argument to repetition operator: `*` at line 1, char 27");
    expect(error("SELECT a FROM b WHERE x =~ /a**/")).toBe("error parsing regexp: invalid nested repetition operator: `**` at line 1, char 27");
    expect(error("SELECT a FROM b WHERE x =~ /a")).toBe("bad regex:  at line 1, char 27");
    expect(select("SELECT a FROM b WHERE x =~ /^(?i)a[]b]*?(c|d)+$/").condition).toBeDefined();
  });

  it("keeps Go's regex flags and escapes as a pattern JavaScript reads alike", () => {
    const pattern = (q: string): unknown => (select(q).condition as { right: { pattern: string } }).right.pattern;
    expect(pattern("SELECT a FROM b WHERE x =~ /^(?i)ok$/")).toBe("^[oO][kK]$");
    expect(pattern("SELECT a FROM b WHERE x =~ /(?i)[a-c]1/")).toBe("[a-cA-C]1");
    expect(pattern("SELECT a FROM b WHERE x =~ /(?s)a.b/")).toBe("a[\\s\\S]b");
    expect(pattern("SELECT a FROM b WHERE x =~ /\\Aab\\z/")).toBe("^ab$");
    expect(pattern("SELECT a FROM b WHERE x =~ /(?P<n>a)/")).toBe("(a)");
    expect(pattern("SELECT a FROM b WHERE x =~ /^[a-z]+$/")).toBe("^[a-z]+$");
  });

  it("parses time() with another argument, for an error when the statement runs", () => {
    expect(select("SELECT value FROM cpu GROUP BY time(5)").invalid).toBe("time dimension must have duration argument");
    expect(select("SELECT value FROM cpu GROUP BY time(5m)").invalid).toBeUndefined();
  });

  it("counts lines and characters across statements", () => {
    expect(error("SELECT a FROM b;\nSELECT a FROM b WHERE\n  x = ")).toBe("found EOF, expected identifier, string, number, bool at line 3, char 6");
    expect(error("SELECT a FROM b SELECT")).toBe("found SELECT, expected ; at line 1, char 17");
  });

  it("names a string or quoted identifier where another token belongs by its content, as influxd 1.6.7 does", () => {
    expect(error("SELECT a FROM b WHERE host =~ 'x'")).toBe("found x, expected regex at line 1, char 30");
    expect(error("SELECT a FROM b LIMIT 'a\\'b'")).toBe("found a'b, expected integer at line 1, char 22");
    expect(error('SELECT a FROM b LIMIT "a"')).toBe("found a, expected integer at line 1, char 23");
    expect(error("SELECT a FROM 'b'")).toBe("found b, expected identifier at line 1, char 14");
    expect(error("SHOW TAG KEYS FROM db.'rp'.m")).toBe("found rp, expected identifier at line 1, char 22");
  });

  it("reads GROUP BY dimensions as expressions, refusing all but tags and time() when run (influxd 1.6.7's words)", () => {
    expect(select("SELECT mean(v) FROM m GROUP BY (host)").dimensions).toEqual([{ kind: "tag", name: "host" }]);
    expect(select("SELECT mean(v) FROM m GROUP BY host::tag").dimensions).toEqual([{ kind: "tag", name: "host" }]);
    for (const dim of ["'x'", "5", "2.5", "true", "host + 1", "10m", "'x', host"]) {
      expect(select(`SELECT mean(v) FROM m GROUP BY ${dim}`).invalid).toBe("only time and tag dimensions allowed");
    }
    expect(select("SELECT mean(v) FROM m GROUP BY now()").invalid).toBe("only time() calls allowed in dimensions");
    expect(select("SELECT mean(v) FROM m GROUP BY mean(x)").invalid).toBe("only time() calls allowed in dimensions");
    // A keyword is named upper-case, as typed or not.
    expect(error("SELECT mean(v) FROM m GROUP BY key")).toBe("found KEY, expected identifier, string, number, bool at line 1, char 32");
    expect(error("select from m")).toBe("found FROM, expected identifier, string, number, bool at line 1, char 8");
  });

  it("reports missing bound parameters and unterminated strings", () => {
    // influxd 1.6.7 names a missing parameter without a position, and a bound value is a literal.
    expect(error("SELECT a FROM b WHERE host = $host")).toBe("missing parameter: host");
    expect(() => parseQuery("SELECT a FROM $m", { m: "cpu" })).toThrow("found cpu, expected identifier at line 1, char 15");
    expect(select2("SELECT a FROM b GROUP BY time($every)", { every: "1h" }).invalid).toBe("time dimension must have duration argument");
    // Where 1.x wants a token (a regex, an integer, an identifier), a missing one is named as written.
    expect(error("SELECT a FROM b LIMIT $n")).toBe("found $n, expected integer at line 1, char 23");
    expect(error("SELECT a FROM $m")).toBe("found $m, expected identifier at line 1, char 15");
    expect(error("SELECT a FROM b WHERE host = 'x")).toBe("found x, expected identifier, string, number, bool at line 1, char 29");
    expect(error('SELECT "a FROM b')).toBe("found a FROM b, expected identifier, string, number, bool at line 1, char 7");
  });

  it("reads fill as 1.x does: no keyword, so a name elsewhere, and named as written where it does not belong", () => {
    expect(error("SELECT a FROM b tz('UTC') fill(none)")).toBe("found fill, expected ; at line 1, char 27");
    expect((parseQuery("SELECT fill FROM b WHERE fill = 1")[0] as SelectStatement).fields[0]!.expr).toEqual({ kind: "ref", name: "fill" });
    expect((parseQuery('SELECT mean(a) FROM b GROUP BY time(1m) "FiLL"(0)')[0] as SelectStatement).fill).toEqual({ kind: "value", value: 0n });
  });

  it("reads a call only with ( right after its name, as 1.x's parser does", () => {
    expect(error("SELECT mean (a) FROM b")).toBe("found (, expected FROM at line 1, char 13");
    expect(error("SELECT a FROM b WHERE time > now () - 1d")).toBe("found (, expected ; at line 1, char 34");
    expect(error("SELECT DISTINCT (a) FROM b")).toBe("found (, expected identifier at line 1, char 17");
    expect(error("SELECT a FROM b tz ('UTC')")).toBe("tz must be a function call");
    expect(error("SELECT mean(a) FROM b GROUP BY time(1m) fill (0)")).toBe("fill must be a function call");
    expect(error("SELECT mean(a) FROM b GROUP BY time (1m)")).toBe("found (, expected ; at line 1, char 37");
    // A quoted name is a call too; a comment between name and ( spaces them.
    expect((parseQuery('SELECT "mean"(a) FROM b')[0] as SelectStatement).fields[0]!.expr).toMatchObject({ kind: "call", name: "mean" });
    expect(error("SELECT mean/* x */(a) FROM b")).toBe("found (, expected FROM at line 1, char 19");
    expect(select2('SELECT mean(a) FROM b GROUP BY "time"', {}).invalid).toBe("time() is a function and expects at least one argument");
  });

  it("reads digits followed by letters as a duration, as Go's scanner does (1e3 and 50i are invalid durations)", () => {
    for (const q of ["SELECT a FROM b WHERE a > 1e1", "SELECT a FROM b WHERE a > 5x", "SELECT percentile(a, 50i) FROM b", "SELECT a FROM b WHERE time > 5µs"]) {
      expect(error(q), q).toBe("invalid duration");
    }
    const c = (parseQuery("SELECT a FROM b WHERE time > now() - 5µ")[0] as SelectStatement).condition!;
    expect(c).toMatchObject({ right: { right: { kind: "duration", ns: 5_000n } } });
  });
});

describe("bound parameters in fill()", () => {
  it("fill with a number and are refused otherwise, as influxd 1.6.7 does", () => {
    const fillOf = (params: Record<string, BoundValue>): unknown => (parseQuery("SELECT count(v) FROM m GROUP BY time(1m) fill($f)", params)[0] as SelectStatement).fill;
    expect(fillOf({ f: 5 })).toEqual({ kind: "value", value: 5n });
    expect(fillOf({ f: 2.5 })).toEqual({ kind: "value", value: 2.5 });
    expect(() => fillOf({})).toThrow("missing parameter: f");
    expect(() => fillOf({ f: "previous" })).toThrow("expected number argument in fill()");
  });
});

describe("bound parameters where a regex goes", () => {
  // Every message is influxd 1.6.7's: a bound value is a string, number or boolean token, never a regex.
  const regexError = (params: Record<string, BoundValue>): string | undefined => {
    try {
      parseQuery("SELECT a FROM b WHERE host =~ $h", params);
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  };
  it("are refused, naming the bound value or the missing parameter", () => {
    expect(regexError({ h: "a" })).toBe("found a, expected regex at line 1, char 31");
    expect(regexError({ h: 1.5 })).toBe("found 1.5, expected regex at line 1, char 31");
    expect(regexError({ h: true })).toBe("found TRUE, expected regex at line 1, char 31");
    expect(regexError({})).toBe("found $h, expected regex at line 1, char 31");
  });
});

describe("SELECT", () => {
  it("reads fields, aliases, casts, arithmetic and functions", () => {
    const s = select(`SELECT "a b"::float AS x, mean(v) * 2, *::tag, /re.*/, DISTINCT host FROM m`);
    expect(s.fields.map((f) => f.alias)).toEqual(["x", undefined, undefined, undefined, undefined]);
    expect(s.fields[0]!.expr).toEqual({ kind: "ref", name: "a b", type: "float" });
    expect(s.fields[1]!.expr).toEqual({ kind: "binary", op: "*", left: { kind: "call", name: "mean", args: [{ kind: "ref", name: "v" }] }, right: { kind: "integer", value: 2n } });
    expect(s.fields[2]!.expr).toEqual({ kind: "wildcard", type: "tag" });
    expect(s.fields[3]!.expr).toEqual({ kind: "regex", pattern: "re.*" });
    expect(s.fields[4]!.expr).toEqual({ kind: "call", name: "distinct", args: [{ kind: "ref", name: "host" }] });
  });

  it("reads every source form", () => {
    const s = select(`SELECT v FROM m, "db"."rp"."m2", db..m3, rp.m4, /^cpu/, (SELECT v FROM inner)`);
    expect(s.sources.slice(0, 5)).toEqual([
      { kind: "measurement", name: "m" },
      { kind: "measurement", db: "db", rp: "rp", name: "m2" },
      { kind: "measurement", db: "db", name: "m3" },
      { kind: "measurement", rp: "rp", name: "m4" },
      { kind: "measurement", regex: "^cpu" },
    ]);
    expect(s.sources[5]!.kind).toBe("subquery");
  });

  it("reads WHERE precedence, GROUP BY, fill, ORDER BY, limits and tz", () => {
    const s = select(
      `SELECT mean(v) FROM m WHERE a = 'x' OR b =~ /y/ AND time > now() - 1h GROUP BY time(10m, -2m), host, /^r/, * fill(previous) ORDER BY time DESC LIMIT 5 OFFSET 2 SLIMIT 3 SOFFSET 1 tz('Europe/Paris')`,
    );
    expect(s.condition?.kind === "binary" && s.condition.op).toBe("OR");
    expect(s.dimensions).toEqual([
      { kind: "time", every: 600_000_000_000n, offset: -120_000_000_000n },
      { kind: "tag", name: "host" },
      { kind: "regex", pattern: "^r" },
      { kind: "wildcard" },
    ]);
    expect(s.fill).toEqual({ kind: "previous" });
    expect([s.descending, s.limit, s.offset, s.slimit, s.soffset, s.tz]).toEqual([true, 5, 2, 3, 1, "Europe/Paris"]);
  });

  it("reads durations, negative numbers, comments and several statements", () => {
    const stmts = parseQuery(`-- first\nSELECT v FROM m WHERE time > 1h30m AND v > -1.5; /* second */ SELECT v FROM m;`);
    expect(stmts).toHaveLength(2);
    const c = (stmts[0] as SelectStatement).condition!;
    expect(c).toMatchObject({ op: "AND", left: { right: { kind: "duration", ns: 5_400_000_000_000n } }, right: { right: { kind: "number", value: -1.5 } } });
  });

  it("substitutes bound parameters", () => {
    const s = parseQuery(`SELECT v FROM m WHERE host = $host AND v > $min LIMIT $n`, { host: "a", min: 1.5, n: 3 })[0] as SelectStatement;
    expect(s.condition).toMatchObject({ left: { right: { kind: "string", value: "a" } }, right: { right: { kind: "number", value: 1.5 } } });
    expect(s.limit).toBe(3);
  });
});

describe("SHOW, DELETE, DROP and statements 2.x does not run", () => {
  it("reads the SHOW family", () => {
    expect(one("SHOW DATABASES")).toEqual({ kind: "show databases" });
    expect(one("SHOW RETENTION POLICIES ON db")).toEqual({ kind: "show retention policies", db: "db" });
    expect(one("SHOW MEASUREMENTS WITH MEASUREMENT =~ /cpu/ WHERE host = 'a' LIMIT 2")).toMatchObject({ kind: "show measurements", match: { op: "=~", pattern: "cpu" }, limit: 2 });
    expect(one("SHOW TAG KEYS ON db FROM cpu")).toMatchObject({ kind: "show tag keys", db: "db", sources: [{ name: "cpu" }] });
    expect(one(`SHOW TAG VALUES FROM cpu WITH KEY IN ("host", "region")`)).toMatchObject({ kind: "show tag values", key: { op: "in", values: ["host", "region"] } });
    expect(one(`SHOW TAG VALUES WITH KEY =~ /h/`)).toMatchObject({ key: { op: "=~", pattern: "h" } });
    expect(one("SHOW FIELD KEYS FROM cpu")).toMatchObject({ kind: "show field keys" });
    expect(one("SHOW SERIES FROM cpu WHERE host = 'a'")).toMatchObject({ kind: "show series" });
    expect(one("SHOW SERIES EXACT CARDINALITY")).toMatchObject({ kind: "show cardinality", target: "series", exact: true });
    expect(one("SHOW MEASUREMENT CARDINALITY")).toMatchObject({ target: "measurement" });
    expect(one("SHOW TAG KEY CARDINALITY FROM cpu")).toMatchObject({ target: "tag key" });
    expect(one("SHOW TAG VALUES CARDINALITY WITH KEY = host")).toMatchObject({ target: "tag values", key: { op: "=", values: ["host"] } });
    expect(one("SHOW FIELD KEY CARDINALITY")).toMatchObject({ target: "field key" });
  });

  it("reads DELETE and DROP MEASUREMENT; keeps others for an error", () => {
    expect(one("DELETE FROM cpu WHERE host = 'a' AND time < '2020-01-01'")).toMatchObject({ kind: "delete", sources: [{ name: "cpu" }] });
    expect(one("DROP MEASUREMENT cpu")).toEqual({ kind: "drop measurement", name: "cpu" });
    expect(one("CREATE DATABASE foo")).toEqual({ kind: "unsupported", what: "CREATE DATABASE" });
    expect(one("SHOW USERS")).toEqual({ kind: "unsupported", what: "SHOW USERS" });
    expect(error("DELETE")).toBe("found EOF, expected FROM, WHERE at line 1, char 8");
  });
});
