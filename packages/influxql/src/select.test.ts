import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { h2oLines, openFixture, type Fixture } from "./test-support/fixture.js";

let f: Fixture;
beforeAll(async () => {
  f = await openFixture(["noaa", "other"]);
  await f.write("noaa", h2oLines(), "s");
});
afterAll(async () => f?.close());

const RANGE = "time >= '2015-08-18T00:00:00Z' AND time <= '2015-08-18T00:30:00Z'";

describe("SELECT raw", () => {
  it("returns one field of one series", async () => {
    const { results } = await f.json(`SELECT "water_level" FROM "h2o_feet" WHERE "location" = 'santa_monica' AND ${RANGE}`);
    expect(results).toEqual([
      {
        statement_id: 0,
        series: [
          {
            name: "h2o_feet",
            columns: ["time", "water_level"],
            values: [
              ["2015-08-18T00:00:00Z", 2.064],
              ["2015-08-18T00:06:00Z", 2.116],
              ["2015-08-18T00:12:00Z", 2.028],
              ["2015-08-18T00:18:00Z", 2.126],
              ["2015-08-18T00:24:00Z", 2.041],
              ["2015-08-18T00:30:00Z", 2.051],
            ],
          },
        ],
      },
    ]);
  });
});

type SeriesJson = { name?: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] };
const seriesOf = async (q: string): Promise<SeriesJson[]> => {
  const { results } = await f.json(q);
  expect(results[0]!.error).toBeUndefined();
  return (results[0]!.series as SeriesJson[] | undefined) ?? [];
};
const only = async (q: string): Promise<SeriesJson> => {
  const s = await seriesOf(q);
  expect(s).toHaveLength(1);
  return s[0]!;
};

describe("SELECT raw, more", () => {
  it("merges the series of a measurement by time and shows tags and fields with *", async () => {
    const s = await only(`SELECT * FROM h2o_feet WHERE ${RANGE} LIMIT 2`);
    expect(s.columns).toEqual(["time", "level description", "location", "water_level"]);
    expect(s.values).toEqual([
      ["2015-08-18T00:00:00Z", "between 6 and 9 feet", "coyote_creek", 8.12],
      ["2015-08-18T00:00:00Z", "below 3 feet", "santa_monica", 2.064],
    ]);
  });

  it("filters on a field, computes arithmetic with an alias, orders descending with LIMIT/OFFSET", async () => {
    const s = await only(`SELECT water_level * 2 + 1 AS twice, location FROM h2o_feet WHERE water_level > 8 ORDER BY time DESC LIMIT 1 OFFSET 1`);
    expect(s.columns).toEqual(["time", "twice", "location"]);
    expect(s.values).toEqual([["2015-08-18T00:00:00Z", 8.12 * 2 + 1, "coyote_creek"]]);
  });

  it("selects fields by regex and groups by tag", async () => {
    const s = await seriesOf(`SELECT /water/ FROM h2o_feet WHERE ${RANGE} AND time < '2015-08-18T00:06:00Z' GROUP BY location`);
    expect(s.map((x) => x.tags)).toEqual([{ location: "coyote_creek" }, { location: "santa_monica" }]);
    expect(s[1]!.values).toEqual([["2015-08-18T00:00:00Z", 2.064]]);
  });

  it("evaluates tag regexes and OR across a tag and a field in TypeScript", async () => {
    const s = await only(`SELECT water_level FROM h2o_feet WHERE (location =~ /^santa/ AND water_level > 2.1) OR (location = 'coyote_creek' AND water_level < 7.6)`);
    expect(s.values).toEqual([
      ["2015-08-18T00:06:00Z", 2.116],
      ["2015-08-18T00:18:00Z", 2.126],
      ["2015-08-18T00:30:00Z", 7.5],
    ]);
  });

  it("returns epoch integers and accepts epoch literals, durations and now()", async () => {
    const { results } = await f.json(`SELECT water_level FROM h2o_feet WHERE location = 'santa_monica' AND time >= 1439856360000000000 AND time < 1439856000s + 12m AND time < now() - 1h`, { epoch: "s" });
    expect((results[0]!.series as SeriesJson[])[0]!.values).toEqual([[1439856360, 2.116]]);
  });

  it("reads db.rp.measurement and answers a missing database per statement", async () => {
    const s = await only(`SELECT count(water_level) FROM "noaa"."autogen"."h2o_feet"`);
    expect(s.values).toEqual([["1970-01-01T00:00:00Z", 12]]);
    const { results } = await f.json(`SELECT * FROM nope.autogen.h2o_feet`);
    expect(results[0]).toEqual({ statement_id: 0, error: "database not found: nope" });
  });

  it("uses bound parameters", async () => {
    const { results } = await f.json(`SELECT water_level FROM h2o_feet WHERE location = $loc AND water_level > $min`, { params: { loc: "santa_monica", min: 2.1 } });
    expect((results[0]!.series as SeriesJson[])[0]!.values).toEqual([
      ["2015-08-18T00:06:00Z", 2.116],
      ["2015-08-18T00:18:00Z", 2.126],
    ]);
  });
});

describe("SELECT INTO", () => {
  it("is refused with InfluxDB 2.x's error once the statement is planned", async () => {
    expect(await f.json(`SELECT MEAN(water_level) INTO "downsampled" FROM h2o_feet GROUP BY time(12m)`)).toEqual({
      results: [{ statement_id: 0, error: "not implemented: SELECT INTO" }],
    });
    // An unknown database is reported first, as 2.x resolves it while planning.
    expect((await f.json(`SELECT * INTO x FROM nosuch.autogen.h2o_feet`)).results[0]!.error).toBe("database not found: nosuch");
  });
});
