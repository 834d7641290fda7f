import { describe, expect, it } from "vitest";
import { goSort } from "./go-sort.js";

// Expected orders are what Go's sort.Sort gives for a slice of (index, value) sorted by value alone.
const orderOf = (values: number[]): number[] => {
  const items = values.map((value, index) => ({ index, value }));
  goSort(items, (a, b) => a.value < b.value);
  return items.map((i) => i.index);
};

describe("goSort orders equal values as Go's sort.Sort does", () => {
  it("through insertion sort, partitions and pattern breaking", () => {
    expect(orderOf([2, 4, 6, 8, 2, 4, 6, 8, 2, 4, 6, 8, 2, 4, 6, 8, 2, 4, 6])).toEqual([8, 12, 16, 0, 4, 13, 5, 17, 1, 9, 10, 6, 14, 2, 18, 11, 3, 15, 7]);
    expect(orderOf([0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 2, 0, 1, 0, 2])).toEqual([12, 9, 14, 3, 4, 0, 1, 6, 8, 7, 10, 5, 13, 2, 11, 15]);
    const sixty = Array.from({ length: 60 }, (_, i) => (i * 7919) % 13);
    expect(orderOf(sixty)).toEqual([
      39, 0, 26, 13, 52, 59, 46, 7, 20, 33, 27, 53, 14, 40, 1, 47, 34, 21, 8, 54, 28, 41, 15, 2, 9, 22, 48, 35, 42, 29, 16, 55, 3, 23, 49, 10, 36, 30, 43, 4, 56, 17, 11, 37, 24,
      50, 5, 44, 57, 18, 31, 51, 12, 38, 25, 6, 32, 19, 58, 45,
    ]);
  });

  it("sorts short slices stably (insertion sort)", () => {
    expect(orderOf([3, 1, 3, 1, 2])).toEqual([1, 3, 4, 0, 2]);
  });
});
