/** The `experimental` package: to, group (extend), addDuration, subDuration, alignTime, set, objectKeys. */
import { type Members, type RuntimeContext, builtin, collect, fail, perTable, stream, transformation } from "../runtime/builtin.js";
import { columnTypeOf, valueToCell } from "../table/cells.js";
import { columnIndex, keyOf } from "../table/table.js";
import type { Cell, ColumnMeta, GroupKey, Table } from "../table/types.js";
import { negateDuration } from "../values/duration.js";
import { addDuration } from "../values/time.js";
import { type Value, array, string, time } from "../values/value.js";
import { experimentalAggregates } from "./experimental-aggregates.js";
import { experimentalTo } from "./influxdb/write.js";
import { regroup } from "./universe/order.js";

/** `group(columns, mode: "extend")`: the input's key plus `columns`. */
const group = transformation("experimental.group", (args) => {
  const input = args.tables();
  const columns = args.strings("columns");
  const mode = args.string("mode");
  if (mode !== "extend") args.fail(`unknown mode "${mode}": experimental.group supports only "extend"`);
  return stream(args, async function* (held) {
    const tables = await collect(input, held);
    yield* regroup(tables, (table) => [...table.key.columns.map((c) => c.label), ...columns]);
  });
});

/** `to`/`from` may be a duration, relative to now() like date.add's (`addDuration(d: 1mo, to: -1d)`). */
const addDurationFn = (context: RuntimeContext) =>
  builtin("experimental.addDuration", (args) => {
    const d = args.duration("d");
    const to = args.optionalTime("to", () => context.now(), addDuration) ?? args.fail("missing required argument to");
    return time(addDuration(to, d));
  });

const subDurationFn = (context: RuntimeContext) =>
  builtin("experimental.subDuration", (args) => {
    const d = args.duration("d");
    const from = args.optionalTime("from", () => context.now(), addDuration) ?? args.fail("missing required argument from");
    return time(addDuration(from, negateDuration(d)));
  });

/** Moves each table's `_time` values so its `_start` lands on `alignTo` (to compare periods). */
const alignTime = transformation("experimental.alignTime", (args) => {
  const input = args.tables();
  const alignTo = args.optionalTime("alignTo", () => 0n, addDuration) ?? 0n;
  return perTable(args, input, (table) => {
    const t = columnIndex(table, "_time");
    const s = columnIndex(table, "_start");
    if (t < 0 || s < 0) fail("alignTime requires _time and _start columns");
    const starts = table.data[s] as readonly Cell[];
    const moved = (table.data[t] as readonly Cell[]).map((cell, r) => (typeof cell === "bigint" && typeof starts[r] === "bigint" ? alignTo + cell - (starts[r] as bigint) : cell));
    return { ...table, data: table.data.map((col, i) => (i === t ? moved : col)) };
  });
});

/** Sets each field of `o` as a column with that value on every row (and in the key when it is a key column). */
const set = transformation("experimental.set", (args) => {
  const input = args.tables();
  const o = args.record("o");
  const assignments: { meta: ColumnMeta; cell: Cell }[] = [];
  for (const [label, value] of o.fields) {
    const type = columnTypeOf(value);
    if (type === undefined) return args.fail(`cannot set column "${label}" to a value of kind ${value.kind}`);
    assignments.push({ meta: { label, type }, cell: valueToCell(value) });
  }
  return perTable(args, input, (table) => {
    let columns = [...table.columns];
    let data = [...table.data];
    for (const { meta, cell } of assignments) {
      const filled = new Array<Cell>(table.length).fill(cell);
      const at = columns.findIndex((c) => c.label === meta.label);
      if (at < 0) {
        columns.push(meta);
        data.push(filled);
      } else {
        columns = columns.map((c, i) => (i === at ? meta : c));
        data = data.map((d, i) => (i === at ? filled : d));
      }
    }
    const keyLabels = table.key.columns.map((c) => c.label);
    const key: GroupKey = keyOf(columns, (i) => (keyLabels.includes((columns[i] as ColumnMeta).label) ? ((data[i] as readonly Cell[])[0] ?? keyValueOf(table, (columns[i] as ColumnMeta).label)) : null), keyLabels);
    return { key, columns, data, length: table.length } satisfies Table;
  });
});

function keyValueOf(table: Table, label: string): Cell {
  const i = table.key.columns.findIndex((c) => c.label === label);
  return i < 0 ? null : (table.key.values[i] ?? null);
}

/** `chain(first, second)`: runs `first` to completion, then yields `second`'s tables. */
const chain = builtin("experimental.chain", (args) => {
  const first = args.tables("first");
  const second = args.tables("second");
  return stream(args, async function* () {
    await collect(first);
    yield* second();
  });
});

/**
 * `unpivot(otherColumns)`: each value column (neither in the group key nor in `otherColumns`)
 * becomes rows of `_field` (its label) and `_value`, grouped by the key and `_field`.
 */
const unpivot = transformation("experimental.unpivot", (args) => {
  const input = args.tables();
  const others = args.strings("otherColumns", ["_time"]);
  return stream(args, async function* () {
    const out = new Map<string, { key: GroupKey; columns: ColumnMeta[]; data: Cell[][] }>();
    for await (const table of input()) {
      const kept = table.columns.map((c, i) => ({ c, i })).filter(({ c }) => isKeyLabel(table, c.label) || others.includes(c.label));
      for (const [v, meta] of table.columns.entries()) {
        if (isKeyLabel(table, meta.label) || others.includes(meta.label)) continue;
        const columns: ColumnMeta[] = [...kept.map(({ c }) => c), { label: "_field", type: "string" }, { label: "_value", type: meta.type }];
        const key = keyOf(columns, (i) => (i < kept.length ? keyValueOf(table, (columns[i] as ColumnMeta).label) : meta.label), [...table.key.columns.map((c) => c.label), "_field"]);
        const id = `${JSON.stringify(key.values.map(String))}${JSON.stringify(key.columns)}${meta.type}`;
        const group = out.get(id) ?? { key, columns, data: columns.map(() => []) };
        out.set(id, group);
        for (let r = 0; r < table.length; r++) {
          const value = (table.data[v] as readonly Cell[])[r] ?? null;
          if (value === null) continue;
          kept.forEach(({ i }, k) => (group.data[k] as Cell[]).push((table.data[i] as readonly Cell[])[r] ?? null));
          (group.data[kept.length] as Cell[]).push(meta.label);
          (group.data[kept.length + 1] as Cell[]).push(value);
        }
      }
    }
    for (const g of out.values()) yield { key: g.key, columns: g.columns, data: g.data, length: (g.data[0] as Cell[]).length };
  });
});

function isKeyLabel(table: Table, label: string): boolean {
  return table.key.columns.some((c) => c.label === label);
}

const objectKeys = builtin("experimental.objectKeys", (args) => array([...args.record("o").fields.keys()].map(string)));

export function experimentalPackage(context: RuntimeContext): Members {
  return new Map<string, Value>([
    ...experimentalAggregates(context),
    ["to", experimentalTo(context)],
    ["group", group],
    ["addDuration", addDurationFn(context)],
    ["subDuration", subDurationFn(context)],
    ["alignTime", alignTime],
    ["set", set],
    ["objectKeys", objectKeys],
    ["chain", chain],
    ["unpivot", unpivot],
  ]);
}
