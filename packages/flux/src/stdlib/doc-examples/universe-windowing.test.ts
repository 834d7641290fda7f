/** window and aggregateWindow against their reference examples. */
import { describe, it } from "vitest";
import { expectExample } from "./test-support/doc-example.js";

const at = (s: number): string => (s >= 60 ? "2021-01-01T00:01:00Z" : `2021-01-01T00:00:${String(s).padStart(2, "0")}Z`);
const ints = { t1: [-2, 10, 7, 17, 15, 4], t2: [19, 4, -3, 19, 13, 1] };
const ranged = (set: string): string => `import "sampledata"\nsampledata.${set} |> range(start: sampledata.start, stop: sampledata.stop)`;

/** The rows of sampledata.int() in [from, to) as a table with window bounds start/stop. */
function windowTable(tag: "t1" | "t2", start: number, stop: number, from: number, to: number): string {
  const rows = ints[tag]
    .map((v, i) => [i * 10, v] as const)
    .filter(([s]) => s >= from && s < to)
    .map(([s, v]) => `| ${at(start)} | ${at(stop)} | ${at(s)} | ${v} | ${tag} |`);
  return `| *_start | *_stop | _time | _value:int | *tag |\n${rows.join("\n")}`;
}

describe("window", () => {
  it("splits tables into 30 s windows", async () => {
    await expectExample(
      `${ranged("int()")} |> window(every: 30s)`,
      [windowTable("t1", 0, 30, 0, 30), windowTable("t2", 0, 30, 0, 30), windowTable("t1", 30, 60, 30, 60), windowTable("t2", 30, 60, 30, 60)].join("\n\n"),
    );
  });

  it("overlapping 40 s periods every 20 s, clipped to the range", async () => {
    const windows: [number, number, number, number][] = [
      [0, 20, -20, 20],
      [0, 40, 0, 40],
      [20, 60, 20, 60],
      [40, 60, 40, 80],
    ];
    await expectExample(
      `${ranged("int()")} |> window(every: 20s, period: 40s)`,
      windows.flatMap(([start, stop, from, to]) => (["t1", "t2"] as const).map((tag) => windowTable(tag, start, stop, from, to))).join("\n\n"),
    );
  });

  it("calendar months", async () => {
    await expectExample(
      `import "array"
       array.from(rows: [
         {_time: 2021-01-01T00:00:00Z, _value: 0}, {_time: 2021-01-16T00:00:00Z, _value: 2},
         {_time: 2021-01-31T00:00:00Z, _value: 4}, {_time: 2021-02-15T00:00:00Z, _value: 6},
         {_time: 2021-03-02T00:00:00Z, _value: 8}, {_time: 2021-03-17T00:00:00Z, _value: 10},
       ])
         |> range(start: 2021-01-01T00:00:00Z, stop: 2021-04-01T00:00:00Z)
         |> window(every: 1mo)`,
      `| *_start | *_stop | _time | _value:int |
       | 2021-01-01T00:00:00Z | 2021-02-01T00:00:00Z | 2021-01-01T00:00:00Z | 0 |
       | 2021-01-01T00:00:00Z | 2021-02-01T00:00:00Z | 2021-01-16T00:00:00Z | 2 |
       | 2021-01-01T00:00:00Z | 2021-02-01T00:00:00Z | 2021-01-31T00:00:00Z | 4 |

       | *_start | *_stop | _time | _value:int |
       | 2021-02-01T00:00:00Z | 2021-03-01T00:00:00Z | 2021-02-15T00:00:00Z | 6 |

       | *_start | *_stop | _time | _value:int |
       | 2021-03-01T00:00:00Z | 2021-04-01T00:00:00Z | 2021-03-02T00:00:00Z | 8 |
       | 2021-03-01T00:00:00Z | 2021-04-01T00:00:00Z | 2021-03-17T00:00:00Z | 10 |`,
    );
  });
});

describe("aggregateWindow", () => {
  const bounds = "2021-01-01T00:00:00Z | 2021-01-01T00:01:00Z";
  const perWindow = (t1: string[], t2: string[], times = [20, 40, 60]): string =>
    ([["t1", t1], ["t2", t2]] as const)
      .map(([tag, values]) => `| _time | *_start | *_stop | *tag | _value:float |\n${values.map((v, i) => `| ${at(times[i] ?? 0)} | ${bounds} | ${tag} | ${v} |`).join("\n")}`)
      .join("\n\n");

  it("means of 20 s windows stamped with the window stop", async () => {
    await expectExample(`${ranged("float()")} |> aggregateWindow(every: 20s, fn: mean)`, perWindow(["4.37", "12.440000000000001", "9.83"], ["12.41", "8.01", "7.859999999999999"]));
  });

  it("takes a function that sets the aggregate's own parameters", async () => {
    await expectExample(
      `${ranged("float()")} |> aggregateWindow(column: "_value", every: 20s, fn: (column, tables=<-) => tables |> quantile(q: 0.99, column: column))`,
      perWindow(["10.92", "17.53", "15.23"], ["19.85", "19.77", "13.86"]),
    );
  });

  it("calendar month windows are clipped to the range", async () => {
    await expectExample(`${ranged("float()")} |> aggregateWindow(every: 1mo, fn: mean)`, perWindow(["8.88"], ["9.426666666666668"], [60]));
  });

  it("weeks starting on Monday with offset -3d, an empty last window giving null", async () => {
    const points: [string, number][] = [
      ["01", 2], ["03", 2.2], ["06", 4.1], ["09", 3.8], ["11", 1.7], ["12", 2.1], ["15", 3.8], ["16", 4.2], ["20", 5], ["24", 5.8], ["28", 3.9],
    ];
    const start = "2022-01-01T00:00:00Z";
    const stop = "2022-01-31T23:59:59Z";
    await expectExample(
      `import "array"
       array.from(rows: [${points.map(([d, v]) => `{_time: 2022-01-${d}T00:00:00Z, tag: "t1", _value: ${v.toFixed(1)}}`).join(", ")}])
         |> group(columns: ["tag"])
         |> range(start: ${start}, stop: ${stop})
         |> aggregateWindow(every: 1w, offset: -3d, fn: mean)`,
      `| _time | *tag | *_start | *_stop | _value:float |
       | 2022-01-03T00:00:00Z | t1 | ${start} | ${stop} | 2 |
       | 2022-01-10T00:00:00Z | t1 | ${start} | ${stop} | 3.3666666666666667 |
       | 2022-01-17T00:00:00Z | t1 | ${start} | ${stop} | 2.95 |
       | 2022-01-24T00:00:00Z | t1 | ${start} | ${stop} | 5 |
       | 2022-01-31T00:00:00Z | t1 | ${start} | ${stop} | 4.85 |
       | ${stop} | t1 | ${start} | ${stop} |  |`,
    );
  });
});
