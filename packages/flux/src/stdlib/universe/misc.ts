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

/**
 * A float as Go's `%v` writes it: the shortest digits that read back, in exponent form when the
 * decimal exponent is below -4 or at least 6 (`1e+06`, `1.5e-05`), plain otherwise.
 */
function goFloat(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "+Inf" : "-Inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const [mantissa = "", power = "0"] = x.toExponential().split("e");
  const exponent = Number(power);
  if (exponent < -4 || exponent >= 6) return `${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  return formatFloat(x);
}

const indentUnit = "    ";

/**
 * Composite parts joined the way Flux's display does: on one line up to three parts, else one part
 * a line, indented four spaces a level (records end a line with ",", arrays and dictionaries ", ").
 */
function joinParts(open: string, close: string, parts: readonly string[], separator: string, indent: number): string {
  if (parts.length <= 3) return `${open}${parts.join(", ")}${close}`;
  const inner = `\n${indentUnit.repeat(indent + 1)}`;
  return `${open}${inner}${parts.join(`${separator}${inner}`)}\n${indentUnit.repeat(indent)}${close}`;
}

/** A value as Flux's display() prints it: records `{a: 1}` (keys sorted), arrays `[1, 2]`, dictionaries `[k: v]`. */
export function displayValue(v: Value, indent = 0): string {
  switch (v.kind) {
    case "null":
      return "<null>";
    case "int":
    case "uint":
      return v.value.toString();
    case "float":
      return goFloat(v.value);
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
      return joinParts("[", "]", v.elements.map((e) => displayValue(e, indent + 1)), ", ", indent);
    case "record": {
      const keys = [...v.fields.keys()].sort();
      return joinParts("{", "}", keys.map((k) => `${k}: ${displayValue(v.fields.get(k) ?? { kind: "null" }, indent + 1)}`), ",", indent);
    }
    case "dict":
      if (v.entries.size === 0) return "[:]";
      return joinParts("[", "]", [...v.entries.values()].map((e) => `${displayValue(e.key, indent + 1)}: ${displayValue(e.value, indent + 1)}`), ", ", indent);
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
