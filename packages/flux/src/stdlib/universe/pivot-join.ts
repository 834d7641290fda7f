/** `pivot` (rows to columns) and `join` (inner join of two streams on columns). */
import { type Members, builtin, collect, fail, stream, transformation } from "../../runtime/builtin.js";
import { columnIndex, compareCells, keyId, keyOf } from "../../table/table.js";
import type { Cell, ColumnMeta, GroupKey, Table } from "../../table/types.js";
import type { Value } from "../../values/value.js";

function cellText(cell: Cell): string {
  return cell === null ? "null" : String(cell);
}

const pivot = transformation("pivot", (args) => {
  const input = args.tables();
  const rowKey = args.strings("rowKey");
  const columnKey = args.strings("columnKey");
  const valueColumn = args.string("valueColumn");
  return stream(args, async function* (held) {
    const groups = new Map<string, { key: GroupKey; tables: Table[] }>();
    for (const table of await collect(input, held)) {
      for (const label of [...rowKey, ...columnKey, valueColumn]) if (columnIndex(table, label) < 0) fail(`specified column does not exist in table: ${label}`);
      if (rowKey.some((l) => columnKey.includes(l))) fail("column name found in both rowKey and columnKey");
      const labels = table.key.columns.map((c) => c.label).filter((l) => !columnKey.includes(l));
      const key = keyOf(table.key.columns, (i) => table.key.values[i] ?? null, labels);
      const id = keyId(key);
      const group = groups.get(id) ?? { key, tables: [] };
      group.tables.push(table);
      groups.set(id, group);
    }
    for (const { key, tables } of groups.values()) yield pivotGroup(key, tables, rowKey, columnKey, valueColumn);
  });
});

function pivotGroup(key: GroupKey, tables: readonly Table[], rowKey: readonly string[], columnKey: readonly string[], valueColumn: string): Table {
  const first = tables[0] as Table;
  const keyLabels = new Set(key.columns.map((c) => c.label));
  const fixed = first.columns.filter((c) => keyLabels.has(c.label) || rowKey.includes(c.label));
  const valueType = (first.columns[columnIndex(first, valueColumn)] as ColumnMeta).type;
  const newColumns: string[] = [];
  const rows = new Map<string, { rowCells: Cell[]; values: Map<string, Cell> }>();
  for (const table of tables) {
    const rowIdx = rowKey.map((l) => columnIndex(table, l));
    const colIdx = columnKey.map((l) => columnIndex(table, l));
    const valueIdx = columnIndex(table, valueColumn);
    for (let r = 0; r < table.length; r++) {
      const rowCells = rowIdx.map((i) => (table.data[i] as readonly Cell[])[r] ?? null);
      const id = rowCells.map(cellText).join("\u0000");
      const name = colIdx.map((i) => cellText((table.data[i] as readonly Cell[])[r] ?? null)).join("_");
      if (!newColumns.includes(name)) newColumns.push(name);
      let row = rows.get(id);
      if (row === undefined) {
        row = { rowCells, values: new Map() };
        rows.set(id, row);
      }
      row.values.set(name, (table.data[valueIdx] as readonly Cell[])[r] ?? null);
    }
  }
  const ordered = [...rows.values()].sort((a, b) => {
    for (let i = 0; i < a.rowCells.length; i++) {
      const c = compareCells(a.rowCells[i] ?? null, b.rowCells[i] ?? null);
      if (c !== 0) return c;
    }
    return 0;
  });
  const columns: ColumnMeta[] = [...fixed, ...newColumns.filter((n) => !fixed.some((f) => f.label === n)).map((label) => ({ label, type: valueType }))];
  const data: Cell[][] = columns.map((meta) => {
    const rk = rowKey.indexOf(meta.label);
    if (rk >= 0) return ordered.map((row) => row.rowCells[rk] ?? null);
    const k = key.columns.findIndex((c) => c.label === meta.label);
    if (k >= 0) return ordered.map(() => key.values[k] ?? null);
    return ordered.map((row) => row.values.get(meta.label) ?? null);
  });
  return { key, columns, data, length: ordered.length };
}

interface Side {
  name: string;
  tables: Table[];
}

const join = builtin("join", (args) => {
  const record = args.record("tables");
  const on = args.strings("on");
  const method = args.string("method", "inner");
  if (method !== "inner") args.fail(`join method "${method}" is not supported; only "inner" is`);
  const entries = [...record.fields];
  if (entries.length !== 2) args.fail("join requires exactly two input streams");
  const streams = entries.map(([name, v]) => (v.kind === "stream" ? { name, stream: v.stream } : args.fail(`join: tables.${name} must be a stream`)));
  return stream(args, async function* (held) {
    const sides: Side[] = [];
    for (const s of streams) sides.push({ name: s.name, tables: await collect(s.stream, held) });
    yield* innerJoin(sides[0] as Side, sides[1] as Side, on);
  });
});

function innerJoin(left: Side, right: Side, on: readonly string[]): Table[] {
  const labelsOf = (side: Side): Map<string, ColumnMeta> => {
    const out = new Map<string, ColumnMeta>();
    for (const t of side.tables) for (const c of t.columns) out.set(c.label, c);
    return out;
  };
  const leftCols = labelsOf(left);
  const rightCols = labelsOf(right);
  const outName = (label: string, side: Side): string => {
    if (on.includes(label)) return label;
    const other = side === left ? rightCols : leftCols;
    return other.has(label) ? `${label}_${side.name}` : label;
  };
  const keyLabels = new Set<string>();
  for (const side of [left, right]) for (const t of side.tables) for (const c of t.key.columns) keyLabels.add(outName(c.label, side));
  const index = new Map<string, { table: Table; row: number }[]>();
  for (const table of right.tables) {
    const idx = on.map((l) => columnIndex(table, l));
    if (idx.some((i) => i < 0)) continue;
    for (let r = 0; r < table.length; r++) {
      // Nulls never compare equal in a join.
      if (idx.some((i) => (table.data[i] as readonly Cell[])[r] === null)) continue;
      const id = idx.map((i) => cellText((table.data[i] as readonly Cell[])[r] ?? null)).join("\u0000");
      const list = index.get(id) ?? [];
      list.push({ table, row: r });
      index.set(id, list);
    }
  }
  const groups = new Map<string, { key: GroupKey; columns: Map<string, ColumnMeta>; rows: Map<string, Cell>[] }>();
  for (const table of left.tables) {
    const idx = on.map((l) => columnIndex(table, l));
    if (idx.some((i) => i < 0)) continue;
    for (let r = 0; r < table.length; r++) {
      if (idx.some((i) => (table.data[i] as readonly Cell[])[r] === null)) continue;
      const id = idx.map((i) => cellText((table.data[i] as readonly Cell[])[r] ?? null)).join("\u0000");
      for (const match of index.get(id) ?? []) {
        const row = new Map<string, Cell>();
        const metas = new Map<string, ColumnMeta>();
        const add = (t: Table, at: number, side: Side): void => {
          t.columns.forEach((c, i) => {
            const name = outName(c.label, side);
            row.set(name, (t.data[i] as readonly Cell[])[at] ?? null);
            metas.set(name, { label: name, type: c.type });
          });
        };
        add(table, r, left);
        add(match.table, match.row, right);
        const columns = [...metas.values()];
        const key = keyOf(columns, (i) => row.get((columns[i] as ColumnMeta).label) ?? null, keyLabels);
        const gid = keyId(key);
        const group = groups.get(gid) ?? { key, columns: new Map<string, ColumnMeta>(), rows: [] as Map<string, Cell>[] };
        for (const [n, m] of metas) group.columns.set(n, m);
        group.rows.push(row);
        groups.set(gid, group);
      }
    }
  }
  return [...groups.values()].map(({ key, columns, rows }) => {
    const metas = [...columns.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    return { key, columns: metas, data: metas.map((m) => rows.map((row) => row.get(m.label) ?? null)), length: rows.length };
  });
}

export const pivotJoinFunctions: Members = new Map<string, Value>([
  ["pivot", pivot],
  ["join", join],
]);
