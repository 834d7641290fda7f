import { describe, expect, it } from "vitest";
import { queryTables } from "../test-support/tables.js";
import { paramsFromJSON } from "./params.js";

describe("parameterized queries", () => {
  it("binds JSON params as the params record", async () => {
    const params = paramsFromJSON({ host: "web-1", limit: 2, ratio: 0.5, tags: ["a", "b"], nested: { on: true } });
    const [table] = await queryTables(
      'import "array"\narray.from(rows: [{h: params.host, n: params.limit * 2, r: params.ratio, t: params.tags[1], on: params.nested.on}])',
      { params },
    );
    expect(table?.rows).toEqual([{ h: "web-1", n: "4", r: "0.5", t: "b", on: "true" }]);
  });
});
