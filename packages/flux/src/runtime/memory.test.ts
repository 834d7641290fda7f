/** Query memory limits: Flux's allocator error for a query holding too much, and the shared budget. */
import { describe, expect, it } from "vitest";
import { fixedNow } from "../test-support/query.js";
import { type Value, array, float, record, string, time } from "../values/value.js";
import { queryErrorResponse } from "./error-response.js";
import { executeAsync } from "./execute.js";
import { MemoryBudget, MemoryLimitError, QueryMemory, tableBytes } from "./memory.js";
import { MemoryDataSource, type Point } from "./memory-source.js";

const second = 1_000_000_000n;

function rows(n: number): Value {
  const out: Value[] = [];
  for (let i = 0; i < n; i++) {
    out.push(record([["_time", time(fixedNow + BigInt(i) * second)], ["_field", string(i % 2 === 0 ? "a" : "b")], ["_value", float(n - i)], ["host", string(`host-${i % 7}`)]]));
  }
  return array(out);
}

const sortAll = 'import "array"\narray.from(rows: params.rows) |> group() |> sort(columns: ["_value"])';
const pivotAll = 'import "array"\narray.from(rows: params.rows) |> group(columns: ["host"]) |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")';

/** Runs a query to the end; returns how many rows it produced. */
async function run(source: string, n: number, memory: QueryMemory): Promise<number> {
  try {
    const { results } = await executeAsync(source, { now: fixedNow, params: new Map([["rows", rows(n)]]), memory });
    let count = 0;
    for (const result of results) for await (const table of result.tables) count += table.length;
    return count;
  } finally {
    memory.close();
  }
}

async function failure(work: Promise<unknown>): Promise<Error> {
  try {
    await work;
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error("expected a failure");
}

const fluxMessage = /^memory allocation limit reached: limit (\d+) bytes, allocated: (\d+), wanted: (\d+)$/;

describe("per-query limit", () => {
  it("fails a sort that buffers more than the limit with Flux's allocator message", async () => {
    const error = await failure(run(sortAll, 5000, new QueryMemory({ limitBytes: 100_000 })));
    expect(error).toBeInstanceOf(MemoryLimitError);
    const [, limit, allocated, wanted] = fluxMessage.exec(error.message) ?? [];
    expect(limit).toBe("100000");
    // The failing charge is the one that would have crossed the limit.
    expect(Number(allocated) + Number(wanted)).toBeGreaterThan(100_000);
    expect(Number(allocated)).toBeLessThanOrEqual(100_000);
  });

  it("fails a pivot over the limit the same way", async () => {
    const error = await failure(run(pivotAll, 5000, new QueryMemory({ limitBytes: 50_000 })));
    expect(error.message).toMatch(fluxMessage);
    expect(error.message).toContain("limit 50000 bytes");
  });

  it("lets the same queries run under a limit they fit in, and without one", async () => {
    expect(await run(sortAll, 5000, new QueryMemory({ limitBytes: 64 * 1024 * 1024 }))).toBe(5000);
    expect(await run(pivotAll, 5000, new QueryMemory())).toBe(5000);
  });

  it("counts a streaming pipeline by the tables in flight, not by its total size", async () => {
    const points: Point[] = [];
    for (let h = 0; h < 20; h++) for (let i = 0; i < 500; i++) points.push({ measurement: "cpu", tags: { host: `h${h}` }, field: "usage", time: fixedNow - 3600n * second + BigInt(i) * second, value: i });
    const source = new MemoryDataSource({ telegraf: points });
    const streaming = 'from(bucket: "telegraf") |> range(start: -2h) |> filter(fn: (r) => r._value >= 0.0) |> map(fn: (r) => ({r with _value: r._value * 2.0}))';
    const measure = async (query: string, memory: QueryMemory): Promise<{ rows: number; bytes: number }> => {
      const { results } = await executeAsync(query, { now: fixedNow, source, memory });
      let rows = 0;
      let bytes = 0;
      for await (const table of results[0]!.tables) {
        rows += table.length;
        bytes += tableBytes(table);
      }
      expect(memory.allocated).toBe(0);
      memory.close();
      return { rows, bytes };
    };
    const unlimited = new QueryMemory();
    const all = await measure(streaming, unlimited);
    expect(all.rows).toBe(10_000);
    // Twenty tables flow out; a few stages hold one each at any moment.
    expect(unlimited.maxAllocated).toBeLessThan(all.bytes / 2);
    const limit = Math.ceil(all.bytes / 2);
    expect((await measure(streaming, new QueryMemory({ limitBytes: limit }))).rows).toBe(10_000);
    // Buffering all twenty tables for a sort does not fit in the same limit.
    const error = await failure(measure(`${streaming} |> group() |> sort(columns: ["_value"])`, new QueryMemory({ limitBytes: limit })));
    expect(error.message).toMatch(fluxMessage);
  });

  it("is answered before output as InfluxDB answers ResourceExhausted: 400 invalid", () => {
    const answer = queryErrorResponse(new MemoryLimitError(1000, 900, 200));
    expect(answer).toEqual({ status: 400, body: { code: "invalid", message: "memory allocation limit reached: limit 1000 bytes, allocated: 900, wanted: 200" } });
  });
});

describe("budget shared by running queries", () => {
  it("refuses a query more than the budget has left, and gives the budget back when a query closes", async () => {
    const mib = 1024 * 1024;
    const budget = new MemoryBudget(4 * mib);
    const holder = new QueryMemory({ limitBytes: 4 * mib, initialBytes: 1000, budget });
    holder.charge(3.5 * mib);
    expect(budget.reserved).toBe(3.5 * mib - 1000);
    const error = await failure(run(sortAll, 5000, new QueryMemory({ limitBytes: 4 * mib, initialBytes: 1000, budget })));
    expect(error.message).toMatch(fluxMessage);
    expect(budget.reserved).toBe(3.5 * mib - 1000);
    holder.close();
    expect(budget.reserved).toBe(0);
    // The same query fits once the other one has ended, and leaves nothing reserved.
    expect(await run(sortAll, 5000, new QueryMemory({ limitBytes: 4 * mib, initialBytes: 1000, budget }))).toBe(5000);
    expect(budget.reserved).toBe(0);
  });

  it("grants from the initial allocation up to the per-query limit, never beyond it", () => {
    const budget = new MemoryBudget(10_000);
    const memory = new QueryMemory({ limitBytes: 4000, initialBytes: 1000, budget });
    expect(budget.reserved).toBe(0);
    memory.charge(800);
    expect(budget.reserved).toBe(0);
    memory.charge(2200);
    expect(budget.reserved).toBe(2000);
    expect(() => memory.charge(1500)).toThrow("memory allocation limit reached: limit 3000 bytes, allocated: 3000, wanted: 1500");
    memory.release(3000);
    memory.close();
    expect(budget.reserved).toBe(0);
  });

  it("reports the grant as the limit when the shared budget is spent", () => {
    const budget = new MemoryBudget(500);
    const first = new QueryMemory({ limitBytes: 4000, initialBytes: 1000, budget });
    const second = new QueryMemory({ limitBytes: 4000, initialBytes: 1000, budget });
    first.charge(1500);
    expect(() => second.charge(1200)).toThrow("memory allocation limit reached: limit 1000 bytes, allocated: 0, wanted: 1200");
    second.charge(1000);
    first.close();
    second.charge(500);
    second.close();
    expect(budget.reserved).toBe(0);
  });
});

describe("table estimate", () => {
  it("charges bigint cells more than floats and a shared tag value once", () => {
    const n = 1000;
    const base = { key: { columns: [], values: [] }, length: n };
    const floats = tableBytes({ ...base, columns: [{ label: "v", type: "float" }], data: [new Array(n).fill(1.5)] });
    const times = tableBytes({ ...base, columns: [{ label: "t", type: "time" }], data: [new Array(n).fill(1n)] });
    const tag = tableBytes({ ...base, columns: [{ label: "s", type: "string" }], data: [new Array(n).fill("host-1")] });
    const texts = tableBytes({ ...base, columns: [{ label: "s", type: "string" }], data: [Array.from({ length: n }, (_, i) => `message number ${i}`)] });
    expect(times).toBeGreaterThan(floats);
    expect(tag).toBeLessThan(floats + 100);
    expect(texts).toBeGreaterThan(tag + n * 2 * 10);
  });
});
