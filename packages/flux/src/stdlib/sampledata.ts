/**
 * The `sampledata` package: the small data sets Flux's documentation uses in its examples (two
 * tables keyed by `tag`, six rows each, 10 s apart from 2021-01-01T00:00:00Z), with
 * `includeNull: true` blanking the same rows Flux blanks, and the `start`/`stop` bounds around them.
 */
import { type Members, builtin, stream } from "../runtime/builtin.js";
import type { Cell, ColumnType, Table } from "../table/types.js";
import { type Value, time } from "../values/value.js";

const start = 1_609_459_200_000_000_000n;
const step = 10_000_000_000n;

const floats = { t1: [-2.18, 10.92, 7.35, 17.53, 15.23, 4.43], t2: [19.85, 4.97, -3.75, 19.77, 13.86, 1.86] };
const ints = { t1: [-2n, 10n, 7n, 17n, 15n, 4n], t2: [19n, 4n, -3n, 19n, 13n, 1n] };
const bools = { t1: [true, true, false, true, false, false], t2: [false, true, false, true, true, false] };

/**
 * `converted` sets are Flux's CSV sets passed through toInt()/toUInt(), whose map sorts the columns
 * (`_time, _value, tag`); the others keep the CSV's order (`_time, tag, _value`).
 */
const datasets: Record<string, { type: ColumnType; converted: boolean; t1: Cell[]; t2: Cell[] }> = {
  int: { type: "int", converted: true, ...ints },
  float: { type: "float", converted: false, ...floats },
  uint: { type: "uint", converted: true, t1: ints.t1.map((v) => BigInt.asUintN(64, v)), t2: ints.t2.map((v) => BigInt.asUintN(64, v)) },
  string: {
    type: "string",
    converted: false,
    t1: ["smpl_g9qczs", "smpl_0mgv9n", "smpl_phw664", "smpl_guvzy4", "smpl_5v3cce", "smpl_s9fmgy"],
    t2: ["smpl_b5eida", "smpl_eu4oxp", "smpl_5g7tz4", "smpl_sox1ut", "smpl_wfm757", "smpl_dtn2bv"],
  },
  bool: { type: "bool", converted: false, ...bools },
  numericString: { type: "string", converted: false, t1: floats.t1.map(String), t2: floats.t2.map(String) },
  numericBool: { type: "int", converted: true, t1: bools.t1.map((b) => (b ? 1n : 0n)), t2: bools.t2.map((b) => (b ? 1n : 0n)) },
};

/** Rows Flux's null variants leave empty. */
const nullRows = { t1: new Set([1, 3, 4]), t2: new Set([0, 4]) };

function tables(name: string, includeNull: boolean): Table[] {
  const set = datasets[name] as (typeof datasets)[string];
  return (["t1", "t2"] as const).map((tag) => {
    const values = set[tag].map((v, i) => (includeNull && nullRows[tag].has(i) ? null : v));
    const times = values.map((_, i) => start + BigInt(i) * step);
    const tags = values.map(() => tag);
    const key = { columns: [{ label: "tag", type: "string" as const }], values: [tag] };
    const time = { label: "_time", type: "time" as const };
    const value = { label: "_value", type: set.type };
    const tagColumn = { label: "tag", type: "string" as const };
    return set.converted
      ? { key, columns: [time, value, tagColumn], data: [times, values, tags], length: values.length }
      : { key, columns: [time, tagColumn, value], data: [times, tags, values], length: values.length };
  });
}

export const sampledataPackage: Members = new Map<string, Value>([
  ...Object.keys(datasets).map(
    (name) =>
      [
        name,
        builtin(`sampledata.${name}`, (args) => {
          const includeNull = args.bool("includeNull", false);
          return stream(args, async function* () {
            yield* tables(name, includeNull);
          });
        }),
      ] as const,
  ),
  ["start", time(start)],
  ["stop", time(start + 6n * step)],
]);
