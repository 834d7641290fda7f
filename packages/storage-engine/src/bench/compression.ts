/**
 * Bytes per value of the TSBS cpu-only data set the issue compares with InfluxDB (100 hosts x 1
 * day at 10 s = 864,000 rows, 8.64M float values) as DuckDB stores it after compaction (rows
 * sorted by series and time), for each compression DuckDB can force on the float columns and for
 * values at full precision or rounded.
 *
 *   pnpm --filter @fluxgate/storage-engine exec tsx src/bench/compression.ts
 * Env: HOSTS (100), ROWS_PER_HOST (8640), DECIMALS ("full,4,1,0").
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DOUBLE, BIGINT, INTEGER, DuckDBDataChunk, DuckDBInstance } from "@duckdb/node-api";
import { prng } from "@fluxgate/line-protocol";

const HOSTS = Number(process.env.HOSTS ?? 100);
const ROWS_PER_HOST = Number(process.env.ROWS_PER_HOST ?? 8640);
const DECIMALS = (process.env.DECIMALS ?? "full,4,1,0").split(",");
const FIELDS = 10;
// Chimp and Patas are deprecated in DuckDB 1.5 (forcing them is an error).
const COMPRESSIONS = ["auto", "alp", "alprd", "uncompressed"];


const dir = mkdtempSync(join(tmpdir(), "fluxgate-compression-"));
const results: Record<string, Record<string, number>> = {};
for (const decimals of DECIMALS) {
  const scale = decimals === "full" ? undefined : 10 ** Number(decimals);
  for (const compression of COMPRESSIONS) {
    const path = join(dir, `${decimals}-${compression}.duckdb`);
    const instance = await DuckDBInstance.create(path, { threads: "2" });
    const conn = await instance.connect();
    if (compression !== "auto") await conn.run(`SET force_compression = '${compression}'`);
    const columns = Array.from({ length: FIELDS }, (_, f) => `f${f} DOUBLE`).join(", ");
    await conn.run(`CREATE TABLE m0(time BIGINT NOT NULL, series_id INTEGER NOT NULL, ${columns})`);
    const appender = await conn.createAppender("m0");
    const random = prng(7);
    const types = [BIGINT, INTEGER, ...Array.from({ length: FIELDS }, () => DOUBLE)];
    // Compacted order: series by series, each in time order; each field a clamped random walk.
    for (let host = 0; host < HOSTS; host++) {
      const walk = Array.from({ length: FIELDS }, () => random() * 100);
      for (let offset = 0; offset < ROWS_PER_HOST; offset += 2048) {
        const n = Math.min(2048, ROWS_PER_HOST - offset);
        const chunk = DuckDBDataChunk.create(types, n);
        const rows: unknown[][] = [];
        for (let i = 0; i < n; i++) {
          const row: unknown[] = [1_451_606_400_000_000_000n + BigInt(offset + i) * 10_000_000_000n, host];
          for (let f = 0; f < FIELDS; f++) {
            walk[f] = Math.min(100, Math.max(0, walk[f]! + (random() - 0.5) * 2));
            row.push(scale === undefined ? walk[f] : Math.round(walk[f]! * scale) / scale);
          }
          rows.push(row);
        }
        chunk.setRows(rows as never);
        appender.appendDataChunk(chunk);
      }
    }
    appender.closeSync();
    await conn.run("CHECKPOINT");
    conn.closeSync();
    instance.closeSync();
    const values = HOSTS * ROWS_PER_HOST * FIELDS;
    (results[`decimals=${decimals}`] ??= {})[compression] = Number((statSync(path).size / values).toFixed(3));
  }
}
console.log(JSON.stringify({ hosts: HOSTS, rowsPerHost: ROWS_PER_HOST, bytesPerValue: results }, null, 2));
rmSync(dir, { recursive: true, force: true });
