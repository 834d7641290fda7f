/** window, aggregateWindow and row-to-row functions, checked against Flux's documented examples. */
import { describe, it } from "vitest";
import { expectDocTables } from "../../test-support/tables.js";

const ints = 'import "sampledata"\nsampledata.int()';
const ranged = (data: string): string => `${data} |> range(start: 2021-01-01T00:00:00Z, stop: 2021-01-01T00:01:00Z)`;
const floats = 'import "sampledata"\nsampledata.float()';

describe("window", () => {
  it("splits each table into 30 s windows with _start/_stop set to the window", async () => {
    await expectDocTables(
      `${ranged(ints)} |> filter(fn: (r) => r.tag == "t1") |> window(every: 30s)`,
      `| *_start | *_stop | _time | _value | *tag |
       | 2021-01-01T00:00:00Z | 2021-01-01T00:00:30Z | 2021-01-01T00:00:00Z | -2 | t1 |
       | 2021-01-01T00:00:00Z | 2021-01-01T00:00:30Z | 2021-01-01T00:00:10Z | 10 | t1 |
       | 2021-01-01T00:00:00Z | 2021-01-01T00:00:30Z | 2021-01-01T00:00:20Z | 7 | t1 |

       | *_start | *_stop | _time | _value | *tag |
       | 2021-01-01T00:00:30Z | 2021-01-01T00:01:00Z | 2021-01-01T00:00:30Z | 17 | t1 |
       | 2021-01-01T00:00:30Z | 2021-01-01T00:01:00Z | 2021-01-01T00:00:40Z | 15 | t1 |
       | 2021-01-01T00:00:30Z | 2021-01-01T00:01:00Z | 2021-01-01T00:00:50Z | 4 | t1 |`,
    );
  });

  it("places rows in overlapping windows when the period is longer than every, clipped to the range", async () => {
    await expectDocTables(
      `${ranged(ints)} |> filter(fn: (r) => r.tag == "t2") |> window(every: 20s, period: 40s)`,
      `| *_start | *_stop | _time | _value | *tag |
       | 2021-01-01T00:00:00Z | 2021-01-01T00:00:20Z | 2021-01-01T00:00:00Z | 19 | t2 |
       | 2021-01-01T00:00:00Z | 2021-01-01T00:00:20Z | 2021-01-01T00:00:10Z | 4 | t2 |

       | *_start | *_stop | _time | _value | *tag |
       | 2021-01-01T00:00:00Z | 2021-01-01T00:00:40Z | 2021-01-01T00:00:00Z | 19 | t2 |
       | 2021-01-01T00:00:00Z | 2021-01-01T00:00:40Z | 2021-01-01T00:00:10Z | 4 | t2 |
       | 2021-01-01T00:00:00Z | 2021-01-01T00:00:40Z | 2021-01-01T00:00:20Z | -3 | t2 |
       | 2021-01-01T00:00:00Z | 2021-01-01T00:00:40Z | 2021-01-01T00:00:30Z | 19 | t2 |

       | *_start | *_stop | _time | _value | *tag |
       | 2021-01-01T00:00:20Z | 2021-01-01T00:01:00Z | 2021-01-01T00:00:20Z | -3 | t2 |
       | 2021-01-01T00:00:20Z | 2021-01-01T00:01:00Z | 2021-01-01T00:00:30Z | 19 | t2 |
       | 2021-01-01T00:00:20Z | 2021-01-01T00:01:00Z | 2021-01-01T00:00:40Z | 13 | t2 |
       | 2021-01-01T00:00:20Z | 2021-01-01T00:01:00Z | 2021-01-01T00:00:50Z | 1 | t2 |

       | *_start | *_stop | _time | _value | *tag |
       | 2021-01-01T00:00:40Z | 2021-01-01T00:01:00Z | 2021-01-01T00:00:40Z | 13 | t2 |
       | 2021-01-01T00:00:40Z | 2021-01-01T00:01:00Z | 2021-01-01T00:00:50Z | 1 | t2 |`,
    );
  });

  it("windows by calendar month", async () => {
    await expectDocTables(
      `import "array"
array.from(rows: [
  {_time: 2021-01-01T00:00:00Z, _value: 0}, {_time: 2021-01-16T00:00:00Z, _value: 2}, {_time: 2021-01-31T00:00:00Z, _value: 4},
  {_time: 2021-02-15T00:00:00Z, _value: 6}, {_time: 2021-03-02T00:00:00Z, _value: 8}, {_time: 2021-03-17T00:00:00Z, _value: 10},
])
  |> range(start: 2021-01-01T00:00:00Z, stop: 2021-04-01T00:00:00Z)
  |> window(every: 1mo)`,
      `| *_start | *_stop | _time | _value |
       | 2021-01-01T00:00:00Z | 2021-02-01T00:00:00Z | 2021-01-01T00:00:00Z | 0 |
       | 2021-01-01T00:00:00Z | 2021-02-01T00:00:00Z | 2021-01-16T00:00:00Z | 2 |
       | 2021-01-01T00:00:00Z | 2021-02-01T00:00:00Z | 2021-01-31T00:00:00Z | 4 |

       | *_start | *_stop | _time | _value |
       | 2021-02-01T00:00:00Z | 2021-03-01T00:00:00Z | 2021-02-15T00:00:00Z | 6 |

       | *_start | *_stop | _time | _value |
       | 2021-03-01T00:00:00Z | 2021-04-01T00:00:00Z | 2021-03-02T00:00:00Z | 8 |
       | 2021-03-01T00:00:00Z | 2021-04-01T00:00:00Z | 2021-03-17T00:00:00Z | 10 |`,
    );
  });
});

describe("aggregateWindow", () => {
  it("aggregates each window and stamps it with the window's stop", async () => {
    await expectDocTables(
      `${ranged(floats)} |> aggregateWindow(every: 20s, fn: mean)`,
      `| _time | *_start | *_stop | *tag | _value |
       | 2021-01-01T00:00:20Z | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | t1 | 4.37 |
       | 2021-01-01T00:00:40Z | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | t1 | 12.440000000000001 |
       | 2021-01-01T00:01:00Z | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | t1 | 9.83 |

       | _time | *_start | *_stop | *tag | _value |
       | 2021-01-01T00:00:20Z | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | t2 | 12.41 |
       | 2021-01-01T00:00:40Z | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | t2 | 8.01 |
       | 2021-01-01T00:01:00Z | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | t2 | 7.859999999999999 |`,
    );
  });

  it("takes a function with extra parameters", async () => {
    await expectDocTables(
      `${ranged(floats)} |> aggregateWindow(column: "_value", every: 20s, fn: (column, tables=<-) => tables |> quantile(q: 0.99, column: column))`,
      `| *_start | *_stop | *tag | _value | _time |
       | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | t1 | 10.92 | 2021-01-01T00:00:20Z |
       | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | t1 | 17.53 | 2021-01-01T00:00:40Z |
       | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | t1 | 15.23 | 2021-01-01T00:01:00Z |

       | *_start | *_stop | *tag | _value | _time |
       | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | t2 | 19.85 | 2021-01-01T00:00:20Z |
       | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | t2 | 19.77 | 2021-01-01T00:00:40Z |
       | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | t2 | 13.86 | 2021-01-01T00:01:00Z |`,
    );
  });

  it("windows by calendar month and by weeks starting on Monday, creating empty windows", async () => {
    await expectDocTables(
      `${ranged(floats)} |> aggregateWindow(every: 1mo, fn: mean)`,
      `| _time | *_start | *_stop | *tag | _value |
       | 2021-01-01T00:01:00Z | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | t1 | 8.88 |

       | _time | *_start | *_stop | *tag | _value |
       | 2021-01-01T00:01:00Z | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | t2 | 9.426666666666668 |`,
    );
    const days = [
      ["01", 2], ["03", 2.2], ["06", 4.1], ["09", 3.8], ["11", 1.7], ["12", 2.1], ["15", 3.8], ["16", 4.2], ["20", 5], ["24", 5.8], ["28", 3.9],
    ] as const;
    const rows = days.map(([d, v]) => `{_start: 2022-01-01T00:00:00Z, _stop: 2022-01-31T23:59:59Z, _time: 2022-01-${d}T00:00:00Z, tag: "t1", _value: ${Number.isInteger(v) ? `${v}.0` : v}}`);
    await expectDocTables(
      `import "array"\narray.from(rows: [${rows.join(", ")}]) |> group(columns: ["tag"]) |> aggregateWindow(every: 1w, offset: -3d, fn: mean)`,
      `| _time | *tag | *_start | *_stop | _value |
       | 2022-01-03T00:00:00Z | t1 | 2022-01-01T00:00:00Z | 2022-01-31T23:59:59Z | 2 |
       | 2022-01-10T00:00:00Z | t1 | 2022-01-01T00:00:00Z | 2022-01-31T23:59:59Z | 3.3666666666666667 |
       | 2022-01-17T00:00:00Z | t1 | 2022-01-01T00:00:00Z | 2022-01-31T23:59:59Z | 2.95 |
       | 2022-01-24T00:00:00Z | t1 | 2022-01-01T00:00:00Z | 2022-01-31T23:59:59Z | 5 |
       | 2022-01-31T00:00:00Z | t1 | 2022-01-01T00:00:00Z | 2022-01-31T23:59:59Z | 4.85 |
       | 2022-01-31T23:59:59Z | t1 | 2022-01-01T00:00:00Z | 2022-01-31T23:59:59Z | |`,
    );
  });

  it("fills empty windows with null for aggregates (0 for count) and skips them for selectors", async () => {
    const sparse = `${ranged(ints)} |> filter(fn: (r) => r.tag == "t1" and r._time < 2021-01-01T00:00:20Z)`;
    await expectDocTables(
      `${sparse} |> aggregateWindow(every: 20s, fn: count)`,
      `| _time | *_start | *_stop | *tag | _value |
       | 2021-01-01T00:00:20Z | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | t1 | 2 |
       | 2021-01-01T00:00:40Z | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | t1 | 0 |
       | 2021-01-01T00:01:00Z | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | t1 | 0 |`,
    );
    await expectDocTables(
      `${sparse} |> aggregateWindow(every: 20s, fn: max)`,
      `| _time | *_start | *_stop | *tag | _value |
       | 2021-01-01T00:00:20Z | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | t1 | 10 |`,
    );
    await expectDocTables(
      `${sparse} |> aggregateWindow(every: 20s, fn: sum, createEmpty: false, timeSrc: "_start")`,
      `| _time | *_start | *_stop | *tag | _value |
       | 2021-01-01T00:00:00Z | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | t1 | 8 |`,
    );
  });
});

describe("row-to-row functions", () => {
  it("difference, optionally non-negative or keeping the first row", async () => {
    await expectDocTables(
      `${ints} |> difference()`,
      `| _time | _value | *tag |
       | 2021-01-01T00:00:10Z | 12 | t1 |
       | 2021-01-01T00:00:20Z | -3 | t1 |
       | 2021-01-01T00:00:30Z | 10 | t1 |
       | 2021-01-01T00:00:40Z | -2 | t1 |
       | 2021-01-01T00:00:50Z | -11 | t1 |

       | _time | _value | *tag |
       | 2021-01-01T00:00:10Z | -15 | t2 |
       | 2021-01-01T00:00:20Z | -7 | t2 |
       | 2021-01-01T00:00:30Z | 22 | t2 |
       | 2021-01-01T00:00:40Z | -6 | t2 |
       | 2021-01-01T00:00:50Z | -12 | t2 |`,
    );
    await expectDocTables(
      `${ints} |> filter(fn: (r) => r.tag == "t2") |> difference(nonNegative: true)`,
      `| _time | _value | *tag |
       | 2021-01-01T00:00:10Z | | t2 |
       | 2021-01-01T00:00:20Z | | t2 |
       | 2021-01-01T00:00:30Z | 22 | t2 |
       | 2021-01-01T00:00:40Z | | t2 |
       | 2021-01-01T00:00:50Z | | t2 |`,
    );
    await expectDocTables(
      `${ints} |> filter(fn: (r) => r.tag == "t1") |> difference(keepFirst: true)`,
      `| _time | _value | *tag |
       | 2021-01-01T00:00:00Z | | t1 |
       | 2021-01-01T00:00:10Z | 12 | t1 |
       | 2021-01-01T00:00:20Z | -3 | t1 |
       | 2021-01-01T00:00:30Z | 10 | t1 |
       | 2021-01-01T00:00:40Z | -2 | t1 |
       | 2021-01-01T00:00:50Z | -11 | t1 |`,
    );
  });

  it("skips nulls in difference and derivative", async () => {
    const withNulls = `import "array"
array.from(rows: [
  {_time: 2021-01-01T00:00:00Z, _value: -2, tag: "t1"}, {_time: 2021-01-01T00:00:10Z, tag: "t1"}, {_time: 2021-01-01T00:00:20Z, _value: 7, tag: "t1"},
  {_time: 2021-01-01T00:00:30Z, tag: "t1"}, {_time: 2021-01-01T00:00:40Z, tag: "t1"}, {_time: 2021-01-01T00:00:50Z, _value: 4, tag: "t1"},
]) |> group(columns: ["tag"])`;
    await expectDocTables(
      `${withNulls} |> difference()`,
      `| _time | _value | *tag |
       | 2021-01-01T00:00:10Z | | t1 |
       | 2021-01-01T00:00:20Z | 9 | t1 |
       | 2021-01-01T00:00:30Z | | t1 |
       | 2021-01-01T00:00:40Z | | t1 |
       | 2021-01-01T00:00:50Z | -3 | t1 |`,
    );
    await expectDocTables(
      `${withNulls} |> derivative()`,
      `| _time | _value | *tag |
       | 2021-01-01T00:00:10Z | | t1 |
       | 2021-01-01T00:00:20Z | 0.45 | t1 |
       | 2021-01-01T00:00:30Z | | t1 |
       | 2021-01-01T00:00:40Z | | t1 |
       | 2021-01-01T00:00:50Z | -0.1 | t1 |`,
    );
    await expectDocTables(
      `${withNulls} |> movingAverage(n: 3)`,
      `| _time | _value | *tag |
       | 2021-01-01T00:00:20Z | 2.5 | t1 |
       | 2021-01-01T00:00:30Z | 7 | t1 |
       | 2021-01-01T00:00:40Z | 7 | t1 |
       | 2021-01-01T00:00:50Z | 4 | t1 |`,
    );
    await expectDocTables(
      `${withNulls} |> fill(usePrevious: true)`,
      `| _time | _value | *tag |
       | 2021-01-01T00:00:00Z | -2 | t1 |
       | 2021-01-01T00:00:10Z | -2 | t1 |
       | 2021-01-01T00:00:20Z | 7 | t1 |
       | 2021-01-01T00:00:30Z | 7 | t1 |
       | 2021-01-01T00:00:40Z | 7 | t1 |
       | 2021-01-01T00:00:50Z | 4 | t1 |`,
    );
    await expectDocTables(
      `${withNulls} |> fill(value: 0) |> cumulativeSum()`,
      `| _time | _value | *tag |
       | 2021-01-01T00:00:00Z | -2 | t1 |
       | 2021-01-01T00:00:10Z | -2 | t1 |
       | 2021-01-01T00:00:20Z | 5 | t1 |
       | 2021-01-01T00:00:30Z | 5 | t1 |
       | 2021-01-01T00:00:40Z | 5 | t1 |
       | 2021-01-01T00:00:50Z | 9 | t1 |`,
    );
  });

  it("derivative per second, non-negative", async () => {
    await expectDocTables(
      `${ints} |> filter(fn: (r) => r.tag == "t1") |> derivative(nonNegative: true)`,
      `| _time | _value | *tag |
       | 2021-01-01T00:00:10Z | 1.2 | t1 |
       | 2021-01-01T00:00:20Z | | t1 |
       | 2021-01-01T00:00:30Z | 1 | t1 |
       | 2021-01-01T00:00:40Z | | t1 |
       | 2021-01-01T00:00:50Z | | t1 |`,
    );
  });

  it("movingAverage over three points", async () => {
    await expectDocTables(
      `${ints} |> movingAverage(n: 3)`,
      `| _time | _value | *tag |
       | 2021-01-01T00:00:20Z | 5 | t1 |
       | 2021-01-01T00:00:30Z | 11.333333333333334 | t1 |
       | 2021-01-01T00:00:40Z | 13 | t1 |
       | 2021-01-01T00:00:50Z | 12 | t1 |

       | _time | _value | *tag |
       | 2021-01-01T00:00:20Z | 6.666666666666667 | t2 |
       | 2021-01-01T00:00:30Z | 6.666666666666667 | t2 |
       | 2021-01-01T00:00:40Z | 9.666666666666666 | t2 |
       | 2021-01-01T00:00:50Z | 11 | t2 |`,
    );
  });
});

describe("window location", () => {
  const data = 'import "array"\nimport "timezone"\narray.from(rows: [{_time: 2021-01-01T03:00:00Z, _value: 1}, {_time: 2021-01-01T06:00:00Z, _value: 2}])';
  it("aligns days to the location's midnight (fixed offset, argument or option)", async () => {
    const expected = `| *_start | *_stop | _time | _value |
       | 2020-12-31T05:00:00Z | 2021-01-01T05:00:00Z | 2021-01-01T03:00:00Z | 1 |

       | *_start | *_stop | _time | _value |
       | 2021-01-01T05:00:00Z | 2021-01-02T05:00:00Z | 2021-01-01T06:00:00Z | 2 |`;
    await expectDocTables(`${data} |> window(every: 1d, location: timezone.fixed(offset: -5h))`, expected);
    await expectDocTables(`${data.replace('import "timezone"', 'import "timezone"\noption location = timezone.fixed(offset: -5h)')} |> window(every: 1d)`, expected);
  });
  it("follows daylight saving time in a named zone", async () => {
    await expectDocTables('import "array"\nimport "timezone"\narray.from(rows: [{_time: 2021-03-14T12:00:00Z, _value: 1}]) |> window(every: 1d, location: timezone.location(name: "America/New_York"))', `| *_start | *_stop | _time | _value |
       | 2021-03-14T05:00:00Z | 2021-03-15T04:00:00Z | 2021-03-14T12:00:00Z | 1 |`);
  });
});
