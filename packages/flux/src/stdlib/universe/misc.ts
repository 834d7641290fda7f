/** hourSelection, keyValues, display, die. */
import { type Members, builtin, fail, perTable, transformation } from "../../runtime/builtin.js";
import { formatFloat } from "../../table/format.js";
import { columnIndex } from "../../table/table.js";
import type { Cell, ColumnMeta } from "../../table/types.js";
import { formatDuration } from "../../values/duration.js";
import { formatTime } from "../../values/time.js";
import { type Value, string } from "../../values/value.js";
import { requireColumn } from "./aggregates.js";
import { seriesFunctions } from "./series.js";
import { keyedTable } from "./shared.js";

const hourNs = 3_600_000_000_000n;
const dayNs = 24n * hourNs;

/** Rows whose time falls between hours `start` and `stop` (inclusive, UTC; wraps past midnight when start > stop). */
const hourSelection = transformation("hourSelection", (args) => {
  const input = args.tables();
  const start = args.int("start");
  const stop = args.int("stop");
  const timeColumn = args.string("timeColumn", "_time");
  if (start < 0n || start > 23n || stop < 0n || stop > 23n) args.fail("start and stop must be hours between 0 and 23");
  return perTable(args, input, (table) => {
    const times = table.data[requireColumn(table, timeColumn)] as readonly Cell[];
    const kept: number[] = [];
    for (let r = 0; r < table.length; r++) {
      const t = times[r];
      if (typeof t !== "bigint") continue;
      const hour = (((t % dayNs) + dayNs) % dayNs) / hourNs;
      if (start <= stop ? hour >= start && hour <= stop : hour >= start || hour <= stop) kept.push(r);
    }
    return { key: table.key, columns: table.columns, data: table.data.map((col) => kept.map((r) => col[r] ?? null)), length: kept.length };
  });
});

/** For each table, the distinct (column label, value) pairs of `keyColumns` (or the columns `fn` picks), as `_key` and `_value`. */
const keyValues = transformation("keyValues", (args) => {
  const input = args.tables();
  const listed = args.optionalStrings("keyColumns");
  const fn = args.optionalFunction("fn");
  if (listed === undefined && fn === undefined) args.fail("keyValues requires keyColumns or fn");
  return perTable(args, input, (table) => {
    const labels =
      listed ??
      (() => {
        const result = fn?.call(new Map([["schema", { kind: "array", elements: table.columns.map((c) => string(c.label)) }]]), args.site);
        return result?.kind === "array" ? result.elements.map((e) => (e.kind === "string" ? e.value : "")) : [];
      })();
    const present = labels.filter((l) => columnIndex(table, l) >= 0);
    if (present.length === 0) return undefined;
    const type = (table.columns[columnIndex(table, present[0] as string)] as ColumnMeta).type;
    const rows: Cell[][] = [];
    for (const label of present) {
      const index = columnIndex(table, label);
      if ((table.columns[index] as ColumnMeta).type !== type) fail("keyValues: the key columns must all have the same type");
      const seen = new Set<Cell>();
      for (const cell of table.data[index] as readonly Cell[]) {
        if (cell === null || seen.has(cell)) continue;
        seen.add(cell);
        rows.push([label, cell]);
      }
    }
    return keyedTable(table, [{ label: "_key", type: "string" }, { label: "_value", type }], rows);
  });
});

/** A value as Flux prints it: records `{a: 1}`, arrays `[1, 2]`, dictionaries `[k: v]`. */
export function displayValue(v: Value): string {
  switch (v.kind) {
    case "null":
      return "<null>";
    case "int":
    case "uint":
      return v.value.toString();
    case "float":
      return formatFloat(v.value);
    case "string":
      return v.value;
    case "bool":
      return String(v.value);
    case "time":
      return formatTime(v.value);
    case "duration":
      return formatDuration(v.value);
    case "regexp":
      return `/${v.value}/`;
    case "bytes":
      return `0x${Buffer.from(v.value).toString("hex")}`;
    case "array":
      return `[${v.elements.map(displayValue).join(", ")}]`;
    case "record":
      return `{${[...v.fields].map(([k, f]) => `${k}: ${displayValue(f)}`).join(", ")}}`;
    case "dict":
      return v.entries.size === 0 ? "[:]" : `[${[...v.entries.values()].map((e) => `${displayValue(e.key)}: ${displayValue(e.value)}`).join(", ")}]`;
    case "function":
      return `<function ${v.name}>`;
    case "stream":
      return "<stream>";
  }
}

/** `derivative(nonNegative: true, …)`. */
const nonNegativeDerivative = transformation("nonNegativeDerivative", (args) => {
  const derivative = seriesFunctions.get("derivative");
  if (derivative?.kind !== "function") return args.fail("derivative is unavailable");
  const call = new Map(args.values);
  call.set("nonNegative", { kind: "bool", value: true });
  return derivative.call(call, args.site);
});

export const miscFunctions: Members = new Map<string, Value>([
  ["nonNegativeDerivative", nonNegativeDerivative],
  ["hourSelection", hourSelection],
  ["keyValues", keyValues],
  ["display", builtin("display", (args) => string(displayValue(args.values.get("v") ?? { kind: "null" })))],
  ["die", builtin("die", (args) => args.fail(args.string("msg")))],
]);
