/** Row-to-row transformations (difference, derivative, elapsed, cumulativeSum, …) against their reference examples. */
import { describe, it } from "vitest";
import { expectExample } from "./test-support/doc-example.js";

const ints = 'import "sampledata"\nsampledata.int()';
const intsWithNulls = 'import "sampledata"\nsampledata.int(includeNull: true)';

describe("difference", () => {
  it("subtracts each value from the next, dropping the first row", async () => {
    await expectExample(
      `${ints} |> difference()`,
      `| _time | _value:int | *tag |
       | 2021-01-01T00:00:10Z | 12 | t1 |
       | 2021-01-01T00:00:20Z | -3 | t1 |
       | 2021-01-01T00:00:30Z | 10 | t1 |
       | 2021-01-01T00:00:40Z | -2 | t1 |
       | 2021-01-01T00:00:50Z | -11 | t1 |

       | _time | _value:int | *tag |
       | 2021-01-01T00:00:10Z | -15 | t2 |
       | 2021-01-01T00:00:20Z | -7 | t2 |
       | 2021-01-01T00:00:30Z | 22 | t2 |
       | 2021-01-01T00:00:40Z | -6 | t2 |
       | 2021-01-01T00:00:50Z | -12 | t2 |`,
    );
  });

  it("nonNegative turns decreases into nulls", async () => {
    await expectExample(
      `${ints} |> difference(nonNegative: true)`,
      `| _time | _value:int | *tag |
       | 2021-01-01T00:00:10Z | 12 | t1 |
       | 2021-01-01T00:00:20Z |  | t1 |
       | 2021-01-01T00:00:30Z | 10 | t1 |
       | 2021-01-01T00:00:40Z |  | t1 |
       | 2021-01-01T00:00:50Z |  | t1 |

       | _time | _value:int | *tag |
       | 2021-01-01T00:00:10Z |  | t2 |
       | 2021-01-01T00:00:20Z |  | t2 |
       | 2021-01-01T00:00:30Z | 22 | t2 |
       | 2021-01-01T00:00:40Z |  | t2 |
       | 2021-01-01T00:00:50Z |  | t2 |`,
    );
  });

  it("subtracts the last non-null value and leaves null rows null", async () => {
    await expectExample(
      `${intsWithNulls} |> difference()`,
      `| _time | _value:int | *tag |
       | 2021-01-01T00:00:10Z |  | t1 |
       | 2021-01-01T00:00:20Z | 9 | t1 |
       | 2021-01-01T00:00:30Z |  | t1 |
       | 2021-01-01T00:00:40Z |  | t1 |
       | 2021-01-01T00:00:50Z | -3 | t1 |

       | _time | _value:int | *tag |
       | 2021-01-01T00:00:10Z |  | t2 |
       | 2021-01-01T00:00:20Z | -7 | t2 |
       | 2021-01-01T00:00:30Z | 22 | t2 |
       | 2021-01-01T00:00:40Z |  | t2 |
       | 2021-01-01T00:00:50Z | -18 | t2 |`,
    );
  });

  it("keepFirst keeps the first row with a null difference", async () => {
    await expectExample(
      `${ints} |> difference(keepFirst: true)`,
      `| _time | _value:int | *tag |
       | 2021-01-01T00:00:00Z |  | t1 |
       | 2021-01-01T00:00:10Z | 12 | t1 |
       | 2021-01-01T00:00:20Z | -3 | t1 |
       | 2021-01-01T00:00:30Z | 10 | t1 |
       | 2021-01-01T00:00:40Z | -2 | t1 |
       | 2021-01-01T00:00:50Z | -11 | t1 |

       | _time | _value:int | *tag |
       | 2021-01-01T00:00:00Z |  | t2 |
       | 2021-01-01T00:00:10Z | -15 | t2 |
       | 2021-01-01T00:00:20Z | -7 | t2 |
       | 2021-01-01T00:00:30Z | 22 | t2 |
       | 2021-01-01T00:00:40Z | -6 | t2 |
       | 2021-01-01T00:00:50Z | -12 | t2 |`,
    );
  });
});

describe("derivative", () => {
  it("nonNegative rates per second as floats, null where the value fell", async () => {
    await expectExample(
      `${ints} |> derivative(nonNegative: true)`,
      `| _time | _value:float | *tag |
       | 2021-01-01T00:00:10Z | 1.2 | t1 |
       | 2021-01-01T00:00:20Z |  | t1 |
       | 2021-01-01T00:00:30Z | 1 | t1 |
       | 2021-01-01T00:00:40Z |  | t1 |
       | 2021-01-01T00:00:50Z |  | t1 |

       | _time | _value:float | *tag |
       | 2021-01-01T00:00:10Z |  | t2 |
       | 2021-01-01T00:00:20Z |  | t2 |
       | 2021-01-01T00:00:30Z | 2.2 | t2 |
       | 2021-01-01T00:00:40Z |  | t2 |
       | 2021-01-01T00:00:50Z |  | t2 |`,
    );
  });

  it("measures from the last non-null row over the time between them", async () => {
    await expectExample(
      `${intsWithNulls} |> derivative()`,
      `| _time | _value:float | *tag |
       | 2021-01-01T00:00:10Z |  | t1 |
       | 2021-01-01T00:00:20Z | 0.45 | t1 |
       | 2021-01-01T00:00:30Z |  | t1 |
       | 2021-01-01T00:00:40Z |  | t1 |
       | 2021-01-01T00:00:50Z | -0.1 | t1 |

       | _time | _value:float | *tag |
       | 2021-01-01T00:00:10Z |  | t2 |
       | 2021-01-01T00:00:20Z | -0.7 | t2 |
       | 2021-01-01T00:00:30Z | 2.2 | t2 |
       | 2021-01-01T00:00:40Z |  | t2 |
       | 2021-01-01T00:00:50Z | -0.9 | t2 |`,
    );
  });
});

describe("elapsed and cumulativeSum", () => {
  it("elapsed adds the seconds since the previous row", async () => {
    await expectExample(
      `${ints} |> elapsed(unit: 1s)`,
      `| _time | _value | *tag | elapsed:int |
       | 2021-01-01T00:00:10Z | 10 | t1 | 10 |
       | 2021-01-01T00:00:20Z | 7 | t1 | 10 |
       | 2021-01-01T00:00:30Z | 17 | t1 | 10 |
       | 2021-01-01T00:00:40Z | 15 | t1 | 10 |
       | 2021-01-01T00:00:50Z | 4 | t1 | 10 |

       | _time | _value | *tag | elapsed:int |
       | 2021-01-01T00:00:10Z | 4 | t2 | 10 |
       | 2021-01-01T00:00:20Z | -3 | t2 | 10 |
       | 2021-01-01T00:00:30Z | 19 | t2 | 10 |
       | 2021-01-01T00:00:40Z | 13 | t2 | 10 |
       | 2021-01-01T00:00:50Z | 1 | t2 | 10 |`,
    );
  });

  it("cumulativeSum keeps a running total", async () => {
    await expectExample(
      `${ints} |> cumulativeSum()`,
      `| _time | _value:int | *tag |
       | 2021-01-01T00:00:00Z | -2 | t1 |
       | 2021-01-01T00:00:10Z | 8 | t1 |
       | 2021-01-01T00:00:20Z | 15 | t1 |
       | 2021-01-01T00:00:30Z | 32 | t1 |
       | 2021-01-01T00:00:40Z | 47 | t1 |
       | 2021-01-01T00:00:50Z | 51 | t1 |

       | _time | _value:int | *tag |
       | 2021-01-01T00:00:00Z | 19 | t2 |
       | 2021-01-01T00:00:10Z | 23 | t2 |
       | 2021-01-01T00:00:20Z | 20 | t2 |
       | 2021-01-01T00:00:30Z | 39 | t2 |
       | 2021-01-01T00:00:40Z | 52 | t2 |
       | 2021-01-01T00:00:50Z | 53 | t2 |`,
    );
  });
});

describe("increase", () => {
  it("adds up non-negative differences, taking a drop as a counter reset", async () => {
    await expectExample(
      `${ints} |> increase()`,
      `| _time | _value:int | *tag |
       | 2021-01-01T00:00:00Z | 0 | t1 |
       | 2021-01-01T00:00:10Z | 12 | t1 |
       | 2021-01-01T00:00:20Z | 19 | t1 |
       | 2021-01-01T00:00:30Z | 29 | t1 |
       | 2021-01-01T00:00:40Z | 44 | t1 |
       | 2021-01-01T00:00:50Z | 48 | t1 |

       | _time | _value:int | *tag |
       | 2021-01-01T00:00:00Z | 0 | t2 |
       | 2021-01-01T00:00:10Z | 4 | t2 |
       | 2021-01-01T00:00:20Z | 4 | t2 |
       | 2021-01-01T00:00:30Z | 26 | t2 |
       | 2021-01-01T00:00:40Z | 39 | t2 |
       | 2021-01-01T00:00:50Z | 40 | t2 |`,
    );
  });
});

describe("moving averages", () => {
  it("movingAverage averages each value with the n - 1 before it", async () => {
    await expectExample(
      `${ints} |> movingAverage(n: 3)`,
      `| _time | _value:float | *tag |
       | 2021-01-01T00:00:20Z | 5 | t1 |
       | 2021-01-01T00:00:30Z | 11.333333333333334 | t1 |
       | 2021-01-01T00:00:40Z | 13 | t1 |
       | 2021-01-01T00:00:50Z | 12 | t1 |

       | _time | _value:float | *tag |
       | 2021-01-01T00:00:20Z | 6.666666666666667 | t2 |
       | 2021-01-01T00:00:30Z | 6.666666666666667 | t2 |
       | 2021-01-01T00:00:40Z | 9.666666666666666 | t2 |
       | 2021-01-01T00:00:50Z | 11 | t2 |`,
    );
  });

  it("movingAverage averages only the non-null values of each span", async () => {
    await expectExample(
      `${intsWithNulls} |> movingAverage(n: 3)`,
      `| _time | _value:float | *tag |
       | 2021-01-01T00:00:20Z | 2.5 | t1 |
       | 2021-01-01T00:00:30Z | 7 | t1 |
       | 2021-01-01T00:00:40Z | 7 | t1 |
       | 2021-01-01T00:00:50Z | 4 | t1 |

       | _time | _value:float | *tag |
       | 2021-01-01T00:00:20Z | 0.5 | t2 |
       | 2021-01-01T00:00:30Z | 6.666666666666667 | t2 |
       | 2021-01-01T00:00:40Z | 8 | t2 |
       | 2021-01-01T00:00:50Z | 10 | t2 |`,
    );
  });

  it("exponentialMovingAverage starts from the mean of n values, then weighs by 2/(n+1)", async () => {
    await expectExample(
      `${ints} |> exponentialMovingAverage(n: 3)`,
      `| _time | _value:float | *tag |
       | 2021-01-01T00:00:20Z | 5 | t1 |
       | 2021-01-01T00:00:30Z | 11 | t1 |
       | 2021-01-01T00:00:40Z | 13 | t1 |
       | 2021-01-01T00:00:50Z | 8.5 | t1 |

       | _time | _value:float | *tag |
       | 2021-01-01T00:00:20Z | 6.666666666666667 | t2 |
       | 2021-01-01T00:00:30Z | 12.833333333333334 | t2 |
       | 2021-01-01T00:00:40Z | 12.916666666666668 | t2 |
       | 2021-01-01T00:00:50Z | 6.958333333333334 | t2 |`,
    );
  });

  it("exponentialMovingAverage carries the average over null values", async () => {
    await expectExample(
      `${intsWithNulls} |> exponentialMovingAverage(n: 3)`,
      `| _time | _value:float | *tag |
       | 2021-01-01T00:00:20Z | 2.5 | t1 |
       | 2021-01-01T00:00:30Z | 2.5 | t1 |
       | 2021-01-01T00:00:40Z | 2.5 | t1 |
       | 2021-01-01T00:00:50Z | 3.25 | t1 |

       | _time | _value:float | *tag |
       | 2021-01-01T00:00:20Z | 0.5 | t2 |
       | 2021-01-01T00:00:30Z | 9.75 | t2 |
       | 2021-01-01T00:00:40Z | 9.75 | t2 |
       | 2021-01-01T00:00:50Z | 5.375 | t2 |`,
    );
  });

  it("timedMovingAverage: five-year means every year, stamped at the window stop clipped to the range", async () => {
    await expectExample(
      `import "array"
       array.from(rows: [
         {_time: 2015-01-01T00:00:00Z, _value: 0},
         {_time: 2016-01-01T08:00:00Z, _value: 1},
         {_time: 2016-12-31T16:00:00Z, _value: 4},
         {_time: 2018-01-01T00:00:00Z, _value: 9},
         {_time: 2019-01-01T08:00:00Z, _value: 16},
         {_time: 2020-01-01T16:00:00Z, _value: 25},
       ])
         |> range(start: 2015-01-01T00:00:00Z, stop: 2021-01-01T00:00:00Z)
         |> timedMovingAverage(every: 1y, period: 5y)`,
      `| _time | *_start | *_stop | _value:float |
       | 2016-01-01T00:00:00Z | 2015-01-01T00:00:00Z | 2021-01-01T00:00:00Z | 0 |
       | 2017-01-01T00:00:00Z | 2015-01-01T00:00:00Z | 2021-01-01T00:00:00Z | 1.6666666666666667 |
       | 2018-01-01T00:00:00Z | 2015-01-01T00:00:00Z | 2021-01-01T00:00:00Z | 1.6666666666666667 |
       | 2019-01-01T00:00:00Z | 2015-01-01T00:00:00Z | 2021-01-01T00:00:00Z | 3.5 |
       | 2020-01-01T00:00:00Z | 2015-01-01T00:00:00Z | 2021-01-01T00:00:00Z | 6 |
       | 2021-01-01T00:00:00Z | 2015-01-01T00:00:00Z | 2021-01-01T00:00:00Z | 11 |
       | 2021-01-01T00:00:00Z | 2015-01-01T00:00:00Z | 2021-01-01T00:00:00Z | 16.666666666666668 |
       | 2021-01-01T00:00:00Z | 2015-01-01T00:00:00Z | 2021-01-01T00:00:00Z | 16.666666666666668 |
       | 2021-01-01T00:00:00Z | 2015-01-01T00:00:00Z | 2021-01-01T00:00:00Z | 20.5 |
       | 2021-01-01T00:00:00Z | 2015-01-01T00:00:00Z | 2021-01-01T00:00:00Z | 25 |`,
    );
  });

  it("doubleEMA and tripleEMA need 2n - 1 and 3n - 2 values before their first row", async () => {
    await expectExample(
      `${ints} |> doubleEMA(n: 3)`,
      `| _time | _value:float | *tag |
       | 2021-01-01T00:00:40Z | 16.333333333333336 | t1 |
       | 2021-01-01T00:00:50Z | 7.916666666666668 | t1 |

       | _time | _value:float | *tag |
       | 2021-01-01T00:00:40Z | 15.027777777777779 | t2 |
       | 2021-01-01T00:00:50Z | 5.034722222222221 | t2 |`,
    );
    await expectExample(
      `${ints} |> tripleEMA(n: 3)`,
      `| _time | _value:float | *tag |
       | 2021-01-01T00:00:50Z | 7.6250000000000036 | t1 |

       | _time | _value:float | *tag |
       | 2021-01-01T00:00:50Z | 4.0729166666666625 | t2 |`,
    );
  });
});
