import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encode } from "./encode.js";
import { LineProtocolError } from "./errors.js";
import { LineProtocolParser, parse } from "./parser.js";
import type { Point } from "./point.js";
import { point } from "./test-support/arbitraries.js";

type Outcome = { points: Point[] } | { line: number; reason: string };

function outcome(run: () => Point[]): Outcome {
  try {
    return { points: run() };
  } catch (error) {
    // Anything but a LineProtocolError fails the property here.
    if (!(error instanceof LineProtocolError)) throw error;
    expect(error.line).toBeGreaterThanOrEqual(1);
    expect(error.message).toBe(`unable to parse '${error.lineText}': ${error.reason}`);
    return { line: error.line, reason: error.reason };
  }
}

function chunked(body: Uint8Array, split: number): Point[] {
  const parser = new LineProtocolParser({ now: () => 0n });
  const points = parser.push(body.subarray(0, split));
  return [...points, ...parser.push(body.subarray(split)), ...parser.end()];
}

const specialBytes = fc.constantFrom(...Buffer.from(',= \\"#\n\r\t0123456789.-+eEiutTfFN'), 0, 0x80, 0xc3, 0xff);

/** Valid line protocol with random byte edits: inserts, deletions and replacements. */
const mutatedBody = fc
  .tuple(
    fc.array(point("ns"), { minLength: 1, maxLength: 3 }),
    fc.array(fc.tuple(fc.constantFrom("insert", "delete", "replace"), fc.nat(), specialBytes), { minLength: 1, maxLength: 4 }),
  )
  .map(([points, edits]) => {
    const bytes = [...Buffer.from(encode(points))];
    for (const [kind, at, byte] of edits) {
      const i = at % (bytes.length + 1);
      if (kind === "insert") bytes.splice(i, 0, byte);
      else if (kind === "delete") bytes.splice(i, 1);
      else bytes[Math.min(i, bytes.length - 1)] = byte;
    }
    return Uint8Array.from(bytes);
  });

const randomBody = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.array(specialBytes, { maxLength: 64 }).map((bytes) => Uint8Array.from(bytes)),
  fc.string({ unit: "binary", maxLength: 40 }).map((s) => Buffer.from(s)),
);

describe("no input throws anything but a LineProtocolError", () => {
  it.each([
    ["random bytes", randomBody],
    ["mutated valid lines", mutatedBody],
  ])("%s, whole or split at any byte, with the same outcome", (_, body) => {
    fc.assert(
      fc.property(body, fc.nat(), (bytes, at) => {
        const whole = outcome(() => parse(bytes, { now: () => 0n }));
        const split = outcome(() => chunked(bytes, at % (bytes.length + 1)));
        expect(split).toEqual(whole);
      }),
      { numRuns: 1500 },
    );
  });
});
