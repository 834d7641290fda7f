// The Flux planner over the real storage engine (DuckDB): every pipeline it rewrites must give
// byte-for-byte the CSV of the same pipeline run without the planner, and the rewritten program
// must send exactly one read. Data: two measurements, hosts with and without a `rack` tag, float,
// integer, string and boolean fields at irregular times, values chosen so sums are exact.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { annotatedCSV, type DataSource, execute, type ExecuteOptions, type SourceReadRequest } from "@fluxgate/flux";
import { parse } from "@fluxgate/line-protocol";
import { type BucketInfo, StorageEngine } from "@fluxgate/storage-engine";
import { EngineSource } from "./test-support/engine-source.js";

const bucket: BucketInfo = { id: "00000000000000aa", retentionNs: 0n, shardGroupDurationNs: 600_000_000_000n };
const second = 1_000_000_000n;
const t0 = 1_700_000_000n * second;
const dir = mkdtempSync(join(tmpdir(), "fluxgate-planner-"));
let engine: StorageEngine;

const engineSource = () => new EngineSource(() => engine, bucket);

beforeAll(async () => {
  engine = await StorageEngine.open({ path: dir });
  const lines: string[] = [];
  const hosts = [
    ["a", ",rack=r1"],
    ["b", ",rack=r2"],
    ["c", ""],
  ] as const;
  // 200 points per series over ~33 minutes (spanning several 10-minute shards), some gaps.
  for (let i = 0; i < 200; i++) {
    const time = t0 + BigInt(i * 10 + (i % 3)) * second;
    hosts.forEach(([host, rack], h) => {
      if ((i + h) % 17 === 0) return;
      const usage = ((i * 7 + h * 13) % 41) + (i % 2) * 0.5;
      const idle = 100 - ((i * 3 + h) % 50);
      lines.push(`cpu,host=${host}${rack} usage=${usage},idle=${idle},n=${(i * (h + 1)) % 23}i,state="s${i % 4}",up=${i % 5 !== 0} ${time}`);
    });
    if (i % 4 === 0) lines.push(`mem,host=a used=${i % 9}i ${time}`);
  }
  // A field host a reports at other times than its other fields (pivot must merge the times).
  for (let i = 0; i < 5; i++) lines.push(`cpu,host=a,rack=r1 extra=${i}.25 ${t0 + BigInt(i * 300 + 5) * second}`);
  // A measurement whose series last wrote hours apart (last() cannot stop at the newest hour).
  lines.push(`disk,host=z free=1i ${t0 - 7200n * second}`, `disk,host=z free=2i ${t0 - 7000n * second}`, `disk,host=y free=3i ${t0 + 60n * second}`);
  await engine.write(bucket, parse(lines.join("\n")));
}, 60_000);
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

async function csv(source: string, options: ExecuteOptions): Promise<string> {
  const { results } = execute(source, { now: t0 + 3600n * second, ...options });
  let out = "";
  for await (const chunk of annotatedCSV(results, { annotations: ["datatype", "group", "default"] })) out += chunk;
  return out;
}

const start = "2023-11-14T22:13:33Z"; // t0 + 13 s
const stop = "2023-11-14T22:43:10Z"; // t0 + 29 m 50 s
const base = `from(bucket: "b") |> range(start: ${start}, stop: ${stop})`;

/** Runs `pipeline` with and without the planner; returns the planned run's reads and plans. */
async function both(pipeline: string): Promise<{ requests: SourceReadRequest[]; calls: string[][]; text: string }> {
  const planned = engineSource();
  const plain = engineSource();
  const withPlanner = await csv(pipeline, { source: planned });
  const without = await csv(pipeline, { source: plain, planner: false });
  expect(withPlanner).toBe(without);
  const calls = execute(pipeline, { source: planned }).plans.map((p) => p.calls);
  return { requests: planned.requests, calls, text: withPlanner };
}

const rows = (text: string): number => text.split("\r\n").filter((l) => l.startsWith(",_result,") || l.startsWith(",,")).length;

describe("planner: pushed-down reads give the same CSV as the plain pipeline", () => {
  const filters: Array<[string, string]> = [
    ["measurement", `r._measurement == "cpu"`],
    ["measurement !=", `r._measurement != "cpu"`],
    ["tag equality and field", `r._measurement == "cpu" and r.host == "b" and r._field == "usage"`],
    ["tag != (series without the tag never match)", `r.rack != "r1"`],
    ["tag regex and not-regex", `r.host =~ /^[ab]$/ and r.rack !~ /2/`],
    ["exists / not exists", `exists r.rack and r._field == "idle"`],
    ["not exists", `not exists r.rack and r._field == "n"`],
    ["not over a tag comparison", `not (r.rack == "r1") and r._field == "n"`],
    ["or across tags and measurement", `(r.host == "c" or r._measurement == "mem") and r._field != "x" or r.rack == "r2"`],
    ["field disjunction", `r._field == "usage" or r._field == "idle"`],
    ["two field conditions intersect", `(r._field == "usage" or r._field == "n") and r._field == "n"`],
    ["value range", `r._field == "usage" and r._value > 10.0 and r._value <= 30`],
    ["value or", `r._field == "n" and (r._value == 3 or r._value > 20)`],
    ["reversed operands", `"cpu" == r._measurement and "usage" == r._field and 20.0 < r._value`],
    ["string values", `r._field == "state" and r._value == "s1"`],
    ["bool values", `r._field == "up" and r._value != true`],
  ];
  for (const [name, predicate] of filters) {
    it(`filter: ${name}`, async () => {
      const { requests, calls, text } = await both(`${base} |> filter(fn: (r) => ${predicate})`);
      expect(calls).toEqual([["from", "range", "filter"]]);
      expect(requests).toHaveLength(1);
      expect(rows(text)).toBeGreaterThan(0);
    });
  }

  it("filter: what cannot be pushed stays a filter after the read", async () => {
    const { requests, calls } = await both(`${base} |> filter(fn: (r) => r._measurement == "cpu" and r._time > 2023-11-14T22:20:00Z and r._field == "usage")`);
    expect(calls).toEqual([["from", "range", "filter"]]);
    expect(requests[0]?.series).toEqual({ kind: "measurement", match: { op: "=", value: "cpu" } });
    expect(requests[0]?.fields).toEqual(["usage"]);
  });

  it("filter operands may be variables; a value that does not fit runs the plain pipeline", async () => {
    const pushed = await both(`h = "a"\n${base} |> filter(fn: (r) => r.host == h and r._field == "n")`);
    expect(pushed.requests[0]?.series).toBeDefined();
    // A calendar window cannot be computed by the engine: the original pipeline reads raw points.
    const plain = await both(`${base} |> filter(fn: (r) => r._field == "n") |> aggregateWindow(every: 1mo, fn: sum)`);
    expect(plain.calls).toEqual([["from", "range", "filter", "aggregateWindow(fn: sum)"]]);
    expect(plain.requests).toHaveLength(1);
    expect(plain.requests[0]?.aggregate).toBeUndefined();
    expect(plain.requests[0]?.fields).toBeUndefined();
  });

  const aggregates = ["mean", "sum", "count", "min", "max", "first", "last", "median", "spread"];
  for (const fn of aggregates) {
    it(`aggregateWindow(fn: ${fn}) with and without createEmpty`, async () => {
      for (const createEmpty of ["", ", createEmpty: false"]) {
        const { requests, calls, text } = await both(`${base} |> filter(fn: (r) => r._measurement == "cpu" and (r._field == "usage" or r._field == "n")) |> aggregateWindow(every: 1m, fn: ${fn}${createEmpty})`);
        expect(calls).toEqual([["from", "range", "filter", `aggregateWindow(fn: ${fn})`]]);
        expect(requests).toHaveLength(1);
        expect(requests[0]?.aggregate?.fn).toBe(fn);
        expect(rows(text)).toBeGreaterThan(6);
      }
    });
    it(`window |> ${fn}() and bare ${fn}()`, async () => {
      const windowed = await both(`${base} |> filter(fn: (r) => r._field == "n" or r._field == "used") |> window(every: 5m, offset: 20s) |> ${fn}()`);
      expect(windowed.calls).toEqual([["from", "range", "filter", "window", fn]]);
      expect(windowed.requests).toHaveLength(1);
      const bare = await both(`${base} |> filter(fn: (r) => r._measurement == "cpu" and (r._field == "usage" or r._field == "idle" or r._field == "n")) |> ${fn}()`);
      expect(bare.calls[0]?.at(-1)).toBe(fn);
      expect(bare.requests).toHaveLength(1);
    });
  }

  it("last() and first() over a long range (the engine looks at the newest hour first)", async () => {
    for (const fn of ["last", "first", "max"]) {
      // Numeric fields only: the engine leaves string fields out of min/max (see the report).
      const { requests, text } = await both(`from(bucket: "b") |> range(start: 0) |> filter(fn: (r) => r._field == "n" or r._field == "free" or r._field == "usage") |> ${fn}()`);
      expect(requests).toHaveLength(1);
      expect(text).toContain(",free,disk,z");
    }
  });

  it("windows in a local time zone (option location) are computed after a plain read", async () => {
    const { requests } = await both(`import "timezone"\noption location = timezone.location(name: "Asia/Kolkata")\n${base} |> filter(fn: (r) => r._field == "n") |> aggregateWindow(every: 1h, fn: sum)`);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.aggregate).toBeUndefined();
  });

  it("stddev stays after a plain read (the engine's rounding differs in the last digits)", async () => {
    const { requests, calls } = await both(`${base} |> filter(fn: (r) => r._field == "usage") |> aggregateWindow(every: 5m, fn: stddev)`);
    expect(calls).toEqual([["from", "range", "filter"]]);
    expect(requests[0]?.aggregate).toBeUndefined();
  });

  it("aggregateWindow with an offset, and on strings (count, first, last)", async () => {
    await both(`${base} |> filter(fn: (r) => r._field == "idle") |> aggregateWindow(every: 2m, offset: 30s, fn: sum)`);
    for (const fn of ["count", "first", "last"]) {
      const { requests } = await both(`${base} |> filter(fn: (r) => r._field == "state") |> aggregateWindow(every: 3m, fn: ${fn})`);
      expect(requests).toHaveLength(1);
    }
  });

  it("pivot with a filter on a field column", async () => {
    const { requests, calls, text } = await both(
      `${base} |> filter(fn: (r) => r._measurement == "cpu" and r.host == "a") |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value") |> filter(fn: (r) => r.usage > 30.0)`,
    );
    expect(calls).toEqual([["from", "range", "filter", "pivot", "filter"]]);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.values).toEqual({ kind: "compare", field: "usage", op: ">", value: 30 });
    expect(rows(text)).toBeGreaterThan(5);
    const all = await both(`${base} |> filter(fn: (r) => r._field != "nothing") |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")`.replace('r._field != "nothing"', 'r._measurement =~ /./'));
    expect(all.text).toContain(",extra");
    // A `_value` test before the pivot removes whole fields: that plan runs as written.
    const before = await both(
      `${base} |> filter(fn: (r) => r.host == "a" and (r._field == "usage" or r._field == "idle") and r._value > 36.0) |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value") |> filter(fn: (r) => r.usage > 30.0)`,
    );
    expect(before.calls).toEqual([["from", "range", "filter", "pivot", "filter"]]);
    expect(before.requests).toHaveLength(1);
    expect(before.requests[0]?.values).toBeUndefined();
  });

  it("limit, and transformations after the pushed part", async () => {
    const { requests } = await both(`${base} |> filter(fn: (r) => r._field == "usage") |> limit(n: 3) |> map(fn: (r) => ({r with _value: r._value * 2.0}))`);
    expect(requests[0]?.limit).toBe(3);
    await both(`${base} |> filter(fn: (r) => r._field == "usage") |> aggregateWindow(every: 5m, fn: max) |> group() |> sort(columns: ["_value"])`);
  });

  it("leaves alone what it cannot push: a rebound name, a filter with onEmpty", async () => {
    expect((await both(`mean = (tables=<-) => tables |> sum()\n${base} |> filter(fn: (r) => r._field == "n") |> mean()`)).calls).toEqual([["from", "range", "filter"]]);
    expect((await both(`${base} |> filter(fn: (r) => r._field == "n", onEmpty: "keep")`)).calls).toEqual([]);
  });
});
