import { describe, expect, it } from "vitest";
import {
  parseDateTimeLiteral,
  parseDurationLiteral,
  parseIntegerLiteral,
  parseRegexLiteral,
  parseStringLiteral,
  unescapeText,
} from "./literals.js";

describe("string literals", () => {
  it("decodes every escape", () => {
    expect(parseStringLiteral('"a\\nb\\rc\\td\\\\e\\"f\\${g"')).toEqual({ value: 'a\nb\rc\td\\e"f${g' });
    expect(parseStringLiteral('"\\xc3\\xa9"')).toEqual({ value: "é" });
    expect(parseStringLiteral('"héllo"')).toEqual({ value: "héllo" });
  });

  it("rejects what Flux rejects", () => {
    expect(unescapeText("\\q").error).toBe("invalid escape character q");
    expect(unescapeText("\\x4").error).toBe("\\x followed by 1 char, must be 2");
    expect(unescapeText("\\xzz").error).toBe("invalid byte value");
    expect(unescapeText("\\xff").error).toBe("invalid utf-8 sequence");
    expect(parseStringLiteral("abc").error).toBe("invalid string literal");
  });
});

describe("regex literals", () => {
  it("unescapes slashes and keeps other escapes for the regex engine", () => {
    expect(parseRegexLiteral("/a\\/b\\d+/")).toEqual({ value: "a/b\\d+" });
  });
});

describe("date-time literals", () => {
  it("writes values as Flux's AST JSON does", () => {
    expect(parseDateTimeLiteral("2018-05-22")).toEqual({ value: "2018-05-22T00:00:00+00:00" });
    expect(parseDateTimeLiteral("2018-05-22T19:53:26Z")).toEqual({ value: "2018-05-22T19:53:26+00:00" });
    expect(parseDateTimeLiteral("2018-05-22T19:53:26.1Z")).toEqual({ value: "2018-05-22T19:53:26.100+00:00" });
    expect(parseDateTimeLiteral("2018-05-22T19:53:26.0001Z")).toEqual({ value: "2018-05-22T19:53:26.000100+00:00" });
    expect(parseDateTimeLiteral("2018-05-22T19:53:26.123456789-07:00")).toEqual({
      value: "2018-05-22T19:53:26.123456789-07:00",
    });
    expect(parseDateTimeLiteral("2018-05-22T19:53:26.000Z")).toEqual({ value: "2018-05-22T19:53:26+00:00" });
  });

  it("rejects impossible or offset-less times", () => {
    expect(parseDateTimeLiteral("2018-02-30").error).toBeDefined();
    expect(parseDateTimeLiteral("2018-13-01").error).toBeDefined();
    expect(parseDateTimeLiteral("2018-01-01T25:00:00Z").error).toBeDefined();
    expect(parseDateTimeLiteral("2018-01-01T00:00:00").error).toBeDefined();
    expect(parseDateTimeLiteral("2018-01-01T00:00:00.Z").error).toBeDefined();
  });
});

describe("duration literals", () => {
  it("splits mixed units in order", () => {
    expect(parseDurationLiteral("1h30m")).toEqual({ value: [{ magnitude: 1, unit: "h" }, { magnitude: 30, unit: "m" }] });
    expect(parseDurationLiteral("1y2mo3w4d5h6m7s8ms9us10ns").value?.map((d) => d.unit)).toEqual([
      "y", "mo", "w", "d", "h", "m", "s", "ms", "us", "ns",
    ]);
    expect(parseDurationLiteral("5µs")).toEqual({ value: [{ magnitude: 5, unit: "us" }] });
  });

  it("rejects magnitudes beyond 64 bits", () => {
    expect(parseDurationLiteral("99999999999999999999h").error).toBeDefined();
  });
});

describe("integer literals", () => {
  it("keeps the decimal text and checks the int64 range", () => {
    expect(parseIntegerLiteral("9223372036854775807")).toEqual({ value: "9223372036854775807" });
    expect(parseIntegerLiteral("9223372036854775808").error).toBe(
      'invalid integer literal "9223372036854775808": value out of range',
    );
    expect(parseIntegerLiteral("007").error).toBe('invalid integer literal "007": nonzero value cannot start with 0');
  });
});
