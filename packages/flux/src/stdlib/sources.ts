/** `array.from` and `csv.from`: tables from values written in the query. */
import { decodeAnnotatedCSV, decodeRawCSV } from "../csv/decode.js";
import { type Members, builtin, fail, stream } from "../runtime/builtin.js";
import { columnTypeOf, valueToCell } from "../table/cells.js";
import { emptyKey } from "../table/table.js";
import type { Cell, ColumnMeta, ColumnType, Table } from "../table/types.js";
import { type Value, array } from "../values/value.js";

/** One table, empty group key; columns in order of first appearance, typed by their first non-null value. */
export function tableFromRecords(rows: readonly Value[]): Table {
  const types = new Map<string, ColumnType | undefined>();
  for (const row of rows) {
    if (row.kind !== "record") fail(`rows must be records, got ${row.kind}`);
    for (const [label, value] of row.fields) {
      const type = columnTypeOf(value);
      if (value.kind !== "null" && type === undefined) fail(`column "${label}" cannot hold a value of kind ${value.kind}`);
      const seen = types.get(label);
      if (seen === undefined) types.set(label, type);
      else if (type !== undefined && seen !== type) fail(`type conflict in column "${label}": expected ${seen}, got ${type}`);
    }
  }
  const columns: ColumnMeta[] = [...types].map(([label, type]) => ({ label, type: type ?? "string" }));
  const data: Cell[][] = columns.map((c) => rows.map((row) => (row.kind === "record" ? valueToCell(row.fields.get(c.label) ?? { kind: "null" }) : null)));
  return { key: emptyKey, columns, data, length: rows.length };
}

const arrayFrom = builtin("array.from", (args) => {
  const rows = args.array("rows");
  return stream(args, async function* () {
    yield tableFromRecords(rows);
  });
});

export const arrayPackage: Members = new Map<string, Value>([
  ["from", arrayFrom],
  ["map", builtin("array.map", (args) => {
    const fn = args.function("fn");
    const callArgs = new Map<string, Value>();
    return array(args.array("arr").map((x) => { callArgs.set("x", x); return fn.call(callArgs, args.site); }));
  }, "arr")],
  ["filter", builtin("array.filter", (args) => {
    const fn = args.function("fn");
    const callArgs = new Map<string, Value>();
    return array(args.array("arr").filter((x) => { callArgs.set("x", x); const v = fn.call(callArgs, args.site); return v.kind === "bool" && v.value; }));
  }, "arr")],
  // `arr` is piped (`[1, 2] |> array.concat(v: [3])`), as Flux declares it.
  ["concat", builtin("array.concat", (args) => array([...args.array("arr"), ...args.array("v")]), "arr")],
]);

const csvFrom = builtin("csv.from", (args) => {
  const text = args.optionalString("csv");
  if (text === undefined) {
    if (args.has("file")) args.fail("csv.from: reading files is not allowed");
    return args.fail("csv.from: missing required argument csv");
  }
  const mode = args.string("mode", "annotations");
  if (mode !== "annotations" && mode !== "raw") args.fail(`csv.from: unknown mode "${mode}"`);
  return stream(args, async function* () {
    try {
      yield* mode === "raw" ? decodeRawCSV(text) : decodeAnnotatedCSV(text);
    } catch (error) {
      if (error instanceof Error) fail(error.message);
      throw error;
    }
  });
});

export const csvPackage: Members = new Map<string, Value>([["from", csvFrom]]);
