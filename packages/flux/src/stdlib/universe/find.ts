/**
 * Reading tables into plain values while the program runs: tableFind, getColumn, getRecord,
 * findColumn, findRecord. The stream is read whole (through `RuntimeContext.resolve`, so only
 * `executeAsync` can run them); a table value is a stream of that one table, already read.
 */
import type { Args } from "../../runtime/args.js";
import { type Members, type RuntimeContext, builtin, collect, fail } from "../../runtime/builtin.js";
import { FunctionError } from "../../runtime/errors.js";
import { cellToValue, rowRecord } from "../../table/cells.js";
import { columnIndex } from "../../table/table.js";
import type { Cell, ColumnMeta, Table } from "../../table/types.js";
import { type RecordValue, type StreamValue, type Value, array, record } from "../../values/value.js";

/** Tables already read, by the stream value that holds them (tables found by tableFind). */
const readTables = new WeakMap<StreamValue, readonly Table[]>();

/** Every table of `input`, read while the program runs. */
export function readAll(context: RuntimeContext, fn: string, input: StreamValue): readonly Table[] {
  const known = readTables.get(input);
  if (known !== undefined) return known;
  return context.resolve(fn, () => collect(input.stream));
}

/** A stream value of tables already read. */
export function tablesValue(tables: readonly Table[]): StreamValue {
  const value: StreamValue = {
    kind: "stream",
    stream: async function* () {
      yield* tables;
    },
  };
  readTables.set(value, tables);
  return value;
}

/** A table's group key as a record, what `fn: (key) => …` receives. */
export function keyRecord(table: Table): RecordValue {
  return record(table.key.columns.map((c, i) => [c.label, cellToValue(table.key.values[i] ?? null, c.type)] as const));
}

function findTable(context: RuntimeContext, args: Args): Table | undefined {
  const tables = readAll(context, args.fn, args.stream());
  const predicate = args.function("fn");
  const callArgs = new Map<string, Value>();
  return tables.find((table) => {
    callArgs.set("key", keyRecord(table));
    const verdict = predicate.call(callArgs, args.site);
    return verdict.kind === "bool" && verdict.value;
  });
}

function columnValues(table: Table, label: string): Value {
  const i = columnIndex(table, label);
  if (i < 0) fail(`cannot find column ${label}`);
  const type = (table.columns[i] as ColumnMeta).type;
  return array((table.data[i] as readonly Cell[]).map((cell) => cellToValue(cell, type)));
}

function oneTable(context: RuntimeContext, args: Args): Table {
  const tables = readAll(context, args.fn, args.stream("table"));
  const table = tables[0];
  if (table === undefined) return args.fail("no table to read");
  return table;
}

function rowAt(table: Table, idx: bigint, args: Args): RecordValue {
  if (idx < 0n || idx >= BigInt(table.length)) return args.fail(`index out of bounds: ${idx}`);
  return record(rowRecord(table, Number(idx)).fields);
}

export function findFunctions(context: RuntimeContext): Members {
  const wrap = (name: string, impl: (args: Args) => Value, pipe: string) =>
    builtin(
      name,
      (args) => {
        try {
          return impl(args);
        } catch (error) {
          if (error instanceof FunctionError) args.fail(error.message);
          throw error;
        }
      },
      pipe,
    );
  return new Map<string, Value>([
    [
      "tableFind",
      wrap("tableFind", (args) => {
        const table = findTable(context, args);
        if (table === undefined) return args.fail("no table found");
        return tablesValue([table]);
      }, "tables"),
    ],
    ["getColumn", wrap("getColumn", (args) => columnValues(oneTable(context, args), args.string("column")), "table")],
    ["getRecord", wrap("getRecord", (args) => rowAt(oneTable(context, args), args.int("idx"), args), "table")],
    [
      "findColumn",
      wrap("findColumn", (args) => {
        const column = args.string("column");
        const table = findTable(context, args);
        if (table === undefined || columnIndex(table, column) < 0) return array([]);
        return columnValues(table, column);
      }, "tables"),
    ],
    [
      "findRecord",
      wrap("findRecord", (args) => {
        const idx = args.int("idx");
        const table = findTable(context, args);
        if (table === undefined || idx < 0n || idx >= BigInt(table.length)) return record([]);
        return rowAt(table, idx, args);
      }, "tables"),
    ],
  ]);
}
