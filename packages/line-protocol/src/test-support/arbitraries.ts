import fc from "fast-check";
import { seriesKey } from "../escape.js";
import type { FieldValue, Point, Precision } from "../point.js";
import { maxNanoTime, minNanoTime, precisionMultiplier } from "../precision.js";

/** Characters that line protocol escapes or treats specially, plus any Unicode code point. */
const char = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(",", " ", "=", "\\", '"', "'", "#", "\r", "\t", "\0", "é", "🚀", "\uffff") },
  { weight: 3, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 4, arbitrary: fc.constantFrom("a", "b", "x", "1", "_") },
);

/** A name line protocol can carry: non-empty, no newline. */
export const name = fc.string({ unit: char, minLength: 1, maxLength: 8 }).filter((s) => !s.includes("\n"));

const measurement = name.filter((s) => !/^[#\t\0]/.test(s));

export const fieldValue: fc.Arbitrary<FieldValue> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => ({ type: "float" as const, value })),
  fc.constantFrom(0, -0, 0.1, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE).map((value) => ({
    type: "float" as const,
    value,
  })),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value) => ({ type: "integer" as const, value })),
  fc.constantFrom(-(2n ** 63n), 2n ** 63n - 1n, 0n).map((value) => ({ type: "integer" as const, value })),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((value) => ({ type: "unsigned" as const, value })),
  fc.constantFrom(0n, 2n ** 64n - 1n).map((value) => ({ type: "unsigned" as const, value })),
  fc.string({ unit: fc.oneof(char, fc.constant("\n")), maxLength: 12 }).map((value) => ({ type: "string" as const, value })),
  fc.boolean().map((value) => ({ type: "boolean" as const, value })),
);

export const precision = fc.constantFrom<Precision>("ns", "us", "ms", "s", "n", "u", "m", "h");

const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** A point as `parse` returns it, with its timestamp a whole number of `unit`s. */
export function point(unit: Precision): fc.Arbitrary<Point> {
  const multiplier = precisionMultiplier(unit);
  return fc
    .record({
      measurement,
      tags: fc.uniqueArray(fc.tuple(name, name), { maxLength: 4, selector: ([key]) => key }),
      fields: fc
        .uniqueArray(fc.tuple(name, fieldValue), { minLength: 1, maxLength: 4, selector: ([key]) => key })
        .filter((fields) => !/^[\t\0]/.test(fields[0]![0])),
      units: fc.bigInt({ min: minNanoTime / multiplier, max: maxNanoTime / multiplier }),
    })
    .map(({ measurement, tags, fields, units }) => {
      const sorted = [...tags].sort(([a], [b]) => byBytes(a, b));
      return {
        measurement,
        seriesKey: seriesKey(measurement, sorted),
        tags: sorted,
        fields,
        timestamp: units * multiplier,
      };
    });
}
