/** Parameterized queries: JSON `params` (InfluxDB's `/api/v2/query` body) as Flux values. */
import { type Value, array, bool, float, int, nullValue, record, string } from "../values/value.js";

export type JSONValue = string | number | boolean | null | JSONValue[] | { [key: string]: JSONValue };

/** JSON numbers without a fraction become ints, others floats; objects become records. */
export function valueFromJSON(json: JSONValue): Value {
  if (json === null) return nullValue;
  if (typeof json === "string") return string(json);
  if (typeof json === "boolean") return bool(json);
  if (typeof json === "number") return Number.isInteger(json) ? int(BigInt(json)) : float(json);
  if (Array.isArray(json)) return array(json.map(valueFromJSON));
  return record(Object.entries(json).map(([k, v]) => [k, valueFromJSON(v)] as const));
}

export function paramsFromJSON(params: Readonly<Record<string, JSONValue>>): Map<string, Value> {
  return new Map(Object.entries(params).map(([k, v]) => [k, valueFromJSON(v)]));
}
