import { describe, expect, it } from "vitest";
import { parseDuration } from "./duration.js";
import { TimeError, addDuration, formatTime, parseTime } from "./time.js";

describe("times", () => {
  it("format as RFC3339 with trimmed nanoseconds", () => {
    expect(formatTime(0n)).toBe("1970-01-01T00:00:00Z");
    expect(formatTime(1535548127000000000n)).toBe("2018-08-29T13:08:47Z");
    expect(formatTime(1535548127500000000n)).toBe("2018-08-29T13:08:47.5Z");
    expect(formatTime(1535548127000000001n)).toBe("2018-08-29T13:08:47.000000001Z");
    expect(formatTime(-1n)).toBe("1969-12-31T23:59:59.999999999Z");
  });

  it("parse RFC3339 with offsets and fractions", () => {
    expect(parseTime("2018-08-29T13:08:47Z")).toBe(1535548127000000000n);
    expect(parseTime("2018-08-29T15:08:47.000000001+02:00")).toBe(1535548127000000001n);
    expect(parseTime("1969-12-31T23:59:59.999999999Z")).toBe(-1n);
    expect(() => parseTime("2018-02-30T00:00:00Z")).toThrow(TimeError);
    expect(() => parseTime("2018-01-01")).toThrow(TimeError);
  });

  it("round-trip through text", () => {
    for (const ns of [0n, 1n, 999999999n, 1700000000123456789n, -86400000000001n]) {
      expect(parseTime(formatTime(ns))).toBe(ns);
    }
  });

  it("add months on the calendar, clamping to the month's last day", () => {
    const jan31 = parseTime("2021-01-31T10:00:00.5Z");
    expect(formatTime(addDuration(jan31, parseDuration("1mo")))).toBe("2021-02-28T10:00:00.5Z");
    expect(formatTime(addDuration(parseTime("2020-01-31T00:00:00Z"), parseDuration("1mo")))).toBe("2020-02-29T00:00:00Z");
    expect(formatTime(addDuration(parseTime("2020-03-31T00:00:00Z"), parseDuration("-1mo")))).toBe("2020-02-29T00:00:00Z");
    expect(formatTime(addDuration(parseTime("2020-12-15T00:00:00Z"), parseDuration("1y1mo")))).toBe("2022-01-15T00:00:00Z");
    expect(formatTime(addDuration(parseTime("2020-01-01T00:00:00Z"), parseDuration("-1h")))).toBe("2019-12-31T23:00:00Z");
    expect(formatTime(addDuration(parseTime("2020-01-31T00:00:00Z"), parseDuration("1mo1d")))).toBe("2020-03-01T00:00:00Z");
  });
});
