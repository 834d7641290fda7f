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
