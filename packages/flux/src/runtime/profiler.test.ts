import { describe, expect, it } from "vitest";
import { tableToText } from "../test-support/tables.js";
import { type ExecuteOptions, executeAsync } from "./execute.js";

/** Each result's name and its tables as text, read in order as the HTTP encoder reads them. */
async function results(source: string, options: ExecuteOptions = {}) {
  const { results: all } = await executeAsync(source, { now: 1_600_000_000_000_000_000n, ...options });
  const out: { name: string; tables: ReturnType<typeof tableToText>[] }[] = [];
  for (const result of all) {
    const tables = [];
    for await (const table of result.tables) tables.push(tableToText(table));
    out.push({ name: result.name, tables });
  }
  return out;
}

const pipeline = `array.from(rows: [{a: 1}, {a: 2}, {a: 3}]) |> filter(fn: (r) => r.a > 1) |> map(fn: (r) => ({r with b: r.a * 2})) |> yield(name: "out")`;

describe("profiler.enabledProfilers", () => {
  it("adds a _profiler result after the query's own, a table per profiler in the option's order", async () => {
    // Without a memory account of the caller's, the query still counts what it holds.
    const got = await results(`import "array"\nimport "profiler"\noption profiler.enabledProfilers = ["operator", "query"]\n${pipeline}`);
    expect(got.map((r) => r.name)).toEqual(["out", "_profiler"]);
    expect(got[0]!.tables[0]!.rows).toEqual([
      { a: "2", b: "4" },
      { a: "3", b: "6" },
    ]);
    const [operator, query] = got[1]!.tables;
    expect(operator!.key).toEqual({ _measurement: "profiler/operator" });
    const byType = new Map(operator!.rows.map((row) => [row["Type"], row]));
    for (const fn of ["array.from", "filter", "map"]) {
      const row = byType.get(fn);
      expect(row, `${fn} in ${JSON.stringify(operator!.rows)}`).toBeDefined();
      expect(row!["Label"]).toMatch(new RegExp(`^${fn}\\d+$`));
      expect(row!["Count"]).toBe("1");
      const [min, max, sum] = [row!["MinDuration"], row!["MaxDuration"], row!["DurationSum"]].map(Number);
      expect(min).toBeGreaterThanOrEqual(0);
      expect(max).toBeGreaterThanOrEqual(min!);
      expect(sum).toBe(max);
      expect(Number(row!["MeanDuration"])).toBe(sum);
    }

    expect(query!.key).toEqual({ _measurement: "profiler/query" });
    const stats = query!.rows[0]!;
    expect(Object.keys(stats)).toEqual([
      "_measurement",
      "TotalDuration",
      "CompileDuration",
      "QueueDuration",
      "PlanDuration",
      "RequeueDuration",
      "ExecuteDuration",
      "Concurrency",
      "MaxAllocated",
      "TotalAllocated",
      "RuntimeErrors",
      "flux/query-plan",
    ]);
    const n = (k: string) => Number(stats[k]);
    expect(n("TotalDuration")).toBeGreaterThan(0);
    expect(n("TotalDuration")).toBeGreaterThanOrEqual(n("CompileDuration") + n("ExecuteDuration") - 1);
    expect(n("CompileDuration")).toBeGreaterThanOrEqual(n("PlanDuration"));
    expect(n("QueueDuration")).toBe(0);
    expect(n("TotalAllocated")).toBeGreaterThanOrEqual(n("MaxAllocated"));
    expect(n("MaxAllocated")).toBeGreaterThan(0);
  });

  it("takes the option from extern, as the influx CLI's --profilers sends it, and counts the queue wait", async () => {
    const got = await results(`import "array"\n${pipeline}`, { extern: 'import "profiler"\noption profiler.enabledProfilers = ["query"]', queuedMs: 5 });
    expect(got.map((r) => r.name)).toEqual(["out", "_profiler"]);
    expect(got[1]!.tables).toHaveLength(1);
    const stats = got[1]!.tables[0]!.rows[0]!;
    expect(stats["QueueDuration"]).toBe("5000000");
    expect(Number(stats["TotalDuration"])).toBeGreaterThan(5_000_000);
  });

  it("adds nothing when off, or when it names no known profiler", async () => {
    expect((await results(`import "array"\n${pipeline}`)).map((r) => r.name)).toEqual(["out"]);
    expect((await results(`import "array"\nimport "profiler"\n${pipeline}`)).map((r) => r.name)).toEqual(["out"]);
    expect((await results(`import "array"\nimport "profiler"\noption profiler.enabledProfilers = ["nope"]\n${pipeline}`)).map((r) => r.name)).toEqual(["out"]);
  });
});
