import { describe, expect, it } from "vitest";
import { LineProtocolError } from "./errors.js";
import { LineProtocolParser, parse } from "./parser.js";
import { SeriesCache } from "./scanner.js";
import type { Point } from "./point.js";

const now = () => 42_000_000_000n;
const body = Buffer.from(
  [
    "# weather",
    "weather,location=us\\ midwest,station=ü temperature=82,desc=\"warm, \\\"dry\\\"\nnight\" 1465839830100400200",
    "",
    "weather,station=ü,location=us\\ midwest humidity=43i,ok=true\r",
    "   cpu\\,x,host=a usage=-1.5e-3,count=7u",
    "cpu\\,x,host=a usage=2 99",
  ].join("\n"),
);

function feed(parser: LineProtocolParser, chunks: Uint8Array[]): Point[] {
  const points: Point[] = [];
  for (const chunk of chunks) points.push(...parser.push(chunk));
  points.push(...parser.end());
  return points;
}

describe("LineProtocolParser streaming", () => {
  const whole = parse(body, { now });

  it("parses the sample body", () => {
    expect(whole).toHaveLength(4);
    expect(whole[0]!.fields[1]).toEqual(["desc", { type: "string", value: 'warm, "dry"\nnight' }]);
    expect(whole[2]!.timestamp).toBe(42_000_000_000n);
  });

  it("gives the same points whatever byte the body is split at", () => {
    for (let split = 0; split <= body.length; split++) {
      const parser = new LineProtocolParser({ now });
      expect(feed(parser, [body.subarray(0, split), body.subarray(split)])).toEqual(whole);
    }
  });

  it("gives the same points when fed one byte at a time", () => {
    const chunks = Array.from(body, (byte) => Uint8Array.of(byte));
    expect(feed(new LineProtocolParser({ now }), chunks)).toEqual(whole);
  });

  it("returns a line's point as soon as the chunk completing it arrives", () => {
    const parser = new LineProtocolParser({ now });
    expect(parser.push("m v=1 1\nm v=2")).toHaveLength(1);
    expect(parser.push(" 2")).toHaveLength(0);
    expect(parser.push("\nm v=3 3")).toHaveLength(1);
    expect(parser.end()).toHaveLength(1);
  });

  it("keeps UTF-8 sequences split across chunks intact", () => {
    const text = Buffer.from("m,t=ü€🚀 v=\"ü€🚀\" 1\n");
    for (let split = 0; split <= text.length; split++) {
      const parser = new LineProtocolParser();
      const [point] = feed(parser, [text.subarray(0, split), text.subarray(split)]);
      expect(point!.tags).toEqual([["t", "ü€🚀"]]);
    }
  });

  it("reports the line number of a bad line in a later chunk", () => {
    const parser = new LineProtocolParser({ now });
    parser.push("m v=1 1\nm v=2 2\n");
    parser.push("# note\nm v=3 3\nm v=");
    expect(() => parser.push("oops 4\n")).toThrow(
      expect.objectContaining({ line: 5, lineText: "m v=oops 4", reason: "invalid boolean" }),
    );
  });

  it("waits for the rest of a line before rejecting it", () => {
    const parser = new LineProtocolParser({ now });
    expect(parser.push("m v=1 1\nm v=tr")).toHaveLength(1);
    expect(parser.push("ue 2\n")).toHaveLength(1);
  });

  it("reports an unfinished last line at end()", () => {
    const parser = new LineProtocolParser({ now });
    parser.push('m v="open');
    expect(() => parser.end()).toThrow(LineProtocolError);
  });

  it("parses the next body after end() or an error, reading the server time again", () => {
    let clock = 0n;
    const parser = new LineProtocolParser({ now: () => (clock += 1_000n) });
    expect(feed(parser, [Buffer.from("m v=1\n")])[0]!.timestamp).toBe(1_000n);
    expect(() => parser.push("bad\n")).toThrow(LineProtocolError);
    const points = feed(parser, [Buffer.from("m v=1\nbad v=2 7\n")]);
    expect(points.map((p) => p.timestamp)).toEqual([2_000n, 7n]);
  });

  it("keeps its series cache across bodies, bounded by seriesCacheSize", () => {
    const parser = new LineProtocolParser({ seriesCacheSize: 3 });
    feed(parser, [Buffer.from("a v=1 1\nb v=1 1\n")]);
    expect(parser.cachedSeries).toBe(2);
    feed(parser, [Buffer.from("c v=1 1\nd v=1 1\ne v=1 1\na v=1 1\n")]);
    expect(parser.cachedSeries).toBe(3);
  });

  it("shares one series cache between parsers when given one", () => {
    const cache = new SeriesCache(10);
    const first = new LineProtocolParser({ seriesCache: cache });
    const second = new LineProtocolParser({ seriesCache: cache, precision: "s" });
    const [a] = feed(first, [Buffer.from("m,host=a v=1 1\n")]);
    const [b] = feed(second, [Buffer.from("m,host=a v=2 1\n")]);
    expect(cache.size).toBe(1);
    // The second parser found the first one's series: the same interned tags.
    expect(b!.tags).toBe(a!.tags);
    expect(b!.timestamp).toBe(1_000_000_000n);
  });

  it("rejects an unknown precision", () => {
    expect(() => new LineProtocolParser({ precision: "d" as never })).toThrow(RangeError);
  });
});

describe("PointView callback path", () => {
  it("sees the same points as push/end, and counts them", () => {
    const body = 'm,b=2,a=1 x=1.5,y=-2i,z="s",w=T,u=7u,x=2 5\nm v=1 6\n\nn,t=x s="a\\"b" 7\n';
    const parser = new LineProtocolParser();
    const seen: Point[] = [];
    const count = parser.pushTo(body.slice(0, 20), (view) => seen.push(view.toPoint()));
    const rest = parser.pushTo(body.slice(20), (view) => seen.push(view.toPoint()));
    const last = parser.endTo((view) => seen.push(view.toPoint()));
    expect(count + rest + last).toBe(3);
    expect(seen).toEqual(parse(body));
    expect(seen[0]!.fields.map(([k]) => k)).toEqual(["y", "z", "w", "u", "x"]);
  });

  it("exposes floats unboxed and other values by type", () => {
    const parser = new LineProtocolParser();
    parser.pushTo("m f=2.5,i=3i,s=\"x\",b=false 9\n", (view) => {
      expect(view.series.seriesKey).toBe("m");
      expect(view.timestamp).toBe(9n);
      expect(view.fieldCount).toBe(4);
      expect(view.fieldTypes.slice(0, 4)).toEqual(["float", "integer", "string", "boolean"]);
      expect(view.floatValues[0]).toBe(2.5);
      expect(view.otherValues.slice(1, 4)).toEqual([3n, "x", false]);
    });
  });

  it("keeps every series apart through the cache, with more fields than the view first holds", () => {
    const fields = Array.from({ length: 40 }, (_, k) => `f${k}=${k}`).join(",");
    const body = Array.from({ length: 3_000 }, (_, k) => `m,host=h${k % 1_500},dc=d${k % 7} ${fields} ${k}`).join("\n");
    const points = parse(body, { seriesCacheSize: 500 });
    points.forEach((point, k) => {
      expect(point.seriesKey).toBe(`m,dc=d${k % 7},host=h${k % 1_500}`);
      expect(point.fields).toHaveLength(40);
      expect(point.fields[39]).toEqual(["f39", { type: "float", value: 39 }]);
    });
  });
});
