import { describe, expect, it } from "vitest";
import { parseCpuTicks, stolenPercent } from "./calibration.js";

describe("CPU steal from /proc/stat", () => {
  it("sums the first eight columns of the cpu line and takes the eighth as steal", () => {
    const stat = "cpu  2366536 0 302916 1731193 9913 0 13455 224518 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 1 2\n";
    expect(parseCpuTicks(stat)).toEqual({ total: 2366536 + 302916 + 1731193 + 9913 + 13455 + 224518, steal: 224518 });
  });

  it("gives nothing for a kernel without the steal column, or text that is not /proc/stat", () => {
    expect(parseCpuTicks("cpu  1 2 3 4 5 6 7\n")).toBeUndefined();
    expect(parseCpuTicks("no cpu line here")).toBeUndefined();
  });

  it("gives the stolen share of the time between two readings", () => {
    expect(stolenPercent({ total: 1000, steal: 50 }, { total: 1400, steal: 110 })).toBe(15);
    expect(stolenPercent({ total: 1000, steal: 50 }, { total: 1000, steal: 50 })).toBeUndefined();
    expect(stolenPercent(undefined, { total: 1400, steal: 110 })).toBeUndefined();
  });
});
