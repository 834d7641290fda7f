/** increase, elapsed, stateCount, stateDuration, timeShift, truncateTimeColumn. */
import { describe, it } from "vitest";
import { expectDocTables } from "../../test-support/tables.js";

const ints = 'import "sampledata"\nsampledata.int()';

describe("counters, elapsed time and state", () => {
  it("increase sums non-negative differences, treating drops as resets", async () => {
    await expectDocTables(
      `${ints} |> increase()`,
      `| _time | _value | *tag |
       | 2021-01-01T00:00:00Z | 0 | t1 |
       | 2021-01-01T00:00:10Z | 12 | t1 |
       | 2021-01-01T00:00:20Z | 19 | t1 |
       | 2021-01-01T00:00:30Z | 29 | t1 |
       | 2021-01-01T00:00:40Z | 44 | t1 |
       | 2021-01-01T00:00:50Z | 48 | t1 |

       | _time | _value | *tag |
       | 2021-01-01T00:00:00Z | 0 | t2 |
       | 2021-01-01T00:00:10Z | 4 | t2 |
       | 2021-01-01T00:00:20Z | 4 | t2 |
       | 2021-01-01T00:00:30Z | 26 | t2 |
       | 2021-01-01T00:00:40Z | 39 | t2 |
       | 2021-01-01T00:00:50Z | 40 | t2 |`,
    );
  });

  it("elapsed adds the time since the previous row, dropping the first", async () => {
    await expectDocTables(
      `${ints} |> filter(fn: (r) => r.tag == "t1" and r._time >= 2021-01-01T00:00:30Z) |> elapsed(unit: 1s)`,
      `| _time | _value | *tag | elapsed |
       | 2021-01-01T00:00:40Z | 15 | t1 | 10 |
       | 2021-01-01T00:00:50Z | 4 | t1 | 10 |`,
    );
  });

  it("stateCount and stateDuration count consecutive rows in a state, -1 outside it", async () => {
    await expectDocTables(
      `${ints} |> filter(fn: (r) => r.tag == "t2") |> stateCount(fn: (r) => r._value < 10)`,
      `| _time | _value | *tag | stateCount |
       | 2021-01-01T00:00:00Z | 19 | t2 | -1 |
       | 2021-01-01T00:00:10Z | 4 | t2 | 1 |
       | 2021-01-01T00:00:20Z | -3 | t2 | 2 |
       | 2021-01-01T00:00:30Z | 19 | t2 | -1 |
       | 2021-01-01T00:00:40Z | 13 | t2 | -1 |
       | 2021-01-01T00:00:50Z | 1 | t2 | 1 |`,
    );
    await expectDocTables(
      `${ints} |> filter(fn: (r) => r.tag == "t2") |> stateDuration(fn: (r) => r._value < 10)`,
      `| _time | _value | *tag | stateDuration |
       | 2021-01-01T00:00:00Z | 19 | t2 | -1 |
       | 2021-01-01T00:00:10Z | 4 | t2 | 0 |
       | 2021-01-01T00:00:20Z | -3 | t2 | 10 |
       | 2021-01-01T00:00:30Z | 19 | t2 | -1 |
       | 2021-01-01T00:00:40Z | 13 | t2 | -1 |
       | 2021-01-01T00:00:50Z | 1 | t2 | 0 |`,
    );
  });

  it("timeShift moves time columns and key values; truncateTimeColumn rounds times down", async () => {
    await expectDocTables(
      `${ints} |> filter(fn: (r) => r.tag == "t1" and r._value > 15) |> range(start: 2021-01-01T00:00:00Z, stop: 2021-01-01T00:01:00Z) |> timeShift(duration: -1h)`,
      `| *_start | *_stop | _time | _value | *tag |
       | 2020-12-31T23:00:00Z | 2020-12-31T23:01:00Z | 2020-12-31T23:00:30Z | 17 | t1 |`,
    );
    await expectDocTables(
      `${ints} |> filter(fn: (r) => r.tag == "t1" and r._value > 14) |> truncateTimeColumn(unit: 1m)`,
      `| _time | _value | *tag |
       | 2021-01-01T00:00:00Z | 17 | t1 |
       | 2021-01-01T00:00:00Z | 15 | t1 |`,
    );
  });
});

describe("truncateTimeColumn units", () => {
  it("truncates to weeks (from Thursday, as the reference says: weeks count from the Unix epoch), months and years", async () => {
    const data = 'import "array"\narray.from(rows: [{_time: 2019-06-06T13:59:01Z, _value: 1}])';
    await expectDocTables(`${data} |> truncateTimeColumn(unit: 1w)`, "| _time | _value |\n| 2019-06-06T00:00:00Z | 1 |");
    await expectDocTables(`${data} |> truncateTimeColumn(unit: 1mo)`, "| _time | _value |\n| 2019-06-01T00:00:00Z | 1 |");
    await expectDocTables(`${data} |> truncateTimeColumn(unit: 1y)`, "| _time | _value |\n| 2019-01-01T00:00:00Z | 1 |");
  });
});
