import { describe, expect, it } from "vitest";
import { FluxgateError } from "../http/errors.js";
import { listPlugins } from "./plugins.js";
import { outputBuckets, parseTelegrafToml, renderPlugins } from "./toml.js";

describe("Telegraf TOML", () => {
  it("names the line and column of a syntax error", () => {
    const attempt = () => parseTelegrafToml('[agent]\n  interval = "10s"\n[[inputs.cpu]\n');
    expect(attempt).toThrow(FluxgateError);
    expect(attempt).toThrow(/^invalid TOML in Telegraf config at line 3, column \d+: /);
    expect(() => parseTelegrafToml("a = 1\na = 2\n")).toThrow(/line 2/);
  });

  it("finds the buckets of every influxdb_v2 output, once each", () => {
    const doc = parseTelegrafToml(
      ['[[outputs.influxdb_v2]]\n  bucket = "a"', '[[outputs.influxdb_v2]]\n  bucket = "b"', '[[outputs.influxdb_v2]]\n  bucket = "a"', '[[outputs.file]]\n  files = ["stdout"]'].join("\n"),
    );
    expect(outputBuckets(doc)).toEqual(["a", "b"]);
    expect(outputBuckets(parseTelegrafToml("[[inputs.cpu]]\n"))).toEqual([]);
    expect(outputBuckets(parseTelegrafToml('[outputs.influxdb_v2]\nbucket = "single"\n'))).toEqual(["single"]);
  });

  it("renders plugins into TOML that parses, keeping a snippet's own header", () => {
    const toml = renderPlugins([
      { type: "input", name: "cpu", description: "CPU\nusage", config: "percpu = true" },
      { type: "outputs", name: "influxdb_v2", config: '[[outputs.influxdb_v2]]\n  bucket = "x"' },
    ]);
    expect(toml).toBe('# CPU usage\n[[inputs.cpu]]\npercpu = true\n\n[[outputs.influxdb_v2]]\n  bucket = "x"\n');
    expect(outputBuckets(parseTelegrafToml(toml))).toEqual(["x"]);
    expect(() => renderPlugins([{ type: "input", name: "cpu]]\n[x" }])).toThrow(/unknown Telegraf plugin/);
  });

  it("serves catalog snippets that are valid TOML", () => {
    for (const plugin of listPlugins(undefined)) expect(() => parseTelegrafToml(plugin.config), plugin.name).not.toThrow();
    expect(listPlugins("aggregators").map((p) => p.name)).toEqual(["basicstats"]);
    expect(() => listPlugins("widgets")).toThrow(/unknown plugin type/);
  });
});
