/** Row functions: `filter`, `map`, `reduce`. The `fn` is compiled once; each row only calls it. */
import type { Args } from "../../runtime/args.js";
import { type Members, fail, perTable, regroupingPerTable, stream, transformation } from "../../runtime/builtin.js";
import { cellToValue, columnTypeOf, rowRecord, valueToCell } from "../../table/cells.js";
import { TableBuilder, keyOf } from "../../table/table.js";
import type { Cell, ColumnMeta, ColumnType, GroupKey, Table } from "../../table/types.js";
import type { Expression } from "../../ast/nodes.js";
import type { FunctionValue, RecordValue, Value } from "../../values/value.js";

/** Calls a one-parameter row function, reusing the argument map across rows. */
export function rowCaller(fn: FunctionValue, site: Args["site"], parameter = "r"): (r: Value) => Value {
  const args = new Map<string, Value>();
  return (r) => {
    args.set(parameter, r);
    return fn.call(args, site);
  };
}

/** A record per row whose fields are read straight from the columns. */
export function recordReader(table: Table): (row: number) => RecordValue {
  return (row) => rowRecord(table, row);
}

const filter = transformation("filter", (args) => {
  const input = args.tables();
  const fn = args.function("fn");
  const onEmpty = args.string("onEmpty", "drop");
  if (onEmpty !== "drop" && onEmpty !== "keep") args.fail(`onEmpty must be "drop" or "keep", got "${onEmpty}"`);
  return perTable(args, input, (table) => {
    const call = rowCaller(fn, args.site);
    const kept: number[] = [];
    for (let row = 0; row < table.length; row++) {
      const verdict = call(rowRecord(table, row));
      if (verdict.kind === "bool") {
        if (verdict.value) kept.push(row);
      } else if (verdict.kind !== "null") fail(`expected fn to return a bool, got ${verdict.kind}`);
    }
    // An empty table is dropped even when the predicate rejected nothing (it had no rows to begin with).
    if (kept.length === 0 && onEmpty === "drop") return undefined;
    if (kept.length === table.length) return table;
    return { key: table.key, columns: table.columns, data: table.data.map((col) => kept.map((r) => col[r] ?? null)), length: kept.length };
  });
});

/** Collects output records into tables, inferring column types from values and regrouping by key. */
export class RecordSink {
  private readonly groups = new Map<string, { key: GroupKey; labels: string[]; types: Map<string, ColumnType>; rows: ReadonlyMap<string, Value>[] }>();

  constructor(
    private readonly keyLabels: readonly string[],
    private readonly knownTypes: ReadonlyMap<string, ColumnType>,
    /** Columns in label order rather than first-seen order (map of a `{r with …}` record). */
    private readonly sorted = false,
  ) {}

  add(record: RecordValue): void {
    // Identify the row's group cheaply (most rows land in the group of the row before).
    let id = "";
    for (const label of this.keyLabels) {
      const value = record.fields.get(label);
      id += value === undefined ? "\u0002" : value.kind === "null" ? "\u0001" : `${value.kind}:${String(valueToCell(value))}`;
      id += "\u0000";
    }
    let group = this.groups.get(id);
    if (group === undefined) {
      const present = this.keyLabels.filter((l) => record.fields.has(l));
      const metas: ColumnMeta[] = present.map((label) => ({ label, type: this.typeFor(label, record.fields.get(label) as Value) }));
      const key = keyOf(metas, (i) => valueToCell(record.fields.get((metas[i] as ColumnMeta).label) as Value), present);
      group = { key, labels: [], types: new Map(), rows: [] };
      this.groups.set(id, group);
    }
    const fields = record.fields instanceof Map ? record.fields : new Map(record.fields);
    for (const [label, value] of fields) {
      let seen = group.types.get(label);
      if (seen === undefined && !group.labels.includes(label)) group.labels.push(label);
      const type = columnTypeOf(value);
      if (type === undefined) {
        if (value.kind !== "null") fail(`column "${label}" cannot hold a value of kind ${value.kind}`);
        continue;
      }
      if (seen === undefined) {
        seen = type;
        group.types.set(label, type);
      } else if (seen !== type) fail(`type conflict in column "${label}": expected ${seen}, got ${type}`);
    }
    group.rows.push(fields);
  }

  private typeFor(label: string, value: Value): ColumnType {
    return columnTypeOf(value) ?? this.knownTypes.get(label) ?? "string";
  }

  tables(): Table[] {
    const out: Table[] = [];
    for (const group of this.groups.values()) {
      const labels = this.sorted ? [...group.labels].sort() : group.labels;
      const columns = labels.map((label) => ({ label, type: group.types.get(label) ?? this.knownTypes.get(label) ?? "string" }));
      const data: Cell[][] = columns.map((c) => group.rows.map((fields) => valueToCell(fields.get(c.label) ?? { kind: "null" })));
      const key: GroupKey = { columns: group.key.columns.map((c) => columns.find((m) => m.label === c.label) ?? c), values: group.key.values };
      out.push({ key, columns, data, length: group.rows.length });
    }
    return out;
  }
}

export function typesOf(table: Table): Map<string, ColumnType> {
  return new Map(table.columns.map((c) => [c.label, c.type]));
}

/** Whether `fn` returns `{r with …}`: Flux's map then orders the output columns by label. */
function returnsExtendedRecord(fn: FunctionValue): boolean {
  const body = fn.expression?.body;
  if (body === undefined) return false;
  let result: Expression | undefined;
  if (body.type === "Block") {
    const last = body.body.at(-1);
    result = last?.type === "ReturnStatement" ? last.argument : undefined;
  } else result = body;
  while (result?.type === "ParenExpression") result = result.expression;
  return result?.type === "ObjectExpression" && result.with !== undefined;
}

const map = transformation("map", (args) => {
  const input = args.tables();
  const fn = args.function("fn");
  const sorted = returnsExtendedRecord(fn);
  return regroupingPerTable(args, input, (table) => {
    const call = rowCaller(fn, args.site);
    const sink = new RecordSink(table.key.columns.map((c) => c.label), typesOf(table), sorted);
    for (let row = 0; row < table.length; row++) {
      const out = call(rowRecord(table, row));
      if (out.kind !== "record") fail(`expected fn to return a record, got ${out.kind}`);
      sink.add(out);
    }
    const tables = sink.tables();
    // An empty input table still produces an empty output table with the same key.
    return tables.length === 0 ? [{ ...table, data: table.data.map(() => []), length: 0 }] : tables;
  });
});

const reduce = transformation("reduce", (args) => {
  const input = args.tables();
  const fn = args.function("fn");
  const identity = args.record("identity");
  return stream(args, async function* () {
    for await (const table of input()) {
      const callArgs = new Map<string, Value>();
      let accumulator: Value = identity;
      for (let row = 0; row < table.length; row++) {
        callArgs.set("r", rowRecord(table, row));
        callArgs.set("accumulator", accumulator);
        accumulator = fn.call(callArgs, args.site);
        if (accumulator.kind !== "record") fail(`expected fn to return a record, got ${accumulator.kind}`);
      }
      const acc = accumulator as RecordValue;
      // Output: the group key columns, then the accumulator's fields (which win on a name clash).
      const builder = new TableBuilder(table.key, []);
      const cells: Cell[] = [];
      table.key.columns.forEach((meta, i) => {
        if (acc.fields.has(meta.label)) return;
        builder.addColumn(meta);
        cells.push(table.key.values[i] ?? null);
      });
      for (const [label, value] of acc.fields) {
        builder.addColumn({ label, type: columnTypeOf(value) ?? "string" });
        cells.push(valueToCell(value));
      }
      builder.appendRow(cells);
      yield builder.build();
    }
  });
});

export const rowFunctions: Members = new Map<string, Value>([
  ["filter", filter],
  ["map", map],
  ["reduce", reduce],
]);

export { cellToValue };
