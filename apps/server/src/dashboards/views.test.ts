// The contract's rules for view properties, through the real routes: every visualization type
// InfluxDB stores is accepted and returned as sent; a view of the wrong shape is a 400 that names
// the field.
import { beforeAll, describe, expect, it } from "vitest";
import { type ErrorJson, type Instance, type TestServer, useSetUpServer } from "../test-support/index.js";
import { VIEW_EXAMPLES } from "./test-support/views.js";

describe("view properties", () => {
  let t: TestServer;
  let instance: Instance;
  let viewPath: string;
  let dashboardID: string;
  useSetUpServer((server, setUp) => ((t = server), (instance = setUp)));
  const op = () => ({ token: instance.operatorToken });
  beforeAll(async () => {
    dashboardID = (await t.client.post<{ id: string }>("/api/v2/dashboards", { orgID: instance.org.id, name: "views" }, op())).body.id;
    const cell = await t.client.post<{ id: string }>(`/api/v2/dashboards/${dashboardID}/cells`, { name: "v", w: 4, h: 4 }, op());
    viewPath = `/api/v2/dashboards/${dashboardID}/cells/${cell.body.id}/view`;
  });

  const patchView = (properties: unknown) => t.client.patch<ErrorJson & { properties: unknown }>(viewPath, { name: "v", properties }, op());
  const without = (type: string, field: string) => Object.fromEntries(Object.entries(VIEW_EXAMPLES[type]!).filter(([k]) => k !== field));
  const withField = (type: string, field: string, value: unknown) => ({ ...VIEW_EXAMPLES[type]!, [field]: value });

  it.each(Object.keys(VIEW_EXAMPLES))("stores and returns a %s view as sent", async (type) => {
    const res = await patchView(VIEW_EXAMPLES[type]);
    expect(res.status, res.text).toBe(200);
    expect(res.body.properties).toEqual(VIEW_EXAMPLES[type]);
    expect((await t.client.get<{ properties: unknown }>(viewPath, op())).body.properties).toEqual(VIEW_EXAMPLES[type]);
  });

  it("keeps fields it does not know (newer clients add some)", async () => {
    const res = await patchView(withField("xy", "someFutureOption", { on: true }));
    expect(res.status, res.text).toBe(200);
    expect(res.body.properties).toMatchObject({ someFutureOption: { on: true } });
  });

  it("accepts the empty view of a cell that was never given one", async () => {
    expect((await patchView({ shape: "empty" })).status).toBe(200);
  });

  it.each([
    ["an unknown type", { ...VIEW_EXAMPLES["xy"], type: "pie" }, /body field "properties\.type" must be one of "xy"/],
    ["no type", without("xy", "type"), /body field "properties\.type" is required/],
    ["an xy view without geom", without("xy", "geom"), /body field "properties\.geom" is required/],
    ["an xy view with a bad geom", withField("xy", "geom", "pie"), /body field "properties\.geom" must be one of "line"/],
    ["an xy view with axes missing y", withField("xy", "axes", { x: {} }), /body field "properties\.axes\.y" is required/],
    ["an axis scale that is not log or linear", withField("xy", "axes", { x: {}, y: { scale: "cubic" } }), /body field "properties\.axes\.y\.scale" must be one of "log", "linear"/],
    ["a color without hex", withField("single-stat", "colors", [{ id: "a", type: "text", name: "n", value: 1 }]), /body field "properties\.colors\.0\.hex" is required/],
    ["a heatmap whose colors are objects", withField("heatmap", "colors", [{ hex: "#000000" }]), /body field "properties\.colors\.0" must be string/],
    ["a gauge without decimalPlaces", without("gauge", "decimalPlaces"), /body field "properties\.decimalPlaces" is required/],
    ["a table with a bad wrapping", withField("table", "tableOptions", { wrapping: "fold" }), /body field "properties\.tableOptions\.wrapping" must be one of/],
    ["a histogram with a fractional bin count", withField("histogram", "binCount", 2.5), /body field "properties\.binCount" must be integer/],
    ["a markdown view whose note is not text", withField("markdown", "note", 42), /body field "properties\.note" must be string/],
    ["a query with an unknown edit mode", withField("band", "queries", [{ text: "x", editMode: "magic" }]), /body field "properties\.queries\.0\.editMode" must be one of "builder", "advanced"/],
    ["a mosaic without ySeriesColumns", without("mosaic", "ySeriesColumns"), /body field "properties\.ySeriesColumns" is required/],
    ["a scatter with a three-bound domain", withField("scatter", "xDomain", [1, 2, 3]), /body field "properties\.xDomain" must NOT have more than 2 items/],
    ["a check view without checkID", without("check", "checkID"), /body field "properties\.checkID" is required/],
    ["a geo view zoomed past 28", withField("geo", "zoom", 40), /body field "properties\.zoom" must be <= 28/],
    ["a geo layer of an unknown kind", withField("geo", "layers", [{ type: "hexbin" }]), /body field "properties\.layers\.0\.type" must be one of/],
    ["a line-plus-single-stat view without prefix", without("line-plus-single-stat", "prefix"), /body field "properties\.prefix" is required/],
    ["a simple table whose showAll is text", withField("simple-table", "showAll", "yes"), /body field "properties\.showAll" must be boolean/],
    ["an unknown shape", withField("gauge", "shape", "round"), /body field "properties\.shape" must be one of "chronograf-v2", "empty"/],
  ])("refuses %s with a 400 naming the field", async (_what, properties, message) => {
    const res = await patchView(properties);
    expect(res.status, res.text).toBe(400);
    expect(res.body.code).toBe("invalid");
    expect(res.body.message).toMatch(message);
  });

  it("checks properties wherever a view travels: new dashboards and PATCHed cells", async () => {
    const created = await t.client.post<ErrorJson>("/api/v2/dashboards", { orgID: instance.org.id, name: "bad", cells: [{ properties: withField("xy", "position", "sideways") }] }, op());
    expect(created.status).toBe(400);
    expect(created.body.message).toMatch(/body field "cells\.0\.properties\.position" must be one of "overlaid", "stacked"/);
    const patched = await t.client.patch<ErrorJson>(`/api/v2/dashboards/${dashboardID}`, { cells: [{ properties: without("band", "axes") }] }, op());
    expect(patched.status).toBe(400);
    expect(patched.body.message).toMatch(/body field "cells\.0\.properties\.axes" is required/);
  });

  it("a PATCH of the view needs a name or properties", async () => {
    const res = await t.client.patch<ErrorJson>(viewPath, {}, op());
    expect(res.status).toBe(400);
  });
});
