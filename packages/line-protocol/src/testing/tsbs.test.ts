import { describe, expect, it } from "vitest";
import { parse } from "../parser.js";
import { cpuFieldKeys, generateCpuOnly } from "./tsbs.js";

describe("generateCpuOnly", () => {
  it("yields TSBS cpu-only lines: 10 tags, 10 float fields, one line per host per interval", () => {
    const lines = [...generateCpuOnly({ hosts: 3, count: 7, start: 1_000n, interval: 10n })];
    expect(lines).toHaveLength(7);
    const points = parse(lines.join("\n"));
    expect(points.map((p) => p.timestamp)).toEqual([1_000n, 1_000n, 1_000n, 1_010n, 1_010n, 1_010n, 1_020n]);
    expect(new Set(points.map((p) => p.seriesKey)).size).toBe(3);
    expect(points[3]!.seriesKey).toBe(points[0]!.seriesKey);
    for (const point of points) {
      expect(point.measurement).toBe("cpu");
      expect(point.tags.map(([k]) => k)).toEqual([
        "arch", "datacenter", "hostname", "os", "rack", "region", "service", "service_environment", "service_version", "team",
      ]);
      expect(point.fields.map(([k]) => k)).toEqual([...cpuFieldKeys]);
      for (const [, value] of point.fields) {
        expect(value.type).toBe("float");
        expect(value.value).toBeGreaterThanOrEqual(0);
        expect(value.value).toBeLessThanOrEqual(100);
      }
    }
  });

  it("is deterministic for a seed", () => {
    const a = [...generateCpuOnly({ hosts: 5, count: 20, seed: 3 })];
    expect([...generateCpuOnly({ hosts: 5, count: 20, seed: 3 })]).toEqual(a);
    expect([...generateCpuOnly({ hosts: 5, count: 20, seed: 4 })]).not.toEqual(a);
  });

  it("writes full-precision values unless asked to round", () => {
    const values = (decimals?: number) =>
      parse([...generateCpuOnly({ hosts: 4, count: 40, ...(decimals === undefined ? {} : { decimals }) })].join("\n")).flatMap((p) =>
        p.fields.map(([, v]) => v.value as number),
      );
    const full = values();
    // A random walk of doubles almost never lands on a short decimal.
    expect(full.filter((v) => v !== Math.round(v * 1e4) / 1e4).length).toBeGreaterThan(full.length * 0.9);
    for (const v of values(2)) expect(v).toBe(Math.round(v * 100) / 100);
  });
});
