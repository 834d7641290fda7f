import { describe, expect, it } from "vitest";
import { parse } from "./parser.js";
import type { FieldValue, Point } from "./point.js";

const now = () => 1_700_000_000_123_456_789n;
const one = (line: string, options = {}): Point => {
  const points = parse(line, { now, ...options });
  expect(points).toHaveLength(1);
  return points[0]!;
};
const field = (line: string, key = "f"): FieldValue | undefined =>
  one(line).fields.find(([k]) => k === key)?.[1];

describe("series section", () => {
  it("reads measurement, tags sorted by key, and a canonical series key", () => {
    const point = one("cpu,region=us,host=a v=1 1");
    expect(point.measurement).toBe("cpu");
    expect(point.tags).toEqual([
      ["host", "a"],
      ["region", "us"],
    ]);
    expect(point.seriesKey).toBe("cpu,host=a,region=us");
  });

  it("gives equal series keys to the same series written differently", () => {
    const [a, b, c] = parse("m,b=2,a=1 v=1 1\nm,a=1,b=2 v=2 2\nm,a=1,b\\=x=2 v=3 3\n");
    expect(a!.seriesKey).toBe(b!.seriesKey);
    expect(a!.seriesKey).not.toBe(c!.seriesKey);
  });

  it("unescapes commas and spaces in measurements", () => {
    expect(one("my\\ cpu\\,1 v=1 1").measurement).toBe("my cpu,1");
    expect(one("my\\ cpu\\,1 v=1 1").seriesKey).toBe("my\\ cpu\\,1");
  });

  it("unescapes commas, equals signs and spaces in tag keys and values", () => {
    expect(one("m,a\\ b\\=c\\,d=e\\ f\\=g\\,h v=1 1").tags).toEqual([["a b=c,d", "e f=g,h"]]);
  });

  it("reads a doubled backslash as one, and keeps other backslashes literal", () => {
    expect(one("a\\\\b,t=x\\y v=1 1").measurement).toBe("a\\b");
    expect(one("a\\\\b,t=x\\y v=1 1").tags).toEqual([["t", "x\\y"]]);
    expect(one("m\\\\\\ x v=1 1").measurement).toBe("m\\ x");
  });

  it("takes quotes and = in measurements literally", () => {
    expect(one('"m"=1 v=1 1').measurement).toBe('"m"=1');
    expect(one("m,t='x' v=1 1").tags).toEqual([["t", "'x'"]]);
  });

  it("accepts a tag value starting with = as InfluxDB does", () => {
    expect(one("m,t==x v=1 1").tags).toEqual([["t", "=x"]]);
  });

  it("keeps UTF-8 in names and sorts tag keys by bytes", () => {
    const point = one("temp🌡,ü=ä,z=1,\u{10000}=b,\uffff=a v=1 1");
    expect(point.measurement).toBe("temp🌡");
    expect(point.tags.map(([k]) => k)).toEqual(["z", "ü", "\uffff", "\u{10000}"]);
  });
});

describe("field values", () => {
  it.each([
    ["1", 1],
    ["-1", -1],
    ["1.5", 1.5],
    ["-1.5", -1.5],
    [".5", 0.5],
    ["-.5", -0.5],
    ["1.", 1],
    ["1e3", 1000],
    ["1E3", 1000],
    ["1.5e+3", 1500],
    ["-1.5E-3", -0.0015],
    ["1.e5", 100000],
    ["0.1", 0.1],
    ["123456789012345678901234567890", 123456789012345678901234567890],
    ["0.30000000000000004", 0.30000000000000004],
    ["1.7976931348623157e308", Number.MAX_VALUE],
    ["5e-324", Number.MIN_VALUE],
    ["1e-400", 0],
  ])("float %s", (text, value) => {
    expect(field(`m f=${text} 1`)).toEqual({ type: "float", value });
  });

  it("keeps the sign of -0", () => {
    expect(Object.is(field("m f=-0 1")!.value, -0)).toBe(true);
  });

  it("parses integers across int64", () => {
    expect(field("m f=1i 1")).toEqual({ type: "integer", value: 1n });
    expect(field("m f=-0i 1")).toEqual({ type: "integer", value: 0n });
    expect(field("m f=9223372036854775807i 1")).toEqual({ type: "integer", value: 9223372036854775807n });
    expect(field("m f=-9223372036854775808i 1")).toEqual({ type: "integer", value: -9223372036854775808n });
    expect(field("m f=0009i 1")).toEqual({ type: "integer", value: 9n });
  });

  it("parses unsigned integers across uint64", () => {
    expect(field("m f=0u 1")).toEqual({ type: "unsigned", value: 0n });
    expect(field("m f=18446744073709551615u 1")).toEqual({ type: "unsigned", value: 18446744073709551615n });
  });

  it("parses strings with escaped quotes and backslashes", () => {
    expect(field('m f="hello" 1')).toEqual({ type: "string", value: "hello" });
    expect(field('m f="" 1')).toEqual({ type: "string", value: "" });
    expect(field('m f="a \\"b\\" c" 1')).toEqual({ type: "string", value: 'a "b" c' });
    expect(field('m f="a\\\\b" 1')).toEqual({ type: "string", value: "a\\b" });
    expect(field('m f="a\\b" 1')).toEqual({ type: "string", value: "a\\b" });
    expect(field('m f="end\\\\" 1')).toEqual({ type: "string", value: "end\\" });
    expect(field('m f="a,b c=d" 1')).toEqual({ type: "string", value: "a,b c=d" });
    expect(field('m f="🚀 ü" 1')).toEqual({ type: "string", value: "🚀 ü" });
  });

  it("lets a string field value span lines and counts them", () => {
    expect(field('m f="a\nb\r\nc" 1')).toEqual({ type: "string", value: "a\nb\r\nc" });
    // The string's newline counts: `bad` is on line 4.
    expect(() => parse('m f="a\nb" 1\nm g=1 2\nbad\n', { now })).toThrow(
      expect.objectContaining({ line: 4, lineText: "bad", reason: "missing fields" }),
    );
  });

  it.each(["t", "T", "true", "True", "TRUE"])("boolean %s is true", (text) => {
    expect(field(`m f=${text} 1`)).toEqual({ type: "boolean", value: true });
  });

  it.each(["f", "F", "false", "False", "FALSE"])("boolean %s is false", (text) => {
    expect(field(`m f=${text} 1`)).toEqual({ type: "boolean", value: false });
  });

  it("keeps fields in written order with escaped keys", () => {
    const point = one('m z=1,a\\ b=2i,c\\=d="x",e\\,f=true 1');
    expect(point.fields.map(([k]) => k)).toEqual(["z", "a b", "c=d", "e,f"]);
  });

  it("lets the last of repeated field keys win", () => {
    expect(one("m a=1,b=2,a=3 1").fields).toEqual([
      ["b", { type: "float", value: 2 }],
      ["a", { type: "float", value: 3 }],
    ]);
  });
});

describe("timestamps", () => {
  it("reads nanoseconds by default, negative ones too", () => {
    expect(one("m v=1 1465839830100400200").timestamp).toBe(1465839830100400200n);
    expect(one("m v=1 -1465839830100400200").timestamp).toBe(-1465839830100400200n);
    expect(one("m v=1 0").timestamp).toBe(0n);
  });

  it.each([
    ["ns", 1n],
    ["n", 1n],
    ["us", 1_000n],
    ["u", 1_000n],
    ["ms", 1_000_000n],
    ["s", 1_000_000_000n],
    ["m", 60_000_000_000n],
    ["h", 3_600_000_000_000n],
  ] as const)("scales precision %s", (precision, multiplier) => {
    expect(one("m v=1 7", { precision }).timestamp).toBe(7n * multiplier);
  });

  it("accepts the extremes of InfluxDB's time range", () => {
    expect(one("m v=1 9223372036854775806").timestamp).toBe(9223372036854775806n);
    expect(one("m v=1 -9223372036854775806").timestamp).toBe(-9223372036854775806n);
    expect(one("m v=1 2562047", { precision: "h" }).timestamp).toBe(2562047n * 3_600_000_000_000n);
  });

  it("uses one server time, truncated to the precision, for every point without a timestamp", () => {
    let calls = 0;
    const clock = () => {
      calls++;
      return 1_700_000_000_123_456_789n + BigInt(calls);
    };
    const points = parse("a v=1\nb v=2 5\nc v=3\n", { now: clock, precision: "s" });
    expect(points.map((p) => p.timestamp)).toEqual([1_700_000_000_000_000_000n, 5_000_000_000n, 1_700_000_000_000_000_000n]);
    expect(calls).toBe(1);
  });

  it("never asks for the server time when every point has one", () => {
    parse("a v=1 1\n", { now: () => { throw new Error("clock read"); } });
  });

  it("allows spaces between sections and after the timestamp", () => {
    const point = one("m   v=1   12  ");
    expect(point.timestamp).toBe(12n);
  });
});

describe("lines", () => {
  it("skips comments, blank and whitespace-only lines, and accepts CRLF", () => {
    const points = parse("# comment\n\n   \n\t# indented comment\r\nm v=1 1\r\n\r\n  m v=2 2\r\n", { now });
    expect(points.map((p) => p.fields[0]![1].value)).toEqual([1, 2]);
  });

  it("parses a last line without a newline", () => {
    expect(parse("m v=1 1\nm v=2 2", { now })).toHaveLength(2);
    expect(parse("m v=1\r", { now })).toHaveLength(1);
  });

  it("parses empty input to no points", () => {
    expect(parse("", { now })).toEqual([]);
    expect(parse(new Uint8Array(0), { now })).toEqual([]);
  });

  it("parses bytes and strings alike", () => {
    const text = "m,t=ü v=\"é\" 1\n";
    expect(parse(new TextEncoder().encode(text), { now })).toEqual(parse(text, { now }));
  });

  it("shares one frozen tags array among points of a series", () => {
    const [a, b] = parse("m,t=1 v=1 1\nm,t=1 v=2 2\n");
    expect(a!.tags).toBe(b!.tags);
    expect(Object.isFrozen(a!.tags)).toBe(true);
  });
});
