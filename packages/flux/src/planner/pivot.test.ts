import { describe, expect, it } from "vitest";
import type { SeriesBatch } from "../runtime/datasource.js";
import { pivotBatches } from "./pivot.js";

const batch = (field: string, times: bigint[], values: number[], nulls?: number[]): SeriesBatch => ({
  measurement: "m",
  tags: [["host", "a"]],
  field,
  times: BigInt64Array.from(times),
  values: { type: "float", values: Float64Array.from(values) },
  ...(nulls === undefined ? {} : { nulls: Uint8Array.from(nulls) }),
});

async function rows(batches: SeriesBatch[]): Promise<string[]> {
  const out: string[] = [];
  for await (const table of pivotBatches((async function* () { yield* batches; })(), -(2n ** 62n), 2n ** 62n)) {
    const labels = table.columns.map((c) => c.label);
    for (let r = 0; r < table.length; r++) out.push(labels.slice(2).map((l, i) => `${l}=${String(table.data[i + 2]![r])}`).join(" "));
  }
  return out;
}

describe("pivotBatches", () => {
  const high = 2n ** 32n;
  it("orders rows by time across the 32-bit halves and signs of the times", async () => {
    // In time order: the one-table fast path.
    const ordered = [-high - 1n, -1n, 3n, high - 1n, high, high + 5n];
    expect(await rows([batch("x", ordered, [1, 2, 3, 4, 5, 6]), batch("y", ordered, [6, 5, 4, 3, 2, 1], [0, 0, 1, 0, 0, 0])])).toEqual([
      `_time=${-high - 1n} _measurement=m host=a x=1 y=6`,
      "_time=-1 _measurement=m host=a x=2 y=5",
      "_time=3 _measurement=m host=a x=3 y=null",
      `_time=${high - 1n} _measurement=m host=a x=4 y=3`,
      `_time=${high} _measurement=m host=a x=5 y=2`,
      `_time=${high + 5n} _measurement=m host=a x=6 y=1`,
    ]);
    // Not in time order: low halves compared as signed numbers would find 2^31 before 5.
    expect(await rows([batch("x", [2n ** 31n, 5n], [1, 2])])).toEqual(["_time=5 _measurement=m host=a x=2", `_time=${2n ** 31n} _measurement=m host=a x=1`]);
    // Nor here, across the high halves.
    expect(await rows([batch("x", [high + 5n, 3n, 0n, -1n], [1, 2, 3, 4])])).toEqual([
      "_time=-1 _measurement=m host=a x=4",
      "_time=0 _measurement=m host=a x=3",
      "_time=3 _measurement=m host=a x=2",
      `_time=${high + 5n} _measurement=m host=a x=1`,
    ]);
  });

  it("joins a field's batches and merges fields with different times", async () => {
    expect(await rows([batch("x", [1n, 2n], [1, 2]), batch("x", [4n], [4]), batch("y", [2n, 3n], [20, 30])])).toEqual([
      "_time=1 _measurement=m host=a x=1 y=null",
      "_time=2 _measurement=m host=a x=2 y=20",
      "_time=3 _measurement=m host=a x=null y=30",
      "_time=4 _measurement=m host=a x=4 y=null",
    ]);
  });
});
