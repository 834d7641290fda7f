import { describe, expect, it } from "vitest";
import { parseRfc3339Nanos } from "./time.js";

describe("parseRfc3339Nanos", () => {
  it("keeps every nanosecond", () => {
    expect(parseRfc3339Nanos("2024-01-01T00:00:00.000000001Z")).toBe(1_704_067_200_000_000_001n);
    expect(parseRfc3339Nanos("2024-01-01T00:00:00.5Z")).toBe(1_704_067_200_500_000_000n);
    expect(parseRfc3339Nanos("1970-01-01T00:00:00Z")).toBe(0n);
    expect(parseRfc3339Nanos("1969-12-31T23:59:59.999999999Z")).toBe(-1n);
  });

  it("applies offsets", () => {
    expect(parseRfc3339Nanos("2024-01-01T02:00:00+02:00")).toBe(1_704_067_200_000_000_000n);
    expect(parseRfc3339Nanos("2023-12-31T19:30:00-04:30")).toBe(1_704_067_200_000_000_000n);
  });

  it("rejects what is not RFC3339", () => {
    for (const bad of ["", "2024-01-01", "2024-01-01 00:00:00Z", "2024-02-30T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T00:00:00", "2024-01-01T00:00:00.1234567890Z", "now"]) {
      expect(parseRfc3339Nanos(bad), bad).toBeUndefined();
    }
  });
});
