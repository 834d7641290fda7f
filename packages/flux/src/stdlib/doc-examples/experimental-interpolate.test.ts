/** experimental (group, set, alignTime, addDuration, subDuration, objectKeys, unpivot) and interpolate.linear against their reference examples. */
import { describe, expect, it } from "vitest";
import { expectExample, scalar } from "./test-support/doc-example.js";

describe("experimental", () => {
  it("group extends the key with the given columns", async () => {
    const row = (m: number, host: string, region: string, v: number) => `{_time: 2021-01-01T00:0${m}:00Z, host: "${host}", region: "${region}", _value: ${v}}`;
    await expectExample(
      `import "array"\nimport "experimental"
       array.from(rows: [${row(0, "host1", "east", 41)}, ${row(1, "host1", "east", 48)}, ${row(0, "host1", "west", 34)}, ${row(1, "host1", "west", 12)},
                         ${row(0, "host2", "east", 56)}, ${row(1, "host2", "east", 72)}, ${row(0, "host2", "west", 43)}, ${row(1, "host2", "west", 22)}])
         |> group(columns: ["host"])
         |> experimental.group(columns: ["region"], mode: "extend")`,
      [
        ["host1", "east", 41, 48],
        ["host1", "west", 34, 12],
        ["host2", "east", 56, 72],
        ["host2", "west", 43, 22],
      ]
        .map(([h, r, a, b]) => `| _time | *host | *region | _value:int |\n| 2021-01-01T00:00:00Z | ${h} | ${r} | ${a} |\n| 2021-01-01T00:01:00Z | ${h} | ${r} | ${b} |`)
        .join("\n\n"),
    );
  });

  it("set writes several columns, replacing or adding", async () => {
    await expectExample(
      `import "array"\nimport "experimental"
       array.from(rows: [
         {_time: 2019-09-16T12:00:00Z, _field: "temp", _value: 71.2},
         {_time: 2019-09-17T12:00:00Z, _field: "temp", _value: 68.4},
         {_time: 2019-09-18T12:00:00Z, _field: "temp", _value: 70.8},
       ])
         |> experimental.set(o: {_field: "temperature", unit: "°F", location: "San Francisco"})`,
      `| _time | _field:string | _value:float | unit:string | location:string |
       | 2019-09-16T12:00:00Z | temperature | 71.2 | °F | San Francisco |
       | 2019-09-17T12:00:00Z | temperature | 68.4 | °F | San Francisco |
       | 2019-09-18T12:00:00Z | temperature | 70.8 | °F | San Francisco |`,
    );
  });

  it("alignTime moves each month's window to start at alignTo", async () => {
    const days = [
      ["01-01", 32.1], ["01-02", 32.9], ["01-03", 33.2], ["01-04", 34.0],
      ["02-01", 38.3], ["02-02", 38.4], ["02-03", 37.8], ["02-04", 37.5],
    ] as const;
    const jan = "2021-01-01T00:00:00Z | 2021-02-01T00:00:00Z";
    const feb = "2021-02-01T00:00:00Z | 2021-03-01T00:00:00Z";
    await expectExample(
      `import "array"\nimport "experimental"
       array.from(rows: [${days.map(([d, v]) => `{_time: 2021-${d}T00:00:00Z, _value: ${v.toFixed(1)}}`).join(", ")}])
         |> range(start: 2021-01-01T00:00:00Z, stop: 2021-03-01T00:00:00Z)
         |> window(every: 1mo)
         |> experimental.alignTime(alignTo: 2021-01-01T00:00:00Z)`,
      `| *_start | *_stop | _time | _value:float |
       ${days.slice(0, 4).map(([d, v], i) => `| ${jan} | 2021-01-0${i + 1}T00:00:00Z | ${v} |`).join("\n")}

       | *_start | *_stop | _time | _value:float |
       ${days.slice(4).map(([, v], i) => `| ${feb} | 2021-01-0${i + 1}T00:00:00Z | ${v} |`).join("\n")}`,
    );
  });

  it("addDuration and subDuration take times or durations relative to now", async () => {
    const at = async (expression: string, now = "") => (await scalar(expression, ["experimental"], now)).value;
    expect(await at("experimental.addDuration(d: 6h, to: 2019-09-16T12:00:00Z)")).toBe("2019-09-16T18:00:00Z");
    expect(await at("experimental.addDuration(d: 1mo, to: -1d)", "option now = () => 2021-12-10T16:27:40Z")).toBe("2022-01-09T16:27:40Z");
    expect(await at("experimental.addDuration(d: 6h, to: 3h)", "option now = () => 2022-01-01T12:00:00Z")).toBe("2022-01-01T21:00:00Z");
    expect(await at("experimental.subDuration(d: 6h, from: 2019-09-16T12:00:00Z)")).toBe("2019-09-16T06:00:00Z");
    expect(await at("experimental.subDuration(d: 6h, from: -3h)", "option now = () => 2022-01-01T12:00:00Z")).toBe("2022-01-01T03:00:00Z");
  });

  it("objectKeys lists a record's keys in order", async () => {
    expect(await scalar('strings.joinStr(arr: experimental.objectKeys(o: {firstName: "John", lastName: "Doe", age: 42}), v: ",")', ["experimental", "strings"])).toEqual({ value: "firstName,lastName,age", type: "string" });
  });

  it("unpivot turns non-key columns into _field/_value rows, _field joining the key", async () => {
    await expectExample(
      `import "array"\nimport "experimental"
       array.from(rows: [
         {_time: 2022-01-01T00:00:00Z, location: "Denver", temp: 10.2, hum: 81.5},
         {_time: 2022-01-02T00:00:00Z, location: "Denver", temp: 12.4, hum: 41.3},
         {_time: 2022-01-01T00:00:00Z, location: "New York", temp: 50.1, hum: 99.2},
         {_time: 2022-01-02T00:00:00Z, location: "New York", temp: 55.8, hum: 97.7},
       ])
         |> group(columns: ["location"])
         |> experimental.unpivot()`,
      [
        ["Denver", "hum", 81.5, 41.3],
        ["New York", "hum", 99.2, 97.7],
        ["Denver", "temp", 10.2, 12.4],
        ["New York", "temp", 50.1, 55.8],
      ]
        .map(([l, f, a, b]) => `| *location | *_field | _time | _value:float |\n| ${l} | ${f} | 2022-01-01T00:00:00Z | ${a} |\n| ${l} | ${f} | 2022-01-02T00:00:00Z | ${b} |`)
        .join("\n\n"),
    );
  });
});

describe("interpolate.linear", () => {
  it("fills missing days on the line between points", async () => {
    const points: [number, number][] = [[1, 10], [2, 20], [4, 40], [5, 50], [8, 80], [9, 90]];
    await expectExample(
      `import "array"\nimport "interpolate"
       array.from(rows: [${points.map(([d, v]) => `{_time: 2021-01-0${d}T00:00:00Z, _value: ${v}.0}`).join(", ")}])
         |> interpolate.linear(every: 1d)`,
      `| _time | _value:float |\n${[1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => `| 2021-01-0${d}T00:00:00Z | ${d * 10} |`).join("\n")}`,
    );
  });
});
