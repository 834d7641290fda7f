// Technical analysis functions: expected values are the outputs InfluxDB's documentation shows for
// its "Get started" home sensor sample (InfluxQL technical analysis reference), or computed here
// from the formulas on small hand-made series.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { homeLines, openFixture, type Fixture } from "./test-support/fixture.js";

let f: Fixture;
beforeAll(async () => {
  f = await openFixture(["home"]);
  await f.write("home", homeLines(), "s");
});
afterAll(async () => f?.close());

type SeriesJson = { columns: string[]; values: unknown[][] };
const seriesOf = async (q: string): Promise<SeriesJson[]> => {
  const { results } = await f.json(q);
  expect(results[0]!.error).toBeUndefined();
  return (results[0]!.series as SeriesJson[] | undefined) ?? [];
};
const errorOf = async (q: string): Promise<unknown> => (await f.json(q)).results[0]!.error;

const hour = (h: number): string => `2022-01-01T${String(h).padStart(2, "0")}:00:00Z`;
/** Documented rows: [first hour, values…] → [[time, value]…]. */
const rowsFrom = (firstHour: number, values: Array<number | null>): Array<[string, number | null]> => values.map((v, i) => [hour(firstHour + i), v]);

const expectRows = (actual: unknown[][], expected: Array<[string, number | null]>, column = 1): void => {
  expect(actual.map((r) => r[0])).toEqual(expected.map((e) => e[0]));
  actual.forEach((r, i) => {
    const want = expected[i]![1];
    if (want === null) expect(r[column]).toBeNull();
    else expect(r[column] as number).toBeCloseTo(want, 9);
  });
};
const kitchen = async (call: string): Promise<unknown[][]> => {
  const s = await seriesOf(`SELECT ${call} FROM home WHERE room = 'Kitchen'`);
  expect(s).toHaveLength(1);
  return s[0]!.values;
};

describe("documented examples (home sensor data, Kitchen)", () => {
  it("CHANDE_MOMENTUM_OSCILLATOR: default (no smoothing), hold period, simple warm-up", async () => {
    const plain = [53.84615384615377, 55.5555555555555, -19.999999999999858, 14.285714285714432, 59.99999999999972, -14.285714285714432, -14.285714285714432, 38.46153846153834, 28.57142857142868, 20];
    expectRows(await kitchen("CHANDE_MOMENTUM_OSCILLATOR(temp, 4)"), rowsFrom(11, plain));
    expectRows(await kitchen("CHANDE_MOMENTUM_OSCILLATOR(temp, 4, 6)"), rowsFrom(14, plain.slice(3)));
    expectRows(
      await kitchen("CHANDE_MOMENTUM_OSCILLATOR(temp, 4, -1, 'simple')"),
      rowsFrom(12, [94.9367088607595, 95.04132231404957, 95.04132231404955, 92.68218929543389, 83.79002019036625, 84.72964405398058, 86.77405015296912, 76.28466518769179, 53.322717259176535]),
    );
  });

  it("CHANDE_MOMENTUM_OSCILLATOR(*, 4) names a column per numeric field", async () => {
    const s = await seriesOf(`SELECT CHANDE_MOMENTUM_OSCILLATOR(*, 4) FROM home WHERE room = 'Kitchen'`);
    expect(s[0]!.columns).toEqual(["time", "chande_momentum_oscillator_co", "chande_momentum_oscillator_hum", "chande_momentum_oscillator_temp"]);
    expectRows(s[0]!.values, rowsFrom(11, [0, 0, 100, 100, 100, 100, 100, 100, 100, 100]), 1);
    expectRows(s[0]!.values, rowsFrom(11, [20, 20, 42.85714285714228, 24.999999999999332, 25.000000000000444, 0, -100, 50.0000000000003, 28.5714285714285, 38.461538461538545]), 2);
  });

  it("EXPONENTIAL_MOVING_AVERAGE: exponential and simple warm-up, hold period", async () => {
    const ema = [22.47, 22.482, 22.6092, 22.68552, 22.691312, 22.5747872, 22.624872319999998, 22.894923392, 22.9769540352, 22.866172421119998];
    expectRows(await kitchen("EXPONENTIAL_MOVING_AVERAGE(temp, 4)"), rowsFrom(11, ema));
    expectRows(await kitchen("EXPONENTIAL_MOVING_AVERAGE(temp, 4, 6)"), rowsFrom(14, ema.slice(3)));
    expectRows(
      await kitchen("EXPONENTIAL_MOVING_AVERAGE(temp, 4, -1, 'simple')"),
      rowsFrom(11, [22.275, 22.365, 22.538999999999998, 22.6434, 22.66604, 22.559624, 22.6157744, 22.88946464, 22.973678784, 22.8642072704]),
    );
  });

  it("DOUBLE_EXPONENTIAL_MOVING_AVERAGE: exponential and simple warm-up", async () => {
    expectRows(
      await kitchen("DOUBLE_EXPONENTIAL_MOVING_AVERAGE(temp, 4)"),
      rowsFrom(11, [22.630333333333333, 22.5854, 22.747560000000004, 22.814328, 22.772071999999998, 22.55332832, 22.642048063999997, 23.0672594816, 23.12957407488, 22.89127547648]),
    );
    expectRows(
      await kitchen("DOUBLE_EXPONENTIAL_MOVING_AVERAGE(temp, 4, -1, 'simple')"),
      rowsFrom(14, [22.8312, 22.792303999999998, 22.5715328, 22.65660992, 23.078180096, 23.137436544, 22.89677901824]),
    );
  });

  it("TRIPLE_EXPONENTIAL_MOVING_AVERAGE: exponential and simple warm-up", async () => {
    expectRows(
      await kitchen("TRIPLE_EXPONENTIAL_MOVING_AVERAGE(temp, 4)"),
      rowsFrom(11, [22.54347777777777, 22.499126666666672, 22.716772000000002, 22.790124000000006, 22.728720799999994, 22.465986271999995, 22.6128236096, 23.142821016320013, 23.163081365760007, 22.834869660416004]),
    );
    expectRows(await kitchen("TRIPLE_EXPONENTIAL_MOVING_AVERAGE(temp, 4, -1, 'simple')"), rowsFrom(17, [22.65201408, 23.164150553600003, 23.17404420096, 22.84003200512]));
  });

  it("TRIPLE_EXPONENTIAL_DERIVATIVE: warm-ups, and 0/0 shown as null beside other columns", async () => {
    const trix = [0.5731400170122969, 0.5082054442170802, 0.45740027258918126, 0.36931756808027405, 0.1953270968520826, 0.13729679242548976, 0.28596038472352703, 0.3509641845184319, 0.23932489811719915];
    expectRows(await kitchen("TRIPLE_EXPONENTIAL_DERIVATIVE(temp, 4)"), rowsFrom(12, trix));
    expectRows(await kitchen("TRIPLE_EXPONENTIAL_DERIVATIVE(temp, 4, 6)"), rowsFrom(14, trix.slice(2)));
    expectRows(await kitchen("TRIPLE_EXPONENTIAL_DERIVATIVE(temp, 4, -1, 'simple')"), rowsFrom(18, [0.3040309049773704, 0.37510717611963784, 0.2625157254706467]));
    const s = await seriesOf(`SELECT TRIPLE_EXPONENTIAL_DERIVATIVE(*, 4) FROM home WHERE room = 'Kitchen'`);
    expectRows(s[0]!.values, rowsFrom(12, [null, null, 179.99999999999997, 148.57142857142853, 140.22988505747128, 92.48803827751195, 84.49217002237135, 64.59469801081093, 48.10094220759999]), 1);
  });

  it("RELATIVE_STRENGTH_INDEX: warm-ups, hold period, and a null where nothing moved", async () => {
    const rsi = [92.39130434782608, 92.78350515463916, 92.78350515463916, 90.03334568358646, 80.49022855250077, 82.90606558962943, 87.14940243872873, 78.48983186121941, 62.04865064241268];
    expectRows(await kitchen("RELATIVE_STRENGTH_INDEX(temp, 4)"), rowsFrom(12, rsi));
    expectRows(await kitchen("RELATIVE_STRENGTH_INDEX(temp, 4, 6)"), rowsFrom(14, rsi.slice(2)));
    expectRows(
      await kitchen("RELATIVE_STRENGTH_INDEX(temp, 4, -1, 'simple')"),
      rowsFrom(12, [97.46835443037975, 97.52066115702479, 97.52066115702479, 96.34109464771694, 91.89501009518312, 92.36482202699028, 93.38702507648456, 88.1423325938459, 76.66135862958828]),
    );
    const s = await seriesOf(`SELECT RELATIVE_STRENGTH_INDEX(*, 4) FROM home WHERE room = 'Kitchen'`);
    expectRows(s[0]!.values, rowsFrom(12, [null, 100, 100, 100, 100, 100, 100, 100, 100]), 1);
  });

  it("KAUFMANS_EFFICIENCY_RATIO and KAUFMANS_ADAPTIVE_MOVING_AVERAGE, with hold periods", async () => {
    const er = [0.555555555555555, 0.19999999999999857, 0.14285714285714432, 0.5999999999999972, 0.14285714285714432, 0.14285714285714432, 0.38461538461538336, 0.2857142857142868, 0.2];
    expectRows(await kitchen("KAUFMANS_EFFICIENCY_RATIO(temp, 4)"), rowsFrom(12, er));
    expectRows(await kitchen("KAUFMANS_EFFICIENCY_RATIO(temp, 4, 6)"), rowsFrom(14, er.slice(2)));
    const kama = [22.415923627793976, 22.429061002513993, 22.43746706604819, 22.48506721007708, 22.48313945274385, 22.488053855248438, 22.559247409584806, 22.589508047087516, 22.59328743653712];
    expectRows(await kitchen("KAUFMANS_ADAPTIVE_MOVING_AVERAGE(temp, 4)"), rowsFrom(12, kama));
    expectRows(await kitchen("KAUFMANS_ADAPTIVE_MOVING_AVERAGE(temp, 4, 6)"), rowsFrom(14, kama.slice(2)));
  });

  it("groups by tag: one series per room", async () => {
    const s = await seriesOf(`SELECT EXPONENTIAL_MOVING_AVERAGE(temp, 4) FROM home GROUP BY room`);
    expect(s).toHaveLength(2);
    expect(s.map((x) => x.values.length)).toEqual([10, 10]);
  });
});

describe("formulas on hand-made series", () => {
  beforeAll(async () => {
    // One value a minute: 1, 2, 4, 8, 16 (and two values in the last minute).
    const lines = [1, 2, 4, 8].map((v, i) => `ta v=${v} ${i * 60}`);
    lines.push("ta v=10 240", "ta v=22 270");
    await f.write("home", lines.join("\n"), "s");
  });

  it("EXPONENTIAL_MOVING_AVERAGE(v, 2): α = 2/(n+1), scaled during warm-up, first value held", async () => {
    const values = [1, 2, 4, 8, 10, 22];
    const expected: number[] = [];
    let avg = values[0]!;
    values.slice(1).forEach((v, k) => {
      // Warm-up: the second value uses α = 2/(1+2); then α = 2/(2+1) too, for a period of 2.
      const alpha = k === 0 ? 2 / 3 : 2 / (2 + 1);
      avg = (v - avg) * alpha + avg;
      expected.push(avg);
    });
    const rows = (await seriesOf(`SELECT EXPONENTIAL_MOVING_AVERAGE(v, 2) FROM ta`))[0]!.values;
    expect(rows.map((r) => r[1] as number)).toEqual(expected.map((e) => expect.closeTo(e, 12)));
  });

  it("over MEAN windows of GROUP BY time, reading one window before the range for the warm-up", async () => {
    // Means per minute: 1, 2, 4, 8, 16. From minute 2 on, influxd 1.6.7 reads minute 1 too (one
    // window, whatever the period): these are its answers to the same statements.
    const s = await seriesOf(`SELECT EXPONENTIAL_MOVING_AVERAGE(MEAN(v), 2) FROM ta WHERE time >= 120s AND time < 300s GROUP BY time(1m)`);
    expect(s[0]!.values).toEqual([
      ["1970-01-01T00:02:00Z", expect.closeTo(3.333333333333333, 12)],
      ["1970-01-01T00:03:00Z", expect.closeTo(6.444444444444445, 12)],
      ["1970-01-01T00:04:00Z", expect.closeTo(12.814814814814815, 12)],
    ]);
    const ma = await seriesOf(`SELECT MOVING_AVERAGE(MEAN(v), 3) FROM ta WHERE time >= 120s AND time < 300s GROUP BY time(1m)`);
    expect(ma[0]!.values).toEqual([
      ["1970-01-01T00:03:00Z", expect.closeTo(4.666666666666667, 12)],
      ["1970-01-01T00:04:00Z", expect.closeTo(9.333333333333334, 12)],
    ]);
  });

  it("ORDER BY time DESC feeds the values newest first, as 1.x does", async () => {
    const values = [1, 2, 4, 8, 10, 22].reverse();
    let avg = values[0]!;
    const expected = values.slice(1).map((v) => (avg = (v - avg) * (2 / 3) + avg));
    const rows = (await seriesOf(`SELECT EXPONENTIAL_MOVING_AVERAGE(v, 2) FROM ta ORDER BY time DESC`))[0]!.values;
    expect(rows.map((r) => r[0])).toEqual(["1970-01-01T00:04:00Z", "1970-01-01T00:03:00Z", "1970-01-01T00:02:00Z", "1970-01-01T00:01:00Z", "1970-01-01T00:00:00Z"]);
    expect(rows.map((r) => r[1])).toEqual(expected.map((e) => expect.closeTo(e, 12)));
    // Over windows, the look-back windows are after the range.
    const means = [16, 8, 4];
    let m = means[0]!;
    const ema = means.slice(1).map((v) => (m = (v - m) * (2 / 3) + m));
    const s = await seriesOf(`SELECT EXPONENTIAL_MOVING_AVERAGE(MEAN(v), 2) FROM ta WHERE time >= 0s AND time < 240s GROUP BY time(1m) ORDER BY time DESC`);
    expect(s[0]!.values.slice(0, 2)).toEqual([
      ["1970-01-01T00:03:00Z", expect.closeTo(ema[0]!, 12)],
      ["1970-01-01T00:02:00Z", expect.closeTo(ema[1]!, 12)],
    ]);
  });

  it("skips empty windows (fill(null)) but uses filled values (fill(0))", async () => {
    await f.write("home", ["gaps v=3 0", "gaps v=6 60", "gaps v=12 180"].join("\n"), "s");
    const q = (fill: string) => seriesOf(`SELECT EXPONENTIAL_MOVING_AVERAGE(MEAN(v), 2) FROM gaps WHERE time >= 0s AND time < 240s GROUP BY time(1m) fill(${fill})`);
    // Minute 2 is empty: with fill(null) it is neither a value nor a row (EMA after 3, 6 is 5).
    expect((await q("null"))[0]!.values).toEqual([
      ["1970-01-01T00:01:00Z", expect.closeTo(3 + (6 - 3) * (2 / 3), 12)],
      ["1970-01-01T00:03:00Z", expect.closeTo(5 + (12 - 5) * (2 / 3), 12)],
    ]);
    // fill(0) also fills the two look-back windows before the range, as 1.x's fill does.
    let avg = 0;
    const zeros = [0, 3, 6, 0, 12].map((v) => (avg = (v - avg) * (2 / 3) + avg)).slice(1);
    expect((await q("0"))[0]!.values.map((r) => r[1])).toEqual(zeros.map((z) => expect.closeTo(z, 12)));
  });

  it("a period longer than the series: the window never fills (and a huge one costs no memory)", async () => {
    // Before the ring wraps, the 'oldest' price is the initial 0: ER = |v − 0| / Σ|steps from 0|,
    // which is 1 for a rising series; CMO sees only rises after the first value.
    const er = (await seriesOf(`SELECT KAUFMANS_EFFICIENCY_RATIO(v, 1000000000, 0) FROM ta`))[0]!.values;
    expect(er.map((r) => r[1])).toEqual([1, 1, 1, 1, 1, 1]);
    const cmo = (await seriesOf(`SELECT CHANDE_MOMENTUM_OSCILLATOR(v, 1000000000, 0, 'none') FROM ta`))[0]!.values;
    expect(cmo.map((r) => r[1])).toEqual([0, 100, 100, 100, 100, 100]);
  });

  it("KAUFMANS_EFFICIENCY_RATIO(v, 2): |net change over 2 steps| / sum of |steps|", async () => {
    const values = [1, 2, 4, 8, 10, 22];
    const expected = values.slice(2).map((v, k) => Math.abs(v - values[k]!) / (Math.abs(v - values[k + 1]!) + Math.abs(values[k + 1]! - values[k]!)));
    const rows = (await seriesOf(`SELECT KAUFMANS_EFFICIENCY_RATIO(v, 2) FROM ta`))[0]!.values;
    expect(rows.map((r) => r[1])).toEqual(expected.map((e) => expect.closeTo(e, 12)));
  });
});

describe("argument errors (1.x messages)", () => {
  it.each([
    ["EXPONENTIAL_MOVING_AVERAGE(temp)", "invalid number of arguments for exponential_moving_average, expected at least 2 but no more than 4, got 1"],
    ["RELATIVE_STRENGTH_INDEX(temp, 2, -1, 'simple', 3)", "invalid number of arguments for relative_strength_index, expected at least 2 but no more than 4, got 5"],
    ["KAUFMANS_ADAPTIVE_MOVING_AVERAGE(temp, 2, 1, 'simple')", "invalid number of arguments for kaufmans_adaptive_moving_average, expected at least 2 but no more than 3, got 4"],
    ["DOUBLE_EXPONENTIAL_MOVING_AVERAGE(temp, 2.5)", "double_exponential_moving_average period must be an integer"],
    ["TRIPLE_EXPONENTIAL_MOVING_AVERAGE(temp, 0)", "triple_exponential_moving_average period must be greater than or equal to 1"],
    ["KAUFMANS_EFFICIENCY_RATIO(temp, -3)", "kaufmans_efficiency_ratio period must be greater than or equal to 1"],
    ["EXPONENTIAL_MOVING_AVERAGE(temp, 2, -2)", "exponential_moving_average hold period must be greater than or equal to 0"],
    ["TRIPLE_EXPONENTIAL_DERIVATIVE(temp, 2, 0)", "triple_exponential_derivative hold period must be greater than or equal to 1"],
    ["CHANDE_MOMENTUM_OSCILLATOR(temp, 2, 'x')", "chande_momentum_oscillator hold period must be an integer"],
    ["EXPONENTIAL_MOVING_AVERAGE(temp, 2, -1, 'none')", "exponential_moving_average warmup type must be one of: 'exponential' 'simple'"],
    ["CHANDE_MOMENTUM_OSCILLATOR(temp, 2, -1, 'fast')", "chande_momentum_oscillator warmup type must be one of: 'none' 'exponential' 'simple'"],
    ["RELATIVE_STRENGTH_INDEX(temp, 2, -1, 1)", "relative_strength_index warmup type must be a string"],
    ["EXPONENTIAL_MOVING_AVERAGE(MEAN(temp), 2)", "exponential_moving_average aggregate requires a GROUP BY interval"],
    ["KAUFMANS_EFFICIENCY_RATIO(temp, 2) FROM home WHERE time > 0 GROUP BY time(1h)", "aggregate function required inside the call to kaufmans_efficiency_ratio"],
  ])("%s", async (call, message) => {
    expect(await errorOf(`SELECT ${call.includes(" FROM ") ? call : `${call} FROM home`}`)).toBe(message);
  });
});
