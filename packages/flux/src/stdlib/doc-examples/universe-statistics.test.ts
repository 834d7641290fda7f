/** timeWeightedAvg, sample, skew, cov and stateTracking against their reference examples. */
import { describe, it } from "vitest";
import { expectExample } from "./test-support/doc-example.js";

const ints = 'import "sampledata"\nsampledata.int()';

describe("statistics", () => {
  it("timeWeightedAvg integrates linearly to the range bounds, skipping nulls", async () => {
    await expectExample(
      'import "sampledata"\nsampledata.int(includeNull: true) |> range(start: sampledata.start, stop: sampledata.stop) |> timeWeightedAvg(unit: 1s)',
      `| *_start | *_stop | _value:float | *tag |
       | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | 4.166666666666667 | t1 |

       | *_start | *_stop | _value:float | *tag |
       | 2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z | 5.416666666666667 | t2 |`,
    );
  });

  it("sample keeps every nth row from pos", async () => {
    await expectExample(
      `${ints} |> sample(n: 2, pos: 1)`,
      `| _time | _value:int | *tag |
       | 2021-01-01T00:00:10Z | 10 | t1 |
       | 2021-01-01T00:00:30Z | 17 | t1 |
       | 2021-01-01T00:00:50Z | 4 | t1 |

       | _time | _value:int | *tag |
       | 2021-01-01T00:00:10Z | 4 | t2 |
       | 2021-01-01T00:00:30Z | 19 | t2 |
       | 2021-01-01T00:00:50Z | 1 | t2 |`,
    );
  });

  it("skew", async () => {
    await expectExample(`${ints} |> skew()`, "| *tag | _value:float |\n| t1 | -0.22375476930534782 |\n\n| *tag | _value:float |\n| t2 | -0.01972080701262574 |");
  });

  it("cov is the sample covariance of two streams joined on _time", async () => {
    // generate.from(count: 5, start, stop: +1m) spaces rows 12 s apart; the values are n*n and n*n*n/2.
    const stream = (values: number[]) => `array.from(rows: [${values.map((v, i) => `{_time: 2021-01-01T00:00:${String(i * 12).padStart(2, "0")}Z, _value: ${v}}`).join(", ")}]) |> toFloat()`;
    await expectExample(`import "array"\ncov(x: ${stream([0, 1, 4, 9, 16])}, y: ${stream([0, 0, 4, 13, 32])}, on: ["_time"])`, "| _value:float |\n| 87.75 |");
  });
});

describe("stateTracking", () => {
  const states = { t1: ["ok", "crit", "crit", "crit", "crit", "ok"], t2: ["crit", "ok", "ok", "crit", "crit", "ok"] };
  const values = { t1: [-2, 10, 7, 17, 15, 4], t2: [19, 4, -3, 19, 13, 1] };
  const at = (i: number) => `2021-01-01T00:00:${String(i * 10).padStart(2, "0")}Z`;
  const data = `import "array"\narray.from(rows: [${(["t1", "t2"] as const)
    .flatMap((tag) => values[tag].map((v, i) => `{_time: ${at(i)}, _value: ${v}, tag: "${tag}", state: "${states[tag][i]}"}`))
    .join(", ")}]) |> group(columns: ["tag"])`;
  const expected = (header: string, extra: Record<"t1" | "t2", string[]>) =>
    (["t1", "t2"] as const).map((tag) => `| _time | _value | *tag | state | ${header} |\n${values[tag].map((v, i) => `| ${at(i)} | ${v} | ${tag} | ${states[tag][i]} | ${extra[tag][i]} |`).join("\n")}`).join("\n\n");

  it("counts consecutive matching rows", async () => {
    await expectExample(`${data} |> stateTracking(fn: (r) => r.state == "crit", countColumn: "count")`, expected("count:int", { t1: ["-1", "1", "2", "3", "4", "-1"], t2: ["1", "-1", "-1", "1", "2", "-1"] }));
  });

  it("times the state in milliseconds", async () => {
    await expectExample(
      `${data} |> stateTracking(fn: (r) => r.state == "crit", durationColumn: "duration", durationUnit: 1ms)`,
      expected("duration:int", { t1: ["-1", "0", "10000", "20000", "30000", "-1"], t2: ["0", "-1", "-1", "0", "10000", "-1"] }),
    );
  });

  it("counts and times together, in seconds by default", async () => {
    await expectExample(
      `${data} |> stateTracking(fn: (r) => r.state == "crit", countColumn: "count", durationColumn: "duration")`,
      expected("count:int | duration:int", { t1: ["-1 | -1", "1 | 0", "2 | 10", "3 | 20", "4 | 30", "-1 | -1"], t2: ["1 | 0", "-1 | -1", "-1 | -1", "1 | 0", "2 | 10", "-1 | -1"] }),
    );
  });
});
