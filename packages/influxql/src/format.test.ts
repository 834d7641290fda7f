import { describe, expect, it } from "vitest";
import { chunkedJson, resultsCsv, resultsJson } from "./format.js";
import type { StatementResult } from "./result.js";
import { UtcTimeText, formatRFC3339 } from "./time.js";

const results: StatementResult[] = [
  {
    statement_id: 0,
    series: [
      { name: "cpu", tags: { host: "a,b" }, columns: ["time", "v", "n"], values: [[1_500_000_000_123_000_000n, 1.5, 9007199254740993n], [1_500_000_001_000_000_000n, null, -1n]], timeColumn: true },
    ],
  },
  { statement_id: 1, error: "boom" },
];

describe("1.x encoders", () => {
  it("writes JSON with RFC3339 times and exact integers", () => {
    expect(resultsJson(results, {})).toBe(
      '{"results":[{"statement_id":0,"series":[{"name":"cpu","tags":{"host":"a,b"},"columns":["time","v","n"],"values":[["2017-07-14T02:40:00.123Z",1.5,9007199254740993],["2017-07-14T02:40:01Z",null,-1]]}]},{"statement_id":1,"error":"boom"}]}',
    );
  });

  it("writes rows of floats, strings and booleans with their times, leaving the rows as they were", () => {
    const rows = [[1_500_000_000_000_000_000n, 0.1, "a\"b", true, null], [-2n, -1e-7, "", false, NaN]];
    const r: StatementResult[] = [{ statement_id: 0, series: [{ name: "m", columns: ["time", "f", "s", "b", "n"], values: rows, timeColumn: true }] }];
    expect(resultsJson(r, { epoch: "ns" })).toBe(
      '{"results":[{"statement_id":0,"series":[{"name":"m","columns":["time","f","s","b","n"],"values":[[1500000000000000000,0.1,"a\\"b",true,null],[-2,-1e-7,"",false,null]]}]}]}',
    );
    expect(rows.map((row) => row[0])).toEqual([1_500_000_000_000_000_000n, -2n]);
  });

  it("writes epoch integers in every unit", () => {
    const time = (epoch: string) => (JSON.parse(resultsJson([results[0]!], { epoch })) as { results: [{ series: [{ values: number[][] }] }] }).results[0].series[0].values[0]![0];
    expect(["ns", "u", "µ", "ms", "s", "m", "h"].map(time)).toEqual([1500000000123000000, 1500000000123000, 1500000000123000, 1500000000123, 1500000000, 25000000, 416666]);
  });

  it("indents when pretty", () => {
    expect(resultsJson([{ statement_id: 0 }], { pretty: true })).toBe('{\n    "results": [\n        {\n            "statement_id": 0\n        }\n    ]\n}');
  });

  it("chunks series by rows with partial flags", () => {
    const chunks = [...chunkedJson(results[0]!, 1, { epoch: "s" })].map((c) => JSON.parse(c.toString("utf8")) as unknown);
    expect(chunks).toEqual([
      { results: [{ statement_id: 0, series: [{ name: "cpu", tags: { host: "a,b" }, columns: ["time", "v", "n"], values: [[1500000000, 1.5, 9007199254740993]], partial: true }], partial: true }] },
      { results: [{ statement_id: 0, series: [{ name: "cpu", tags: { host: "a,b" }, columns: ["time", "v", "n"], values: [[1500000001, null, -1]] }] }] },
    ]);
  });

  it("writes CSV with name,tags headers and integer times", () => {
    expect(resultsCsv([results[0]!], {})).toBe('name,tags,time,v,n\ncpu,"host=a,b",1500000000123000000,1.5,9007199254740993\ncpu,"host=a,b",1500000001000000000,,-1\n');
  });

  it("formats RFC3339 in a zone and before 1970", () => {
    expect(formatRFC3339(0n, "America/Chicago")).toBe("1969-12-31T18:00:00-06:00");
    expect(formatRFC3339(-1n)).toBe("1969-12-31T23:59:59.999999999Z");
  });

  it("writes UTC times from an hour prefix as formatRFC3339 does, across hours, days and fractions", () => {
    const times: bigint[] = [0n, -1n, 1n, 59_999_999_999n, 3_599_999_999_999n, 3_600_000_000_000n, -3_600_000_000_001n, -(2n ** 63n), 2n ** 63n - 1n];
    for (let i = 0n; i < 300n; i++) times.push(1_451_606_400_000_000_000n + i * 60_000_000_000n, 1_451_606_400_000_000_000n - i * 7_000_000_123n);
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 2000; i++) times.push(BigInt(Math.floor((random() * 2 - 1) * [1e12, 1e16, 9.2e18][i % 3]!)));
    const text = new UtcTimeText();
    expect(times.map((t) => text.of(t))).toEqual(times.map((t) => formatRFC3339(t)));
  });
});

describe("CSV of several statements", () => {
  it("starts each statement's output with a header, even with the same columns (as influxd 1.6.7 does)", () => {
    const m = (id: number): StatementResult => ({ statement_id: id, series: [{ name: "measurements", columns: ["name"], values: [["cpu"]], timeColumn: false }] });
    expect(resultsCsv([m(0), { statement_id: 1 }, m(2)], {})).toBe("name,tags,name\nmeasurements,,cpu\n\nname,tags,name\nmeasurements,,cpu\n");
  });
});
