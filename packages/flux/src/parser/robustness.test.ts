/**
 * Whatever a client sends, parsing must return — never throw, never hang — and every location
 * it reports must point at the text it claims to cover.
 */
import { describe, expect, it } from "vitest";
import type { SourceLocation } from "../ast/nodes.js";
import { astToJSON, parse, queryASTErrors } from "../index.js";
import { corpus } from "../test-support/corpus.js";

/** A small deterministic generator, so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const fragments = ["(", ")", "[", "]", "{", "}", ",", ":", "|>", "<-", "=>", '"', "${", "/", "//", "\n", "@", "µ", "1h", ".5", "with", "if", "else", "é", "\\"];

function mutate(source: string, next: () => number): string {
  let text = source;
  const edits = 1 + Math.floor(next() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (text.length + 1));
    const choice = next();
    if (choice < 0.4) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 5));
    else text = text.slice(0, at) + (fragments[Math.floor(next() * fragments.length)] ?? "") + text.slice(at);
  }
  return text;
}

function offsetOf(source: string, lineStarts: readonly number[], line: number, column: number): number {
  let offset = lineStarts[line - 1] ?? source.length;
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

describe("parsing damaged programs", () => {
  it("returns a tree with truthful locations for 1,500 mutated programs", () => {
    const next = random(20261122);
    const programs = Object.values(corpus);
    for (let i = 0; i < 1500; i++) {
      const source = mutate(programs[i % programs.length] ?? "", next);
      const result = parse(source);
      const lineStarts = [0];
      for (let at = source.indexOf("\n"); at !== -1; at = source.indexOf("\n", at + 1)) lineStarts.push(at + 1);
      for (const location of locations(result.package)) {
        if (location.start.line === 0) continue;
        const start = offsetOf(source, lineStarts, location.start.line, location.start.column);
        const text = source.slice(start, offsetOf(source, lineStarts, location.end.line, location.end.column));
        // Only reach for expect on a mismatch: thousands of passing assertions are slow.
        if ((location.source ?? "") !== text) expect(location.source ?? "", `program ${i}: ${JSON.stringify(source)}`).toBe(text);
      }
      expect(() => astToJSON(result.package)).not.toThrow();
      expect(() => queryASTErrors(result.package)).not.toThrow();
    }
  });

  it("refuses absurd nesting with Flux's message instead of overflowing the stack", () => {
    const deepParens = parse(`x = ${"(".repeat(10000)}1${")".repeat(10000)}`);
    expect(deepParens.errors.map((e) => e.message)).toEqual(["Program is nested to deep"]);
    expect(deepParens.errors[0]?.formatted).toBe("error @1:1-1:20006: Program is nested to deep");
    const longPipe = parse(`x = a${" |> b()".repeat(1200)}`);
    expect(longPipe.errors[0]?.message).toBe("Program is nested to deep");
  });

  it("accepts nesting real queries use", () => {
    expect(parse(`x = ${"(".repeat(200)}1${")".repeat(200)}`).errors).toEqual([]);
    expect(parse(`x = a${" |> b()".repeat(900)}`).errors).toEqual([]);
  });
});
