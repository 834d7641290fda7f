/** integral, fill, stateCount, stateDuration and hourSelection against their reference examples. */
import { describe, it } from "vitest";
import { expectExample } from "./test-support/doc-example.js";

const ranged = (data: string): string => `import "sampledata"\n${data} |> range(start: sampledata.start, stop: sampledata.stop)`;
const bounds = "2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z";

describe("integral", () => {
  it("sums trapezoids in units of 10 s, one float row per table", async () => {
    await expectExample(
      `${ranged("sampledata.int()")} |> integral(unit: 10s)`,
      `| *_start | *_stop | *tag | _value:float |
       | ${bounds} | t1 | 50 |

       | *_start | *_stop | *tag | _value:float |
       | ${bounds} | t2 | 43 |`,
    );
  });

  it("linear interpolation skips nulls and extends the line to _start and _stop", async () => {
    await expectExample(
      `${ranged("sampledata.int(includeNull: true)")} |> integral(unit: 10s, interpolate: "linear")`,
      `| *_start | *_stop | *tag | _value:float |
       | ${bounds} | t1 | 25 |

       | *_start | *_stop | *tag | _value:float |
       | ${bounds} | t2 | 32.5 |`,
    );
  });
});

describe("fill", () => {
  it("replaces nulls with a constant", async () => {
    await expectExample(
      'import "sampledata"\nsampledata.int(includeNull: true) |> fill(value: 0)',
      `| _time | _value:int | *tag |
       | 2021-01-01T00:00:00Z | -2 | t1 |
       | 2021-01-01T00:00:10Z | 0 | t1 |
       | 2021-01-01T00:00:20Z | 7 | t1 |
       | 2021-01-01T00:00:30Z | 0 | t1 |
       | 2021-01-01T00:00:40Z | 0 | t1 |
       | 2021-01-01T00:00:50Z | 4 | t1 |

       | _time | _value:int | *tag |
       | 2021-01-01T00:00:00Z | 0 | t2 |
       | 2021-01-01T00:00:10Z | 4 | t2 |
       | 2021-01-01T00:00:20Z | -3 | t2 |
       | 2021-01-01T00:00:30Z | 19 | t2 |
       | 2021-01-01T00:00:40Z | 0 | t2 |
       | 2021-01-01T00:00:50Z | 1 | t2 |`,
    );
  });

  it("usePrevious carries the last non-null value, leaving a leading null", async () => {
    await expectExample(
      'import "sampledata"\nsampledata.int(includeNull: true) |> fill(usePrevious: true)',
      `| _time | _value:int | *tag |
       | 2021-01-01T00:00:00Z | -2 | t1 |
       | 2021-01-01T00:00:10Z | -2 | t1 |
       | 2021-01-01T00:00:20Z | 7 | t1 |
       | 2021-01-01T00:00:30Z | 7 | t1 |
       | 2021-01-01T00:00:40Z | 7 | t1 |
       | 2021-01-01T00:00:50Z | 4 | t1 |

       | _time | _value:int | *tag |
       | 2021-01-01T00:00:00Z |  | t2 |
       | 2021-01-01T00:00:10Z | 4 | t2 |
       | 2021-01-01T00:00:20Z | -3 | t2 |
       | 2021-01-01T00:00:30Z | 19 | t2 |
       | 2021-01-01T00:00:40Z | 19 | t2 |
       | 2021-01-01T00:00:50Z | 1 | t2 |`,
    );
  });
});

describe("stateCount and stateDuration", () => {
  it("stateCount counts consecutive matching rows, -1 elsewhere", async () => {
    await expectExample(
      'import "sampledata"\nsampledata.int() |> stateCount(fn: (r) => r._value < 10)',
      `| _time | _value | *tag | stateCount:int |
       | 2021-01-01T00:00:00Z | -2 | t1 | 1 |
       | 2021-01-01T00:00:10Z | 10 | t1 | -1 |
       | 2021-01-01T00:00:20Z | 7 | t1 | 1 |
       | 2021-01-01T00:00:30Z | 17 | t1 | -1 |
       | 2021-01-01T00:00:40Z | 15 | t1 | -1 |
       | 2021-01-01T00:00:50Z | 4 | t1 | 1 |

       | _time | _value | *tag | stateCount:int |
       | 2021-01-01T00:00:00Z | 19 | t2 | -1 |
       | 2021-01-01T00:00:10Z | 4 | t2 | 1 |
       | 2021-01-01T00:00:20Z | -3 | t2 | 2 |
       | 2021-01-01T00:00:30Z | 19 | t2 | -1 |
       | 2021-01-01T00:00:40Z | 13 | t2 | -1 |
       | 2021-01-01T00:00:50Z | 1 | t2 | 1 |`,
    );
  });

  it("stateDuration counts seconds since the state began, 0 on its first row", async () => {
    await expectExample(
      'import "sampledata"\nsampledata.int() |> stateDuration(fn: (r) => r._value < 15)',
      `| _time | _value | *tag | stateDuration:int |
       | 2021-01-01T00:00:00Z | -2 | t1 | 0 |
       | 2021-01-01T00:00:10Z | 10 | t1 | 10 |
       | 2021-01-01T00:00:20Z | 7 | t1 | 20 |
       | 2021-01-01T00:00:30Z | 17 | t1 | -1 |
       | 2021-01-01T00:00:40Z | 15 | t1 | -1 |
       | 2021-01-01T00:00:50Z | 4 | t1 | 0 |

       | _time | _value | *tag | stateDuration:int |
       | 2021-01-01T00:00:00Z | 19 | t2 | -1 |
       | 2021-01-01T00:00:10Z | 4 | t2 | 0 |
       | 2021-01-01T00:00:20Z | -3 | t2 | 10 |
       | 2021-01-01T00:00:30Z | 19 | t2 | -1 |
       | 2021-01-01T00:00:40Z | 13 | t2 | 0 |
       | 2021-01-01T00:00:50Z | 1 | t2 | 10 |`,
    );
  });
});

describe("hourSelection", () => {
  it("keeps business hours, both ends inclusive", async () => {
    await expectExample(
      `import "array"
       array.from(rows: [
         {_time: 2022-01-01T05:00:00Z, tag: "t1", _value: -2},
         {_time: 2022-01-01T09:00:10Z, tag: "t1", _value: 10},
         {_time: 2022-01-01T11:00:20Z, tag: "t1", _value: 7},
         {_time: 2022-01-01T16:00:30Z, tag: "t1", _value: 17},
         {_time: 2022-01-01T19:00:40Z, tag: "t1", _value: 15},
         {_time: 2022-01-01T20:00:50Z, tag: "t1", _value: 4},
       ])
         |> hourSelection(start: 9, stop: 17)`,
      `| _time | tag | _value:int |
       | 2022-01-01T09:00:10Z | t1 | 10 |
       | 2022-01-01T11:00:20Z | t1 | 7 |
       | 2022-01-01T16:00:30Z | t1 | 17 |`,
    );
  });
});
