/** mode, highest/lowest, moving averages and indicators, integral, histograms, hourSelection, keyValues, display. */
import { describe, expect, it } from "vitest";
import { expectDocTables, queryTables } from "../../test-support/tables.js";

const int = 'import "sampledata"\nsampledata.int()';

describe("mode", () => {
  it("returns the most frequent value, null when no value repeats", async () => {
    await expectDocTables(`${int} |> mode()`, `| *tag | _value |
       | t1 | |

       | *tag | _value |
       | t2 | 19 |`);
  });
  it("returns every mode, sorted, and drops empty tables", async () => {
    await expectDocTables('import "array"\narray.from(rows: [{v: "b"}, {v: "a"}, {v: "b"}, {v: "a"}, {v: "c"}]) |> mode(column: "v")', `| v |
       | a |
       | b |`);
    await expectDocTables(`${int} |> filter(fn: (r) => r._value > 100, onEmpty: "keep") |> mode()`, "");
  });
});

describe("highest and lowest", () => {
  it("highestMax keeps the n highest per-group maxima in one table", async () => {
    await expectDocTables(`${int} |> highestMax(n: 2, groupColumns: ["tag"])`, `| _time | _value | tag |
       | 2021-01-01T00:00:00Z | 19 | t2 |
       | 2021-01-01T00:00:30Z | 17 | t1 |`);
  });
  it("lowestMin, highestAverage, lowestAverage, highestCurrent, lowestCurrent", async () => {
    await expectDocTables(`${int} |> lowestMin(n: 1, groupColumns: ["tag"])`, `| _time | _value | tag |
       | 2021-01-01T00:00:20Z | -3 | t2 |`);
    await expectDocTables(`${int} |> highestAverage(n: 1, groupColumns: ["tag"])`, `| _value | tag |
       | ${53 / 6} | t2 |`);
    await expectDocTables(`${int} |> lowestAverage(n: 2, groupColumns: ["tag"])`, `| _value | tag |
       | 8.5 | t1 |
       | ${53 / 6} | t2 |`);
    await expectDocTables(`${int} |> highestCurrent(n: 1, groupColumns: ["tag"])`, `| _time | _value | tag |
       | 2021-01-01T00:00:50Z | 4 | t1 |`);
    await expectDocTables(`${int} |> lowestCurrent(n: 1, groupColumns: ["tag"])`, `| _time | _value | tag |
       | 2021-01-01T00:00:50Z | 1 | t2 |`);
  });
});

describe("moving averages and indicators", () => {
  const t1 = `${int} |> filter(fn: (r) => r.tag == "t1")`;
  it("exponentialMovingAverage starts with the mean of n values, then weighs new values by 2/(n+1)", async () => {
    await expectDocTables(`${t1} |> exponentialMovingAverage(n: 3)`, `| _time | _value | *tag |
       | 2021-01-01T00:00:20Z | 5 | t1 |
       | 2021-01-01T00:00:30Z | 11 | t1 |
       | 2021-01-01T00:00:40Z | 13 | t1 |
       | 2021-01-01T00:00:50Z | 8.5 | t1 |`);
  });
  it("doubleEMA and tripleEMA combine EMAs of EMAs", async () => {
    const e2a = (5 + 11 + 13) / 3;
    const e2b = 8.5 * 0.5 + e2a * 0.5;
    await expectDocTables(`${t1} |> doubleEMA(n: 3)`, `| _time | _value | *tag |
       | 2021-01-01T00:00:40Z | ${2 * 13 - e2a} | t1 |
       | 2021-01-01T00:00:50Z | ${2 * 8.5 - e2b} | t1 |`);
    await expectDocTables(`${t1} |> tripleEMA(n: 2)`, `| _time | _value | *tag |
       | 2021-01-01T00:00:30Z | ${tripleAt()} | t1 |
       | 2021-01-01T00:00:40Z | ${tripleAt(1)} | t1 |
       | 2021-01-01T00:00:50Z | ${tripleAt(2)} | t1 |`);
  });
  it("chandeMomentumOscillator and relativeStrengthIndex over n changes", async () => {
    await expectDocTables(`${t1} |> chandeMomentumOscillator(n: 2)`, `| _time | _value | *tag |
       | 2021-01-01T00:00:20Z | 60 | t1 |
       | 2021-01-01T00:00:30Z | ${(100 * 7) / 13} | t1 |
       | 2021-01-01T00:00:40Z | ${(100 * 8) / 12} | t1 |
       | 2021-01-01T00:00:50Z | -100 | t1 |`);
    // Flux counts the first value as a change from 0 (-2 here), as its documented example shows.
    await expectDocTables(`${t1} |> relativeStrengthIndex(n: 2) |> limit(n: 2)`, `| _time | _value | *tag |
       | 2021-01-01T00:00:20Z | 60 | t1 |
       | 2021-01-01T00:00:30Z | ${100 - 100 / (1 + 6.5 / 1)} | t1 |`);
    await expectDocTables(`${t1} |> kaufmansER(n: 2) |> limit(n: 1)`, `| _time | _value | *tag |
       | 2021-01-01T00:00:20Z | 0.6 | t1 |`);
  });
  it("timedMovingAverage: the mean of each period, every interval, at the window stop", async () => {
    await expectDocTables(`${t1} |> timedMovingAverage(every: 20s, period: 40s)`, `| _time | _value | *tag |
       | 2021-01-01T00:00:20Z | 4 | t1 |
       | 2021-01-01T00:00:40Z | 8 | t1 |
       | 2021-01-01T00:01:00Z | 10.75 | t1 |
       | 2021-01-01T00:01:20Z | 9.5 | t1 |`);
  });
});

/** tripleEMA(n: 2) of t1, computed step by step (k = 2/3). */
function tripleAt(i = 0): number {
  const k = 2 / 3;
  const emaOf = (x: number[]): number[] => {
    const out = [(x[0] as number + (x[1] as number)) / 2];
    for (let j = 2; j < x.length; j++) out.push((x[j] as number) * k + (out.at(-1) as number) * (1 - k));
    return out;
  };
  const e1 = emaOf([-2, 10, 7, 17, 15, 4]);
  const e2 = emaOf(e1);
  const e3 = emaOf(e2);
  return 3 * (e1[i + 2] as number) - 3 * (e2[i + 1] as number) + (e3[i] as number);
}

describe("integral and histograms", () => {
  it("integral sums trapezoids in units of unit", async () => {
    await expectDocTables(`${int} |> integral(unit: 10s)`, `| *tag | _value |
       | t1 | 50 |

       | *tag | _value |
       | t2 | 43 |`);
  });
  it("histogram counts values at or below each bound, cumulatively", async () => {
    await expectDocTables('import "sampledata"\nsampledata.float() |> filter(fn: (r) => r.tag == "t1") |> histogram(bins: [0.0, 10.0, 20.0])', `| *tag | le | _value |
       | t1 | 0 | 1 |
       | t1 | 10 | 3 |
       | t1 | 20 | 6 |`);
    await expectDocTables('import "sampledata"\nsampledata.float() |> filter(fn: (r) => r.tag == "t1") |> histogram(bins: linearBins(start: 0.0, width: 10.0, count: 2), normalize: true)', `| *tag | le | _value |
       | t1 | 0 | ${1 / 6} |
       | t1 | 10 | 0.5 |
       | t1 | +Inf | 1 |`);
  });
  it("histogramQuantile interpolates within the bucket holding the rank", async () => {
    const h = 'import "array"\narray.from(rows: [{le: 1.0, _value: 2.0}, {le: 2.0, _value: 6.0}, {le: 3.0, _value: 10.0}])';
    await expectDocTables(`${h} |> histogramQuantile(quantile: 0.5)`, `| _value |
       | 1.75 |`);
    await expectDocTables(`${h} |> histogramQuantile(quantile: 0.9)`, `| _value |
       | 2.75 |`);
    await expect(queryTables('import "array"\narray.from(rows: [{le: 1.0, _value: 5.0}, {le: 2.0, _value: 3.0}]) |> histogramQuantile(quantile: 0.5)')).rejects.toThrow(/not monotonic/);
  });
  it("logarithmicBins", async () => {
    const rows = await queryTables('import "array"\narray.from(rows: [{v: display(v: logarithmicBins(start: 1.0, factor: 2.0, count: 3, infinity: false))}])');
    expect(rows[0]?.rows[0]?.v).toBe("[1, 2, 4]");
  });
});

describe("hourSelection, keyValues, display", () => {
  it("hourSelection keeps rows within the hours, wrapping past midnight", async () => {
    const data = 'import "array"\narray.from(rows: [{_time: 2021-01-01T01:30:00Z, v: 1}, {_time: 2021-01-01T12:00:00Z, v: 2}, {_time: 2021-01-01T23:10:00Z, v: 3}])';
    await expectDocTables(`${data} |> hourSelection(start: 9, stop: 17)`, `| _time | v |
       | 2021-01-01T12:00:00Z | 2 |`);
    await expectDocTables(`${data} |> hourSelection(start: 22, stop: 2)`, `| _time | v |
       | 2021-01-01T01:30:00Z | 1 |
       | 2021-01-01T23:10:00Z | 3 |`);
  });
  it("keyValues lists distinct label/value pairs", async () => {
    await expectDocTables('import "array"\narray.from(rows: [{a: "x", b: "y"}, {a: "x", b: "z"}]) |> keyValues(keyColumns: ["a", "b"])', `| _key | _value |
       | a | x |
       | b | y |
       | b | z |`);
  });
  it("display prints records, arrays and dictionaries", async () => {
    const rows = await queryTables('import "array"\narray.from(rows: [{v: display(v: {a: 1, b: [1.5, 2.0], c: ["k": true]})}])');
    expect(rows[0]?.rows[0]?.v).toBe("{a: 1, b: [1.5, 2], c: [k: true]}");
  });
});

describe("cov and pearsonr", () => {
  const x = 'array.from(rows: [{_time: 2021-01-01T00:00:00Z, _value: 1.0}, {_time: 2021-01-01T00:00:10Z, _value: 2.0}, {_time: 2021-01-01T00:00:20Z, _value: 3.0}])';
  const y = 'array.from(rows: [{_time: 2021-01-01T00:00:00Z, _value: 2.0}, {_time: 2021-01-01T00:00:10Z, _value: 4.0}, {_time: 2021-01-01T00:00:20Z, _value: 7.0}])';
  it("cov is the sample covariance of the joined values; pearsonr their correlation", async () => {
    // x: mean 2, deviations -1 0 1; y: mean 13/3, deviations -7/3 -1/3 8/3 → Σdxdy = 5, covariance 5/2.
    await expectDocTables(`import "array"\ncov(x: ${x}, y: ${y}, on: ["_time"])`, "| _value |\n| 2.5 |");
    const syy = (49 + 1 + 64) / 9;
    await expectDocTables(`import "array"\npearsonr(x: ${x}, y: ${y}, on: ["_time"])`, `| _value |\n| ${5 / Math.sqrt(2 * syy)} |`);
  });
});

describe("covariance, skew, sample, stateTracking, timeWeightedAvg, today, count", () => {
  const rows = 'import "array"\narray.from(rows: [{_time: 2021-01-01T00:00:00Z, x: 1.0, y: 2.0, _value: 1.0}, {_time: 2021-01-01T00:00:10Z, x: 2.0, y: 4.0, _value: 2.0}, {_time: 2021-01-01T00:00:20Z, x: 3.0, y: 7.0, _value: 3.0}, {_time: 2021-01-01T00:00:30Z, x: 4.0, y: 7.0, _value: 10.0}])';
  it("covariance of two columns, or their Pearson correlation", async () => {
    // x: mean 2.5, y: mean 5 → Σdxdy = (-1.5)(-3) + (-0.5)(-1) + (0.5)(2) + (1.5)(2) = 9, /3 = 3.
    await expectDocTables(`${rows} |> covariance(columns: ["x", "y"])`, "| _value |\n| 3 |");
    await expectDocTables(`${rows} |> covariance(columns: ["x", "y"], pearsonr: true, valueDst: "r")`, `| r |\n| ${9 / Math.sqrt(5 * 18)} |`);
  });
  it("skew is the population skewness", async () => {
    await expectDocTables(`${rows} |> skew()`, `| _value |\n| ${45 / 12.5 ** 1.5} |`);
  });
  it("sample keeps every nth row from pos", async () => {
    await expectDocTables(`${rows} |> sample(n: 2, pos: 1) |> keep(columns: ["x"])`, "| x |\n| 2 |\n| 4 |");
  });
  it("stateTracking counts and times consecutive matches", async () => {
    await expectDocTables(`${rows} |> stateTracking(fn: (r) => r._value > 1.5, countColumn: "n", durationColumn: "d") |> keep(columns: ["n", "d"])`, `| n | d |
       | -1 | -1 |
       | 1 | 0 |
       | 2 | 10 |
       | 3 | 20 |`);
  });
  it("timeWeightedAvg weighs values by time, interpolated to the range bounds", async () => {
    const ranged = 'import "array"\narray.from(rows: [{_start: 2021-01-01T00:00:00Z, _stop: 2021-01-01T00:00:30Z, _time: 2021-01-01T00:00:10Z, _value: 10.0}, {_start: 2021-01-01T00:00:00Z, _stop: 2021-01-01T00:00:30Z, _time: 2021-01-01T00:00:20Z, _value: 20.0}]) |> group(columns: ["_start", "_stop"])';
    await expectDocTables(`${ranged} |> timeWeightedAvg(unit: 1s)`, "| *_start | *_stop | _value |\n| 2021-01-01T00:00:00Z | 2021-01-01T00:00:30Z | 15 |");
  });
  it("today is now truncated to the day; count counts null values too", async () => {
    const tables = await queryTables('import "array"\narray.from(rows: [{v: today()}])');
    expect(tables[0]?.rows[0]?.v).toBe("2020-09-13T00:00:00Z");
    await expectDocTables('import "array"\narray.from(rows: [{_value: 1, a: 1}, {a: 2}]) |> count()', "| _value |\n| 2 |");
  });
});

describe("holtWinters", () => {
  const series = (values: number[]) => `import "array"\narray.from(rows: [${values.map((v, i) => `{_time: ${new Date(Date.UTC(2021, 0, 1, 0, i)).toISOString()}, _value: ${v.toFixed(1)}}`).join(", ")}])`;
  it("continues a linear trend", async () => {
    const tables = await queryTables(`${series([10, 12, 14, 16, 18, 20, 22, 24])} |> holtWinters(n: 3, interval: 1m)`);
    const rows = tables[0]?.rows ?? [];
    expect(rows.map((r) => r._time)).toEqual(["2021-01-01T00:08:00Z", "2021-01-01T00:09:00Z", "2021-01-01T00:10:00Z"]);
    // Flux's model is damped and its fit stops at a 1e-4 spread of squared errors, so a perfect
    // line is continued to within a few hundredths, not exactly.
    rows.forEach((r, i) => expect(Math.abs(Number(r._value) - (26 + 2 * i))).toBeLessThan(0.1));
  });
  it("repeats a season; withFit adds the fitted values", async () => {
    const seasonal = [1, 5, 1, 5, 1, 5, 1, 5, 1, 5];
    const tables = await queryTables(`${series(seasonal)} |> holtWinters(n: 2, interval: 1m, seasonality: 2)`);
    const forecast = (tables[0]?.rows ?? []).map((r) => Number(r._value));
    expect(forecast[0]).toBeCloseTo(1, 0);
    expect(forecast[1]).toBeCloseTo(5, 0);
    const fitted = await queryTables(`${series([10, 12, 14, 16])} |> holtWinters(n: 1, interval: 1m, withFit: true)`);
    expect(fitted[0]?.rows).toHaveLength(5);
  });
});

describe("short tables", () => {
  it("movingAverage and exponentialMovingAverage average what there is when n exceeds the rows", async () => {
    const two = 'import "array"\narray.from(rows: [{_time: 2021-01-01T00:00:00Z, _value: 1.0}, {_time: 2021-01-01T00:00:10Z, _value: 4.0}])';
    await expectDocTables(`${two} |> movingAverage(n: 5)`, "| _time | _value |\n| 2021-01-01T00:00:10Z | 2.5 |");
    await expectDocTables(`${two} |> exponentialMovingAverage(n: 5)`, "| _time | _value |\n| 2021-01-01T00:00:10Z | 2.5 |");
  });
});
