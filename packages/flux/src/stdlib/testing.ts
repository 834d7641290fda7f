/** The `testing` package: compare streams (diff, assertEquals), require emptiness (assertEmpty), load. */
import type { Args } from "../runtime/args.js";
import { type Members, builtin, collect, fail, stream, transformation } from "../runtime/builtin.js";
import { formatCell } from "../table/format.js";
import { compareKeys, keyId } from "../table/table.js";
import type { Cell, ColumnMeta, Table } from "../table/types.js";
import type { Value } from "../values/value.js";

interface Rows {
  model: Table;
  /** Each row as its cells' text by column label, columns sorted. */
  rows: string[];
  columns: ColumnMeta[];
  data: Cell[][];
}

function rowsByKey(tables: readonly Table[], epsilon: number): Map<string, Rows> {
  const out = new Map<string, Rows>();
  for (const t of [...tables].sort((a, b) => compareKeys(a.key, b.key))) {
    const id = keyId(t.key);
    const entry = out.get(id) ?? { model: t, rows: [], columns: [...t.columns], data: [] };
    const order = t.columns.map((c, i) => ({ c, i })).sort((a, b) => (a.c.label < b.c.label ? -1 : a.c.label > b.c.label ? 1 : 0));
    for (let r = 0; r < t.length; r++) {
      entry.rows.push(
        order
          .map(({ c, i }) => {
            const cell = (t.data[i] as readonly Cell[])[r] ?? null;
            // Floats equal within epsilon must print the same: round to its precision.
            const shown = c.type === "float" && typeof cell === "number" && epsilon > 0 ? Math.round(cell / epsilon) * epsilon : cell;
            return `${c.label}:${c.type}=${formatCell(shown, c.type)}`;
          })
          .join(","),
      );
      entry.data.push(t.columns.map((_, i) => (t.data[i] as readonly Cell[])[r] ?? null));
    }
    out.set(id, entry);
  }
  return out;
}

/**
 * For each pair of tables with one key that differ, every row in order: a row both sides share
 * once with an empty `_diff`, a differing row as `want`'s (`-`) then `got`'s (`+`). Equal tables
 * give nothing.
 */
export async function diffTables(got: readonly Table[], want: readonly Table[], epsilon: number): Promise<Table[]> {
  const g = rowsByKey(got, epsilon);
  const w = rowsByKey(want, epsilon);
  const out: Table[] = [];
  for (const id of new Set([...w.keys(), ...g.keys()])) {
    const a = w.get(id);
    const b = g.get(id);
    if (a !== undefined && b !== undefined && a.rows.length === b.rows.length && a.rows.every((r, i) => r === b.rows[i])) continue;
    const model = (a ?? b) as Rows;
    const columns: ColumnMeta[] = [{ label: "_diff", type: "string" }, ...model.columns];
    const data: Cell[][] = columns.map(() => []);
    const push = (side: Rows, r: number, mark: string): void => {
      (data[0] as Cell[]).push(mark);
      model.columns.forEach((c, i) => {
        const at = side.model.columns.findIndex((m) => m.label === c.label);
        (data[i + 1] as Cell[]).push(at < 0 ? null : ((side.data[r] as Cell[])[at] ?? null));
      });
    };
    const rows = Math.max(a?.rows.length ?? 0, b?.rows.length ?? 0);
    for (let r = 0; r < rows; r++) {
      const wanted = a !== undefined && r < a.rows.length;
      const gotten = b !== undefined && r < b.rows.length;
      if (wanted && gotten && a.rows[r] === b.rows[r]) {
        push(a, r, "");
        continue;
      }
      if (wanted) push(a, r, "-");
      if (gotten) push(b, r, "+");
    }
    out.push({ key: model.model.key, columns, data, length: (data[0] as Cell[]).length });
  }
  return out;
}

function streams(args: Args): { got: () => Promise<Table[]>; want: () => Promise<Table[]> } {
  const got = args.tables("got");
  const want = args.tables("want");
  return { got: () => collect(got), want: () => collect(want) };
}

const diff = builtin(
  "testing.diff",
  (args) => {
    const { got, want } = streams(args);
    const epsilon = args.number("epsilon", 0.000001);
    return stream(args, async function* () {
      yield* await diffTables(await got(), await want(), epsilon);
    });
  },
  "got",
);

const assertEquals = builtin(
  "testing.assertEquals",
  (args) => {
    const name = args.string("name", "assertEquals");
    const { got, want } = streams(args);
    return stream(args, async function* () {
      const actual = await got();
      const differences = await diffTables(actual, await want(), 0);
      if (differences.length > 0) fail(`test ${name}: unequal streams`);
      yield* actual;
    });
  },
  "got",
);

const assertEmpty = transformation("testing.assertEmpty", (args) => {
  const input = args.tables();
  return stream(args, async function* () {
    const tables = await collect(input);
    const rows = tables.reduce((n, t) => n + t.length, 0);
    if (rows > 0) fail(`found ${rows} rows: expected an empty stream`);
    yield* tables;
  });
});

export const testingPackage: Members = new Map<string, Value>([
  ["diff", diff],
  ["assertEquals", assertEquals],
  ["assertEmpty", assertEmpty],
  ["load", transformation("testing.load", (args) => args.stream())],
]);
