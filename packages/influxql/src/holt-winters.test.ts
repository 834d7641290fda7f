// HOLT_WINTERS and HOLT_WINTERS_WITH_FIT. Expected forecasts are InfluxDB 1.x's own reference
// values for these inputs (the Australian tourists and US population series of its Holt-Winters
// tests, and the GROUP BY time(2s) example of its query engine tests).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holtWinters, Powers } from "./holt-winters.js";
import { openFixture, type Fixture } from "./test-support/fixture.js";

const AUS_TOURISTS = [
  30.052513, 19.148496, 25.317692, 27.591437, 32.076456, 23.487961, 28.47594, 35.123753, 36.838485, 25.007017, 30.72223, 28.693759, 36.640986, 23.824609, 29.311683, 31.770309,
  35.177877, 19.775244, 29.60175, 34.538842, 41.273599, 26.655862, 28.279859, 35.191153, 41.727458, 24.04185, 32.328103, 37.328708, 46.213153, 29.346326, 36.48291, 42.977719,
  48.901525, 31.180221, 37.717881, 40.420211, 51.206863, 31.887228, 40.978263, 43.772491, 55.558567, 33.850915, 42.076383, 45.642292, 59.76678, 35.191877, 44.319737, 47.913736,
];
const US_POPULATION = [3.93, 5.31, 7.24, 9.64, 12.9, 17.1, 23.2, 31.4, 39.8, 50.2, 62.9, 76.0, 92.0, 105.7, 122.8, 131.7, 151.3, 179.3, 203.2];
const steps = (n: number): bigint[] => Array.from({ length: n }, (_, i) => BigInt(i + 1));

describe("the model", () => {
  it("forecasts a seasonal series (S = 4) N steps after the last value", () => {
    const out = holtWinters(steps(AUS_TOURISTS.length), AUS_TOURISTS, 10, 4, false, 1n);
    expect(out.map((p) => p.time)).toEqual(Array.from({ length: 10 }, (_, i) => BigInt(49 + i)));
    const expected = [51.85064132137853, 43.26055282315273, 41.827258044814464, 54.3990354591749, 54.62334472770803, 45.57155693625209, 44.06051240252263, 57.30029870759433, 57.53591513519172, 47.999008139396096];
    out.forEach((p, i) => expect(p.value).toBeCloseTo(expected[i]!, 8));
  });

  it("treats missing steps as gaps", () => {
    const missing = new Set([2, 8, 18, 29, 33, 39, 40]);
    const times = steps(AUS_TOURISTS.length).filter((t) => !missing.has(Number(t)));
    const values = AUS_TOURISTS.filter((_, i) => !missing.has(i + 1));
    const expected = [54.84533610387743, 41.19329421863249, 45.71673175112451, 56.05759298805955, 59.32337460282217, 44.75280096850461, 49.98865098113751, 61.86084934967605, 65.95805633454883, 50.1502170480547];
    holtWinters(times, values, 10, 4, false, 1n).forEach((p, i) => expect(p.value).toBeCloseTo(expected[i]!, 8));
  });

  it("with the fit and no season: the fitted values from the first time, then the forecasts", () => {
    const out = holtWinters(steps(US_POPULATION.length), US_POPULATION, 10, 0, true, 1n);
    expect(out).toHaveLength(29);
    expect(out[0]).toEqual({ time: 1n, value: 3.93 });
    expect(out[1]!.value).toBeCloseTo(4.957405463559748, 8);
    expect(out[18]!.value).toBeCloseTo(201.23106385518594, 8);
    expect(out[28]).toEqual({ time: 29n, value: expect.closeTo(571.1721419458248, 8) });
  });

  it("returns nothing for fewer than two values or fewer values than a season", () => {
    expect(holtWinters([1n], [1], 3, 0, false, 1n)).toEqual([]);
    expect(holtWinters([1n, 2n, 3n], [1, 2, 3], 3, 4, false, 1n)).toEqual([]);
  });

  it("refuses an N that would not fit in memory", () => {
    expect(() => holtWinters([1n, 2n], [1, 2], 2_000_000_000, 0, false, 1n)).toThrow("holt_winters cannot forecast more than 1000000 points, got 2000000000");
  });
});

describe("powers of the damping factor", () => {
  it("are x^t to within rounding, x itself for t = 1, and 0 far below the smallest double", () => {
    for (const x of [0.3, 0.7, 0.9999, 1e-5]) {
      const p = new Powers(x);
      expect(p.of(1)).toBe(x);
      for (const t of [2, 3, 17, 64, 255, 1000]) expect(p.of(t) / Math.pow(x, t) || 1).toBeCloseTo(1, 11);
    }
    expect(new Powers(0.3).of(1_000_000)).toBe(0);
    expect([new Powers(0).of(5), new Powers(1).of(5)]).toEqual([0, 1]);
  });
});

describe("in queries", () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await openFixture(["db"]);
    const values = [4, 6, 9, 11, 5, 7, 10, 12, 6, 8];
    await f.write("db", values.map((v, i) => `cpu value=${v} ${10 + i}`).join("\n"), "s");
  });
  afterAll(async () => f?.close());
  const range = "WHERE time >= '1970-01-01T00:00:10Z' AND time < '1970-01-01T00:00:20Z' GROUP BY time(2s)";

  it("HOLT_WINTERS(MEAN(value), 2, 2): N forecasts one interval apart after the last window", async () => {
    const { results } = await f.json(`SELECT HOLT_WINTERS(MEAN(value), 2, 2) FROM cpu ${range}`);
    expect(results[0]!.series).toEqual([
      {
        name: "cpu",
        columns: ["time", "holt_winters"],
        values: [
          ["1970-01-01T00:00:20Z", expect.closeTo(11.960623419918432, 9)],
          ["1970-01-01T00:00:22Z", expect.closeTo(7.953140268154609, 9)],
        ],
      },
    ]);
  });

  it("HOLT_WINTERS_WITH_FIT: the windows' fitted values, then the forecasts", async () => {
    const { results } = await f.json(`SELECT HOLT_WINTERS_WITH_FIT(MEAN(value), 2, 2) FROM cpu ${range}`, { epoch: "s" });
    const [series] = results[0]!.series as Array<{ columns: string[]; values: Array<[number, number]> }>;
    expect(series!.columns).toEqual(["time", "holt_winters_with_fit"]);
    expect(series!.values.map((r) => r[0])).toEqual([10, 12, 14, 16, 18, 20, 22]);
    // The first fitted value is the first window's mean; the forecasts match HOLT_WINTERS.
    expect(series!.values[0]![1]).toBe(5);
    expect(series!.values[5]![1]).toBeCloseTo(11.960623419918432, 9);
    expect(series!.values[6]![1]).toBeCloseTo(7.953140268154609, 9);
  });

  it.each([
    ["HOLT_WINTERS(MEAN(value), 2)", range, "invalid number of arguments for holt_winters, expected 3, got 2"],
    ["HOLT_WINTERS(MEAN(value), 1.5, 2)", range, "expected integer argument as second arg in holt_winters"],
    ["HOLT_WINTERS_WITH_FIT(MEAN(value), 0, 2)", range, "second arg to holt_winters_with_fit must be greater than 0, got 0"],
    ["HOLT_WINTERS(MEAN(value), 2, 'x')", range, "expected integer argument as third arg in holt_winters"],
    ["HOLT_WINTERS(MEAN(value), 2, -1)", range, "third arg to holt_winters cannot be negative, got -1"],
    ["HOLT_WINTERS(value, 2, 2)", range, "must use aggregate function with holt_winters"],
    ["HOLT_WINTERS(MEAN(value), 2, 2)", "", "holt_winters aggregate requires a GROUP BY interval"],
  ])("%s %s", async (call, tail, message) => {
    expect((await f.json(`SELECT ${call} FROM cpu ${tail}`)).results[0]!.error).toBe(message);
  });
});
