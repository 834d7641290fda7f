/** Aggregates and selectors, checked against the examples in Flux's documentation. */
import { describe, expect, it } from "vitest";
import { expectDocTables, queryTables } from "../../test-support/tables.js";

describe("aggregates", () => {
  it("mean averages each table's non-null values into a float", async () => {
    await expectDocTables(
      'import "sampledata"\nsampledata.int() |> mean()',
      `| *tag | _value |
       | t1 | 8.5 |

       | *tag | _value |
       | t2 | 8.833333333333334 |`,
    );
  });

  it("quantile estimates with t-digest by default and selects a row with exact_selector", async () => {
    await expectDocTables(
      'import "sampledata"\nsampledata.float() |> quantile(q: 0.99, method: "estimate_tdigest")',
      `| *tag | _value |
       | t1 | 17.53 |

       | *tag | _value |
       | t2 | 19.85 |`,
    );
    await expectDocTables(
      'import "sampledata"\nsampledata.float() |> quantile(q: 0.5, method: "exact_selector")',
      `| _time | *tag | _value |
       | 2021-01-01T00:00:20Z | t1 | 7.35 |

       | _time | *tag | _value |
       | 2021-01-01T00:00:10Z | t2 | 4.97 |`,
    );
  });

  it("median, count, sum, spread and stddev", async () => {
    await expectDocTables(
      'import "sampledata"\nsampledata.int() |> median()',
      `| *tag | _value |
       | t1 | 8.5 |

       | *tag | _value |
       | t2 | 8.5 |`,
    );
    await expectDocTables(
      'import "sampledata"\nsampledata.int() |> count()',
      `| *tag | _value |
       | t1 | 6 |

       | *tag | _value |
       | t2 | 6 |`,
    );
    await expectDocTables(
      'import "sampledata"\nsampledata.int() |> sum()',
      `| *tag | _value |
       | t1 | 51 |

       | *tag | _value |
       | t2 | 53 |`,
    );
    await expectDocTables(
      'import "sampledata"\nsampledata.int() |> spread()',
      `| *tag | _value |
       | t1 | 19 |

       | *tag | _value |
       | t2 | 22 |`,
    );
    // Sample standard deviation of -2, 10, 7, 17, 15, 4 (mean 8.5, squared deviations sum to 249.5).
    await expectDocTables(
      'import "sampledata"\nsampledata.int() |> filter(fn: (r) => r.tag == "t1") |> stddev()',
      `| *tag | _value |
       | t1 | ${Math.sqrt(249.5 / 5)} |`,
    );
  });

  it("selectors keep whole rows: first, last, min, max", async () => {
    await expectDocTables(
      'import "sampledata"\nsampledata.int() |> first()',
      `| _time | _value | *tag |
       | 2021-01-01T00:00:00Z | -2 | t1 |

       | _time | _value | *tag |
       | 2021-01-01T00:00:00Z | 19 | t2 |`,
    );
    await expectDocTables(
      'import "sampledata"\nsampledata.int() |> last()',
      `| _time | _value | *tag |
       | 2021-01-01T00:00:50Z | 4 | t1 |

       | _time | _value | *tag |
       | 2021-01-01T00:00:50Z | 1 | t2 |`,
    );
    await expectDocTables(
      'import "sampledata"\nsampledata.int() |> min()',
      `| _time | _value | *tag |
       | 2021-01-01T00:00:00Z | -2 | t1 |

       | _time | _value | *tag |
       | 2021-01-01T00:00:20Z | -3 | t2 |`,
    );
    await expectDocTables(
      'import "sampledata"\nsampledata.int() |> max()',
      `| _time | _value | *tag |
       | 2021-01-01T00:00:30Z | 17 | t1 |

       | _time | _value | *tag |
       | 2021-01-01T00:00:00Z | 19 | t2 |`,
    );
  });

  it("distinct lists each value once, keyed like the input", async () => {
    await expectDocTables(
      'import "sampledata"\nsampledata.int() |> distinct()',
      `| *tag | _value |
       | t1 | -2 |
       | t1 | 10 |
       | t1 | 7 |
       | t1 | 17 |
       | t1 | 15 |
       | t1 | 4 |

       | *tag | _value |
       | t2 | 19 |
       | t2 | 4 |
       | t2 | -3 |
       | t2 | 13 |
       | t2 | 1 |`,
    );
    await expectDocTables(
      'import "sampledata"\nsampledata.int() |> distinct(column: "tag")',
      `| *tag | _value |
       | t1 | t1 |

       | *tag | _value |
       | t2 | t2 |`,
    );
  });

  it("reduce folds rows into the identity record's columns", async () => {
    await expectDocTables(
      'import "sampledata"\nsampledata.int() |> reduce(fn: (r, accumulator) => ({sum: r._value + accumulator.sum, count: accumulator.count + 1}), identity: {sum: 0, count: 0})',
      `| *tag | count | sum |
       | t1 | 6 | 51 |

       | *tag | count | sum |
       | t2 | 6 | 53 |`,
    );
    await expectDocTables(
      `import "sampledata"
sampledata.int()
  |> reduce(
      fn: (r, accumulator) => ({
          count: accumulator.count + 1,
          total: accumulator.total + r._value,
          avg: float(v: accumulator.total + r._value) / float(v: accumulator.count + 1),
      }),
      identity: {count: 0, total: 0, avg: 0.0},
  )`,
      `| *tag | avg | count | total |
       | t1 | 8.5 | 6 | 51 |

       | *tag | avg | count | total |
       | t2 | 8.833333333333334 | 6 | 53 |`,
    );
    await expectDocTables(
      'import "sampledata"\nsampledata.int() |> reduce(fn: (r, accumulator) => ({prod: r._value * accumulator.prod}), identity: {prod: 1})',
      `| *tag | prod |
       | t1 | -142800 |

       | *tag | prod |
       | t2 | -56316 |`,
    );
  });

  it("aggregates of an empty table give a null (count gives 0); selectors give an empty table", async () => {
    const empty = 'import "sampledata"\nsampledata.int() |> filter(fn: (r) => r._value > 100, onEmpty: "keep")';
    await expectDocTables(`${empty} |> mean()`, "| *tag | _value |\n| t1 | |\n\n| *tag | _value |\n| t2 | |");
    await expectDocTables(`${empty} |> count()`, "| *tag | _value |\n| t1 | 0 |\n\n| *tag | _value |\n| t2 | 0 |");
    const selected = await queryTables(`${empty} |> first()`);
    expect(selected.map((t) => [t.key, t.rows.length])).toEqual([
      [{ tag: "t1" }, 0],
      [{ tag: "t2" }, 0],
    ]);
  });
});
