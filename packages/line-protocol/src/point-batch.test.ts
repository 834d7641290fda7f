import { describe, expect, it } from "vitest";
import { LineProtocolParser, parse } from "./parser.js";
import { PointBatch } from "./point-batch.js";

const body = [
  'cpu,host=a usage=1.5,busy=true,name="x y",n=-3i,u=7u 10',
  "cpu,host=b usage=2.5 11",
  "cpu,host=a usage=3.5 12",
  'mem,host=a free=1i,used=2.25,note="n" 13',
  "cpu,host=b usage=4.5,busy=false 14",
].join("\n");

describe("PointBatch", () => {
  it("holds what the parser's views held, row by row", () => {
    const parser = new LineProtocolParser();
    const batch = new PointBatch();
    // Small chunks: views of several pushes land in one batch.
    for (let i = 0; i < body.length; i += 7) parser.pushTo(body.slice(i, i + 7), (view) => batch.add(view));
    parser.endTo((view) => batch.add(view));
    const points = parse(body);
    expect(batch.length).toBe(points.length);
    expect(Array.from({ length: batch.length }, (_, i) => batch.point(i))).toEqual(points);
    // Lines with the same keys and types share one layout object.
    expect(batch.layouts[1]).toBe(batch.layouts[2]);
    expect(batch.layouts[0]).not.toBe(batch.layouts[4]);
  });

  it("grows past its initial capacity and adapts Points", () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `m,k=${i % 7} a=${i}.5,b=${i}i,c=${i * 0.25} ${i}`).join("\n");
    const points = parse(lines);
    const batch = PointBatch.fromPoints(points);
    expect(batch.length).toBe(1000);
    expect(Array.from({ length: batch.length }, (_, i) => batch.point(i))).toEqual(points);
    expect(batch.fieldValue(999, 1)).toEqual({ type: "integer", value: 999n });
  });
});
