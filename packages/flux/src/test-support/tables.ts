/**
 * Tables written the way Flux's documentation prints them (`| *tag | _value |`, `*` marking group
 * key columns), compared with what a query produced: tables are matched by group key, columns by
 * label (their order is not compared), rows in order, cells by their annotated-CSV text.
 */
import { expect } from "vitest";
import { formatCell } from "../table/format.js";
import type { Table } from "../table/types.js";
import { type ExecuteOptions, executeAsync } from "../runtime/execute.js";
import { fixedNow } from "./query.js";

export interface TextTable {
  key: Record<string, string>;
  rows: Record<string, string>[];
}

export function parseDocTables(text: string): TextTable[] {
  const tables: TextTable[] = [];
  let labels: { label: string; key: boolean }[] | undefined;
  let current: TextTable | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line.startsWith("|")) {
      labels = undefined;
      current = undefined;
      continue;
    }
    const cells = line.slice(1, -1).split("|").map((c) => c.trim());
    if (labels === undefined) {
      labels = cells.map((c) => ({ label: c.replace(/^\*/, ""), key: c.startsWith("*") }));
      continue;
    }
    if (cells.every((c) => /^-+$/.test(c))) continue;
    const row: Record<string, string> = {};
    labels.forEach((l, i) => {
      row[l.label] = cells[i] ?? "";
    });
    if (current === undefined) {
      current = { key: Object.fromEntries(labels.filter((l) => l.key).map((l) => [l.label, row[l.label] ?? ""])), rows: [] };
      tables.push(current);
    }
    current.rows.push(row);
  }
  return tables;
}

export function tableToText(table: Table): TextTable {
  const key: Record<string, string> = {};
  table.key.columns.forEach((c, i) => {
    key[c.label] = formatCell(table.key.values[i] ?? null, c.type);
  });
  const rows: Record<string, string>[] = [];
  for (let r = 0; r < table.length; r++) {
    const row: Record<string, string> = {};
    table.columns.forEach((c, i) => {
      row[c.label] = formatCell(table.data[i]?.[r] ?? null, c.type);
    });
    rows.push(row);
  }
  return { key, rows };
}

/** Every table of every result of `source`, as text. */
export async function queryTables(source: string, options: ExecuteOptions = {}): Promise<TextTable[]> {
  const { results } = await executeAsync(source, { now: fixedNow, ...options });
  const out: TextTable[] = [];
  for (const result of results) for await (const table of result.tables) out.push(tableToText(table));
  return out;
}

const keyText = (key: Record<string, string>): string =>
  Object.keys(key)
    .sort()
    .map((k) => `${k}=${key[k]}`)
    .join(",");

/** Asserts the query's tables equal the documented ones (same keys, same columns, same rows in order). */
export async function expectDocTables(source: string, expected: string, options: ExecuteOptions = {}): Promise<void> {
  const actual = await queryTables(source, options);
  const want = parseDocTables(expected);
  const byKey = (tables: TextTable[]): string[] => tables.map((t) => `${keyText(t.key)} :: ${JSON.stringify(t.rows.map((r) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)))))}`).sort();
  expect(byKey(actual)).toEqual(byKey(want));
}
