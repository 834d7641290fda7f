import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";

/**
 * All rows of `sql`, as `runAndReadAll(sql).getRows()` gives them. `run` already holds the whole
 * result; its chunks are taken synchronously here instead of through `fetchChunk`, which costs a
 * thread-pool round trip per chunk plus one for the end (each a wait of ~0.2 ms on a busy machine,
 * a large part of a small query's time).
 */
export async function readRows(conn: DuckDBConnection, sql: string): Promise<DuckDBValue[][]> {
  const result = await conn.run(sql);
  const rows: DuckDBValue[][] = [];
  for (let i = 0, n = result.chunkCount; i < n; i++) {
    for (const row of result.getChunk(i).getRows()) rows.push(row);
  }
  return rows;
}
