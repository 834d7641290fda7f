import { describe, expect, it } from "vitest";
import { parse } from "../index.js";
import {
  DurationError,
  approximateNanoseconds,
  durationFromParts,
  durationsEqual,
  formatDuration,
  negateDuration,
  parseDuration,
  scaleDuration,
} from "./duration.js";

const literal = (source: string) => {
  const statement = parse(source).package.files[0]?.body[0];
  if (statement?.type !== "ExpressionStatement" || statement.expression.type !== "DurationLiteral") throw new Error("not a duration");
  return statement.expression.values;
};

describe("durations", () => {
  it("keep months apart from nanoseconds", () => {
    expect(durationFromParts(literal("1y2mo3w4d5h6m7s8ms9us10ns"))).toEqual({
      months: 14n,
      nanoseconds: ((((3n * 7n + 4n) * 24n + 5n) * 60n + 6n) * 60n + 7n) * 1_000_000_000n + 8_000_000n + 9_000n + 10n,
      negative: false,
    });
    expect(durationFromParts(literal("1h30m"))).toEqual({ months: 0n, nanoseconds: 5_400_000_000_000n, negative: false });
  });

  it("refuse mixed signs", () => {
    expect(() =>
      durationFromParts([
        { magnitude: -1, unit: "h" },
        { magnitude: 30, unit: "m" },
      ]),
    ).toThrow(new DurationError("duration magnitudes must be the same sign"));
  });

  it("print largest units first, as Flux does", () => {
    expect(formatDuration(parseDuration("90m"))).toBe("1h30m");
    expect(formatDuration(parseDuration("14mo"))).toBe("1y2mo");
    expect(formatDuration(parseDuration("8d"))).toBe("1w1d");
    expect(formatDuration(parseDuration("-1500ms"))).toBe("-1s500ms");
    expect(formatDuration(parseDuration("0s"))).toBe("0ns");
    expect(formatDuration(parseDuration("5µs"))).toBe("5us");
  });

  it("parse exactly beyond 2^53 and reject junk", () => {
    expect(parseDuration("9223372036854775807ns").nanoseconds).toBe(9223372036854775807n);
    expect(() => parseDuration("1x")).toThrow(DurationError);
    expect(() => parseDuration("")).toThrow(DurationError);
  });

  it("negate, scale and compare", () => {
    const d = parseDuration("1mo1h");
    expect(negateDuration(d).negative).toBe(true);
    expect(durationsEqual(scaleDuration(d, -2n), parseDuration("-2mo2h"))).toBe(true);
    expect(scaleDuration(d, 0n)).toEqual({ months: 0n, nanoseconds: 0n, negative: false });
  });

  it("approximate a month as a twelfth of 365.25 days", () => {
    expect(approximateNanoseconds(parseDuration("1mo"))).toBe(2_629_800_000_000_000n);
    expect(approximateNanoseconds(parseDuration("-1h"))).toBe(-3_600_000_000_000n);
  });
});
