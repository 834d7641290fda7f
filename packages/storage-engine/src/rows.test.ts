import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { readRows } from "./rows.js";

describe("readRows", () => {
  it("gives the rows runAndReadAll gives, across several chunks and for an empty result", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    try {
      const many = "SELECT i, i::VARCHAR AS s, CASE WHEN i % 7 = 0 THEN NULL ELSE i * 2 END AS n FROM range(5000) t(i) ORDER BY i";
      const rows = await readRows(conn, many);
      expect(rows).toHaveLength(5000);
      expect(rows).toEqual((await conn.runAndReadAll(many)).getRows());
      expect(rows[4999]).toEqual([4999n, "4999", 9998n]);
      expect(await readRows(conn, "SELECT 1 WHERE FALSE")).toEqual([]);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
