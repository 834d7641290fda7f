/** Selectors and row limits against their reference examples: whole rows kept, in the documented order. */
import { describe, it } from "vitest";
import { expectExample } from "./test-support/doc-example.js";

const ints = 'import "sampledata"\nsampledata.int()';
type Row = [seconds: number, value: number];
const tables = (t1: Row[], t2: Row[]): string =>
  ([["t1", t1], ["t2", t2]] as const)
    .map(([tag, rows]) => `| _time | _value:int | *tag |\n${rows.map(([s, v]) => `| 2021-01-01T00:00:${String(s).padStart(2, "0")}Z | ${v} | ${tag} |`).join("\n")}`)
    .join("\n\n");

describe("selectors", () => {
  it("top keeps the n largest, ties in input order", async () => {
    await expectExample(`${ints} |> top(n: 3)`, tables([[30, 17], [40, 15], [10, 10]], [[0, 19], [30, 19], [40, 13]]));
  });

  it("bottom keeps the n smallest", async () => {
    await expectExample(`${ints} |> bottom(n: 3)`, tables([[0, -2], [50, 4], [20, 7]], [[20, -3], [50, 1], [10, 4]]));
  });

  it("sort is stable and ascending by _value", async () => {
    await expectExample(
      `${ints} |> sort()`,
      tables(
        [[0, -2], [50, 4], [20, 7], [10, 10], [40, 15], [30, 17]],
        [[20, -3], [50, 1], [10, 4], [40, 13], [0, 19], [30, 19]],
      ),
    );
  });

  it("limit, with and without an offset, and tail", async () => {
    await expectExample(`${ints} |> limit(n: 3)`, tables([[0, -2], [10, 10], [20, 7]], [[0, 19], [10, 4], [20, -3]]));
    await expectExample(`${ints} |> limit(n: 3, offset: 2)`, tables([[20, 7], [30, 17], [40, 15]], [[20, -3], [30, 19], [40, 13]]));
    await expectExample(`${ints} |> tail(n: 3)`, tables([[30, 17], [40, 15], [50, 4]], [[30, 19], [40, 13], [50, 1]]));
    await expectExample(`${ints} |> tail(n: 3, offset: 1)`, tables([[20, 7], [30, 17], [40, 15]], [[20, -3], [30, 19], [40, 13]]));
  });

  it("unique keeps the first row of each value", async () => {
    await expectExample(
      `${ints} |> unique()`,
      tables(
        [[0, -2], [10, 10], [20, 7], [30, 17], [40, 15], [50, 4]],
        [[0, 19], [10, 4], [20, -3], [40, 13], [50, 1]],
      ),
    );
  });

  it("first, last, min and max select one row each", async () => {
    await expectExample(`${ints} |> first()`, tables([[0, -2]], [[0, 19]]));
    await expectExample(`${ints} |> last()`, tables([[50, 4]], [[50, 1]]));
    await expectExample(`${ints} |> min()`, tables([[0, -2]], [[20, -3]]));
    await expectExample(`${ints} |> max()`, tables([[30, 17]], [[0, 19]]));
  });

  it("first and last skip null values", async () => {
    const withNulls = 'import "sampledata"\nsampledata.int(includeNull: true)';
    await expectExample(`${withNulls} |> first()`, tables([[0, -2]], [[10, 4]]));
    await expectExample(`${withNulls} |> last()`, tables([[50, 4]], [[50, 1]]));
    await expectExample(`${withNulls} |> min()`, tables([[0, -2]], [[20, -3]]));
    await expectExample(`${withNulls} |> max()`, tables([[20, 7]], [[30, 19]]));
  });
});
