import { describe, expect, it } from "vitest";
import { limitAcrossSeries, runLimit } from "./subquery-limit.js";

const points = (series: number[]) => series.map((s, i) => ({ series: s, row: i, key: BigInt(i), time: BigInt(i) }));

describe("runLimit (1.x's limit iterator)", () => {
  it("counts points per run of one series: interleaved series are never cut", () => {
    expect(runLimit(points([0, 1, 0, 1, 0, 1]), 1, 0)).toHaveLength(6);
    expect(runLimit(points([0, 0, 0, 1, 1, 1]), 2, 0).map((p) => p.row)).toEqual([0, 1, 3, 4]);
  });

  it("skips every run's first OFFSET points", () => {
    expect(runLimit(points([0, 1, 0, 1]), 2, 1)).toEqual([]);
    expect(runLimit(points([0, 0, 1, 1, 1]), 1, 1).map((p) => p.row)).toEqual([1, 3]);
  });
});

describe("limitAcrossSeries", () => {
  const rows = (...times: number[]) => ({ values: times.map((t) => [BigInt(t), t]) });

  it("merges an outer group's series by time before counting, once or twice", () => {
    // Two series interleaved in time, one group: nothing is cut by LIMIT 1.
    const series = [rows(1, 3, 5), rows(2, 4, 6)];
    const once = limitAcrossSeries(series, [[0, 1]], { limit: 1, offset: 0, passes: 1, descending: false, key: (r) => r[0] as bigint });
    expect(once.map((s) => s.length)).toEqual([3, 3]);
    // Each series its own group: an ordinary LIMIT per series.
    const apart = limitAcrossSeries(series, [[0], [1]], { limit: 1, offset: 1, passes: 1, descending: false, key: (r) => r[0] as bigint });
    expect(apart.map((s) => s.map((r) => r[1]))).toEqual([[3], [4]]);
  });

  it("a second pass counts the runs the first one left", () => {
    // Runs 0,0 | 1,1 | 0,0 with OFFSET 1 LIMIT 1 leave 0,1,0 (one each); a second pass skips them all.
    const series = [rows(1, 2, 5, 6), rows(3, 4)];
    const opts = { limit: 1, offset: 1, descending: false, key: (r: unknown[]) => r[0] as bigint };
    expect(limitAcrossSeries(series, [[0, 1]], { ...opts, passes: 1 }).map((s) => s.map((r) => r[1]))).toEqual([[2, 6], [4]]);
    expect(limitAcrossSeries(series, [[0, 1]], { ...opts, passes: 2 }).map((s) => s.length)).toEqual([0, 0]);
  });

  it("goes newest first when descending; rows of one window by time", () => {
    const series = [rows(1, 2), rows(3)];
    const byWindow = limitAcrossSeries(series, [[0, 1]], { limit: 1, offset: 1, passes: 1, descending: true, key: () => 0n });
    // Stream (newest first): 3 (series 1), 2, 1 (series 0): the run of series 0 keeps its second point.
    expect(byWindow.map((s) => s.map((r) => r[1]))).toEqual([[1], []]);
  });
});
