/** Row order and selection (sort, limit, tail, top, bottom, unique, distinct) and regrouping (group, union). */
import { type Members, builtin, collect, concatTables, perTable, stream, transformation } from "../../runtime/builtin.js";
import { columnIndex, compareCells, compareKeys, keyId, keyOf, takeRows } from "../../table/table.js";
import type { Cell, ColumnMeta, GroupKey, Table } from "../../table/types.js";
import type { Value } from "../../values/value.js";
import { aggregateRow, requireColumn } from "./aggregates.js";

/** Row indexes of `table` ordered by `columns` (nulls first), stable. */
function sortedRows(table: Table, columns: readonly string[], desc: boolean): number[] {
  const indexes = columns.map((c) => columnIndex(table, c)).filter((i) => i >= 0);
  const rows = Array.from({ length: table.length }, (_, i) => i);
  const sign = desc ? -1 : 1;
  rows.sort((a, b) => {
    for (const i of indexes) {
      const cells = table.data[i] as readonly Cell[];
      const c = compareCells(cells[a] ?? null, cells[b] ?? null);
      if (c !== 0) return c * sign;
    }
    return a - b;
  });
  return rows;
}

const sort = transformation("sort", (args) => {
  const input = args.tables();
  const columns = args.strings("columns", ["_value"]);
  const desc = args.bool("desc", false);
  return perTable(args, input, (table) => takeRows(table, sortedRows(table, columns, desc)));
});

function window(from: number, to: number): number[] {
  const rows: number[] = [];
  for (let r = Math.max(0, from); r < to; r++) rows.push(r);
  return rows;
}

const limit = transformation("limit", (args) => {
  const input = args.tables();
  const n = Number(args.int("n"));
  const offset = Number(args.int("offset", 0n));
  return perTable(args, input, (table) => takeRows(table, window(offset, Math.min(table.length, offset + n))));
});

const tail = transformation("tail", (args) => {
  const input = args.tables();
  const n = Number(args.int("n"));
  const offset = Number(args.int("offset", 0n));
  return perTable(args, input, (table) => {
    const end = Math.max(0, table.length - offset);
    return takeRows(table, window(end - n, end));
  });
});

function topOrBottom(name: string, desc: boolean) {
  return transformation(name, (args) => {
    const input = args.tables();
    const n = Number(args.int("n"));
    const columns = args.strings("columns", ["_value"]);
    return perTable(args, input, (table) => takeRows(table, sortedRows(table, columns, desc).slice(0, n)));
  });
}

const unique = transformation("unique", (args) => {
  const input = args.tables();
  const column = args.string("column", "_value");
  return perTable(args, input, (table) => {
    const cells = table.data[requireColumn(table, column)] as readonly Cell[];
    const seen = new Set<Cell>();
    const rows: number[] = [];
    for (let r = 0; r < table.length; r++) {
      const cell = cells[r] ?? null;
      if (!seen.has(cell)) {
        seen.add(cell);
        rows.push(r);
      }
    }
    return takeRows(table, rows);
  });
});

const distinct = transformation("distinct", (args) => {
  const input = args.tables();
  const column = args.string("column", "_value");
  return perTable(args, input, (table) => {
    const index = columnIndex(table, column);
    const keyAt = table.key.columns.findIndex((c) => c.label === column);
    if (index < 0 && keyAt < 0) return undefined;
    const meta = (table.columns[index] ?? table.key.columns[keyAt]) as ColumnMeta;
    const values = keyAt >= 0 ? [table.key.values[keyAt] ?? null] : [...new Set(table.data[index] as readonly Cell[])];
    const first = aggregateRow(table, "_value", meta.type, values[0] ?? null);
    const data = first.data.map((col, c) => (c === first.columns.length - 1 ? values : values.map(() => col[0] ?? null)));
    return { ...first, data, length: values.length };
  });
});

/** Regroups every row of the input by the columns `keyLabels(table)` picks. */
function regroup(tables: readonly Table[], keyLabels: (table: Table) => string[]): Table[] {
  const groups = new Map<string, { key: GroupKey; columns: ColumnMeta[]; data: Cell[][]; length: number }>();
  for (const table of tables) {
    const labels = keyLabels(table).filter((l) => columnIndex(table, l) >= 0);
    const indexes = labels.map((l) => columnIndex(table, l));
    // Rows of one table mostly share their key: identify it by text, build the key only once.
    const rowsByKey = new Map<string, number[]>();
    for (let r = 0; r < table.length; r++) {
      let id = "";
      for (const i of indexes) {
        const cell = (table.data[i] as readonly Cell[])[r] ?? null;
        id += cell === null ? "\u0001" : String(cell);
        id += "\u0000";
      }
      const rows = rowsByKey.get(id);
      if (rows === undefined) rowsByKey.set(id, [r]);
      else rows.push(r);
    }
    for (const rows of rowsByKey.values()) {
      const first = rows[0] as number;
      const key = keyOf(table.columns, (i) => (table.data[i] as readonly Cell[])[first] ?? null, labels);
      const id = keyId(key);
      let group = groups.get(id);
      if (group === undefined) {
        group = { key, columns: [], data: [], length: 0 };
        groups.set(id, group);
      }
      const target = group;
      table.columns.forEach((meta, c) => {
        let at = target.columns.findIndex((m) => m.label === meta.label);
        if (at < 0) {
          target.columns.push(meta);
          target.data.push(new Array<Cell>(target.length).fill(null));
          at = target.columns.length - 1;
        }
        const from = table.data[c] as readonly Cell[];
        const to = target.data[at] as Cell[];
        for (const r of rows) to.push(from[r] ?? null);
      });
      target.length += rows.length;
      // Columns this table lacks get nulls for its rows.
      for (const column of target.data) while (column.length < target.length) column.push(null);
    }
  }
  return [...groups.values()].map((g) => ({ key: g.key, columns: g.columns, data: g.data, length: g.length }));
}

const group = transformation("group", (args) => {
  const input = args.tables();
  const columns = args.strings("columns", []);
  const mode = args.string("mode", "by");
  if (mode !== "by" && mode !== "except") args.fail(`unknown group mode "${mode}"`);
  return stream(args, async function* (held) {
    const tables = await collect(input, held);
    const labels = mode === "by" ? () => columns : (table: Table) => table.columns.map((c) => c.label).filter((l) => !columns.includes(l));
    // Flux keeps group()'s tables by key and sends them in key order.
    yield* regroup(tables, labels).sort((a, b) => compareKeys(a.key, b.key));
  });
});

const union = builtin("union", (args) => {
  const inputs = args.array("tables").map((t) => (t.kind === "stream" ? t.stream : args.fail("union: tables must be an array of streams")));
  if (inputs.length < 2) args.fail("union: at least 2 streams are required");
  // Tables of different streams that share a group key become one table (Flux appends them into
  // one builder per key), so every input is read before the first table goes out.
  return stream(args, async function* (held) {
    const tables: Table[] = [];
    for (const input of inputs) tables.push(...(await collect(input, held)));
    yield* mergeByKey(tables);
  });
});

/** Tables that share a group key as one (columns in first-seen order, missing cells null); empty tables kept. */
function mergeByKey(tables: readonly Table[]): Table[] {
  const byKey = new Map<string, Table[]>();
  for (const t of tables) {
    const id = keyId(t.key);
    const list = byKey.get(id);
    if (list === undefined) byKey.set(id, [t]);
    else list.push(t);
  }
  return [...byKey.values()].map(concatTables);
}


export const orderFunctions: Members = new Map<string, Value>([
  ["sort", sort],
  ["limit", limit],
  ["tail", tail],
  ["top", topOrBottom("top", true)],
  ["bottom", topOrBottom("bottom", false)],
  ["unique", unique],
  ["distinct", distinct],
  ["group", group],
  ["union", union],
]);

export { regroup };
