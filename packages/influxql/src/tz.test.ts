// tz(): GROUP BY time() windows aligned on the zone's local time across DST changes (a local day
// is 23 or 25 hours long on the change), and times written with the zone's offset at each time.
// The expected instants follow the zones' published rules: America/Chicago left CDT (−05:00) for
// CST (−06:00) on 2015-11-01 at 07:00Z; Europe/Paris left CEST (+02:00) for CET (+01:00) on
// 2015-10-25 at 01:00Z and returned to CEST on 2016-03-27 at 01:00Z.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFixture, type Fixture } from "./test-support/fixture.js";

let f: Fixture;
const HOUR = 3600;
const at = (iso: string): number => Date.parse(iso) / 1000;

/** One point an hour, `from` to `to` inclusive. */
const hourly = (measurement: string, from: string, to: string): string => {
  const lines: string[] = [];
  for (let t = at(from); t <= at(to); t += HOUR) lines.push(`${measurement} v=1 ${t}`);
  return lines.join("\n");
};

beforeAll(async () => {
  f = await openFixture(["db"]);
  await f.write("db", hourly("chicago", "2015-10-30T00:00:00Z", "2015-11-04T00:00:00Z"), "s");
  await f.write("db", hourly("paris", "2015-10-23T00:00:00Z", "2015-10-27T00:00:00Z"), "s");
  await f.write("db", hourly("spring", "2016-03-25T00:00:00Z", "2016-03-29T00:00:00Z"), "s");
  // v = hours since 2015-10-31T05:00Z, to 2015-11-03T05:00Z.
  const counted: string[] = [];
  for (let k = 0; k <= 72; k++) counted.push(`counted v=${k} ${at("2015-10-31T05:00:00Z") + k * HOUR}`);
  await f.write("db", counted.join("\n"), "s");
});
afterAll(async () => f?.close());

const rows = async (q: string): Promise<unknown[][]> => {
  const { results } = await f.json(q);
  expect(results[0]!.error).toBeUndefined();
  return (results[0]!.series as Array<{ values: unknown[][] }>)[0]!.values;
};
/** Points in [from, to) that the hourly data holds. */
const hoursBetween = (from: string, to: string, lastPoint: string): number => Math.max(0, (Math.min(at(to), at(lastPoint) + HOUR) - at(from)) / HOUR);

describe("GROUP BY time(1d) tz() across a DST change", () => {
  it("America/Chicago: local midnights on both sides of the fall-back day (25 hours)", async () => {
    const last = "2015-11-04T00:00:00Z";
    expect(await rows(`SELECT COUNT(v) FROM chicago WHERE time >= '2015-10-31T05:00:00Z' AND time < '2015-11-05T06:00:00Z' GROUP BY time(1d) tz('America/Chicago')`)).toEqual([
      ["2015-10-31T00:00:00-05:00", hoursBetween("2015-10-31T05:00:00Z", "2015-11-01T05:00:00Z", last)],
      ["2015-11-01T00:00:00-05:00", hoursBetween("2015-11-01T05:00:00Z", "2015-11-02T06:00:00Z", last)],
      ["2015-11-02T00:00:00-06:00", hoursBetween("2015-11-02T06:00:00Z", "2015-11-03T06:00:00Z", last)],
      ["2015-11-03T00:00:00-06:00", hoursBetween("2015-11-03T06:00:00Z", "2015-11-04T06:00:00Z", last)],
      ["2015-11-04T00:00:00-06:00", 0],
    ]);
  });

  it("Europe/Paris: the fall-back day is 25 hours, the spring-forward day 23", async () => {
    const fall = await rows(`SELECT COUNT(v) FROM paris WHERE time >= '2015-10-23T22:00:00Z' AND time < '2015-10-26T23:00:00Z' GROUP BY time(1d) tz('Europe/Paris')`);
    expect(fall).toEqual([
      ["2015-10-24T00:00:00+02:00", 24],
      ["2015-10-25T00:00:00+02:00", 25],
      ["2015-10-26T00:00:00+01:00", 24],
    ]);
    const spring = await rows(`SELECT COUNT(v) FROM spring WHERE time >= '2016-03-25T23:00:00Z' AND time < '2016-03-28T22:00:00Z' GROUP BY time(1d) tz('Europe/Paris')`);
    expect(spring).toEqual([
      ["2016-03-26T00:00:00+01:00", 24],
      ["2016-03-27T00:00:00+01:00", 23],
      ["2016-03-28T00:00:00+02:00", 24],
    ]);
  });

  it("sum, mean, min, max, first, last and count combine per local day (read over hourly windows)", async () => {
    // Local days hold v = 0..23, 24..48 (25 hours) and 49..72.
    const day = (from: number, to: number): unknown[] => {
      const vs = Array.from({ length: to - from + 1 }, (_, i) => from + i);
      const sum = vs.reduce((a, b) => a + b, 0);
      return [sum, sum / vs.length, from, to, from, to, vs.length];
    };
    expect(
      await rows(`SELECT SUM(v), MEAN(v), MIN(v), MAX(v), FIRST(v), LAST(v), COUNT(v) FROM counted WHERE time >= '2015-10-31T05:00:00Z' AND time < '2015-11-03T06:00:00Z' GROUP BY time(1d) tz('America/Chicago')`),
    ).toEqual([
      ["2015-10-31T00:00:00-05:00", ...day(0, 23)],
      ["2015-11-01T00:00:00-05:00", ...day(24, 48)],
      ["2015-11-02T00:00:00-06:00", ...day(49, 72)],
    ]);
  });

  it("the same windows for an aggregate computed in TypeScript, with fill", async () => {
    expect(await rows(`SELECT MEDIAN(v) FROM chicago WHERE time >= '2015-10-31T05:00:00Z' AND time < '2015-11-05T06:00:00Z' GROUP BY time(1d) fill(-1) tz('America/Chicago')`)).toEqual([
      ["2015-10-31T00:00:00-05:00", 1],
      ["2015-11-01T00:00:00-05:00", 1],
      ["2015-11-02T00:00:00-06:00", 1],
      ["2015-11-03T00:00:00-06:00", 1],
      ["2015-11-04T00:00:00-06:00", -1],
    ]);
  });
});

describe("time literals without an offset are wall times in the zone", () => {
  it("'2015-11-01 00:00:00' in America/Chicago is 05:00Z, and the next local midnight 25 hours later", async () => {
    expect(await rows(`SELECT COUNT(v) FROM chicago WHERE time >= '2015-11-01 00:00:00' AND time < '2015-11-02 00:00:00' GROUP BY time(1d) tz('America/Chicago')`)).toEqual([
      ["2015-11-01T00:00:00-05:00", 25],
    ]);
    // An explicit offset or Z keeps its meaning.
    expect(await rows(`SELECT COUNT(v) FROM chicago WHERE time >= '2015-11-01T05:00:00Z' AND time < '2015-11-02T00:00:00-06:00' tz('America/Chicago')`)).toEqual([
      ["2015-11-01T00:00:00-05:00", 25],
    ]);
  });
});

describe("hourly windows and raw times in a zone", () => {
  it("writes each time with the offset in force at that time", async () => {
    const q = `SELECT COUNT(v) FROM chicago WHERE time >= '2015-11-01T05:00:00Z' AND time < '2015-11-01T09:00:00Z' GROUP BY time(1h) tz('America/Chicago')`;
    expect((await rows(q)).map((r) => r[0])).toEqual(["2015-11-01T00:00:00-05:00", "2015-11-01T01:00:00-05:00", "2015-11-01T01:00:00-06:00", "2015-11-01T02:00:00-06:00"]);
    const raw = await rows(`SELECT v FROM paris WHERE time >= '2015-10-25T00:00:00Z' AND time <= '2015-10-25T01:00:00Z' tz('Europe/Paris')`);
    expect(raw.map((r) => r[0])).toEqual(["2015-10-25T02:00:00+02:00", "2015-10-25T02:00:00+01:00"]);
  });
});
