/** date and timezone, from the examples in Flux's documentation. */
import { describe, expect, it } from "vitest";
import { queryTables } from "../test-support/tables.js";

async function value(expression: string, prelude = ""): Promise<string | undefined> {
  const tables = await queryTables(`import "date"\nimport "timezone"\nimport "array"\n${prelude}\narray.from(rows: [{v: ${expression}}])`);
  return tables[0]?.rows[0]?.v;
}

const t = "2020-02-11T12:21:03.29353494Z";

describe("date", () => {
  it("extracts calendar parts", async () => {
    const expected: Record<string, string> = { second: "3", minute: "21", hour: "12", weekDay: "2", monthDay: "11", yearDay: "42", month: "2", year: "2020", week: "7", quarter: "1", millisecond: "293", microsecond: "293534", nanosecond: "293534940" };
    for (const [fn, want] of Object.entries(expected)) expect(await value(`date.${fn}(t: ${t})`), fn).toBe(want);
  });
  it("takes a duration relative to now, and constants name days and months", async () => {
    expect(await value("date.year(t: -1d)")).toBe("2020");
    expect(await value("date.Tuesday + date.February")).toBe("4");
  });
  it("truncates to each unit", async () => {
    const cases: Record<string, string> = {
      "1s": "2019-06-03T13:59:01Z",
      "1m": "2019-06-03T13:59:00Z",
      "1h": "2019-06-03T13:00:00Z",
      "1d": "2019-06-03T00:00:00Z",
      // Weeks count from the Unix epoch, a Thursday (as window(every: 1w) does).
      "1w": "2019-05-30T00:00:00Z",
      "1mo": "2019-06-01T00:00:00Z",
      "1y": "2019-01-01T00:00:00Z",
    };
    for (const [unit, want] of Object.entries(cases)) expect(await value(`date.truncate(t: 2019-06-03T13:59:01.000000001Z, unit: ${unit})`), unit).toBe(want);
  });
  it("applies a location argument or the location option", async () => {
    expect(await value(`date.hour(t: ${t}, location: timezone.location(name: "America/Los_Angeles"))`)).toBe("4");
    expect(await value(`date.hour(t: ${t})`, "option location = timezone.fixed(offset: -5h)")).toBe("7");
    expect(await value('date.truncate(t: 2019-06-03T13:59:01Z, unit: 1d, location: timezone.location(name: "America/Los_Angeles"))')).toBe("2019-06-03T07:00:00Z");
    await expect(value('date.hour(t: now(), location: timezone.location(name: "Mars/Olympus"))')).rejects.toThrow(/unknown time zone/);
  });
  it("adds, subtracts and scales durations", async () => {
    expect(await value("date.add(d: 6h, to: 2019-06-03T13:59:01Z)")).toBe("2019-06-03T19:59:01Z");
    expect(await value("date.sub(d: 1mo, from: 2019-06-03T13:59:01Z)")).toBe("2019-05-03T13:59:01Z");
    expect(await value("string(v: date.scale(d: 1h, n: 3))")).toBe("3h");
  });
});
