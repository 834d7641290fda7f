/** `interpolate.linear`: rows inserted every `every` between consecutive points, values on the line between them. */
import { type Members, builtin, fail, perTable } from "../runtime/builtin.js";
import { isKeyColumn } from "../table/table.js";
import type { Cell, ColumnMeta } from "../table/types.js";
import { addDuration } from "../values/time.js";
import type { Value } from "../values/value.js";
import { requireColumn } from "./universe/aggregates.js";

const linear = builtin(
  "interpolate.linear",
  (args) => {
    const input = args.tables();
    const every = args.duration("every");
    if (every.negative || (every.months === 0n && every.nanoseconds === 0n)) args.fail("every must be positive");
    return perTable(args, input, (table) => {
      const t = requireColumn(table, "_time");
      const v = requireColumn(table, "_value");
      const type = (table.columns[v] as ColumnMeta).type;
      if (type !== "float" && type !== "int" && type !== "uint") fail(`cannot interpolate a ${type} _value column`);
      const columns = table.columns.map((c, i) => (i === v ? { label: c.label, type: "float" as const } : c));
      const data: Cell[][] = columns.map(() => []);
      const times = table.data[t] as readonly Cell[];
      const values = table.data[v] as readonly Cell[];
      /** Appends a row: a copy of `row` with the time and value given; inserted rows keep only the key columns. */
      const push = (row: number, time: Cell, value: Cell, inserted: boolean): void => {
        columns.forEach((c, i) => {
          let cell: Cell = null;
          if (i === t) cell = time;
          else if (i === v) cell = value;
          else if (!inserted || isKeyColumn(table.key, c.label)) cell = (table.data[i] as readonly Cell[])[row] ?? null;
          (data[i] as Cell[]).push(cell);
        });
      };
      for (let r = 0; r < table.length; r++) {
        const time = times[r] ?? null;
        const value = values[r] ?? null;
        if (r > 0) {
          const pt = times[r - 1];
          const pv = values[r - 1];
          if (typeof pt === "bigint" && typeof time === "bigint" && pv !== null && value !== null) {
            const x0 = Number(pt);
            const y0 = Number(pv);
            const slope = (Number(value) - y0) / (Number(time) - x0);
            for (let at = addDuration(pt, every); at < time; at = addDuration(at, every)) push(r - 1, at, y0 + slope * (Number(at) - x0), true);
          }
        }
        push(r, time, value === null ? null : Number(value), false);
      }
      return { key: table.key, columns, data, length: (data[0] as Cell[]).length };
    });
  },
  "tables",
);

export const interpolatePackage: Members = new Map<string, Value>([["linear", linear]]);
