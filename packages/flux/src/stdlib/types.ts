/** The `types` package (isType, isNumeric) and the array package's element conversions. */
import { type Members, builtin } from "../runtime/builtin.js";
import { type Value, array, bool } from "../values/value.js";
import { toBool, toDuration, toFloat, toInt, toStringValue, toTime, toUInt } from "./universe/convert.js";

const typeNames: Record<string, Value["kind"]> = {
  string: "string",
  bytes: "bytes",
  int: "int",
  uint: "uint",
  float: "float",
  bool: "bool",
  time: "time",
  duration: "duration",
  regexp: "regexp",
};

export const typesPackage: Members = new Map<string, Value>([
  [
    "isType",
    builtin("types.isType", (args) => {
      const v = args.values.get("v") ?? args.fail("missing required argument v");
      const type = args.string("type");
      return bool(typeNames[type] === v.kind);
    }),
  ],
  ["isNumeric", builtin("types.isNumeric", (args) => { const v = args.values.get("v"); return bool(v?.kind === "int" || v?.kind === "uint" || v?.kind === "float"); })],
]);

function converter(name: string, convert: (v: Value) => Value) {
  return [name, builtin(`array.${name}`, (args) => array(args.array("arr").map(convert)))] as const;
}

export const arrayConversions: Members = new Map<string, Value>([
  converter("toBool", toBool),
  converter("toDuration", toDuration),
  converter("toFloat", toFloat),
  converter("toInt", toInt),
  converter("toString", toStringValue),
  converter("toTime", toTime),
  converter("toUInt", toUInt),
]);
