/**
 * The `sampledata` package (its `int` and `float` sets): the small data sets Flux's documentation
 * uses in its examples
 * (two tables keyed by `tag`, six rows each, 10 s apart from 2021-01-01T00:00:00Z).
 */
import { type Members, builtin, stream } from "../runtime/builtin.js";
import type { Cell, ColumnType, Table } from "../table/types.js";
import type { Value } from "../values/value.js";

const start = 1_609_459_200_000_000_000n;
const step = 10_000_000_000n;

const datasets: Record<string, { type: ColumnType; t1: Cell[]; t2: Cell[] }> = {
  int: { type: "int", t1: [-2n, 10n, 7n, 17n, 15n, 4n], t2: [19n, 4n, -3n, 19n, 13n, 1n] },
  float: { type: "float", t1: [-2.18, 10.92, 7.35, 17.53, 15.23, 4.43], t2: [19.85, 4.97, -3.75, 19.77, 13.86, 1.86] },
};

function tables(name: string): Table[] {
  const set = datasets[name] as (typeof datasets)[string];
  return (["t1", "t2"] as const).map((tag) => {
    const values = set[tag];
    return {
      key: { columns: [{ label: "tag", type: "string" }], values: [tag] },
      columns: [
        { label: "_time", type: "time" },
        { label: "_value", type: set.type },
        { label: "tag", type: "string" },
      ],
      data: [values.map((_, i) => start + BigInt(i) * step), values, values.map(() => tag)],
      length: values.length,
    };
  });
}

export const sampledataPackage: Members = new Map<string, Value>(
  Object.keys(datasets).map((name) => [
    name,
    builtin(`sampledata.${name}`, (args) => {
      if (args.optionalBool("includeNull") === true) args.fail("sampledata: includeNull is not supported");
      return stream(args, async function* () {
        yield* tables(name);
      });
    }),
  ]),
);
