/** Type conversions: `int()`, `float()`… on values and `toInt()`, `toFloat()`… on `_value` columns; `now()`. */
import type { Args } from "../../runtime/args.js";
import { type Members, type RuntimeContext, builtin, fail } from "../../runtime/builtin.js";
import { formatFloat } from "../../table/format.js";
import { approximateNanoseconds, formatDuration, parseDuration } from "../../values/duration.js";
import { formatTime, parseTime } from "../../values/time.js";
import { type Value, bool, duration, float, int, nullValue, string, time, uint, valuesEqual } from "../../values/value.js";
import { rowFunctions } from "./rows.js";

const integerText = /^[+-]?\d+$/;

export function toInt(v: Value): Value {
  switch (v.kind) {
    case "null":
      return nullValue;
    case "int":
      return v;
    case "uint":
    case "time":
      return int(v.value);
    case "float":
      if (!Number.isFinite(v.value)) return fail(`cannot convert float ${v.value} to int`);
      return int(BigInt(Math.trunc(v.value)));
    case "bool":
      return int(v.value ? 1n : 0n);
    case "duration":
      return int(approximateNanoseconds(v.value));
    case "string":
      if (!integerText.test(v.value)) return fail(`cannot convert string "${v.value}" to int due to invalid syntax`);
      return int(BigInt(v.value));
    default:
      return fail(`cannot convert ${v.kind} to int`);
  }
}

export function toUInt(v: Value): Value {
  switch (v.kind) {
    case "null":
      return nullValue;
    case "uint":
      return v;
    case "int":
    case "time":
      return uint(v.value);
    case "float":
      return uint(BigInt(Math.trunc(v.value)));
    case "bool":
      return uint(v.value ? 1n : 0n);
    case "duration":
      return uint(approximateNanoseconds(v.value));
    case "string":
      if (!/^\+?\d+$/.test(v.value)) return fail(`cannot convert string "${v.value}" to uint due to invalid syntax`);
      return uint(BigInt(v.value));
    default:
      return fail(`cannot convert ${v.kind} to uint`);
  }
}

export function toFloat(v: Value): Value {
  switch (v.kind) {
    case "null":
      return nullValue;
    case "float":
      return v;
    case "int":
    case "uint":
      return float(Number(v.value));
    case "bool":
      return float(v.value ? 1 : 0);
    case "string": {
      const text = v.value.trim();
      const special: Record<string, number> = { "+Inf": Infinity, Inf: Infinity, "-Inf": -Infinity, NaN: Number.NaN };
      const parsed = special[text] ?? (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : undefined);
      if (parsed === undefined) return fail(`cannot convert string "${v.value}" to float due to invalid syntax`);
      return float(parsed);
    }
    default:
      return fail(`cannot convert ${v.kind} to float`);
  }
}

export function toStringValue(v: Value): Value {
  switch (v.kind) {
    case "null":
      return nullValue;
    case "string":
      return v;
    case "int":
    case "uint":
      return string(v.value.toString());
    case "float":
      return string(formatFloat(v.value));
    case "bool":
      return string(String(v.value));
    case "time":
      return string(formatTime(v.value));
    case "duration":
      return string(formatDuration(v.value));
    case "bytes":
      return string(new TextDecoder().decode(v.value));
    default:
      return fail(`cannot convert ${v.kind} to string`);
  }
}

export function toBool(v: Value): Value {
  switch (v.kind) {
    case "null":
      return nullValue;
    case "bool":
      return v;
    case "string":
      if (v.value === "true") return bool(true);
      if (v.value === "false") return bool(false);
      return fail(`cannot convert string "${v.value}" to bool`);
    case "int":
    case "uint":
      if (v.value === 0n || v.value === 1n) return bool(v.value === 1n);
      return fail(`cannot convert ${v.kind} ${v.value} to bool, must be 0 or 1`);
    case "float":
      if (v.value === 0 || v.value === 1) return bool(v.value === 1);
      return fail(`cannot convert float ${v.value} to bool, must be 0 or 1`);
    default:
      return fail(`cannot convert ${v.kind} to bool`);
  }
}

export function toTime(v: Value): Value {
  switch (v.kind) {
    case "null":
      return nullValue;
    case "time":
      return v;
    case "int":
    case "uint":
      return time(v.value);
    case "string":
      try {
        return time(parseTime(v.value));
      } catch {
        return fail(`cannot convert string "${v.value}" to time`);
      }
    default:
      return fail(`cannot convert ${v.kind} to time`);
  }
}

export function toDuration(v: Value): Value {
  switch (v.kind) {
    case "null":
      return nullValue;
    case "duration":
      return v;
    case "int":
    case "uint": {
      const negative = v.kind === "int" && v.value < 0n;
      return duration({ months: 0n, nanoseconds: negative ? -v.value : v.value, negative });
    }
    case "string":
      try {
        return duration(parseDuration(v.value));
      } catch {
        return fail(`cannot convert string "${v.value}" to duration`);
      }
    default:
      return fail(`cannot convert ${v.kind} to duration`);
  }
}

function scalar(name: string, convert: (v: Value) => Value) {
  return builtin(name, (args: Args) => {
    const v = args.values.get("v");
    if (v === undefined) return args.fail("missing required argument v");
    try {
      return convert(v);
    } catch (error) {
      if (error instanceof Error) args.fail(error.message);
      throw error;
    }
  });
}

/** `toX()` is `map(fn: (r) => ({r with _value: x(v: r._value)}))`, done on the column directly. */
function columnConversion(name: string, convert: (v: Value) => Value) {
  const map = rowFunctions.get("map");
  return builtin(
    name,
    (args) => {
      if (map?.kind !== "function") return args.fail("map is unavailable");
      const fn = builtin(`${name}.fn`, (inner) => {
        const r = inner.record("r");
        const fields = new Map(r.fields);
        fields.set("_value", convert(r.fields.get("_value") ?? nullValue));
        return { kind: "record", fields };
      });
      return map.call(new Map<string, Value>([["tables", args.stream()], ["fn", fn]]), args.site);
    },
    "tables",
  );
}

export function conversionFunctions(context: RuntimeContext): Members {
  return new Map<string, Value>([
    ["int", scalar("int", toInt)],
    ["uint", scalar("uint", toUInt)],
    ["float", scalar("float", toFloat)],
    ["string", scalar("string", toStringValue)],
    ["bool", scalar("bool", toBool)],
    ["time", scalar("time", toTime)],
    ["duration", scalar("duration", toDuration)],
    ["bytes", scalar("bytes", (v) => (v.kind === "string" ? { kind: "bytes", value: new TextEncoder().encode(v.value) } : v.kind === "bytes" ? v : fail(`cannot convert ${v.kind} to bytes`)))],
    ["toInt", columnConversion("toInt", toInt)],
    ["toUInt", columnConversion("toUInt", toUInt)],
    ["toFloat", columnConversion("toFloat", toFloat)],
    ["toString", columnConversion("toString", toStringValue)],
    ["toBool", columnConversion("toBool", toBool)],
    ["toTime", columnConversion("toTime", toTime)],
    ["now", builtin("now", () => time(context.now()))],
    ["length", builtin("length", (args) => int(BigInt(args.array("arr").length)))],
    ["contains", builtin("contains", (args) => {
      const value = args.values.get("value") ?? nullValue;
      return bool(args.array("set").some((element) => valuesEqual(element, value)));
    })],
  ]);
}
