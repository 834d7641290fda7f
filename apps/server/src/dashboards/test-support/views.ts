// One valid set of view properties per visualization type, shaped as the InfluxDB UI sends them,
// for tests of the view routes and of the contract's per-type rules.
const queries = [
  {
    text: 'from(bucket: "b") |> range(start: v.timeRangeStart) |> filter(fn: (r) => r._measurement == "cpu")',
    editMode: "advanced",
    name: "",
    builderConfig: { buckets: ["b"], tags: [{ key: "_measurement", values: ["cpu"], aggregateFunctionType: "filter" }], functions: [{ name: "mean" }], aggregateWindow: { period: "auto", fillValues: false } },
  },
];
const colors = [
  { id: "base", type: "text", hex: "#00C9FF", name: "laser", value: 0 },
  { id: "c2", type: "threshold", hex: "#F95F53", name: "curacao", value: 80 },
];
const hexes = ["#31C0F6", "#A500A5", "#FF7E27"];
const axes = {
  x: { bounds: ["", ""], label: "", prefix: "", suffix: "", base: "10", scale: "linear" },
  y: { bounds: ["", ""], label: "load", prefix: "", suffix: "%", base: "10", scale: "linear" },
};
const base = { shape: "chronograf-v2", queries, note: "", showNoteWhenEmpty: false };
const stat = { prefix: "", tickPrefix: "", suffix: "%", tickSuffix: "", decimalPlaces: { isEnforced: true, digits: 2 } };
const xyish = { xColumn: "_time", yColumn: "_value", hoverDimension: "auto", legendOpacity: 1, legendOrientationThreshold: 100000000, staticLegend: { show: false, heightRatio: 0.2 } };
const plane = { xDomain: [], yDomain: [], xAxisLabel: "", yAxisLabel: "", xPrefix: "", yPrefix: "", xSuffix: "", ySuffix: "" };

export const VIEW_EXAMPLES: Record<string, Record<string, unknown>> = {
  xy: { type: "xy", ...base, ...xyish, geom: "line", axes, colors, position: "overlaid", shadeBelow: false, timeFormat: "YYYY-MM-DD HH:mm:ss" },
  "line-plus-single-stat": { type: "line-plus-single-stat", ...base, ...xyish, ...stat, axes, colors, position: "stacked" },
  "single-stat": { type: "single-stat", ...base, ...stat, colors },
  gauge: { type: "gauge", ...base, ...stat, colors },
  table: {
    type: "table",
    ...base,
    colors,
    tableOptions: { verticalTimeAxis: true, sortBy: { internalName: "_time", displayName: "time", visible: true }, wrapping: "truncate", fixFirstColumn: true },
    fieldOptions: [{ internalName: "_value", displayName: "value", visible: true }],
    timeFormat: "YYYY-MM-DD HH:mm:ss",
    decimalPlaces: { isEnforced: false, digits: 2 },
  },
  "simple-table": { type: "simple-table", ...base, showAll: false },
  markdown: { type: "markdown", shape: "chronograf-v2", note: "# Notes\nsome *markdown*" },
  histogram: { type: "histogram", ...base, colors, xColumn: "_value", fillColumns: ["host"], xDomain: [0, 100], xAxisLabel: "", position: "stacked", binCount: 30 },
  heatmap: { type: "heatmap", ...base, ...plane, colors: hexes, xColumn: "_time", yColumn: "_value", binSize: 10 },
  scatter: { type: "scatter", ...base, ...plane, colors: hexes, xColumn: "_time", yColumn: "_value", fillColumns: [], symbolColumns: [] },
  mosaic: { type: "mosaic", ...base, ...plane, colors: hexes, xColumn: "_time", ySeriesColumns: ["host"], fillColumns: ["_value"], yLabelColumns: [], yLabelColumnSeparator: "" },
  band: { type: "band", ...base, geom: "line", axes, colors, upperColumn: "max", mainColumn: "mean", lowerColumn: "min", hoverDimension: "auto" },
  check: { type: "check", shape: "chronograf-v2", checkID: "0000000000000001", queries, colors: hexes },
  geo: {
    type: "geo",
    ...base,
    center: { lat: 48.86, lon: 2.35 },
    zoom: 6,
    mapStyle: "",
    allowPanAndZoom: true,
    detectCoordinateFields: true,
    layers: [{ type: "pointMap", colorDimension: { label: "value" }, colorField: "_value", colors }],
  },
};
