import { describe, expect, it } from "vitest";
import { formatTime, parseTime } from "../values/time.js";
import { cellFormatter, formatFloat } from "./format.js";

describe("cell text", () => {
  it("formats times like formatTime, across days, before 1970 and with fractions", () => {
    const format = cellFormatter("time");
    const times = [
      0n,
      1n,
      -1n,
      999_999_999n,
      parseTime("2021-01-01T00:00:00Z"),
      parseTime("2021-01-01T23:59:59.999999999Z"),
      parseTime("2021-01-02T00:00:00.5Z"),
      parseTime("1969-12-31T23:00:00Z"),
      parseTime("1969-12-31T23:59:59.25Z"),
      parseTime("2262-04-11T23:47:16.854775807Z"),
      parseTime("1677-09-21T00:12:43.145224192Z"),
    ];
    for (const t of [...times, ...times.slice().reverse()]) expect(format(t)).toBe(formatTime(t));
  });

  it("writes floats as Go's 'f' format with shortest precision", () => {
    expect([1e21, 1.5e-7, 123.456, -0.5, 5e-324, Number.NaN, Infinity, -Infinity].map(formatFloat)).toEqual([
      "1000000000000000000000",
      "0.00000015",
      "123.456",
      "-0.5",
      `0.${"0".repeat(323)}5`,
      "NaN",
      "+Inf",
      "-Inf",
    ]);
  });
});
