/** The `dict` package: dictionaries are immutable, every change returns a new one. */
import { type Members, builtin } from "../runtime/builtin.js";
import { type DictValue, type Value, dictKey, nullValue } from "../values/value.js";
import type { Args } from "../runtime/args.js";

function dictArgument(args: Args): DictValue {
  const d = args.get("dict");
  if (d?.kind !== "dict") return args.fail(`keyword argument "dict" should be of kind dict, but got ${d?.kind ?? "null"}`);
  return d;
}

function keyArgument(args: Args): Value {
  return args.values.get("key") ?? args.fail("missing required argument key");
}

function withEntries(entries: Map<string, { key: Value; value: Value }>): DictValue {
  return { kind: "dict", entries };
}

export const dictPackage: Members = new Map<string, Value>([
  [
    "fromList",
    builtin("dict.fromList", (args) => {
      const entries = new Map<string, { key: Value; value: Value }>();
      for (const pair of args.array("pairs")) {
        if (pair.kind !== "record") return args.fail("pairs must be records with key and value");
        const key = pair.fields.get("key") ?? nullValue;
        entries.set(dictKey(key), { key, value: pair.fields.get("value") ?? nullValue });
      }
      return withEntries(entries);
    }),
  ],
  [
    "get",
    builtin("dict.get", (args) => {
      const found = dictArgument(args).entries.get(dictKey(keyArgument(args)));
      return found?.value ?? args.values.get("default") ?? args.fail("missing required argument default");
    }),
  ],
  [
    "insert",
    builtin("dict.insert", (args) => {
      const entries = new Map(dictArgument(args).entries);
      const key = keyArgument(args);
      entries.set(dictKey(key), { key, value: args.values.get("value") ?? nullValue });
      return withEntries(entries);
    }),
  ],
  [
    "remove",
    builtin("dict.remove", (args) => {
      const entries = new Map(dictArgument(args).entries);
      entries.delete(dictKey(keyArgument(args)));
      return withEntries(entries);
    }),
  ],
]);
