// Answers where Fluxgate differed from influxd 1.6.7 (found by e2e/src/v1/differential.test.ts);
// every expected value here is influxd's answer to the same statement over the same points.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chunkedJson } from "./format.js";
import { openFixture, type Fixture } from "./test-support/fixture.js";

let f: Fixture;
beforeAll(async () => {
  f = await openFixture(["db"]);
  await f.write(
    "db",
    [
      "cpu,host=a usage=10,system=7.5,cores=2i,status=\"ok\" 0",
      "cpu,host=a usage=20,cores=4i 60",
      "cpu,host=a usage=30,system=1.5,cores=4i 120",
      "cpu,host=b usage=5,system=2,cores=8i 30",
      "cpu,host=b usage=7,cores=8i 90",
      "mem,host=a free=100 0",
    ].join("\n"),
    "s",
  );
});
afterAll(async () => f?.close());

type SeriesJson = { name: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] };
const seriesOf = async (q: string): Promise<SeriesJson[]> => {
  const { results } = await f.json(q);
  expect(results[0]!["error"]).toBeUndefined();
  return (results[0]!["series"] as SeriesJson[] | undefined) ?? [];
};
const errorOf = async (q: string): Promise<unknown> => (await f.json(q)).results[0]!["error"];

describe("statement errors in 1.x's words", () => {
  it("counts function arguments", async () => {
    expect(await errorOf("SELECT mean() FROM cpu")).toBe("invalid number of arguments for mean, expected 1, got 0");
    expect(await errorOf("SELECT mean(usage, 2) FROM cpu")).toBe("invalid number of arguments for mean, expected 1, got 2");
    expect(await errorOf("SELECT top(usage) FROM cpu")).toBe("invalid number of arguments for top, expected at least 2, got 1");
    expect(await errorOf("SELECT percentile(usage) FROM cpu")).toBe("invalid number of arguments for percentile, expected 2, got 1");
    expect(await errorOf("SELECT moving_average(usage) FROM cpu")).toBe("invalid number of arguments for moving_average, expected 2, got 1");
    expect(await errorOf("SELECT integral(usage, 1m, 2) FROM cpu")).toBe("invalid number of arguments for integral, expected at least 1 but no more than 2, got 3");
    expect(await errorOf("SELECT distinct(usage, 1) FROM cpu")).toBe("distinct function can only have one argument");
    expect(await errorOf("SELECT atan2(usage) FROM cpu")).toBe("invalid number of arguments for atan2, expected 2, got 1");
  });

  it("refuses time() without a duration when the statement runs", async () => {
    expect(await errorOf("SELECT count(usage) FROM cpu GROUP BY time(5)")).toBe("time dimension must have duration argument");
  });
});

describe("1.x's checks of each field before reading", () => {
  it("refuses a field without a field or tag, unknown functions (now() too) and only time, in field order", async () => {
    expect(await errorOf("SELECT 5 FROM cpu")).toBe("field must contain at least one variable");
    expect(await errorOf("SELECT 5 FROM nosuch")).toBe("field must contain at least one variable");
    expect(await errorOf("SELECT mean(usage), 5 FROM cpu")).toBe("field must contain at least one variable");
    expect(await errorOf("SELECT abs(5) FROM cpu")).toBe("field must contain at least one variable");
    expect(await errorOf("SELECT 5, nosuchfn(usage) FROM cpu")).toBe("field must contain at least one variable");
    expect(await errorOf("SELECT nosuchfn(usage), 5 FROM cpu")).toBe("undefined function nosuchfn()");
    expect(await errorOf("SELECT usage + now() FROM cpu")).toBe("undefined function now()");
    expect(await errorOf("SELECT histogram(usage) FROM cpu")).toBe("undefined function histogram()");
    expect(await errorOf("SELECT mean(), 5 FROM cpu")).toBe("invalid number of arguments for mean, expected 1, got 0");
    expect(await errorOf("SELECT count(5) FROM cpu")).toBe("expected field argument in count()");
    expect(await errorOf("SELECT time FROM cpu")).toBe("at least 1 non-time field must be queried");
    expect(await errorOf("SELECT 5 FROM nosuchdb.autogen.cpu")).toBe("database not found: nosuchdb");
  });

  it("expands * and /regex/ only in a field of their own", async () => {
    expect(await errorOf("SELECT mean(*) + 1 FROM cpu")).toBe("unsupported expression with wildcard: mean()");
    expect(await errorOf("SELECT 1 + mean(/usa/) FROM cpu")).toBe("unsupported expression with regex field: mean()");
    expect(await errorOf("SELECT abs(/usa/) FROM cpu")).toBe("field must contain at least one variable");
    expect(await errorOf("SELECT top(*, 2) FROM cpu")).toBe("expected first argument to be a field in top(), found *");
    expect(await errorOf("SELECT bottom(/usa/, 2) FROM cpu")).toBe("expected first argument to be a field in bottom(), found /usa/");
    expect(await errorOf("SELECT top(usage, /h/, 2) FROM cpu")).toBe("only fields or tags are allowed in top(), found /h/");
    // Parentheses around a call are dropped first: it expands.
    expect((await seriesOf("SELECT (max(*)) FROM mem"))[0]!.columns).toEqual(["time", "max_free"]);
    // A math function reading the fields takes only numeric ones.
    expect((await seriesOf("SELECT abs(*) FROM cpu WHERE host = 'a'"))[0]!.columns).toEqual(["time", "abs_cores", "abs_system", "abs_usage"]);
  });

  it("checks top()/bottom() as 1.x compiles them: the count, then the field, then the tags; an outer call's own checks first", async () => {
    expect(await errorOf("SELECT top(/usa/, 'x') FROM cpu")).toBe("expected integer as last argument in top(), found 'x'");
    expect(await errorOf("SELECT top(usage, 2.5) FROM cpu")).toBe("expected integer as last argument in top(), found 2.500");
    expect(await errorOf('SELECT top(usage, "a b") FROM cpu')).toBe('expected integer as last argument in top(), found "a b"');
    expect(await errorOf("SELECT top(usage, 10m) FROM cpu")).toBe("expected integer as last argument in top(), found 10m");
    expect(await errorOf("SELECT top(/usa/, host, 0) FROM cpu")).toBe("limit (0) in top function must be at least 1");
    expect(await errorOf("SELECT bottom(*, -1) FROM cpu")).toBe("limit (-1) in bottom function must be at least 1");
    expect(await errorOf("SELECT top(/usa/, 3) FROM cpu LIMIT 2")).toBe("limit (3) in top function can not be larger than the LIMIT (2) in the select statement");
    expect(await errorOf("SELECT top(max(usage), 2) FROM cpu")).toBe("expected first argument to be a field in top(), found max(usage)");
    expect(await errorOf("SELECT top(usage, 2, 2) FROM cpu")).toBe("only fields or tags are allowed in top(), found 2");
    expect(await errorOf("SELECT top(usage, 'a b', 2) FROM cpu")).toBe("only fields or tags are allowed in top(), found 'a b'");
    expect(await errorOf("SELECT max(top(/usa/, 2)) FROM cpu")).toBe("expected field argument in max()");
    expect(await errorOf("SELECT max(nosuchfn(usage)) FROM cpu")).toBe("expected field argument in max()");
    expect(await errorOf("SELECT derivative(top(/usa/, 2)) FROM cpu")).toBe("derivative aggregate requires a GROUP BY interval");
    // The count may be integer arithmetic, reduced first.
    expect((await seriesOf("SELECT top(usage, 1 + 1) FROM cpu"))[0]!.values).toHaveLength(2);
  });

  it("checks integral()'s unit and percentile()'s N before the field, and refuses them over strings and booleans", async () => {
    expect(await errorOf("SELECT integral(usage, 1) FROM cpu")).toBe("second argument must be a duration");
    expect(await errorOf("SELECT integral(max(usage), 0s) FROM cpu")).toBe("duration argument must be positive, got 0s");
    expect(await errorOf("SELECT integral(usage, -90s) FROM cpu")).toBe("duration argument must be positive, got -90s");
    expect(await errorOf("SELECT percentile(max(usage), 'x') FROM cpu")).toBe("expected float argument in percentile()");
    expect(await errorOf("SELECT percentile(usage, 10m) FROM cpu")).toBe("expected float argument in percentile()");
    expect(await errorOf("SELECT integral(status) FROM cpu")).toBe("unsupported integral iterator type: *query.stringInterruptIterator");
    expect(await errorOf("SELECT percentile(status, 50) FROM cpu")).toBe("unsupported percentile iterator type: *query.stringInterruptIterator");
  });

  it("reads a /regex/ only where 1.x looks for one", async () => {
    await expect(f.run("SELECT 1 + /u/ FROM cpu")).rejects.toThrow("found /, expected identifier, string, number, bool at line 1, char 12");
    await expect(f.run("SELECT /u/ / 2 FROM cpu")).rejects.toThrow("found /, expected FROM at line 1, char 12");
  });
});

describe("subqueries", () => {
  it("take the outer GROUP BY tags as their own", async () => {
    const s = await seriesOf("SELECT max(m) FROM (SELECT mean(usage) AS m FROM cpu) GROUP BY host");
    expect(s.map((x) => [x.tags, x.values])).toEqual([
      [{ host: "a" }, [["1970-01-01T00:00:00Z", 20]]],
      [{ host: "b" }, [["1970-01-01T00:00:00Z", 6]]],
    ]);
    const raw = await seriesOf("SELECT x FROM (SELECT usage AS x FROM cpu LIMIT 1) GROUP BY host");
    expect(raw.map((x) => [x.tags, x.values])).toEqual([
      [{ host: "a" }, [["1970-01-01T00:00:00Z", 10]]],
      [{ host: "b" }, [["1970-01-01T00:00:30Z", 5]]],
    ]);
  });
});

describe("a field read as a tag, and tags alone", () => {
  it("answers nothing for tags alone (a field read as a tag among them), as 1.6 does", async () => {
    expect(await seriesOf("SELECT host FROM cpu")).toEqual([]);
    expect(await seriesOf("SELECT usage::tag, host FROM cpu")).toEqual([]);
    expect(await seriesOf("SELECT *::tag FROM cpu GROUP BY host")).toEqual([]);
    expect(await errorOf("SELECT host FROM cpu GROUP BY time(1h)")).toBe("GROUP BY requires at least one aggregate function");
  });

  it("aggregates of a field read as a tag read nothing", async () => {
    expect(await seriesOf("SELECT count(usage::tag) FROM cpu")).toEqual([]);
    const [s] = await seriesOf("SELECT max(usage::tag), max(system) FROM cpu");
    expect(s!.values).toEqual([["1970-01-01T00:00:00Z", null, 7.5]]);
  });

  it("reads a subquery's column as a tag by its name", async () => {
    const [s] = await seriesOf("SELECT x::tag FROM (SELECT usage AS x FROM cpu WHERE host = 'a') LIMIT 1");
    expect(s!.values).toEqual([["1970-01-01T00:00:00Z", 10]]);
  });
});

describe("WHERE as 1.x reads it", () => {
  it("orders only numbers: an ordering of strings, booleans or tags holds for no row", async () => {
    expect(await seriesOf("SELECT status FROM cpu WHERE status > 'a'")).toEqual([]);
    expect(await seriesOf("SELECT usage FROM cpu WHERE host > 'a'")).toEqual([]);
    const [s] = await seriesOf("SELECT usage FROM cpu WHERE host < 'b' OR usage > 25");
    expect(s!.values).toEqual([["1970-01-01T00:02:00Z", 30]]);
  });

  it("refuses != on time and names a regex compared with time", async () => {
    expect(await errorOf("SELECT usage FROM cpu WHERE time != 0")).toBe("invalid time comparison operator: !=");
    expect(await errorOf("SELECT usage FROM cpu WHERE time =~ /x/")).toBe("invalid operation: time and *influxql.RegexLiteral are not compatible");
  });
});

describe("SLIMIT and SOFFSET", () => {
  it("pick each measurement's series in the order of 1.x's tag set keys; SOFFSET alone picks none", async () => {
    await f.write("db", "slim,k=a,z=1 v=1 0\nslim,c=x,k=b v=2 0\nslim,k=c v=3 0", "s");
    // Keys: "k|z|a|1", "c|k|x|b", "k|c": the series with c=x comes first.
    const first = await seriesOf("SELECT v FROM slim GROUP BY * SLIMIT 1");
    expect(first.map((s) => s.tags)).toEqual([{ c: "x", k: "b", z: "" }]);
    const next = await seriesOf("SELECT v FROM slim GROUP BY * SLIMIT 2 SOFFSET 1");
    expect(next.map((s) => s.tags?.["k"])).toEqual(["a", "c"]);
    expect(await seriesOf("SELECT v FROM slim GROUP BY * SOFFSET 1")).toEqual([]);
    expect(await seriesOf("SELECT count(v) FROM slim GROUP BY k SOFFSET 1")).toEqual([]);
    const perMeasurement = await seriesOf("SELECT max(usage), max(v) FROM cpu, slim GROUP BY k SLIMIT 1");
    expect(perMeasurement.map((s) => s.name)).toEqual(["cpu", "slim"]);
  });

  it("GROUP BY * over several measurements groups each by the tag keys of all of them", async () => {
    const series = await seriesOf("SELECT max(free), max(v) FROM mem, slim GROUP BY * SLIMIT 1");
    expect(series.map((s) => [s.name, s.tags])).toEqual([
      ["mem", { c: "", host: "a", k: "", z: "" }],
      ["slim", { c: "x", host: "", k: "b", z: "" }],
    ]);
  });
});

describe("raw rows", () => {
  it("keeps a row whose expression is null when a field it reads has a value", async () => {
    const [s] = await seriesOf("SELECT usage + system FROM cpu WHERE host = 'a'");
    expect(s!.values).toEqual([
      ["1970-01-01T00:00:00Z", 17.5],
      ["1970-01-01T00:01:00Z", null],
      ["1970-01-01T00:02:00Z", 31.5],
    ]);
    // A field only in WHERE makes no row.
    const [w] = await seriesOf("SELECT system FROM cpu WHERE host = 'a' AND usage > 0");
    expect(w!.values.map((r) => r[0])).toEqual(["1970-01-01T00:00:00Z", "1970-01-01T00:02:00Z"]);
  });

  it("gives every measurement of a wildcard select the columns of all of them", async () => {
    const s = await seriesOf("SELECT * FROM cpu, mem WHERE host = 'a' LIMIT 1");
    expect(s.map((x) => [x.name, x.columns])).toEqual([
      ["cpu", ["time", "cores", "free", "host", "status", "system", "usage"]],
      ["mem", ["time", "cores", "free", "host", "status", "system", "usage"]],
    ]);
    expect(s[1]!.values).toEqual([["1970-01-01T00:00:00Z", null, 100, "a", null, null, null]]);
    // So does a function of a pattern.
    const counts = await seriesOf("SELECT count(*) FROM cpu, mem WHERE host = 'a'");
    expect(counts.map((x) => [x.name, x.columns, x.values])).toEqual([
      ["cpu", ["time", "count_cores", "count_free", "count_status", "count_system", "count_usage"], [["1970-01-01T00:00:00Z", 3, null, 1, 2, 3]]],
      ["mem", ["time", "count_cores", "count_free", "count_status", "count_system", "count_usage"], [["1970-01-01T00:00:00Z", null, 1, null, null, null]]],
    ]);
  });

  it("orders series descending under ORDER BY time DESC", async () => {
    const s = await seriesOf("SELECT usage FROM cpu GROUP BY host ORDER BY time DESC LIMIT 1");
    expect(s.map((x) => x.tags)).toEqual([{ host: "b" }, { host: "a" }]);
    expect(s.map((x) => x.values)).toEqual([[["1970-01-01T00:01:30Z", 7]], [["1970-01-01T00:02:00Z", 30]]]);
  });
});

describe("aggregates", () => {
  it("breaks MODE ties as 1.x does", async () => {
    const sequences: Array<[number[], number]> = [
      [[4, 6, 8, 4, 6, 8], 8],
      [[6, 4, 4, 6], 6],
      [[5, 5, 3, 3, 7, 7], 5],
      [[1, 2, 2, 1], 2],
      [[2, 4, 6, 8, 2, 4, 6, 8, 2, 4, 6], 6],
      // 19 points: Go's unstable sort decides (see go-sort.ts).
      [[2, 4, 6, 8, 2, 4, 6, 8, 2, 4, 6, 8, 2, 4, 6, 8, 2, 4, 6], 2],
      [[4, 6, 8, 2, 4, 6, 8, 2, 4, 6, 8, 2, 4, 6, 8, 2, 4, 6, 8], 8],
    ];
    for (const [i, [sequence, mode]] of sequences.entries()) {
      await f.write("db", sequence.map((v, t) => `modes,seq=s${i} v=${v}i ${t + 1}`).join("\n"), "s");
      const [s] = await seriesOf(`SELECT mode(v) FROM modes WHERE seq = 's${i}'`);
      expect(s!.values, sequence.join(" ")).toEqual([["1970-01-01T00:00:00Z", mode]]);
    }
  });
});

describe("INTEGRAL per GROUP BY time window", () => {
  it("runs across windows with the value interpolated at each window's end", async () => {
    await f.write("db", "integ v=0 0\ninteg v=90 90\ninteg v=30 150", "s");
    const [s] = await seriesOf("SELECT integral(v) FROM integ WHERE time >= 0 AND time < 180s GROUP BY time(1m)");
    expect(s!.values).toEqual([
      ["1970-01-01T00:00:00Z", 1800.0000000000002],
      ["1970-01-01T00:01:00Z", 4500],
      ["1970-01-01T00:02:00Z", 1350],
    ]);
    // An integer field: 1.x opens each next window with the point before the boundary.
    await f.write("db", "integi v=0i 0\nintegi v=90i 90\nintegi v=30i 150", "s");
    const [ints] = await seriesOf("SELECT integral(v) FROM integi WHERE time >= 0 AND time < 180s GROUP BY time(1m)");
    expect(ints!.values).toEqual([
      ["1970-01-01T00:00:00Z", 1800.0000000000002],
      ["1970-01-01T00:01:00Z", 3150],
      ["1970-01-01T00:02:00Z", 2250],
    ]);
    // 1.x fills no window for INTEGRAL: the empty last window is not a row.
    const [wider] = await seriesOf("SELECT integral(v) FROM integ WHERE time >= 0 AND time < 240s GROUP BY time(1m)");
    expect(wider!.values).toHaveLength(3);
    for (const fill of ["fill(0)", "fill(previous)", "fill(linear)"]) {
      const [filled] = await seriesOf(`SELECT integral(v) FROM integ WHERE time >= 0 AND time < 240s GROUP BY time(1m) ${fill}`);
      expect(filled!.values, fill).toHaveLength(3);
    }
  });

  it("gives the area across empty windows to the next window with points", async () => {
    const [s] = await seriesOf("SELECT integral(v) FROM integ WHERE time >= 0 AND time < 180s GROUP BY time(20s)");
    expect(s!.values).toEqual([
      ["1970-01-01T00:00:00Z", 200],
      ["1970-01-01T00:01:20Z", 4700],
      ["1970-01-01T00:02:20Z", 2750],
    ]);
  });
});

describe("a lone percentile() without a point in the first window read", () => {
  it("answers nothing at all; such windows later are only empty (as influxd 1.6.7 does)", async () => {
    await f.write("db", "pct,g=a v=1 0\npct,g=a v=2 10\npct,g=a v=3 60\npct,g=a v=4 130\npct,g=a v=5 140\npct,g=b v=10 0\npct,g=b v=11 60\npct,g=b v=12 70\npct,g=b v=13 120", "s");
    const range = "time >= 0 AND time < 180s";
    const both = await seriesOf(`SELECT percentile(v, 25) FROM pct WHERE ${range} GROUP BY time(1m), g`);
    expect(both.map((s) => s.values.map((r) => r[1]))).toEqual([
      [1, null, 4],
      [null, 11, null],
    ]);
    expect(await seriesOf(`SELECT percentile(v, 25) FROM pct WHERE ${range} AND g = 'b' GROUP BY time(1m)`)).toEqual([]);
    expect(await seriesOf(`SELECT percentile(v, 25) FROM pct WHERE ${range} GROUP BY time(1m), g ORDER BY time DESC`)).toEqual([]);
    expect(await seriesOf(`SELECT percentile(v, 25) FROM pct WHERE time < 5s GROUP BY g`)).toEqual([]);
  });
});

describe("fill(linear) of booleans", () => {
  it("leaves their gaps empty", async () => {
    await f.write("db", "linb b=true 0\nlinb b=false 40\nlinb b=true 120", "s");
    const [s] = await seriesOf("SELECT last(b) FROM linb WHERE time >= 0 AND time < 180s GROUP BY time(20s) fill(linear)");
    expect(s!.values.map((r) => r[1])).toEqual([true, null, false, null, null, null, true, null, null]);
  });
});

describe("fill() on raw rows", () => {
  it("fills empty cells, tags and strings included, and refuses none and linear", async () => {
    // (The point at 1m has neither field: it is no row.)
    const [zero] = await seriesOf("SELECT system, status, rack FROM cpu WHERE host = 'a' fill(-1)");
    expect(zero!.values).toEqual([
      ["1970-01-01T00:00:00Z", 7.5, "ok", -1],
      ["1970-01-01T00:02:00Z", 1.5, -1, -1],
    ]);
    const [previous] = await seriesOf("SELECT system, status FROM cpu WHERE host = 'a' fill(previous)");
    expect(previous!.values).toEqual([
      ["1970-01-01T00:00:00Z", 7.5, "ok"],
      ["1970-01-01T00:02:00Z", 1.5, "ok"],
    ]);
    expect(await errorOf("SELECT system FROM cpu fill(none)")).toBe("fill(none) must be used with a function");
    expect(await errorOf("SELECT system FROM cpu fill(linear)")).toBe("fill(linear) must be used with a function");
  });
});

describe("numeric functions over strings and booleans", () => {
  it("are refused in 1.x's words", async () => {
    await f.write("db", 'flags,host=a up=true,label="x" 0\nflags,host=a up=false,label="y" 60', "s");
    expect(await errorOf("SELECT mean(label) FROM flags")).toBe("unsupported mean iterator type: *query.stringInterruptIterator");
    expect(await errorOf("SELECT sum(up) FROM flags")).toBe("unsupported sum iterator type: *query.booleanInterruptIterator");
    expect(await errorOf("SELECT cumulative_sum(label) FROM flags")).toBe("unsupported cumulative sum iterator type: *query.stringInterruptIterator");
    expect(await errorOf("SELECT max(label) FROM flags")).toBe("unsupported max iterator type: *query.stringInterruptIterator");
    // min() and max() of booleans are answered (false < true; the first such point).
    const [minMax] = await seriesOf("SELECT max(up), min(up) FROM flags");
    expect(minMax!.values).toEqual([["1970-01-01T00:00:00Z", true, false]]);
    const [min] = await seriesOf("SELECT min(up) FROM flags");
    expect(min!.values).toEqual([["1970-01-01T00:01:00Z", false]]);
  });
});

describe("numeric functions over strings and booleans beside other calls", () => {
  it("answer min()/max() of booleans and refuse the rest, as when alone", async () => {
    await f.write("db", 'mixed,host=a up=true,label="x",n=1 0\nmixed,host=a up=false,label="y",n=2 60\nmixed,host=b up=false,n=3 0', "s");
    const [both] = await seriesOf("SELECT max(up), min(up), count(n), max(n) FROM mixed");
    expect(both!.values).toEqual([["1970-01-01T00:00:00Z", true, false, 3, 3]]);
    const byHost = await seriesOf("SELECT max(up), count(n) FROM mixed GROUP BY host");
    expect(byHost.map((s) => s.values)).toEqual([[["1970-01-01T00:00:00Z", true, 2]], [["1970-01-01T00:00:00Z", false, 1]]]);
    const [windows] = await seriesOf("SELECT min(up), sum(n) FROM mixed WHERE time >= 0 AND time < 120s GROUP BY time(1m)");
    expect(windows!.values).toEqual([
      ["1970-01-01T00:00:00Z", false, 4],
      ["1970-01-01T00:01:00Z", false, 2],
    ]);
    expect(await errorOf("SELECT mean(label), count(n) FROM mixed")).toBe("unsupported mean iterator type: *query.stringInterruptIterator");
    expect(await errorOf("SELECT count(n), sum(up) FROM mixed")).toBe("unsupported sum iterator type: *query.booleanInterruptIterator");
    expect(await errorOf("SELECT max(label), max(n) FROM mixed")).toBe("unsupported max iterator type: *query.stringInterruptIterator");
    // min(*) and max(*) leave string fields out, booleans in.
    const [wild] = await seriesOf("SELECT max(*), min(*) FROM mixed");
    expect(wild!.columns).toEqual(["time", "max_n", "max_up", "min_n", "min_up"]);
    expect(wild!.values).toEqual([["1970-01-01T00:00:00Z", 3, true, 1, false]]);
    // Over a subquery's columns too.
    expect(await errorOf("SELECT mean(label), count(n) FROM (SELECT label, n FROM mixed)")).toBe("unsupported mean iterator type: *query.stringInterruptIterator");
    expect(await errorOf("SELECT max(host) FROM (SELECT n, host FROM mixed)")).toBe("unsupported max iterator type: *query.stringInterruptIterator");
    const [inner] = await seriesOf("SELECT max(up), min(up) FROM (SELECT up FROM mixed)");
    expect(inner!.values).toEqual([["1970-01-01T00:00:00Z", true, false]]);
    // fill() does not hide it.
    expect(await errorOf("SELECT mean(label), count(n) FROM mixed WHERE time >= 0 AND time < 180s GROUP BY time(1m) fill(0)")).toBe(
      "unsupported mean iterator type: *query.stringInterruptIterator",
    );
  });
});

describe("count() of empty windows", () => {
  it("is 0 under fill(null) and filled like any value under fill(previous) and fill(linear)", async () => {
    await f.write("db", "gaps v=1 0\ngaps v=2 120\ngaps v=3 130\ngaps v=4 140", "s");
    const counts = async (fill: string): Promise<unknown[]> =>
      (await seriesOf(`SELECT count(v) FROM gaps WHERE time >= 0 AND time < 300s GROUP BY time(1m) ${fill}`))[0]!.values.map((row) => row[1]);
    expect(await counts("fill(null)")).toEqual([1, 0, 3, 0, 0]);
    expect(await counts("fill(previous)")).toEqual([1, 1, 3, 3, 3]);
    expect(await counts("fill(linear)")).toEqual([1, 2, 3, null, null]);
  });
});

describe("fill() with a number", () => {
  it("casts it to each column's type: false for booleans, \"\" for strings, truncated for integers", async () => {
    await f.write("db", 'mixed,host=a up=true,label="x",n=1 0\nmixed,host=a up=false,label="y",n=2 60\nmixed,host=b up=false,n=3 0', "s");
    const [s] = await seriesOf("SELECT max(up), first(label), count(n), max(n) FROM mixed WHERE time >= 0 AND time < 180s GROUP BY time(1m) fill(2.5)");
    expect(s!.values[2]).toEqual(["1970-01-01T00:02:00Z", false, "", 2, 2.5]);
  });
});

describe("top() and bottom() with tags beside them", () => {
  it("show the tags of each point they select", async () => {
    const [top] = await seriesOf("SELECT top(usage, 2), host FROM cpu");
    expect(top!.columns).toEqual(["time", "top", "host"]);
    expect(top!.values).toEqual([
      ["1970-01-01T00:01:00Z", 20, "a"],
      ["1970-01-01T00:02:00Z", 30, "a"],
    ]);
    const [bottom] = await seriesOf("SELECT bottom(usage, 2), host FROM cpu");
    expect(bottom!.values).toEqual([
      ["1970-01-01T00:00:30Z", 5, "b"],
      ["1970-01-01T00:01:30Z", 7, "b"],
    ]);
  });
});

describe("top() and bottom() with several tag arguments", () => {
  it("pick the best point per combination, their columns right after the call's (a name taken gets _1)", async () => {
    await f.write("db", "tb,h=a,r=x v=3 10\ntb,h=b v=5 20\ntb,h=a,r=y v=4 30", "s");
    const [all] = await seriesOf("SELECT top(v, h, r, 3) FROM tb");
    expect(all!.columns).toEqual(["time", "top", "h", "r"]);
    expect(all!.values).toEqual([
      ["1970-01-01T00:00:10Z", 3, "a", "x"],
      ["1970-01-01T00:00:20Z", 5, "b", null],
      ["1970-01-01T00:00:30Z", 4, "a", "y"],
    ]);
    const [beside] = await seriesOf("SELECT top(v, h, 2), h FROM tb");
    expect(beside!.columns).toEqual(["time", "top", "h", "h_1"]);
    expect(beside!.values).toEqual([
      ["1970-01-01T00:00:20Z", 5, "b", "b"],
      ["1970-01-01T00:00:30Z", 4, "a", "a"],
    ]);
  });
});

describe("mode() and percentile() under ORDER BY time DESC", () => {
  it("meet the points newest first, which decides among equal values (as influxd 1.6.7 answers)", async () => {
    await f.write("db", "mdesc v=2i 1\nmdesc v=1i 2\nmdesc v=2i 3\nmdesc v=1i 4", "s");
    expect((await seriesOf("SELECT mode(v) FROM mdesc"))[0]!.values).toEqual([["1970-01-01T00:00:00Z", 2]]);
    expect((await seriesOf("SELECT mode(v) FROM mdesc ORDER BY time DESC"))[0]!.values).toEqual([["1970-01-01T00:00:00Z", 1]]);
    expect((await seriesOf("SELECT percentile(v, 50) FROM mdesc"))[0]!.values).toEqual([["1970-01-01T00:00:04Z", 1]]);
    expect((await seriesOf("SELECT percentile(v, 50) FROM mdesc ORDER BY time DESC"))[0]!.values).toEqual([["1970-01-01T00:00:02Z", 1]]);
  });
});

describe("time in the SELECT list more than once", () => {
  it("takes the time fields 1.x's removal loop takes (it steps over the field after each), the last one naming the column", async () => {
    const [kept] = await seriesOf("SELECT time, time, usage FROM cpu WHERE host = 'a' LIMIT 1");
    expect(kept!.columns).toEqual(["time", "time", "usage"]);
    expect(kept!.values).toEqual([["1970-01-01T00:00:00Z", null, 10]]);
    const [both] = await seriesOf("SELECT time AS a, usage, time AS b FROM cpu WHERE host = 'a' LIMIT 1");
    expect(both!.columns).toEqual(["b", "usage"]);
  });
});

describe("GROUP BY a /regex/ and distinct() of a pattern", () => {
  it("leaves every tag out of *, and refuses a pattern in distinct()", async () => {
    const [s] = await seriesOf("SELECT * FROM cpu GROUP BY /^zz/ LIMIT 1");
    expect(s!.columns).toEqual(["time", "cores", "status", "system", "usage"]);
    expect(await errorOf("SELECT distinct(*) FROM cpu")).toBe("expected field argument in distinct()");
    expect(await errorOf("SELECT count(distinct(/u/)) FROM cpu")).toBe("expected field argument in distinct()");
  });
});

describe("transformations under ORDER BY time DESC", () => {
  it("run newest first, as influxd 1.6.7 answers", async () => {
    await f.write("db", [1, 2, 4, 8].map((v, i) => `newest v=${v} ${i * 60}`).concat("newest v=10 240", "newest v=22 270").join("\n"), "s");
    const run = async (call: string): Promise<unknown[][]> => (await seriesOf(`SELECT ${call} FROM newest ORDER BY time DESC`))[0]?.values ?? [];
    expect(await run("derivative(v)")).toEqual([
      ["1970-01-01T00:04:00Z", -0.4],
      ["1970-01-01T00:03:00Z", -0.03333333333333333],
      ["1970-01-01T00:02:00Z", -0.06666666666666667],
      ["1970-01-01T00:01:00Z", -0.03333333333333333],
      ["1970-01-01T00:00:00Z", -0.016666666666666666],
    ]);
    expect(await run("non_negative_derivative(v)")).toEqual([]);
    expect((await run("difference(v)")).map((r) => r[1])).toEqual([-12, -2, -4, -2, -1]);
    expect((await run("elapsed(v)")).map((r) => r[1])).toEqual([-30000000000, -60000000000, -60000000000, -60000000000, -60000000000]);
    expect((await run("cumulative_sum(v)")).map((r) => r[1])).toEqual([22, 32, 40, 44, 46, 47]);
    expect((await run("moving_average(v, 2)")).map((r) => r[1])).toEqual([16, 9, 6, 3, 1.5]);
  });
});

describe("columns and conditions as 1.x reads the statement", () => {
  it("names columns: aliases as written, generated names suffixed past them", async () => {
    const [s] = await seriesOf("SELECT usage AS usage_1, usage, usage, usage AS u, usage AS u FROM cpu WHERE host = 'a' LIMIT 1");
    expect(s!.columns).toEqual(["time", "usage_1", "usage", "usage_2", "u", "u"]);
  });

  it("takes time in the SELECT list as the time column, named by its alias", async () => {
    expect((await seriesOf("SELECT time, usage FROM cpu WHERE host = 'a' LIMIT 1"))[0]!.columns).toEqual(["time", "usage"]);
    const [t] = await seriesOf("SELECT time AS t, usage FROM cpu WHERE host = 'a' LIMIT 1");
    expect(t!.columns).toEqual(["t", "usage"]);
    expect(t!.values).toEqual([["1970-01-01T00:00:00Z", 10]]);
  });

  it("takes a time comparison under OR as part of the time range", async () => {
    const [s] = await seriesOf("SELECT usage FROM cpu WHERE host = 'b' OR time > 60s");
    expect(s!.values).toEqual([["1970-01-01T00:01:30Z", 7]]);
    expect(await seriesOf("SELECT usage FROM cpu WHERE time > 100s OR time < 10s")).toEqual([]);
  });
});

describe("subqueries", () => {
  it("merge an aggregate subquery's series window by window, not by the selected points' times", async () => {
    // max() picks host a's point at 2m and host b's at 1m30s: b's row still comes after a's.
    const [s] = await seriesOf("SELECT peak, host FROM (SELECT max(usage) AS peak FROM cpu GROUP BY host)");
    expect(s!.values).toEqual([
      ["1970-01-01T00:02:00Z", 30, "a"],
      ["1970-01-01T00:01:30Z", 7, "b"],
    ]);
    // A raw subquery's rows go by time.
    const [raw] = await seriesOf("SELECT usage, host FROM (SELECT usage FROM cpu GROUP BY host) WHERE time < 60s");
    expect(raw!.values).toEqual([
      ["1970-01-01T00:00:00Z", 10, "a"],
      ["1970-01-01T00:00:30Z", 5, "b"],
    ]);
  });

  it("name the first of two multi-row selectors in the error", async () => {
    expect(await errorOf("SELECT top(usage, 1), bottom(usage, 1) FROM cpu")).toBe("selector function top() cannot be combined with other functions");
  });
});

describe("chunked answers of meta statements", () => {
  it("keep SHOW MEASUREMENTS whole and SHOW TAG KEYS / TAG VALUES one document per series, as influxd does", async () => {
    const chunks = async (q: string): Promise<unknown[]> => {
      const out: unknown[] = [];
      for (const r of await f.run(q)) for (const b of chunkedJson(r, 1, {})) out.push(JSON.parse(b.toString("utf8")));
      return out;
    };
    expect(await chunks("SHOW MEASUREMENTS")).toHaveLength(1);
    const tagValues = await chunks("SHOW TAG VALUES FROM /^(cpu|mem)$/ WITH KEY = host");
    expect(tagValues).toEqual([
      { results: [{ statement_id: 0, series: [{ name: "cpu", columns: ["key", "value"], values: [["host", "a"], ["host", "b"]] }] }] },
      { results: [{ statement_id: 0, series: [{ name: "mem", columns: ["key", "value"], values: [["host", "a"]] }] }] },
    ]);
    // SELECT answers are still cut every chunk_size rows.
    expect(await chunks("SELECT usage FROM cpu WHERE host = 'a'")).toHaveLength(3);
  });
});

describe("edges of arithmetic and percentile", () => {
  it("answers 0 for an integer modulo 0, null for a float one", async () => {
    const [s] = await seriesOf("SELECT cores % 0, usage % 0 FROM cpu WHERE host = 'a' LIMIT 1");
    expect(s!.values).toEqual([["1970-01-01T00:00:00Z", 0, null]]);
  });

  it("shows no row for a percentile whose rank is outside the points", async () => {
    expect(await seriesOf("SELECT percentile(usage, 150) FROM cpu")).toEqual([]);
    expect(await seriesOf("SELECT percentile(usage, 10) FROM cpu GROUP BY host")).toEqual([]);
    // Beside another function, its cell is null.
    const [both] = await seriesOf("SELECT percentile(usage, 150), max(usage) FROM cpu");
    expect(both!.values).toEqual([["1970-01-01T00:00:00Z", null, 30]]);
  });
});
