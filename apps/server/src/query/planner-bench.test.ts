// The eight queries of the Flux benchmark (bench/src/workloads/query-set.ts, issue #4 §6) over a
// small cpu-only data set in a real engine: each runs as ONE pushed-down storage read, with the
// request the planner should make, and answers exactly what the same query answers unplanned.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { annotatedCSV, type DataSource, execute, type ExecuteOptions, type SourceReadRequest } from "@fluxgate/flux";
import { cpuFieldKeys, generateCpuOnly, parse } from "@fluxgate/line-protocol";
import { type BucketInfo, StorageEngine } from "@fluxgate/storage-engine";
import { EngineSource } from "./test-support/engine-source.js";

const bucket: BucketInfo = { id: "00000000000000ab", retentionNs: 0n };
const dir = mkdtempSync(join(tmpdir(), "fluxgate-planner-bench-"));
let engine: StorageEngine;

const engineSource = () => new EngineSource(() => engine, bucket);

beforeAll(async () => {
  engine = await StorageEngine.open({ path: dir });
  // 4 hosts × 2 hours at 10 s, from 2016-01-01T00:00:00Z (the generator's start).
  const lines = [...generateCpuOnly({ hosts: 4, count: 4 * 720, seed: 3, decimals: 2 })];
  await engine.write(bucket, parse(lines.join("\n")));
}, 60_000);
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

async function csv(source: string, options: ExecuteOptions): Promise<string> {
  const { results } = execute(source, { now: 1_451_700_000_000_000_000n, ...options });
  let out = "";
  for await (const chunk of annotatedCSV(results, { annotations: ["datatype", "group", "default"] })) out += chunk;
  return out;
}

const from = `from(bucket: "bench")`;
const five = cpuFieldKeys.slice(0, 5);
const anyOf = (fields: readonly string[]) => fields.map((f) => `r._field == "${f}"`).join(" or ");
const cpu = { kind: "measurement", match: { op: "=", value: "cpu" } };
const host1 = { kind: "and", operands: [{ kind: "tag", key: "hostname", match: { op: "=", value: "host_1" } }, { kind: "not", operand: { kind: "tag", key: "hostname", match: { op: "=", value: "" } } }] };

const queries: Array<{ name: string; flux: string; request: Partial<SourceReadRequest> }> = [
  {
    name: "single-groupby-1-1-1",
    flux: `${from} |> range(start: 2016-01-01T00:20:00Z, stop: 2016-01-01T01:20:00Z) |> filter(fn: (r) => r._measurement == "cpu" and r._field == "usage_user" and r.hostname == "host_1") |> aggregateWindow(every: 1m, fn: max, createEmpty: false)`,
    request: { series: { kind: "and", operands: [cpu, host1] } as SourceReadRequest["series"], fields: ["usage_user"], aggregate: { fn: "max", every: 60_000_000_000n, createEmpty: false } },
  },
  {
    name: "single-groupby-5-1-12",
    flux: `${from} |> range(start: 2016-01-01T00:00:00Z, stop: 2016-01-01T12:00:00Z) |> filter(fn: (r) => r._measurement == "cpu" and r.hostname == "host_1" and (${anyOf(five)})) |> aggregateWindow(every: 1m, fn: max, createEmpty: false)`,
    request: { fields: [...five], aggregate: { fn: "max", every: 60_000_000_000n, createEmpty: false } },
  },
  {
    name: "double-groupby-1",
    flux: `${from} |> range(start: 2016-01-01T00:00:00Z, stop: 2016-01-01T12:00:00Z) |> filter(fn: (r) => r._measurement == "cpu" and r._field == "usage_user") |> aggregateWindow(every: 1h, fn: mean, createEmpty: false)`,
    request: { series: cpu as SourceReadRequest["series"], fields: ["usage_user"], aggregate: { fn: "mean", every: 3_600_000_000_000n, createEmpty: false } },
  },
  {
    name: "double-groupby-all",
    flux: `${from} |> range(start: 2016-01-01T00:00:00Z, stop: 2016-01-01T12:00:00Z) |> filter(fn: (r) => r._measurement == "cpu") |> aggregateWindow(every: 1h, fn: mean, createEmpty: false)`,
    request: { series: cpu as SourceReadRequest["series"], aggregate: { fn: "mean", every: 3_600_000_000_000n, createEmpty: false } },
  },
  {
    name: "high-cpu-1",
    flux: `${from} |> range(start: 2016-01-01T00:00:00Z, stop: 2016-01-01T12:00:00Z) |> filter(fn: (r) => r._measurement == "cpu" and r.hostname == "host_1") |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value") |> filter(fn: (r) => r.usage_user > 10.0)`,
    request: { values: { kind: "compare", field: "usage_user", op: ">", value: 10 }, emptySeries: true },
  },
  {
    name: "high-cpu-all",
    flux: `${from} |> range(start: 2016-01-01T00:00:00Z, stop: 2016-01-01T12:00:00Z) |> filter(fn: (r) => r._measurement == "cpu") |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value") |> filter(fn: (r) => r.usage_user > 10.0)`,
    request: { series: cpu as SourceReadRequest["series"], values: { kind: "compare", field: "usage_user", op: ">", value: 10 }, emptySeries: true },
  },
  {
    name: "lastpoint",
    flux: `${from} |> range(start: 0) |> filter(fn: (r) => r._measurement == "cpu") |> last()`,
    request: { series: cpu as SourceReadRequest["series"], aggregate: { fn: "last" } },
  },
  {
    // group/aggregateWindow/sort/limit run after the read, over the 5 minutes' raw points.
    name: "groupby-orderby-limit",
    flux: `${from} |> range(start: 2016-01-01T01:00:00Z, stop: 2016-01-01T01:05:00Z) |> filter(fn: (r) => r._measurement == "cpu" and r._field == "usage_user") |> group() |> aggregateWindow(every: 1m, fn: max, createEmpty: false) |> sort(columns: ["_time"], desc: true) |> limit(n: 5)`,
    request: { series: cpu as SourceReadRequest["series"], fields: ["usage_user"] },
  },
];

describe("the benchmark's queries", () => {
  for (const query of queries) {
    it(`${query.name}: one pushed-down read, same CSV as unplanned`, async () => {
      const planned = engineSource();
      const text = await csv(query.flux, { source: planned });
      expect(planned.requests).toHaveLength(1);
      expect(planned.requests[0]).toMatchObject(query.request);
      expect(execute(query.flux, { source: planned }).plans).toHaveLength(1);
      const plain = engineSource();
      expect(await csv(query.flux, { source: plain, planner: false })).toBe(text);
      expect(text.split("\r\n").filter((l) => l.startsWith(",,")).length).toBeGreaterThan(0);
    });
  }
});
