// Annotated CSV encoding rate of a raw read's shape (9 columns: _start, _stop, _time, _value, _field,
// _measurement and 3 tags; 100 tables of 10,000 rows), in rows per second of one core.
//   node --conditions=fluxgate-source --import tsx src/tools/csv-rate.ts
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "../server.js";

type Cell = bigint | number | string | boolean | null;
interface Table {
  key: { columns: { label: string; type: string }[]; values: Cell[] };
  columns: { label: string; type: string }[];
  data: Cell[][];
  length: number;
}
const fromServer = createRequire(join(repoRoot, "apps/server/package.json"));
const flux = (await import(pathToFileURL(fromServer.resolve("@fluxgate/flux")).href)) as {
  annotatedCSVBytes(results: unknown[], dialect: Record<string, unknown>): AsyncIterable<Uint8Array>;
};

const rowsPerTable = 10_000;
const tables: Table[] = [];
const start = 1_451_606_400_000_000_000n;
for (let t = 0; t < 100; t++) {
  const columns = ["_start", "_stop", "_time", "_value", "_field", "_measurement", "host", "region", "rack"].map((label, i) => ({ label, type: i < 3 ? "time" : i === 3 ? "float" : "string" }));
  const keyLabels = ["_field", "_measurement", "_start", "_stop", "host", "rack", "region"];
  const fixed: Record<string, Cell> = { _start: start, _stop: start + 86_400_000_000_000n, _field: "usage_user", _measurement: "cpu", host: `host_${t}`, region: "eu-west-1", rack: `${t % 7}` };
  const times: Cell[] = [];
  const values: Cell[] = [];
  for (let r = 0; r < rowsPerTable; r++) {
    times.push(start + BigInt(r) * 10_000_000_000n);
    values.push(Math.random() * 100);
  }
  const data = columns.map((c) => (c.label === "_time" ? times : c.label === "_value" ? values : new Array<Cell>(rowsPerTable).fill(fixed[c.label] ?? null)));
  tables.push({ key: { columns: keyLabels.map((label) => columns.find((c) => c.label === label)!), values: keyLabels.map((l) => fixed[l] ?? null) }, columns, data, length: rowsPerTable });
}
for (let round = 0; round < 3; round++) {
  const began = performance.now();
  const cpu0 = process.cpuUsage();
  let bytes = 0;
  const result = { name: "_result", tables: (async function* () { yield* tables; })() };
  for await (const chunk of flux.annotatedCSVBytes([result], { annotations: ["datatype", "group", "default"] })) bytes += chunk.length;
  const cpu = process.cpuUsage(cpu0);
  const seconds = (cpu.user + cpu.system) / 1e6;
  console.log(`${(tables.length * rowsPerTable / seconds / 1e6).toFixed(2)} M rows per CPU-second (${((performance.now() - began) / 1000).toFixed(2)} s wall, ${(bytes / 1e6).toFixed(0)} MB)`);
}
