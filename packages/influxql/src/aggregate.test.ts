import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { h2oLines, openFixture, type Fixture } from "./test-support/fixture.js";

let f: Fixture;
beforeAll(async () => {
  f = await openFixture(["noaa"]);
  await f.write("noaa", h2oLines(), "s");
});
afterAll(async () => f?.close());

type SeriesJson = { name?: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] };
const seriesOf = async (q: string, options: Record<string, unknown> = {}): Promise<SeriesJson[]> => {
  const { results } = await f.json(q, options);
  expect(results[0]!.error).toBeUndefined();
  return (results[0]!.series as SeriesJson[] | undefined) ?? [];
};
const values = async (q: string): Promise<unknown[][]> => {
  const s = await seriesOf(q);
  expect(s).toHaveLength(1);
  return s[0]!.values;
};
const close = (rows: unknown[][], expected: Array<[string, number | null]>): void => {
  expect(rows.map((r) => r[0])).toEqual(expected.map((e) => e[0]));
  rows.forEach((r, i) => {
    const want = expected[i]![1];
    if (want === null) expect(r[1]).toBeNull();
    else expect(r[1] as number).toBeCloseTo(want, 12);
  });
};

const CC = "location = 'coyote_creek'";
const SM = "location = 'santa_monica'";
const RANGE = "time >= '2015-08-18T00:00:00Z' AND time <= '2015-08-18T00:30:00Z'";

describe("aggregates pushed down to storage", () => {
  it("MEAN per 12 minutes (documented example)", async () => {
    close(await values(`SELECT MEAN("water_level") FROM "h2o_feet" WHERE ${CC} AND ${RANGE} GROUP BY time(12m)`), [
      ["2015-08-18T00:00:00Z", 8.0625],
      ["2015-08-18T00:12:00Z", 7.8245],
      ["2015-08-18T00:24:00Z", 7.5675],
    ]);
  });

  it("COUNT per 12 minutes with an offset and per tag", async () => {
    const s = await seriesOf(`SELECT COUNT(water_level) FROM h2o_feet WHERE ${RANGE} GROUP BY time(12m, 6m), location`);
    expect(s.map((x) => x.tags)).toEqual([{ location: "coyote_creek" }, { location: "santa_monica" }]);
    expect(s[0]!.values).toEqual([
      ["2015-08-17T23:54:00Z", 1],
      ["2015-08-18T00:06:00Z", 2],
      ["2015-08-18T00:18:00Z", 2],
      ["2015-08-18T00:30:00Z", 1],
    ]);
  });

  it("SUM, MIN, MAX, FIRST, LAST, SPREAD, STDDEV, MEDIAN over the whole range", async () => {
    const s = await seriesOf(`SELECT SUM(water_level), MIN(water_level), MAX(water_level), FIRST(water_level), LAST(water_level), SPREAD(water_level), STDDEV(water_level), MEDIAN(water_level) FROM h2o_feet WHERE ${SM} AND ${RANGE}`);
    expect(s[0]!.columns).toEqual(["time", "sum", "min", "max", "first", "last", "spread", "stddev", "median"]);
    const [row] = s[0]!.values;
    const levels = [2.064, 2.116, 2.028, 2.126, 2.041, 2.051];
    const mean = levels.reduce((a, b) => a + b) / 6;
    expect(row![0]).toBe("2015-08-18T00:00:00Z");
    expect(row![1] as number).toBeCloseTo(12.426, 10);
    expect(row!.slice(2, 5)).toEqual([2.028, 2.126, 2.064]);
    expect(row![5]).toBe(2.051);
    expect(row![6] as number).toBeCloseTo(0.098, 10);
    expect(row![7] as number).toBeCloseTo(Math.sqrt(levels.reduce((a, b) => a + (b - mean) ** 2, 0) / 5), 10);
    expect(row![8] as number).toBeCloseTo((2.051 + 2.064) / 2, 10);
  });

  it("a lone selector shows its point's time", async () => {
    expect(await values(`SELECT MAX(water_level) FROM h2o_feet WHERE ${SM}`)).toEqual([["2015-08-18T00:18:00Z", 2.126]]);
  });

  it("fill(null|none|previous|linear|N) over empty windows; COUNT reports 0", async () => {
    const base = `FROM h2o_feet WHERE ${CC} AND time >= '2015-08-18T00:00:00Z' AND time < '2015-08-18T00:36:00Z' AND water_level != 7.887 AND water_level != 7.762`;
    const q = (fill: string) => values(`SELECT MEAN(water_level) ${base} GROUP BY time(12m) fill(${fill})`);
    close(await q("null"), [["2015-08-18T00:00:00Z", 8.0625], ["2015-08-18T00:12:00Z", null], ["2015-08-18T00:24:00Z", 7.5675]]);
    close(await q("none"), [["2015-08-18T00:00:00Z", 8.0625], ["2015-08-18T00:24:00Z", 7.5675]]);
    close(await q("previous"), [["2015-08-18T00:00:00Z", 8.0625], ["2015-08-18T00:12:00Z", 8.0625], ["2015-08-18T00:24:00Z", 7.5675]]);
    close(await q("linear"), [["2015-08-18T00:00:00Z", 8.0625], ["2015-08-18T00:12:00Z", (8.0625 + 7.5675) / 2], ["2015-08-18T00:24:00Z", 7.5675]]);
    close(await q("-1"), [["2015-08-18T00:00:00Z", 8.0625], ["2015-08-18T00:12:00Z", -1], ["2015-08-18T00:24:00Z", 7.5675]]);
    expect(await values(`SELECT COUNT(water_level) ${base} GROUP BY time(12m)`)).toEqual([
      ["2015-08-18T00:00:00Z", 2],
      ["2015-08-18T00:12:00Z", 0],
      ["2015-08-18T00:24:00Z", 2],
    ]);
  });

  it("mean(*) names columns per field and skips strings; count(*) counts every field", async () => {
    const s = await seriesOf(`SELECT MEAN(*), COUNT(*) FROM h2o_feet WHERE ${CC}`);
    expect(s[0]!.columns).toEqual(["time", "mean_water_level", "count_level description", "count_water_level"]);
    expect(s[0]!.values[0]!.slice(2)).toEqual([6, 6]);
  });

  it("fill(previous) under ORDER BY time DESC takes the later window's value", async () => {
    const rows = await values(`SELECT MEAN(water_level) FROM h2o_feet WHERE ${SM} AND time >= '2015-08-18T00:00:00Z' AND time < '2015-08-18T00:40:00Z' GROUP BY time(12m) fill(previous) ORDER BY time DESC`);
    // Windows 00:36 (empty: nothing later), 00:24, 00:12, 00:00.
    expect(rows[0]).toEqual(["2015-08-18T00:36:00Z", null]);
    expect(rows).toHaveLength(4);
  });

  it("ORDER BY time DESC with LIMIT over windows", async () => {
    close(await values(`SELECT MEAN(water_level) FROM h2o_feet WHERE ${CC} AND ${RANGE} GROUP BY time(12m) ORDER BY time DESC LIMIT 2`), [
      ["2015-08-18T00:24:00Z", 7.5675],
      ["2015-08-18T00:12:00Z", 7.8245],
    ]);
  });

  it("SLIMIT and SOFFSET pick series", async () => {
    const s = await seriesOf(`SELECT MEAN(water_level) FROM h2o_feet GROUP BY location SLIMIT 1 SOFFSET 1`);
    expect(s.map((x) => x.tags)).toEqual([{ location: "santa_monica" }]);
  });
});

describe("aggregates computed in TypeScript", () => {
  it("PERCENTILE, MODE, DISTINCT, COUNT(DISTINCT), INTEGRAL", async () => {
    expect(await values(`SELECT PERCENTILE(water_level, 50) FROM h2o_feet WHERE ${SM}`)).toEqual([["2015-08-18T00:30:00Z", 2.051]]);
    expect(await values(`SELECT PERCENTILE(water_level, 100) FROM h2o_feet WHERE ${SM}`)).toEqual([["2015-08-18T00:18:00Z", 2.126]]);
    // A tie (6 each): influxd 1.6.7 answers the later value here (see influxd-answers.test.ts).
    expect(await values(`SELECT MODE("level description") FROM h2o_feet`)).toEqual([["1970-01-01T00:00:00Z", "between 6 and 9 feet"]]);
    // Both first met at the same time: in value order (influxd 1.6.7 answers so).
    expect(await values(`SELECT DISTINCT("level description") FROM h2o_feet`)).toEqual([
      ["1970-01-01T00:00:00Z", "below 3 feet"],
      ["1970-01-01T00:00:00Z", "between 6 and 9 feet"],
    ]);
    expect(await values(`SELECT COUNT(DISTINCT("level description")) FROM h2o_feet`)).toEqual([["1970-01-01T00:00:00Z", 2]]);
    const [[, area]] = (await values(`SELECT INTEGRAL(water_level, 1m) FROM h2o_feet WHERE ${SM} AND time <= '2015-08-18T00:12:00Z'`)) as [[string, number]];
    expect(area).toBeCloseTo(((2.064 + 2.116) / 2) * 6 + ((2.116 + 2.028) / 2) * 6, 10);
  });

  it("TOP and BOTTOM return points in time order, with a tag argument", async () => {
    expect(await values(`SELECT TOP(water_level, 2) FROM h2o_feet WHERE ${SM}`)).toEqual([
      ["2015-08-18T00:06:00Z", 2.116],
      ["2015-08-18T00:18:00Z", 2.126],
    ]);
    expect(await values(`SELECT BOTTOM(water_level, 1) FROM h2o_feet WHERE ${SM}`)).toEqual([["2015-08-18T00:12:00Z", 2.028]]);
    const s = await seriesOf(`SELECT TOP(water_level, location, 2) FROM h2o_feet`);
    expect(s[0]!.columns).toEqual(["time", "top", "location"]);
    expect(s[0]!.values).toEqual([
      ["2015-08-18T00:00:00Z", 8.12, "coyote_creek"],
      ["2015-08-18T00:18:00Z", 2.126, "santa_monica"],
    ]);
  });

  it("under ORDER BY time DESC, windows newest first and each window's TOP/DISTINCT rows in time order", async () => {
    expect(await values(`SELECT TOP(water_level, 2) FROM h2o_feet WHERE ${SM} ORDER BY time DESC`)).toEqual([
      ["2015-08-18T00:06:00Z", 2.116],
      ["2015-08-18T00:18:00Z", 2.126],
    ]);
    expect(await values(`SELECT BOTTOM(water_level, 2) FROM h2o_feet WHERE ${SM} AND ${RANGE} GROUP BY time(18m) ORDER BY time DESC`)).toEqual([
      ["2015-08-18T00:24:00Z", 2.041],
      ["2015-08-18T00:30:00Z", 2.051],
      ["2015-08-18T00:00:00Z", 2.064],
      ["2015-08-18T00:12:00Z", 2.028],
    ]);
    // DISTINCT meets each value at its latest point first: the values in the order of those points.
    await f.write("noaa", ["codes code=\"a\" 1", "codes code=\"b\" 2", "codes code=\"a\" 3"].join("\n"), "s");
    expect((await values("SELECT DISTINCT(code) FROM codes")).map((r) => r[1])).toEqual(["a", "b"]);
    expect((await values("SELECT DISTINCT(code) FROM codes ORDER BY time DESC")).map((r) => r[1])).toEqual(["b", "a"]);
  });

  it("points at one time: TOP and BOTTOM best first, SAMPLE by value (as influxd 1.6.7 answers)", async () => {
    const at = "time <= '2015-08-18T00:06:00Z'";
    expect(await values(`SELECT BOTTOM(water_level, 2) FROM h2o_feet WHERE time = '2015-08-18T00:00:00Z'`)).toEqual([
      ["2015-08-18T00:00:00Z", 2.064],
      ["2015-08-18T00:00:00Z", 8.12],
    ]);
    expect(await values(`SELECT TOP(water_level, 2) FROM h2o_feet WHERE time = '2015-08-18T00:00:00Z'`)).toEqual([
      ["2015-08-18T00:00:00Z", 8.12],
      ["2015-08-18T00:00:00Z", 2.064],
    ]);
    expect((await values(`SELECT SAMPLE(water_level, 10) FROM h2o_feet WHERE ${at}`)).map((r) => r[1])).toEqual([2.064, 8.12, 2.116, 8.005]);
  });

  it("TOP and BOTTOM under LIMIT read each group's first LIMIT + OFFSET + 1 points, and ask for no more than LIMIT", async () => {
    // santa_monica: 2.064, 2.116, 2.028, 2.126, 2.041, 2.051 (every 6 minutes).
    expect(await values(`SELECT TOP(water_level, 2) FROM h2o_feet WHERE ${SM} LIMIT 2`)).toEqual([
      ["2015-08-18T00:00:00Z", 2.064],
      ["2015-08-18T00:06:00Z", 2.116],
    ]);
    expect(await values(`SELECT BOTTOM(water_level, 2) FROM h2o_feet WHERE ${SM} ORDER BY time DESC LIMIT 2`)).toEqual([
      ["2015-08-18T00:24:00Z", 2.041],
      ["2015-08-18T00:30:00Z", 2.051],
    ]);
    expect(await seriesOf(`SELECT TOP(water_level, 1) FROM h2o_feet WHERE ${SM} LIMIT 1 OFFSET 2`)).toEqual([]);
    const { results } = await f.json(`SELECT BOTTOM(water_level, 3) FROM h2o_feet LIMIT 2`);
    expect(results[0]!.error).toBe("limit (3) in bottom function can not be larger than the LIMIT (2) in the select statement");
  });

  it("aggregates with a residual filter (OR across tag and field) and SAMPLE", async () => {
    close(await values(`SELECT MEAN(water_level) FROM h2o_feet WHERE location = 'santa_monica' OR water_level < 7.6`), [["1970-01-01T00:00:00Z", (12.426 + 7.5) / 7]]);
    expect(await values(`SELECT SAMPLE(water_level, 6) FROM h2o_feet WHERE ${SM}`)).toHaveLength(6);
  });
});

describe("transformations", () => {
  it("DERIVATIVE of raw values per second (documented example)", async () => {
    close(await values(`SELECT DERIVATIVE(water_level) FROM h2o_feet WHERE ${SM} AND ${RANGE}`), [
      ["2015-08-18T00:06:00Z", (2.116 - 2.064) / 360],
      ["2015-08-18T00:12:00Z", (2.028 - 2.116) / 360],
      ["2015-08-18T00:18:00Z", (2.126 - 2.028) / 360],
      ["2015-08-18T00:24:00Z", (2.041 - 2.126) / 360],
      ["2015-08-18T00:30:00Z", (2.051 - 2.041) / 360],
    ]);
  });

  it("DERIVATIVE, DIFFERENCE, NON_NEGATIVE_DERIVATIVE over MEAN windows (interval as default unit)", async () => {
    const g = `FROM h2o_feet WHERE ${CC} AND ${RANGE} GROUP BY time(12m)`;
    close(await values(`SELECT DERIVATIVE(MEAN(water_level)) ${g}`), [["2015-08-18T00:12:00Z", 7.8245 - 8.0625], ["2015-08-18T00:24:00Z", 7.5675 - 7.8245]]);
    close(await values(`SELECT DERIVATIVE(MEAN(water_level), 6m) ${g}`), [["2015-08-18T00:12:00Z", (7.8245 - 8.0625) / 2], ["2015-08-18T00:24:00Z", (7.5675 - 7.8245) / 2]]);
    close(await values(`SELECT DIFFERENCE(MEAN(water_level)) ${g}`), [["2015-08-18T00:12:00Z", 7.8245 - 8.0625], ["2015-08-18T00:24:00Z", 7.5675 - 7.8245]]);
    expect(await seriesOf(`SELECT NON_NEGATIVE_DERIVATIVE(MEAN(water_level)) ${g}`)).toEqual([]);
  });

  it("CUMULATIVE_SUM, MOVING_AVERAGE, ELAPSED, NON_NEGATIVE_DIFFERENCE", async () => {
    const w = `FROM h2o_feet WHERE ${SM} AND time <= '2015-08-18T00:18:00Z'`;
    close(await values(`SELECT CUMULATIVE_SUM(water_level) ${w}`), [
      ["2015-08-18T00:00:00Z", 2.064],
      ["2015-08-18T00:06:00Z", 2.064 + 2.116],
      ["2015-08-18T00:12:00Z", 2.064 + 2.116 + 2.028],
      ["2015-08-18T00:18:00Z", 2.064 + 2.116 + 2.028 + 2.126],
    ]);
    close(await values(`SELECT MOVING_AVERAGE(water_level, 2) ${w}`), [
      ["2015-08-18T00:06:00Z", (2.064 + 2.116) / 2],
      ["2015-08-18T00:12:00Z", (2.116 + 2.028) / 2],
      ["2015-08-18T00:18:00Z", (2.028 + 2.126) / 2],
    ]);
    expect(await values(`SELECT ELAPSED(water_level, 1m) ${w}`)).toEqual([
      ["2015-08-18T00:06:00Z", 6],
      ["2015-08-18T00:12:00Z", 6],
      ["2015-08-18T00:18:00Z", 6],
    ]);
    close(await values(`SELECT NON_NEGATIVE_DIFFERENCE(water_level) ${w}`), [["2015-08-18T00:06:00Z", 2.116 - 2.064], ["2015-08-18T00:18:00Z", 2.126 - 2.028]]);
  });

  it("math functions on raw values and on aggregates", async () => {
    const w = `FROM h2o_feet WHERE ${SM} AND time <= '2015-08-18T00:06:00Z'`;
    expect(await values(`SELECT ROUND(water_level), CEIL(water_level), FLOOR(water_level), ABS(water_level - 3) ${w}`)).toEqual([
      ["2015-08-18T00:00:00Z", 2, 3, 2, 3 - 2.064],
      ["2015-08-18T00:06:00Z", 2, 3, 2, 3 - 2.116],
    ]);
    close(await values(`SELECT SQRT(MEAN(water_level)) ${w}`), [["1970-01-01T00:00:00Z", Math.sqrt((2.064 + 2.116) / 2)]]);
    close(await values(`SELECT POW(water_level, 2) ${w} LIMIT 1`), [["2015-08-18T00:00:00Z", 2.064 ** 2]]);
    close(await values(`SELECT LOG(water_level, 2) ${w} LIMIT 1`), [["2015-08-18T00:00:00Z", Math.log2(2.064)]]);
    close(await values(`SELECT ATAN2(water_level, 2) ${w} LIMIT 1`), [["2015-08-18T00:00:00Z", Math.atan2(2.064, 2)]]);
  });
});

describe("subqueries", () => {
  it("aggregates the result of an inner query (documented shape: SUM of MAX per location)", async () => {
    close(await values(`SELECT SUM("max") FROM (SELECT MAX(water_level) FROM h2o_feet GROUP BY location)`), [["1970-01-01T00:00:00Z", 8.12 + 2.126]]);
  });

  it("reads the inner query in the outer one's direction, refusing an ORDER BY of its own going the other way", async () => {
    const { results } = await f.json(`SELECT w FROM (SELECT water_level AS w FROM h2o_feet WHERE ${SM} ORDER BY time DESC)`);
    expect(results[0]!.error).toBe("subqueries must be ordered in the same direction as the query itself");
    const asc = await f.json(`SELECT w FROM (SELECT water_level AS w FROM h2o_feet WHERE ${SM} ORDER BY time ASC) ORDER BY time DESC`);
    expect(asc.results[0]!.error).toBe("subqueries must be ordered in the same direction as the query itself");
    // The inner LIMIT keeps the newest rows.
    expect(await values(`SELECT w FROM (SELECT water_level AS w FROM h2o_feet WHERE ${SM} LIMIT 2) ORDER BY time DESC`)).toEqual([
      ["2015-08-18T00:30:00Z", 2.051],
      ["2015-08-18T00:24:00Z", 2.041],
    ]);
    // Windows newest first, the series of one window in tag order.
    const rows = await values(`SELECT m FROM (SELECT max(water_level) AS m FROM h2o_feet WHERE ${RANGE} GROUP BY time(12m), location) ORDER BY time DESC`);
    expect(rows.map((r) => r[1])).toEqual([7.635, 2.051, 7.887, 2.126, 8.12, 2.116]);
  });

  it("an inner LIMIT under inner GROUP BY tags the outer query lacks counts runs of one series in the merged stream", async () => {
    // The two locations alternate in time: LIMIT 2 cuts nothing (each stored series gives its first
    // 3 points to the stream), grouped alike it cuts per location.
    const inner = `SELECT water_level AS w FROM h2o_feet GROUP BY location LIMIT 2`;
    expect(await values(`SELECT count(w) FROM (${inner})`)).toEqual([["1970-01-01T00:00:00Z", 6]]);
    const grouped = await seriesOf(`SELECT count(w) FROM (${inner}) GROUP BY location`);
    expect(grouped.map((s) => s.values[0]![1])).toEqual([2, 2]);
    // An OFFSET skips the first point of every run: of every point here.
    expect(await seriesOf(`SELECT w FROM (SELECT water_level AS w FROM h2o_feet GROUP BY location LIMIT 2 OFFSET 1)`)).toEqual([]);
    // Windows of an aggregate subquery alike: each window holds one row per location.
    expect(await values(`SELECT count(m) FROM (SELECT max(water_level) AS m FROM h2o_feet WHERE ${RANGE} GROUP BY time(12m), location LIMIT 1)`)).toEqual([
      ["1970-01-01T00:00:00Z", 6],
    ]);
  });

  it("a raw outer query shows every row of its subquery, its columns null or not, a cast it cannot make leaving the value", async () => {
    const rows = await values(`SELECT d FROM (SELECT water_level AS w, "level description" AS d FROM h2o_feet WHERE ${SM} LIMIT 2)`);
    expect(rows.map((r) => r[1])).toEqual(["below 3 feet", "below 3 feet"]);
    const casts = await values(`SELECT d::integer, w::integer FROM (SELECT water_level AS w, "level description" AS d FROM h2o_feet WHERE ${SM} LIMIT 1)`);
    expect(casts).toEqual([["2015-08-18T00:00:00Z", "below 3 feet", 2]]);
    // Windows of an aggregate subquery with no point are no rows (its fill(null) is fill(none)).
    const counts = await values(`SELECT c FROM (SELECT count(water_level) AS c FROM h2o_feet WHERE ${SM} AND time >= '2015-08-18T00:00:00Z' AND time < '2015-08-18T01:30:00Z' GROUP BY time(30m))`);
    expect(counts.map((r) => r[1])).toEqual([5, 1]);
    const filled = await values(`SELECT m FROM (SELECT mean(water_level) AS m FROM h2o_feet WHERE ${SM} AND time >= '2015-08-18T00:00:00Z' AND time < '2015-08-18T01:30:00Z' GROUP BY time(30m) fill(linear))`);
    expect(filled.map((r) => r[0])).toEqual(["2015-08-18T00:00:00Z", "2015-08-18T00:30:00Z", "2015-08-18T01:00:00Z"]);
    expect(filled[2]![1]).toBeNull();
  });

  it("first() and last() of rows at one time keep the greatest value", async () => {
    expect(await values(`SELECT first(n), last(n) FROM (SELECT -water_level AS n FROM h2o_feet)`)).toEqual([["1970-01-01T00:00:00Z", -2.064, -2.051]]);
  });

  it("filters inner rows in the outer WHERE", async () => {
    const s = await seriesOf(`SELECT "mean" FROM (SELECT MEAN(water_level) FROM h2o_feet WHERE ${RANGE} GROUP BY time(12m), location) WHERE "mean" < 3 GROUP BY location`);
    expect(s.map((x) => x.tags)).toEqual([{ location: "santa_monica" }]);
    expect(s[0]!.values).toHaveLength(3);
  });
});

describe("errors per statement", () => {
  it("transformations without their aggregate, mixing aggregates with raw fields, GROUP BY time without aggregate", async () => {
    const { results } = await f.json(`SELECT HOLT_WINTERS(water_level, 1, 1) FROM h2o_feet GROUP BY time(1h)`);
    expect(results[0]!.error).toBe("must use aggregate function with holt_winters");
    expect((await f.json(`SELECT DERIVATIVE(MEAN(water_level)) FROM h2o_feet`)).results[0]!.error).toBe("derivative aggregate requires a GROUP BY interval");
    expect((await f.json(`SELECT MEAN(water_level), water_level FROM h2o_feet`)).results[0]!.error).toBe("mixing aggregate and non-aggregate queries is not supported");
    expect((await f.json(`SELECT water_level FROM h2o_feet GROUP BY time(1h)`)).results[0]!.error).toBe("GROUP BY requires at least one aggregate function");
    expect((await f.json(`SELECT nosuch(water_level) FROM h2o_feet`)).results[0]!.error).toBe("undefined function nosuch()");
  });

  it("does not run the statements after a failing one", async () => {
    const { results } = await f.json(`SELECT MEAN(water_level) FROM h2o_feet; SELECT bogus(x) FROM h2o_feet; SELECT 1 FROM h2o_feet`);
    expect(results.map((r) => r.statement_id)).toEqual([0, 1, 2]);
    expect(results[1]!.error).toBe("undefined function bogus()");
    expect(results[2]).toEqual({ statement_id: 2, error: "not executed" });
  });
});

describe("tz()", () => {
  it("writes times in the zone and aligns day windows on its midnight", async () => {
    expect(await values(`SELECT COUNT(water_level) FROM h2o_feet WHERE time >= '2015-08-17T05:00:00Z' AND time < '2015-08-18T05:00:00Z' GROUP BY time(1d) tz('America/Chicago')`)).toEqual([["2015-08-17T00:00:00-05:00", 12]]);
  });
});

describe("grouping by some of the tags (per-series reads merged)", () => {
  it("combines count, sum, mean, min, max, first, last of several series per group", async () => {
    await f.write("noaa", ["m,host=a,region=eu v=1 0", "m,host=a,region=eu v=3 60", "m,host=b,region=eu v=5 30", "m,host=b,region=eu v=2 90", "m,host=c,region=us v=7 0"].join("\n"), "s");
    const { results } = await f.json(`SELECT mean(v), max(v), min(v), first(v), last(v), count(v), sum(v) FROM m WHERE time >= 0 AND time < 120s GROUP BY region`);
    expect(results[0]!.series).toEqual([
      { name: "m", tags: { region: "eu" }, columns: ["time", "mean", "max", "min", "first", "last", "count", "sum"], values: [["1970-01-01T00:00:00Z", 2.75, 5, 1, 1, 2, 4, 11]] },
      { name: "m", tags: { region: "us" }, columns: ["time", "mean", "max", "min", "first", "last", "count", "sum"], values: [["1970-01-01T00:00:00Z", 7, 7, 7, 7, 7, 1, 7]] },
    ]);
    const max = await f.json(`SELECT max(v) FROM m GROUP BY region`, { epoch: "s" });
    expect((max.results[0]!.series as Array<{ values: unknown[][] }>).map((s) => s.values)).toEqual([[[30, 5]], [[0, 7]]]);
    const perHost = await f.json(`SELECT mean(v) FROM m GROUP BY host`);
    expect((perHost.results[0]!.series as Array<{ tags: unknown; values: unknown[][] }>).map((s) => [s.tags, s.values[0]![1]])).toEqual([
      [{ host: "a" }, 2],
      [{ host: "b" }, 3.5],
      [{ host: "c" }, 7],
    ]);
    const windows = await f.json(`SELECT mean(v) FROM m WHERE time >= 0 AND time < 120s GROUP BY time(1m), region fill(none)`, { epoch: "s" });
    expect((windows.results[0]!.series as Array<{ values: unknown[][] }>)[0]!.values).toEqual([[0, 3], [60, 2.5]]);
  });
});

describe("a selector with other fields and tags", () => {
  it("shows the selected point's fields and tags at its time", async () => {
    expect(await values(`SELECT MAX(water_level), location, "level description" FROM h2o_feet`)).toEqual([["2015-08-18T00:00:00Z", 8.12, "coyote_creek", "between 6 and 9 feet"]]);
    expect(await values(`SELECT LAST(water_level), location FROM h2o_feet WHERE ${SM} AND ${RANGE} GROUP BY time(12m)`)).toEqual([
      ["2015-08-18T00:00:00Z", 2.116, "santa_monica"],
      ["2015-08-18T00:12:00Z", 2.126, "santa_monica"],
      ["2015-08-18T00:24:00Z", 2.051, "santa_monica"],
    ]);
  });
});
