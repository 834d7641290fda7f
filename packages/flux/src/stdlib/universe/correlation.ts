/** cov and pearsonr: two streams joined on `on`, then the covariance (or correlation) of their `_value`s per table. */
import type { Args } from "../../runtime/args.js";
import { type Members, builtin, fail, perTable } from "../../runtime/builtin.js";
import { type Value, record } from "../../values/value.js";
import { requireColumn } from "./aggregates.js";
import { callMember, floats, keyedTable, strings } from "./shared.js";

function covariance(xs: readonly number[], ys: readonly number[], pearson: boolean): number | null {
  const n = xs.length;
  if (n < 2) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return pearson ? sxy / Math.sqrt(sxx * syy) : sxy / (n - 1);
}

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
      return keyedTable(table, [{ label: "_value", type: "float" }], [[covariance(px, py, pearson)]]);
    });
  });
}

export function correlationFunctions(universe: () => Members): Members {
  return new Map<string, Value>([
    ["cov", correlation("cov", universe, undefined)],
    ["pearsonr", correlation("pearsonr", universe, true)],
  ]);
}
