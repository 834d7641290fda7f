import { describe, expect, it } from "vitest";
import { FluxgateError } from "../http/errors.js";
import { durationNs, readTaskOptions, rewriteTaskOptions } from "./options.js";
import { dueAt, nextScheduledAfter } from "./schedule.js";

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    if (error instanceof FluxgateError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return "no error";
};

describe("task options", () => {
  it("reads name, every, cron and offset from the option task record", () => {
    expect(readTaskOptions('option task = {name: "a", every: 1h30m, offset: 5m}\n1')).toEqual({ name: "a", every: "1h30m", cron: "", offset: "5m" });
    expect(readTaskOptions('option task = {name: "b", cron: "0 */2 * * *", retry: 2}\n1')).toEqual({ name: "b", every: "", cron: "0 */2 * * *", offset: "" });
  });

  it("refuses what InfluxDB refuses, with Flux's error position for bad syntax", () => {
    expect(message(() => readTaskOptions('option task = {name: "a", every: 1h}\nx = ('))).toMatch(/^invalid: invalid Flux script: error @2:\d+-2:\d+: /);
    expect(message(() => readTaskOptions('option task = {name: "a", every: 1h, cron: "* * * * *"}'))).toBe("invalid: invalid options: cannot use both cron and every in task options");
    expect(message(() => readTaskOptions('option task = {name: "a"}'))).toBe("invalid: invalid options: cron or every is required");
    expect(message(() => readTaskOptions("option task = {every: 1h}"))).toBe("invalid: invalid options: missing name in task options");
    expect(message(() => readTaskOptions('option task = {name: "a", every: "1h"}'))).toBe("invalid: invalid options: task every must be a duration literal");
    expect(message(() => readTaskOptions('option task = {name: "a", every: 1mo}'))).toMatch(/months and years/);
    expect(message(() => readTaskOptions('option task = {name: "a", cron: "61 * * * *"}'))).toMatch(/^invalid: invalid cron expression/);
    expect(message(() => readTaskOptions("from(bucket: \"b\")"))).toMatch(/no task options defined/);
  });

  it("rewrites only the record, keeps comments, other properties and multi-byte text around it", () => {
    const source = '// données\noption task = {\n  name: "é",\n  every: 1h,\n  concurrency: 1,\n}\n\nfrom(bucket: "b")';
    const { flux, options } = rewriteTaskOptions(source, { every: "10m", offset: "1m" });
    expect(flux).toBe('// données\noption task = {name: "é", every: 10m, offset: 1m, concurrency: 1}\n\nfrom(bucket: "b")');
    expect(options).toEqual({ name: "é", every: "10m", cron: "", offset: "1m" });
    expect(rewriteTaskOptions(flux, { cron: "0 0 * * *", offset: "" }).flux).toBe('// données\noption task = {name: "é", cron: "0 0 * * *", concurrency: 1}\n\nfrom(bucket: "b")');
    expect(rewriteTaskOptions("1 + 1", { name: "new", every: "5s" }).flux).toBe('option task = {name: "new", every: 5s}\n\n1 + 1');
  });

  it("converts durations to nanoseconds", () => {
    expect(durationNs("1h30m", "every")).toBe(5_400_000_000_000n);
    expect(durationNs("-5m", "offset")).toBe(-300_000_000_000n);
    expect(durationNs("1w2d", "every")).toBe(777_600_000_000_000n);
  });
});

describe("task schedules", () => {
  it("aligns every to the epoch: saved at 2:30, every 1h first runs for 3:00", () => {
    const at = new Date("2024-05-01T02:30:00Z");
    expect(nextScheduledAfter({ every: "1h", cron: "", offset: "" }, at).toISOString()).toBe("2024-05-01T03:00:00.000Z");
    expect(nextScheduledAfter({ every: "1h", cron: "", offset: "" }, new Date("2024-05-01T03:00:00Z")).toISOString()).toBe("2024-05-01T04:00:00.000Z");
    expect(nextScheduledAfter({ every: "10s", cron: "", offset: "" }, new Date("2024-05-01T03:00:07.500Z")).toISOString()).toBe("2024-05-01T03:00:10.000Z");
  });

  it("evaluates 5- and 6-field cron in UTC", () => {
    const at = new Date("2024-05-01T02:30:00Z");
    expect(nextScheduledAfter({ every: "", cron: "0 */4 * * *", offset: "" }, at).toISOString()).toBe("2024-05-01T04:00:00.000Z");
    expect(nextScheduledAfter({ every: "", cron: "15 * * * * *", offset: "" }, at).toISOString()).toBe("2024-05-01T02:30:15.000Z");
    expect(nextScheduledAfter({ every: "", cron: "@daily", offset: "" }, at).toISOString()).toBe("2024-05-02T00:00:00.000Z");
  });

  it("delays the start by the offset without moving the scheduled time", () => {
    const scheduled = new Date("2024-05-01T03:00:00Z");
    expect(dueAt({ every: "1h", cron: "", offset: "10m" }, scheduled).toISOString()).toBe("2024-05-01T03:10:00.000Z");
    expect(dueAt({ every: "1h", cron: "", offset: "" }, scheduled)).toBe(scheduled);
  });
});
