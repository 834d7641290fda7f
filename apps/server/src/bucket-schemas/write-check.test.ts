import { LineProtocolParser, PointBatch } from "@fluxgate/line-protocol";
import { describe, expect, it } from "vitest";
import { checkColumns, checkColumnUpdate, type Column } from "./columns.js";
import { compile, firstMismatch } from "./write-check.js";

function batchOf(text: string): PointBatch {
  const parser = new LineProtocolParser({ precision: "s" });
  const batch = new PointBatch();
  const add = batch.add.bind(batch);
  parser.pushTo(text, add);
  parser.endTo(add);
  return batch;
}

const CPU: Column[] = [
  { name: "time", type: "timestamp" },
  { name: "host", type: "tag" },
  { name: "usage", type: "field", dataType: "float" },
];
const schemas = new Map([["cpu", compile(CPU)]]);

describe("firstMismatch", () => {
  it("finds the first point that does not fit in a long batch of repeated series", () => {
    const lines = Array.from({ length: 5_000 }, (_, i) => `cpu,host=h${i % 10} usage=${i} ${i}`);
    expect(firstMismatch(schemas, batchOf(lines.join("\n")))).toBeUndefined();
    lines[4_321] = `cpu,host=h1 usage=1i 4321`;
    expect(firstMismatch(schemas, batchOf(lines.join("\n")))).toBe('point 4322 (measurement "cpu"): field "usage" is integer but the schema declares float');
  });

  it("checks a field layout again under another measurement", () => {
    const both = new Map([...schemas, ["mem", compile([{ name: "time", type: "timestamp" }, { name: "free", type: "field", dataType: "integer" }])]]);
    expect(firstMismatch(both, batchOf("cpu usage=1 1\nmem usage=1 2"))).toBe('point 2 (measurement "mem"): field "usage" is not a column of the schema');
  });

  it("is undefined for an empty batch", () => {
    expect(firstMismatch(schemas, new PointBatch())).toBeUndefined();
  });
});

describe("column rules", () => {
  it("gives fields without a data type the documented default (string)", () => {
    expect(checkColumns([{ name: "time", type: "timestamp" }, { name: "v", type: "field" }])).toEqual([
      { name: "time", type: "timestamp" },
      { name: "v", type: "field", dataType: "string" },
    ]);
  });

  it("lets an update add columns in any position, and nothing else", () => {
    const added = [{ name: "region", type: "tag" as const }, ...CPU];
    expect(checkColumnUpdate(CPU, added)).toEqual(added);
    expect(() => checkColumnUpdate(CPU, CPU.map((c) => (c.name === "host" ? { name: "host", type: "field" as const, dataType: "string" as const } : c)))).toThrow(
      'column "host" is a tag and cannot become a string field',
    );
    expect(() => checkColumns([{ name: "time", type: "timestamp" }, { name: "x".repeat(129), type: "field" }])).toThrow(/longer than 128 bytes/);
  });
});
