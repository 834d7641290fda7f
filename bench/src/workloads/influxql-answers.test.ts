import { describe, expect, it } from "vitest";
import { chunkMergePartial, compareInfluxQLAnswers, parseInfluxQLAnswer } from "./influxql-answers.js";

const answer = (rows: string, tags = `{"hostname":"host_1"}`, columns = `["time","max"]`): string =>
  `{"results":[{"statement_id":0,"series":[{"name":"cpu","tags":${tags},"columns":${columns},"values":[${rows}]}]}]}`;

describe("parseInfluxQLAnswer", () => {
  it("keeps nanosecond times exact", () => {
    const parsed = parseInfluxQLAnswer(answer("[1451606400000000001,58.5],[1451606400000000002,-1]"));
    expect(parsed.results?.[0]?.series?.[0]?.values).toEqual([
      ["1451606400000000001", 58.5],
      ["1451606400000000002", -1],
    ]);
  });
});

describe("compareInfluxQLAnswers", () => {
  const reference = parseInfluxQLAnswer(answer("[1451606400000000000,58.5],[1451606460000000000,61.25]"));

  it("finds no difference between equal answers and counts what it compared", () => {
    const result = compareInfluxQLAnswers(reference, parseInfluxQLAnswer(answer("[1451606400000000000,58.5],[1451606460000000000,61.25]")));
    expect(result).toEqual({ differences: [], notes: [], series: 1, rows: 2 });
  });

  it("accepts floats within 1e-9 relative and rejects larger differences", () => {
    expect(compareInfluxQLAnswers(reference, parseInfluxQLAnswer(answer("[1451606400000000000,58.50000000000001],[1451606460000000000,61.25]"))).differences).toEqual([]);
    expect(compareInfluxQLAnswers(reference, parseInfluxQLAnswer(answer("[1451606400000000000,58.5001],[1451606460000000000,61.25]"))).differences).toEqual([
      'statement 0 series 0 cpu{hostname=host_1} row 0 (time "1451606400000000000") column max: expected 58.5, got 58.5001',
    ]);
  });

  it("tells a time one nanosecond off", () => {
    const got = parseInfluxQLAnswer(answer("[1451606400000000001,58.5],[1451606460000000000,61.25]"));
    expect(compareInfluxQLAnswers(reference, got).differences).toHaveLength(1);
  });

  it("tells other tags, columns, row counts, nulls and statement errors", () => {
    expect(compareInfluxQLAnswers(reference, parseInfluxQLAnswer(answer("[1451606400000000000,58.5],[1451606460000000000,61.25]", `{"hostname":"host_2"}`))).differences).toEqual([
      "statement 0 series 0: expected series cpu{hostname=host_1}, got cpu{hostname=host_2}",
    ]);
    expect(compareInfluxQLAnswers(reference, parseInfluxQLAnswer(answer("[1451606400000000000,58.5],[1451606460000000000,61.25]", undefined, `["time","mean"]`))).differences).toEqual([
      'statement 0 series 0 cpu{hostname=host_1}: expected columns ["time","max"], got ["time","mean"]',
    ]);
    expect(compareInfluxQLAnswers(reference, parseInfluxQLAnswer(answer("[1451606400000000000,58.5]"))).differences).toEqual(["statement 0 series 0 cpu{hostname=host_1}: expected 2 rows, got 1"]);
    expect(compareInfluxQLAnswers(reference, parseInfluxQLAnswer(answer("[1451606400000000000,null],[1451606460000000000,61.25]"))).differences).toHaveLength(1);
    expect(compareInfluxQLAnswers(reference, parseInfluxQLAnswer(`{"results":[{"statement_id":0,"error":"boom"}]}`)).differences).toEqual([
      'statement 0: expected error undefined, got "boom"',
      "statement 0: expected 1 series, got 0",
    ]);
  });

  it("notes influxd 1.6's partial flag on a complete merged series, and counts it otherwise", () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => `[${1451606400000000000n + BigInt(i) * 10_000_000_000n},${i}]`).join(",");
    const partial = (values: string): string => answer(values).replace('"values"', '"partial":true,"values"');
    const complete = compareInfluxQLAnswers(parseInfluxQLAnswer(partial(rows)), parseInfluxQLAnswer(answer(rows)));
    expect(complete.differences).toEqual([]);
    expect(complete.notes).toEqual([`statement 0 series 0 cpu{hostname=host_1}: ${chunkMergePartial}`]);
    const short = compareInfluxQLAnswers(parseInfluxQLAnswer(partial(rows)), parseInfluxQLAnswer(answer(rows.slice(0, rows.lastIndexOf(",[")))));
    expect(short.differences).toEqual(["statement 0 series 0 cpu{hostname=host_1}: expected 10001 rows, got 10000", "statement 0 series 0 cpu{hostname=host_1}: expected partial true, got false"]);
    const small = compareInfluxQLAnswers(parseInfluxQLAnswer(partial("[1451606400000000000,1]")), parseInfluxQLAnswer(answer("[1451606400000000000,1]")));
    expect(small.differences).toEqual(["statement 0 series 0 cpu{hostname=host_1}: expected partial true, got false"]);
  });
});
