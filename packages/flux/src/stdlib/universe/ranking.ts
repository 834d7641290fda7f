/** mode, and highestMax/Average/Current, lowestMin/Average/Current (Flux defines these by composition). */
import type { Args } from "../../runtime/args.js";
import { type Members, fail, perTable, transformation } from "../../runtime/builtin.js";
import { compareCells } from "../../table/table.js";
import type { Cell, ColumnMeta } from "../../table/types.js";
import { type Value, int, string } from "../../values/value.js";
import { requireColumn } from "./aggregates.js";
import { callMember, keyedTable, strings } from "./shared.js";

/** The most frequent non-null values of `column`, sorted; null when every value is equally frequent. Empty tables are dropped. */
const mode = transformation("mode", (args) => {
  const input = args.tables();
  const column = args.string("column", "_value");
  return perTable(args, input, (table) => {
    const index = requireColumn(table, column);
    const meta = table.columns[index] as ColumnMeta;
    const counts = new Map<Cell, number>();
    for (const cell of table.data[index] as readonly Cell[]) if (cell !== null) counts.set(cell, (counts.get(cell) ?? 0) + 1);
    if (counts.size === 0) return undefined;
    const most = Math.max(...counts.values());
    const modes = [...counts].filter(([, n]) => n === most).map(([cell]) => cell).sort(compareCells);
    const none = counts.size > 1 && modes.length === counts.size;
    return keyedTable(table, [meta], none ? [[null]] : modes.map((m) => [m]));
  });
});

/**
 * Each input group (regrouped by `groupColumns`) is reduced to one record, then the records are
 * put in one table and the `n` highest (top) or lowest (bottom) are kept.
 */
function highestOrLowest(name: string, reducer: string, pick: "top" | "bottom", universe: () => Members) {
  return transformation(name, (args: Args) => {
    const members = universe();
    const tables = args.stream();
    const n = args.int("n");
    const column = args.string("column", "_value");
    const groupColumns = args.strings("groupColumns", []);
    if (n < 0n) fail("n must be non-negative");
    const grouped = callMember(members, "group", { tables, columns: strings(groupColumns) }, args.site);
    const reduced = callMember(members, reducer, { tables: grouped, column: string(column) }, args.site);
    const all = callMember(members, "group", { tables: reduced, columns: strings([]) }, args.site);
    return callMember(members, pick, { tables: all, n: int(n), columns: strings([column]) }, args.site);
  });
}

export function rankingFunctions(universe: () => Members): Members {
  return new Map<string, Value>([
    ["mode", mode],
    ["highestMax", highestOrLowest("highestMax", "max", "top", universe)],
    ["highestAverage", highestOrLowest("highestAverage", "mean", "top", universe)],
    ["highestCurrent", highestOrLowest("highestCurrent", "last", "top", universe)],
    ["lowestMin", highestOrLowest("lowestMin", "min", "bottom", universe)],
    ["lowestAverage", highestOrLowest("lowestAverage", "mean", "bottom", universe)],
    ["lowestCurrent", highestOrLowest("lowestCurrent", "last", "bottom", universe)],
  ]);
}
