import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encode } from "./encode.js";
import { LineProtocolParser, parse } from "./parser.js";
import { point, precision } from "./test-support/arbitraries.js";

describe("parse(encode(points)) == points", () => {
  it("holds for random points with every escape, field type and extreme", () => {
    fc.assert(
      fc.property(
        precision.chain((unit) => fc.tuple(fc.constant(unit), fc.array(point(unit), { maxLength: 6 }))),
        ([unit, points]) => {
          expect(parse(encode(points, unit), { precision: unit })).toEqual(points);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("holds when the encoded body arrives in random chunks", () => {
    fc.assert(
      fc.property(
        fc.array(point("ns"), { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (points, cuts) => {
          const body = Buffer.from(encode(points));
          const offsets = [...new Set(cuts.map((c) => c % (body.length + 1)))].sort((a, b) => a - b);
          const parser = new LineProtocolParser();
          const parsed = [];
          let from = 0;
          for (const to of [...offsets, body.length]) {
            parsed.push(...parser.push(body.subarray(from, to)));
            from = to;
          }
          parsed.push(...parser.end());
          expect(parsed).toEqual(points);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("encode", () => {
  it("writes InfluxDB's line protocol", () => {
    const text = encode([
      {
        measurement: "my cpu,1",
        seriesKey: "",
        tags: [["host name", "a=b,c\\"]],
        fields: [
          ["f", { type: "float", value: -0 }],
          ["i", { type: "integer", value: -5n }],
          ["u", { type: "unsigned", value: 5n }],
          ["s", { type: "string", value: 'say "hi" \\' }],
          ["b", { type: "boolean", value: false }],
        ],
        timestamp: 1_500_000_000n,
      },
    ], "ms");
    expect(text).toBe('my\\ cpu\\,1,host\\ name=a\\=b\\,c\\\\ f=-0,i=-5i,u=5u,s="say \\"hi\\" \\\\",b=false 1500\n');
  });

  it.each([
    ["an empty measurement", { measurement: "" }],
    ["a measurement starting with #", { measurement: "#m" }],
    ["a newline in a tag", { tags: [["t", "a\nb"]] }],
    ["an empty tag value", { tags: [["t", ""]] }],
    ["no fields", { fields: [] }],
    ["NaN", { fields: [["f", { type: "float", value: Number.NaN }]] }],
    ["an integer beyond int64", { fields: [["f", { type: "integer", value: 2n ** 63n }]] }],
    ["a negative unsigned", { fields: [["f", { type: "unsigned", value: -1n }]] }],
    ["a time outside InfluxDB's range", { timestamp: 2n ** 63n - 1n }],
    ["a time that is not a whole number of seconds", { timestamp: 1_500_000_001n }],
  ])("refuses %s rather than writing something else", (_, override) => {
    const base = {
      measurement: "m",
      seriesKey: "m",
      tags: [],
      fields: [["f", { type: "float", value: 1 }]],
      timestamp: 1_000_000_000n,
    };
    expect(() => encode([{ ...base, ...override } as never], "s")).toThrow(RangeError);
  });
});
