/**
 * Annotated CSV encoding alone: 1M rows of a storage-shaped table (_start, _stop, _time, _value,
 * _field, _measurement, host) in tables of 10k rows. Reports rows/s by CPU time.
 */
import { CSVEncoder } from "../src/csv/encode.js";
import type { Cell, ColumnMeta, Table } from "../src/table/types.js";

const rowsPerTable = 10_000;
const tables = 100;
const start = 1_600_000_000_000_000_000n;
const columns: ColumnMeta[] = [
  { label: "_start", type: "time" },
  { label: "_stop", type: "time" },
  { label: "_time", type: "time" },
  { label: "_value", type: "float" },
  { label: "_field", type: "string" },
  { label: "_measurement", type: "string" },
  { label: "host", type: "string" },
];
const data: Table[] = [];
for (let t = 0; t < tables; t++) {
  const times: Cell[] = [];
  const values: Cell[] = [];
  for (let i = 0; i < rowsPerTable; i++) {
    times.push(start + BigInt(i) * 10_000_000_000n);
    values.push(Math.round(Math.random() * 10000) / 100);
  }
  const host = `host_${t}`;
  data.push({
    key: { columns: [columns[0], columns[1], columns[4], columns[5], columns[6]] as ColumnMeta[], values: [start, start + 86_400_000_000_000n, "usage_user", "cpu", host] },
    columns,
    data: [times.map(() => start), times.map(() => start + 86_400_000_000_000n), times, values, times.map(() => "usage_user"), times.map(() => "cpu"), times.map(() => host)],
    length: rowsPerTable,
  });
}
for (let round = 0; round < 3; round++) {
  const cpu = process.cpuUsage();
  let bytes = 0;
  const encoder = new CSVEncoder({ annotations: ["datatype", "group", "default"] });
  for await (const chunk of encoder.encode([{ name: "_result", tables: (async function* () { yield* data; })() }])) bytes += chunk.length;
  const used = process.cpuUsage(cpu);
  const ms = (used.user + used.system) / 1000;
  console.log(`encode round ${round}: ${rowsPerTable * tables} rows in ${ms.toFixed(0)} ms cpu = ${Math.round((rowsPerTable * tables) / (ms / 1000))} rows/s, ${(bytes / 1e6).toFixed(1)} MB`);
}
