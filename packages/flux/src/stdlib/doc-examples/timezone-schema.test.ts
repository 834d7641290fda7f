/** timezone.fixed/location and schema.fieldsAsCols (the schema function that runs on in-memory data) against their reference examples. */
import { describe, expect, it } from "vitest";
import { expectExample, scalar } from "./test-support/doc-example.js";

describe("timezone", () => {
  it("fixed and location return location records", async () => {
    expect((await scalar("display(v: timezone.fixed(offset: -8h))", ["timezone"])).value).toBe("{offset: -8h, zone: UTC}");
    expect((await scalar('display(v: timezone.location(name: "America/Los_Angeles"))', ["timezone"])).value).toBe("{offset: 0ns, zone: America/Los_Angeles}");
  });

  it("a fixed location option puts midnight at 00:00-08:00", async () => {
    expect((await scalar("date.truncate(t: 2021-01-02T03:00:00Z, unit: 1d)", ["date", "timezone"], "option location = timezone.fixed(offset: -8h)")).value).toBe("2021-01-01T08:00:00Z");
  });
});

describe("schema.fieldsAsCols", () => {
  it("pivots fields into columns by time", async () => {
    const rows = [
      ["01", 89.2, 73.1],
      ["02", 90.5, 68.2],
      ["03", 81.0, 61.4],
    ] as const;
    const input = rows.flatMap(([d, hum, temp]) => [
      `{_time: 2021-01-${d}T12:00:00Z, _measurement: "m", loc: "Seattle", _field: "hum", _value: ${hum.toFixed(1)}}`,
      `{_time: 2021-01-${d}T12:00:00Z, _measurement: "m", loc: "Seattle", _field: "temp", _value: ${temp.toFixed(1)}}`,
    ]);
    await expectExample(
      `import "array"\nimport "influxdata/influxdb/schema"
       array.from(rows: [${input.join(", ")}])
         |> group(columns: ["_measurement", "loc", "_field"])
         |> schema.fieldsAsCols()`,
      `| _time | *_measurement | *loc | hum:float | temp:float |\n${rows.map(([d, hum, temp]) => `| 2021-01-${d}T12:00:00Z | m | Seattle | ${hum} | ${temp} |`).join("\n")}`,
    );
  });
});
