import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inSeriesTimeOrder, pickRows, rawColumns, seriesPoints, seriesTimeOrder } from "./raw-columns.js";
import type { FieldType } from "./types.js";

let instance: DuckDBInstance;
let conn: Awaited<ReturnType<DuckDBInstance["connect"]>>;
const types: FieldType[] = ["float", "integer", "unsigned", "string", "boolean"];
// More rows than one DuckDB chunk (2,048), so columns are joined across chunks; every fifth value
// of each column is NULL at a different phase, and one series has no float at all.
const rows = 5000;
const select = `SELECT (i % 7)::INTEGER AS series_id, (i * 10)::BIGINT AS time,
  CASE WHEN i % 5 = 0 OR i % 7 = 3 THEN NULL ELSE i / 4.0 END::DOUBLE AS v0,
  CASE WHEN i % 5 = 1 THEN NULL ELSE i - 2500 END::BIGINT AS v1,
  CASE WHEN i % 5 = 2 THEN NULL ELSE i END::UBIGINT AS v2,
  CASE WHEN i % 5 = 3 THEN NULL ELSE 's' || i END AS v3,
  CASE WHEN i % 5 = 4 THEN NULL ELSE i % 2 = 0 END AS v4,
  i % 3 = 0 AS ok
  FROM range(${rows}) t(i)`;

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

/** Per unit, per series: the non-null points from DuckDB's own row reader, as text. */
async function expected(sql: string): Promise<Map<number, string[]>[]> {
  const result = await conn.runAndReadAll(sql);
  const out = types.map(() => new Map<number, string[]>());
  for (const row of result.getRows()) {
    types.forEach((_, i) => {
      const v = row[i + 2];
      if (v === null) return;
      const id = row[0] as number;
      out[i]!.set(id, [...(out[i]!.get(id) ?? []), `${String(row[1])}=${String(v)}`]);
    });
  }
  return out;
}

function actual(columns: Parameters<typeof seriesPoints>[0]): Map<number, string[]>[] {
  return types.map((type, i) => {
    const out = new Map<number, string[]>();
    for (const [id, { times, values }] of seriesPoints(columns, i, type)) {
      expect(values.type).toBe(type);
      out.set(id, [...times].map((t, r) => `${String(t)}=${String(values.values[r])}`));
    }
    return out;
  });
}

describe("raw columns", () => {
  it("reads every column across chunks and cuts per-series points as DuckDB's rows give them", async () => {
    const sql = `SELECT * EXCLUDE (ok) FROM (${select}) ORDER BY series_id, time`;
    const columns = rawColumns(await conn.run(sql), types);
    expect(columns.length).toBe(rows);
    expect(inSeriesTimeOrder(columns)).toBe(true);
    const want = await expected(sql);
    expect(actual(columns)).toEqual(want);
    // Series 3 has no float (i % 7 = 3 is NULL): no entry rather than an empty one.
    expect(want[0]!.has(3)).toBe(false);
  });

  it("puts unordered rows in series-then-time order and picks the passing ones", async () => {
    // The `ok` column comes last, read as one more (boolean) unit.
    const columns = rawColumns(await conn.run(`SELECT * FROM (${select}) ORDER BY time DESC`), [...types, "boolean"]);
    expect(inSeriesTimeOrder(columns)).toBe(false);
    const ok = columns.values[types.length] as boolean[];
    const passing: number[] = [];
    for (let r = 0; r < columns.length; r++) if (ok[r] === true) passing.push(r);
    const picked = pickRows(columns, passing);
    const ordered = pickRows(picked, seriesTimeOrder(picked));
    expect(inSeriesTimeOrder(ordered)).toBe(true);
    expect(actual(ordered)).toEqual(await expected(`SELECT * EXCLUDE (ok) FROM (${select}) WHERE ok ORDER BY series_id, time`));
  });
});
