import { describe, expect, it } from "vitest";
import { mergeByTime, type SeriesData } from "./read.js";

const series = (host: string, times: number[]): SeriesData => ({
  tags: [["host", host]],
  times: times.map(BigInt),
  rows: times.map((t) => [`${host}@${t}`]),
});

describe("mergeByTime", () => {
  it("merges series in time order, rows at one time in the series' order", () => {
    const merged = mergeByTime([series("a", [1, 3, 5]), series("b", [2, 3, 4]), series("c", [3, 6])]);
    expect(merged.times).toEqual([1n, 2n, 3n, 3n, 3n, 4n, 5n, 6n]);
    expect(merged.rows.map((r) => r[0])).toEqual(["a@1", "b@2", "a@3", "b@3", "c@3", "b@4", "a@5", "c@6"]);
    expect([...merged.series]).toEqual([0, 1, 0, 1, 2, 1, 0, 2]);
  });

  it("sorts every row when a series is out of order, ties keeping their position", () => {
    const merged = mergeByTime([series("a", [5, 3, 1]), series("b", [3, 2])]);
    expect(merged.times).toEqual([1n, 2n, 3n, 3n, 5n]);
    expect(merged.rows.map((r) => r[0])).toEqual(["a@1", "b@2", "a@3", "b@3", "a@5"]);
    expect([...merged.series]).toEqual([0, 1, 0, 1, 0]);
  });

  it("for a caller reversing the rows, ties of series out of order come last-first (first after reversal)", () => {
    const merged = mergeByTime([series("a", [5, 3, 1]), series("b", [3, 2])], true);
    expect(merged.rows.map((r) => r[0])).toEqual(["a@1", "b@2", "b@3", "a@3", "a@5"]);
  });

  it("for a caller reversing the rows, rows going by their window keep their series' order on ties", () => {
    const windowed = (s: SeriesData, order: number[]): SeriesData => ({ ...s, order: order.map(BigInt) });
    const merged = mergeByTime([windowed(series("a", [1, 2]), [0, 0]), windowed(series("b", [3]), [0])], true);
    expect(merged.rows.map((r) => r[0]).reverse()).toEqual(["a@1", "a@2", "b@3"]);
  });

  it("hands one ordered series over as is", () => {
    const only = series("a", [1, 2]);
    const merged = mergeByTime([only]);
    expect(merged.rows).toBe(only.rows);
    expect([...merged.series]).toEqual([0, 0]);
  });
});
