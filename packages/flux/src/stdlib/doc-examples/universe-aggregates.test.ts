/** Aggregates against their reference examples: one row per table, the group key kept, other columns dropped. */
import { describe, it } from "vitest";
import { expectExample } from "./test-support/doc-example.js";

const ints = 'import "sampledata"\nsampledata.int()';
const floats = 'import "sampledata"\nsampledata.float()';
const perTag = (type: string, t1: string, t2: string): string => `| *tag | _value:${type} |\n| t1 | ${t1} |\n\n| *tag | _value:${type} |\n| t2 | ${t2} |`;

describe("aggregates", () => {
  it("mean, sum, spread and count keep the value's type where Flux does", async () => {
    await expectExample(`${ints} |> mean()`, perTag("float", "8.5", "8.833333333333334"));
    await expectExample(`${ints} |> sum()`, perTag("int", "51", "53"));
    await expectExample(`${ints} |> spread()`, perTag("int", "19", "22"));
    await expectExample('import "sampledata"\nsampledata.string() |> count()', perTag("int", "6", "6"));
  });

  it("count after a filter counts what remains", async () => {
    await expectExample(`${ints} |> filter(fn: (r) => r._value > 10) |> count()`, perTag("int", "2", "3"));
  });

  it("stddev is the sample standard deviation", async () => {
    await expectExample(`${ints} |> stddev()`, perTag("float", "7.063993204979744", "9.474527252938094"));
  });

  it("median estimates with t-digest by default and selects a row with exact_selector", async () => {
    await expectExample(`${floats} |> median()`, perTag("float", "9.135", "9.415"));
    await expectExample(
      `${floats} |> median(method: "exact_selector")`,
      `| _time | *tag | _value:float |
       | 2021-01-01T00:00:20Z | t1 | 7.35 |

       | _time | *tag | _value:float |
       | 2021-01-01T00:00:10Z | t2 | 4.97 |`,
    );
  });

  it("quantile as an aggregate and as a selector", async () => {
    await expectExample(`${floats} |> quantile(q: 0.99, method: "estimate_tdigest")`, perTag("float", "17.53", "19.85"));
    await expectExample(
      `${floats} |> quantile(q: 0.5, method: "exact_selector")`,
      `| _time | *tag | _value:float |
       | 2021-01-01T00:00:20Z | t1 | 7.35 |

       | _time | *tag | _value:float |
       | 2021-01-01T00:00:10Z | t2 | 4.97 |`,
    );
  });

  it("mode is null when no value repeats", async () => {
    await expectExample(`${ints} |> mode()`, perTag("int", "", "19"));
  });

  it("distinct lists each value once, nulls included", async () => {
    await expectExample(
      `${ints} |> distinct()`,
      `| *tag | _value:int |
       | t1 | -2 |
       | t1 | 10 |
       | t1 | 7 |
       | t1 | 17 |
       | t1 | 15 |
       | t1 | 4 |

       | *tag | _value:int |
       | t2 | 19 |
       | t2 | 4 |
       | t2 | -3 |
       | t2 | 13 |
       | t2 | 1 |`,
    );
    await expectExample(`${ints} |> distinct(column: "tag")`, perTag("string", "t1", "t2"));
    await expectExample(
      'import "sampledata"\nsampledata.int(includeNull: true) |> distinct()',
      `| *tag | _value:int |
       | t1 | -2 |
       | t1 |  |
       | t1 | 7 |
       | t1 | 4 |

       | *tag | _value:int |
       | t2 |  |
       | t2 | 4 |
       | t2 | -3 |
       | t2 | 19 |
       | t2 | 1 |`,
    );
  });

  it("lowestAverage and highestMax compare the tables' aggregates in one ungrouped table", async () => {
    await expectExample(
      `${ints} |> lowestAverage(n: 1, groupColumns: ["tag"])`,
      `| tag | _value:float |
       | t1 | 8.5 |`,
    );
    await expectExample(
      `${ints} |> highestCurrent(n: 1, groupColumns: ["tag"])`,
      `| _time | _value:int | tag |
       | 2021-01-01T00:00:50Z | 4 | t1 |`,
    );
  });

  it("highestMax, lowestMin, highestAverage and lowestCurrent rank the tables' aggregates", async () => {
    await expectExample(`${ints} |> highestMax(n: 2, groupColumns: ["tag"])`, "| _time | _value:int | tag |\n| 2021-01-01T00:00:00Z | 19 | t2 |\n| 2021-01-01T00:00:30Z | 17 | t1 |");
    await expectExample(`${ints} |> lowestMin(n: 2, groupColumns: ["tag"])`, "| _time | _value:int | tag |\n| 2021-01-01T00:00:20Z | -3 | t2 |\n| 2021-01-01T00:00:00Z | -2 | t1 |");
    await expectExample(`${ints} |> highestAverage(n: 2, groupColumns: ["tag"])`, "| tag | _value:float |\n| t2 | 8.833333333333334 |\n| t1 | 8.5 |");
    await expectExample(`${ints} |> lowestCurrent(n: 1, groupColumns: ["tag"])`, "| _time | _value:int | tag |\n| 2021-01-01T00:00:50Z | 1 | t2 |");
  });

  it("covariance of two columns; cov and pearsonr of two streams", async () => {
    const rows = [[0, 0], [1, 0.5], [4, 8], [9, 40.5], [16, 128]];
    await expectExample(
      `import "array"\narray.from(rows: [${rows.map(([x, y], i) => `{_time: 2021-01-01T00:00:${String(i * 12).padStart(2, "0")}Z, x: ${(x ?? 0).toFixed(1)}, y: ${(y ?? 0).toFixed(1)}}`).join(", ")}]) |> covariance(columns: ["x", "y"])`,
      "| _value:float |\n| 345.75 |",
    );
    const stream = (values: number[]) => `array.from(rows: [${values.map((v, i) => `{_time: 2021-01-01T00:00:${String(i * 12).padStart(2, "0")}Z, _value: ${v}}`).join(", ")}]) |> toFloat()`;
    await expectExample(`import "array"\npearsonr(x: ${stream([0, 1, 4, 9, 16])}, y: ${stream([0, 0, 4, 13, 32])}, on: ["_time"])`, "| _value:float |\n| 0.9856626734271221 |");
  });

  it("aggregates skip nulls (count counts the records, nulls included)", async () => {
    const withNulls = 'import "sampledata"\nsampledata.int(includeNull: true)';
    await expectExample(`${withNulls} |> mean()`, perTag("float", "3", "5.25"));
    await expectExample(`${withNulls} |> sum()`, perTag("int", "9", "21"));
    await expectExample(`${withNulls} |> spread()`, perTag("int", "9", "22"));
    await expectExample(`${withNulls} |> count()`, perTag("int", "6", "6"));
  });
});
