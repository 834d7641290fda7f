import { open as openFile, rename, rm } from "node:fs/promises";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { BucketState } from "./bucket.js";
import { pointSource } from "./dedup.js";
import { deletePredicate, seriesPredicateSql } from "./predicate.js";
import { type MeasurementTable, Shard } from "./shard.js";
import { ident, int64, str } from "./sql.js";
import type { DeleteRequest } from "./types.js";

/** Deletes matching points shard by shard (see `DeleteRequest`); empty series leave the catalog. */
export async function deleteRange(writer: DuckDBConnection, state: BucketState, request: DeleteRequest): Promise<void> {
  const predicate = deletePredicate(request.measurement, request.tags);
  const timeWhere = `time >= ${int64(request.start)} AND time <= ${int64(request.stop)}`;
  for (const shard of state.overlapping(request.start, request.stop + 1n)) {
    shard.generation++;
    const a = ident(shard.alias);
    const seriesWhere = seriesPredicateSql(shard, predicate);
    const tables = [...shard.measurements].filter(
      ([m]) => request.measurement === undefined || m === request.measurement,
    );
    if (tables.length === 0) continue;
    // The shard's rollups stop describing its rows: reads stop using them now, before any row
    // changes, until compaction makes them again.
    shard.compacted = false;
    await writer.run("BEGIN");
    try {
      for (const [, table] of tables) {
        const t = `${a}.${ident(table.table)}`;
        const where = `${timeWhere} AND series_id IN (SELECT series_id FROM ${a}._series WHERE ${seriesWhere})`;
        if (request.field === undefined) {
          await writer.run(`DELETE FROM ${t} WHERE ${where}`);
          continue;
        }
        const column = table.fields.get(request.field);
        if (column === undefined) continue;
        await writer.run(`UPDATE ${t} SET ${ident(column.column)} = NULL WHERE ${where}`);
        const allNull = [...table.fields.values()].map((f) => `${ident(f.column)} IS NULL`).join(" AND ");
        await writer.run(`DELETE FROM ${t} WHERE ${where} AND ${allNull}`);
      }
      // Series with no point left leave the catalog, so metadata reads stop listing them.
      const remaining = [...shard.measurements.values()]
        .map((t) => `SELECT series_id FROM ${a}.${ident(t.table)}`)
        .join(" UNION ALL ");
      const removed = (
        await writer.runAndReadAll(
          `DELETE FROM ${a}._series WHERE ${seriesWhere} AND series_id NOT IN (${remaining}) RETURNING series_id`,
        )
      ).getRows();
      await writer.run(`UPDATE ${a}._shard SET compacted = false`);
      await writer.run("COMMIT");
      for (const [id] of removed) {
        shard.unmarkMember(id as number);
        shard.catalog.remove(id as number);
      }
    } catch (error) {
      await writer.run("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }
}

/**
 * Compaction: builds `<file>.compact` with merged, sorted rows, then swaps it in with an atomic
 * rename. A crash before the rename leaves the original (the leftover is removed at open).
 * Used inside the writer queue, where nothing else touches the shard.
 */
export async function buildCompactedFile(writer: DuckDBConnection, shard: Shard, scratchAlias: string): Promise<string> {
  const tmpPath = await attachScratch(writer, shard, scratchAlias);
  try {
    await writer.run("BEGIN");
    await copySorted(writer, shard, shard.measurements.values(), scratchAlias);
  } catch (error) {
    await writer.run(`DETACH ${ident(scratchAlias)}`).catch(() => undefined);
    throw error;
  }
  await writer.run(`DETACH ${ident(scratchAlias)}`);
  return tmpPath;
}

/** Attaches a fresh, empty `<file>.compact` (a leftover of an earlier attempt is removed first). */
export async function attachScratch(conn: DuckDBConnection, shard: Shard, scratchAlias: string): Promise<string> {
  const tmpPath = `${shard.path}.compact`;
  await rm(tmpPath, { force: true });
  await rm(`${tmpPath}.wal`, { force: true });
  await conn.run(`ATTACH ${str(tmpPath)} AS ${ident(scratchAlias)}`);
  return tmpPath;
}

/**
 * Copies the shard, rows merged and sorted by (series_id, time), into the attached scratch file,
 * inside the transaction `conn` has open (which fixes the snapshot copied), and commits it.
 * `tables` is the shard's schema as of that snapshot.
 */
export async function copySorted(conn: DuckDBConnection, shard: Shard, tables: Iterable<MeasurementTable>, scratchAlias: string): Promise<void> {
  const a = ident(shard.alias);
  const tmpAlias = ident(scratchAlias);
  try {
    await conn.run(`CREATE TABLE ${tmpAlias}._shard AS SELECT start, stop, false AS needs_dedup, true AS compacted FROM ${a}._shard`);
    await conn.run(`CREATE TABLE ${tmpAlias}._schema AS SELECT * FROM ${a}._schema WHERE kind NOT IN ('rollup', 'rollups') ORDER BY rowid`);
    await conn.run(`CREATE TABLE ${tmpAlias}._series AS SELECT * FROM ${a}._series ORDER BY series_id`);
    for (const table of tables) {
      const columns = ["time", "series_id", ...[...table.fields.values()].map((f) => ident(f.column))].join(", ");
      await conn.run(
        `CREATE TABLE ${tmpAlias}.${ident(table.table)} AS SELECT ${columns} FROM ${pointSource(shard, table, "TRUE")} ORDER BY series_id, time`,
      );
      await createRollup(conn, tmpAlias, table);
    }
    // Marks a file whose compaction considered rollups (see Shard.load).
    await conn.run(`INSERT INTO ${tmpAlias}._schema VALUES ('rollups', NULL, NULL, NULL, ${str(String(ROLLUP_NS))})`);
    await conn.run("COMMIT");
  } catch (error) {
    await conn.run("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/** The bucket length of compaction's rollups: 10 minutes, a divisor of the usual window lengths. */
export const ROLLUP_NS = 600_000_000_000n;

/**
 * Builds the rollup of a freshly sorted point table (see `Rollup` in shard.ts): rows by bucket
 * then series, so a short time range over many series reads few of its row groups. A table
 * without numeric fields gets none, nor one whose series hold under 4 points per bucket on
 * average (it would be nearly as large as the table and save little).
 */
async function createRollup(conn: DuckDBConnection, alias: string, table: MeasurementTable): Promise<void> {
  const numeric = [...table.fields.values()].filter((f) => f.type === "float" || f.type === "integer" || f.type === "unsigned");
  if (numeric.length === 0) return;
  const name = `r${table.table.slice(1)}`;
  const every = int64(ROLLUP_NS);
  const bucket = `(time - (((time % ${every}) + ${every}) % ${every}))`;
  const aggregates = numeric.flatMap(({ column }) => {
    const k = column.slice(1);
    const f = ident(column);
    return [`count(${f}) AS c${k}`, `sum(${f}) AS s${k}`, `min(${f}) AS lo${k}`, `max(${f}) AS hi${k}`];
  });
  const point = `${alias}.${ident(table.table)}`;
  const rollup = `${alias}.${ident(name)}`;
  await conn.run(`CREATE TABLE ${rollup} AS SELECT series_id, ${bucket} AS time, ${aggregates.join(", ")} FROM ${point} GROUP BY ALL ORDER BY time, series_id`);
  const sizes = (await conn.runAndReadAll(`SELECT (SELECT count(*) FROM ${rollup}), (SELECT count(*) FROM ${point})`)).getRows()[0] as bigint[];
  if (sizes[0]! * 4n > sizes[1]!) {
    await conn.run(`DROP TABLE ${rollup}`);
    return;
  }
  await conn.run(`INSERT INTO ${alias}._schema VALUES ('rollup', NULL, ${str(name)}, ${str(table.table)}, ${str(String(ROLLUP_NS))})`);
}

/**
 * Swaps the compacted file in. Copy and swap run in one task of the writer queue, so no write
 * lands in between; reads are held off by the gate while the alias is detached.
 */
export async function swapShardFile(writer: DuckDBConnection, state: BucketState, shard: Shard, tmpPath: string): Promise<void> {
  const a = ident(shard.alias);
  await writer.run(`DETACH ${a}`);
  await rm(`${shard.path}.wal`, { force: true });
  await rename(tmpPath, shard.path);
  await fsyncDir(state.dir);
  await writer.run(`ATTACH ${str(shard.path)} AS ${a}`);
  state.removeShard(shard);
  state.addShard(await Shard.load(writer, shard.alias, shard.path, state.catalog));
}

/** Makes a folder's entries (new or renamed files) durable. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await openFile(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
