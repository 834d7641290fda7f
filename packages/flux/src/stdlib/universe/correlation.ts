/** cov and pearsonr: two streams joined on `on`, then the covariance (or correlation) of their `_value`s per table. */
import type { Args } from "../../runtime/args.js";
import { type Members, builtin, fail, perTable } from "../../runtime/builtin.js";
import { type Value, record } from "../../values/value.js";
import { requireColumn } from "./aggregates.js";
import { covarianceOf } from "./stats.js";
import { callMember, floats, keyedTable, strings } from "./shared.js";

function correlation(name: string, universe: () => Members, pearsonDefault: boolean | undefined) {
  return builtin(name, (args: Args) => {
    const x = args.stream("x");
    const y = args.stream("y");
    const on = args.strings("on");
    const pearson = pearsonDefault ?? args.bool("pearsonr", false);
    const joined = callMember(universe(), "join", { tables: record([["x", x], ["y", y]]), on: strings(on) }, args.site);
    if (joined.kind !== "stream") return fail("join did not return a stream");
    return perTable(args, joined.stream, (table) => {
      const xs = floats(table, requireColumn(table, "_value_x"));
      const ys = floats(table, requireColumn(table, "_value_y"));
      const px: number[] = [];
      const py: number[] = [];
      xs.forEach((v, i) => {
        const w = ys[i] ?? null;
        if (v !== null && w !== null) {
          px.push(v);
          py.push(w);
        }
      });
      return keyedTable(table, [{ label: "_value", type: "float" }], [[covarianceOf(px, py, pearson)]]);
    });
  });
}

export function correlationFunctions(universe: () => Members): Members {
  return new Map<string, Value>([
    ["cov", correlation("cov", universe, undefined)],
    ["pearsonr", correlation("pearsonr", universe, true)],
  ]);
}
