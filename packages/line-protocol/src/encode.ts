import { escapeKey, escapeMeasurement, escapeStringField } from "./escape.js";
import type { FieldValue, Point, Precision } from "./point.js";
import { maxNanoTime, minNanoTime, precisionMultiplier } from "./precision.js";

const minInt64 = -(2n ** 63n);
const maxInt64 = 2n ** 63n - 1n;
const maxUint64 = 2n ** 64n - 1n;

/**
 * Line protocol for `points`, one line each, every line ending in `\n`; timestamps written in
 * `precision`. The exact inverse of `parse`: a point that line protocol cannot represent (empty
 * names, newlines in names, NaN, out-of-range numbers, a timestamp not a whole number of
 * `precision` units…) throws a RangeError rather than being written differently.
 */
export function encode(points: Iterable<Point>, precision: Precision = "ns"): string {
  const multiplier = precisionMultiplier(precision);
  let out = "";
  for (const point of points) out += encodePoint(point, multiplier) + "\n";
  return out;
}

function encodePoint(point: Point, multiplier: bigint): string {
  const { measurement } = point;
  requireName(measurement, "measurement");
  // A leading `#` would make the line a comment, leading tabs or NULs would be skipped.
  if (/^[#\t\0]/.test(measurement)) {
    throw new RangeError(`measurement ${JSON.stringify(measurement)} cannot start with '#', tab or NUL`);
  }
  let line = escapeMeasurement(measurement);
  for (const [key, value] of point.tags) {
    requireName(key, "tag key");
    requireName(value, "tag value");
    line += "," + escapeKey(key) + "=" + escapeKey(value);
  }
  if (point.fields.length === 0) throw new RangeError("a point needs at least one field");
  let separator = " ";
  for (const [key, value] of point.fields) {
    requireName(key, "field key");
    if (separator === " " && /^[\t\0]/.test(key)) {
      throw new RangeError(`first field key ${JSON.stringify(key)} cannot start with tab or NUL`);
    }
    line += separator + escapeKey(key) + "=" + encodeFieldValue(value);
    separator = ",";
  }
  return line + " " + encodeTimestamp(point.timestamp, multiplier);
}

function requireName(name: string, what: string): void {
  if (name.length === 0) throw new RangeError(`${what} cannot be empty`);
  if (name.includes("\n")) throw new RangeError(`${what} ${JSON.stringify(name)} cannot contain a newline`);
}

export function encodeFieldValue(value: FieldValue): string {
  switch (value.type) {
    case "float":
      if (!Number.isFinite(value.value)) throw new RangeError(`float ${value.value} is not supported`);
      // String(-0) is "0"; keep the sign so the value reads back identical.
      return Object.is(value.value, -0) ? "-0" : String(value.value);
    case "integer":
      if (value.value < minInt64 || value.value > maxInt64) {
        throw new RangeError(`integer ${value.value} is out of int64 range`);
      }
      return `${value.value}i`;
    case "unsigned":
      if (value.value < 0n || value.value > maxUint64) {
        throw new RangeError(`unsigned ${value.value} is out of uint64 range`);
      }
      return `${value.value}u`;
    case "string":
      return `"${escapeStringField(value.value)}"`;
    case "boolean":
      return value.value ? "true" : "false";
  }
}

function encodeTimestamp(timestamp: bigint, multiplier: bigint): string {
  if (timestamp < minNanoTime || timestamp > maxNanoTime) {
    throw new RangeError(`timestamp ${timestamp} is outside InfluxDB's time range`);
  }
  if (timestamp % multiplier !== 0n) {
    throw new RangeError(`timestamp ${timestamp} is not a whole number of ${multiplier}ns units`);
  }
  return String(timestamp / multiplier);
}
