/**
 * Checks a query against an example of Flux's function reference. Expected tables are written the
 * way the reference prints them (`| *tag | _value |`, `*` marking group key columns), and a header
 * may name the column's type (`_value:float`) so that int/float/uint/time mix-ups fail too.
 *
 * Compared: the set of tables (matched by group key, so table boundaries count), each table's key
 * columns, its column labels (order ignored) and the types named, and its rows in order by their
 * annotated-CSV text.
 */
import { expect } from "vitest";
import { executeAsync } from "../../../runtime/execute.js";
import { formatCell } from "../../../table/format.js";
import type { Table } from "../../../table/types.js";
import { fixedNow } from "../../../test-support/query.js";

interface ExpectedColumn {
  label: string;
  key: boolean;
  type?: string;
}

interface ComparableTable {
  key: string;
  columns: string[];
  rows: string[];
}

function parseExpected(text: string): ComparableTable[] {
  const tables: ComparableTable[] = [];
  let header: ExpectedColumn[] | undefined;
  let current: ComparableTable | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line.startsWith("|")) {
      header = undefined;
      current = undefined;
      continue;
    }
    const cells = line
      .slice(1, -1)
      .split("|")
      .map((c) => c.trim());
    if (header === undefined) {
      header = cells.map((c) => {
        const [name = "", type] = c.replace(/^\*/, "").split(":");
        return type === undefined ? { label: name, key: c.startsWith("*") } : { label: name, key: c.startsWith("*"), type };
      });
      continue;
    }
    if (cells.every((c) => /^-+$/.test(c))) continue;
    const cols = header;
    const row = cells.map((c, i) => [cols[i]?.label ?? "", c] as const).sort(([a], [b]) => (a < b ? -1 : 1));
    if (current === undefined) {
      const key = cols
        .map((c, i) => [c, cells[i] ?? ""] as const)
        .filter(([c]) => c.key)
        .map(([c, v]) => `${c.label}=${v}`)
        .sort()
        .join(",");
      current = { key, columns: cols.map((c) => (c.type === undefined ? c.label : `${c.label}:${c.type}`)).sort(), rows: [] };
      tables.push(current);
    }
    current.rows.push(row.map(([l, v]) => `${l}=${v}`).join(" "));
  }
  return tables;
}

function comparable(table: Table, typed: ReadonlySet<string>): ComparableTable {
  const key = table.key.columns
    .map((c, i) => `${c.label}=${formatCell(table.key.values[i] ?? null, c.type)}`)
    .sort()
    .join(",");
  const columns = table.columns.map((c) => (typed.has(c.label) ? `${c.label}:${c.type}` : c.label)).sort();
  const order = table.columns.map((c, i) => [c, i] as const).sort(([a], [b]) => (a.label < b.label ? -1 : 1));
  const rows: string[] = [];
  for (let r = 0; r < table.length; r++) rows.push(order.map(([c, i]) => `${c.label}=${formatCell(table.data[i]?.[r] ?? null, c.type)}`).join(" "));
  return { key, columns, rows };
}

const byKey = (a: ComparableTable, b: ComparableTable): number => (a.key === b.key ? (a.rows.join() < b.rows.join() ? -1 : 1) : a.key < b.key ? -1 : 1);

/** Runs `source` (every yield) and asserts its tables equal `expected`. */
export async function expectExample(source: string, expected: string): Promise<void> {
  const want = parseExpected(expected);
  // Types are compared where the expected table with the same key names them.
  const typedByKey = new Map(want.map((t) => [t.key, new Set(t.columns.filter((c) => c.includes(":")).map((c) => c.slice(0, c.indexOf(":"))))]));
  const { results } = await executeAsync(source, { now: fixedNow });
  const got: ComparableTable[] = [];
  for (const result of results)
    for await (const table of result.tables) {
      const untyped = comparable(table, new Set());
      got.push(comparable(table, typedByKey.get(untyped.key) ?? new Set()));
    }
  expect(got.sort(byKey)).toEqual(want.sort(byKey));
}

/**
 * A scalar expression's value, read back through a one-row table, as its CSV text and column type.
 * `prelude` (options, assignments) goes after the imports.
 */
export async function scalar(expression: string, imports: readonly string[] = [], prelude = ""): Promise<{ value: string; type: string }> {
  const all = imports.includes("array") ? imports : [...imports, "array"];
  const source = `${all.map((i) => `import "${i}"`).join("\n")}\n${prelude}\narray.from(rows: [{v: ${expression}}])`;
  const { results } = await executeAsync(source, { now: fixedNow });
  for (const result of results)
    for await (const table of result.tables) {
      const index = table.columns.findIndex((c) => c.label === "v");
      const column = table.columns[index];
      if (column !== undefined) return { value: formatCell(table.data[index]?.[0] ?? null, column.type), type: column.type };
    }
  throw new Error("no value");
}
