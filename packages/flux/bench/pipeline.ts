/**
 * `array.from` of 100k rows |> filter |> map |> aggregateWindow(mean) |> annotated CSV.
 * Reports rows/s by CPU time (the machine is shared, so wall time is noisy) and by wall time.
 * Run: pnpm --filter @fluxgate/flux bench
 */
import { annotatedCSV } from "../src/csv/stream.js";
import { execute } from "../src/runtime/execute.js";
import { QueryMemory } from "../src/runtime/memory.js";
import { type Value, array, float, record, string, time } from "../src/values/value.js";

const n = Number(process.env.ROWS ?? 100_000);
// HOSTS: number of series (tables after group); QUERY_MEMORY_BYTES: run with a memory account
// (0 = counted, unlimited) to measure what accounting costs; unset = no account.
const hosts = Number(process.env.HOSTS ?? 2);
const memoryLimit = process.env.QUERY_MEMORY_BYTES;
// AGGREGATE=0 drops the aggregateWindow stage, so every row (and every table) reaches the encoder.
const aggregate = process.env.AGGREGATE !== "0";
const start = 1_600_000_000_000_000_000n;
const rows: Value[] = [];
for (let i = 0; i < n; i++) {
  rows.push(
    record([
      ["_start", time(start)],
      ["_stop", time(start + BigInt(n) * 1_000_000_000n)],
      ["_time", time(start + BigInt(i) * 1_000_000_000n)],
      ["_value", float(i % 100)],
      ["host", string(hosts === 2 ? (i % 2 === 0 ? "a" : "b") : `h${i % hosts}`)],
    ]),
  );
}
const query = `import "array"
array.from(rows: params.rows)
  |> group(columns: ["host"])
  |> filter(fn: (r) => r._value > 10.0)
  |> map(fn: (r) => ({r with _value: r._value * 2.0}))${aggregate ? "\n  |> aggregateWindow(every: 1m, fn: mean)" : ""}`;

for (let round = 0; round < 5; round++) {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const memory = memoryLimit === undefined ? undefined : new QueryMemory({ limitBytes: Number(memoryLimit) });
  const { results } = execute(query, { params: new Map([["rows", array(rows)]]), ...(memory ? { memory } : {}) });
  let bytes = 0;
  for await (const chunk of annotatedCSV(results, { annotations: ["datatype", "group", "default"] })) bytes += chunk.length;
  memory?.close();
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const wallMs = performance.now() - wall;
  console.log(`round ${round}: ${n} rows, cpu ${cpuMs.toFixed(0)} ms (${Math.round(n / (cpuMs / 1000))} rows/s), wall ${wallMs.toFixed(0)} ms (${Math.round(n / (wallMs / 1000))} rows/s), ${bytes} bytes of CSV`);
}
