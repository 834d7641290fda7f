import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../index.js";

describe("builtinCatalog", () => {
  it("learns each universe function's parameters and kinds from the builtin itself", async () => {
    const { functions } = await builtinCatalog();
    const byName = new Map(functions.map((f) => [f.name, f.params]));
    expect(byName.get("filter")).toMatchObject({ tables: "stream", fn: "function", onEmpty: "string" });
    // range reads its bounds only once tables flow: the probe drains the stream to see them.
    expect(byName.get("range")).toMatchObject({ tables: "stream", start: "time", stop: "time" });
    expect(byName.get("aggregateWindow")).toMatchObject({ every: "duration", fn: "function", createEmpty: "bool" });
    expect(byName.get("top")).toMatchObject({ n: "int", columns: "array" });
    expect(byName.has("true")).toBe(false);
  });

  it("lists the universe's names, constants included, and the importable packages", async () => {
    const catalog = await builtinCatalog();
    expect(catalog.prelude).toEqual(expect.arrayContaining(["true", "inf", "from", "yield"]));
    expect(catalog.packages).toEqual(expect.arrayContaining(["strings", "date", "experimental"]));
    const names = catalog.functions.map((f) => f.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });
});
