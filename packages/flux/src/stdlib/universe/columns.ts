/** Column shaping: keep, drop, rename, duplicate, set, columns, keys. */
import type { Args } from "../../runtime/args.js";
import { type Members, fail, perTable, regroupingPerTable, transformation } from "../../runtime/builtin.js";
import { TableBuilder, columnIndex, keyOf } from "../../table/table.js";
import type { Cell, ColumnMeta, GroupKey, Table } from "../../table/types.js";
import { type Value, string } from "../../values/value.js";

/** Which columns a `columns:` list or `fn: (column) => bool` picks. */
function columnPicker(args: Args): (label: string) => boolean {
  const list = args.optionalStrings("columns");
  if (list !== undefined) {
    const set = new Set(list);
    return (label) => set.has(label);
  }
  const fn = args.optionalFunction("fn");
  if (fn === undefined) return args.fail("one of columns or fn must be given");
  const callArgs = new Map<string, Value>();
  return (label) => {
    callArgs.set("column", string(label));
    const verdict = fn.call(callArgs, args.site);
    return verdict.kind === "bool" && verdict.value;
  };
}

/** The table restricted to the columns at `indexes`; the key loses dropped columns. */
function project(table: Table, indexes: readonly number[]): Table {
  const columns = indexes.map((i) => table.columns[i] as ColumnMeta);
  const labels = new Set(columns.map((c) => c.label));
  const key: GroupKey = {
    columns: table.key.columns.filter((c) => labels.has(c.label)),
    values: table.key.values.filter((_, i) => labels.has((table.key.columns[i] as ColumnMeta).label)),
  };
  return { key, columns, data: indexes.map((i) => table.data[i] as readonly Cell[]), length: table.length };
}

const keep = transformation("keep", (args) => {
  const input = args.tables();
  const pick = columnPicker(args);
  return regroupingPerTable(args, input, (table) => [project(table, table.columns.flatMap((c, i) => (pick(c.label) ? [i] : [])))]);
});

const drop = transformation("drop", (args) => {
  const input = args.tables();
  const pick = columnPicker(args);
  return regroupingPerTable(args, input, (table) => [project(table, table.columns.flatMap((c, i) => (pick(c.label) ? [] : [i])))]);
});

const rename = transformation("rename", (args) => {
  const input = args.tables();
  const mapping = args.optionalRecord("columns");
  const fn = args.optionalFunction("fn");
  if (mapping === undefined && fn === undefined) args.fail("one of columns or fn must be given");
  const callArgs = new Map<string, Value>();
  const newName = (label: string): string => {
    if (mapping !== undefined) {
      const to = mapping.fields.get(label);
      if (to === undefined) return label;
      if (to.kind !== "string") return fail(`rename: new name for column "${label}" must be a string`);
      return to.value;
    }
    callArgs.set("column", string(label));
    const out = fn?.call(callArgs, args.site);
    return out?.kind === "string" ? out.value : label;
  };
  return regroupingPerTable(args, input, (table) => {
    const renamed = (c: ColumnMeta): ColumnMeta => ({ label: newName(c.label), type: c.type });
    const columns = table.columns.map(renamed);
    const labels = columns.map((c) => c.label);
    const duplicate = labels.find((l, i) => labels.indexOf(l) !== i);
    if (duplicate !== undefined) fail(`column "${duplicate}" already exists`);
    const keyColumns = table.key.columns.map(renamed);
    const key = keyOf(keyColumns, (i) => table.key.values[i] ?? null, keyColumns.map((c) => c.label));
    return [{ key, columns, data: table.data, length: table.length }];
  });
});

const duplicate = transformation("duplicate", (args) => {
  const input = args.tables();
  const column = args.string("column");
  const as = args.string("as");
  return perTable(args, input, (table) => {
    const from = columnIndex(table, column);
    if (from < 0) fail(`column "${column}" does not exist`);
    const meta: ColumnMeta = { label: as, type: (table.columns[from] as ColumnMeta).type };
    const values = table.data[from] as readonly Cell[];
    const existing = columnIndex(table, as);
    const columns = [...table.columns];
    const data = [...table.data];
    if (existing >= 0) {
      columns[existing] = meta;
      data[existing] = values;
    } else {
      columns.push(meta);
      data.push(values);
    }
    const inKey = table.key.columns.findIndex((c) => c.label === as);
    const key: GroupKey =
      inKey < 0 ? table.key : { columns: table.key.columns.map((c, i) => (i === inKey ? meta : c)), values: table.key.values.map((v, i) => (i === inKey ? (values[0] ?? null) : v)) };
    return { key, columns, data, length: table.length };
  });
});

const set = transformation("set", (args) => {
  const input = args.tables();
  const label = args.string("key");
  const value = args.string("value");
  // Setting a key column can give several tables one key: those are merged, as Flux's set does.
  return regroupingPerTable(args, input, (table) => {
    const meta: ColumnMeta = { label, type: "string" };
    const filled = new Array<Cell>(table.length).fill(value);
    const existing = columnIndex(table, label);
    const columns = existing >= 0 ? table.columns.map((c, i) => (i === existing ? meta : c)) : [...table.columns, meta];
    const data = existing >= 0 ? table.data.map((d, i) => (i === existing ? filled : d)) : [...table.data, filled];
    const inKey = table.key.columns.findIndex((c) => c.label === label);
    const key: GroupKey = inKey < 0 ? table.key : { columns: table.key.columns.map((c, i) => (i === inKey ? meta : c)), values: table.key.values.map((v, i) => (i === inKey ? value : v)) };
    return [{ key, columns, data, length: table.length }];
  });
});

/** One row per label, alongside the table's group key columns. */
function labelTable(table: Table, labels: readonly string[], column: string): Table {
  const builder = new TableBuilder(table.key, table.key.columns);
  const valueIndex = builder.addColumn({ label: column, type: "string" });
  for (const label of labels) {
    const cells: Cell[] = [...table.key.values];
    cells[valueIndex] = label;
    builder.appendRow(cells);
  }
  return builder.build();
}

const columns = transformation("columns", (args) => {
  const input = args.tables();
  const column = args.string("column", "_value");
  return perTable(args, input, (table) => labelTable(table, table.columns.map((c) => c.label), column));
});

const keys = transformation("keys", (args) => {
  const input = args.tables();
  const column = args.string("column", "_value");
  return perTable(args, input, (table) => labelTable(table, table.key.columns.map((c) => c.label), column));
});

export const columnFunctions: Members = new Map<string, Value>([
  ["keep", keep],
  ["drop", drop],
  ["rename", rename],
  ["duplicate", duplicate],
  ["set", set],
  ["columns", columns],
  ["keys", keys],
]);
