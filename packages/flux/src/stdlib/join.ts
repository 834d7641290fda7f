/**
 * The `join` package: tables of the two streams with equal group keys are joined row by row where
 * `on(l, r)` holds, and each pair becomes the record `as(l, r)`. Outer joins pair an unmatched row
 * with an empty record, whose every field reads as null.
 */
import type { Args } from "../runtime/args.js";
import { type Members, builtin, collect, fail, stream } from "../runtime/builtin.js";
import { rowRecord } from "../table/cells.js";
import { keyId } from "../table/table.js";
import type { Table } from "../table/types.js";
import { type FunctionValue, type RecordValue, type Value, record } from "../values/value.js";
import { RecordSink, typesOf } from "./universe/rows.js";

type Method = "inner" | "left" | "right" | "full";
const methods: readonly Method[] = ["inner", "left", "right", "full"];
const empty = record([]);

function joinTables(args: Args, method: Method, on: FunctionValue | "time"): Value {
  const left = args.tables("left");
  const right = args.tables("right");
  const as = args.function("as");
  return stream(args, async function* (held) {
    const lefts = await collect(left, held);
    const rights = new Map<string, Table[]>();
    for (const t of await collect(right, held)) rights.set(keyId(t.key), [...(rights.get(keyId(t.key)) ?? []), t]);
    const callArgs = new Map<string, Value>();
    const matches = (l: RecordValue, r: RecordValue): boolean => {
      if (on === "time") {
        const a = l.fields.get("_time");
        const b = r.fields.get("_time");
        return a?.kind === "time" && b?.kind === "time" && a.value === b.value;
      }
      callArgs.set("l", l);
      callArgs.set("r", r);
      const verdict = on.call(callArgs, args.site);
      return verdict.kind === "bool" && verdict.value;
    };
    const asArgs = new Map<string, Value>();
    const shape = (l: RecordValue, r: RecordValue): RecordValue => {
      asArgs.set("l", l);
      asArgs.set("r", r);
      const out = as.call(asArgs, args.site);
      if (out.kind !== "record") return fail(`as must return a record, got ${out.kind}`);
      return out;
    };
    const seenRightKeys = new Set<string>();
    const pairs: { key: Table; sink: RecordSink }[] = [];
    const joinPair = (lt: Table | undefined, rts: readonly Table[]): void => {
      const model = lt ?? (rts[0] as Table);
      const sink = new RecordSink(model.key.columns.map((c) => c.label), typesOf(model));
      const rightRows = rts.flatMap((t) => Array.from({ length: t.length }, (_, i) => rowRecord(t, i)));
      const rightMatched = new Array<boolean>(rightRows.length).fill(false);
      for (let i = 0; i < (lt?.length ?? 0); i++) {
        const l = rowRecord(lt as Table, i);
        let matched = false;
        rightRows.forEach((r, j) => {
          if (!matches(l, r)) return;
          matched = true;
          rightMatched[j] = true;
          sink.add(shape(l, r));
        });
        if (!matched && (method === "left" || method === "full")) sink.add(shape(l, empty));
      }
      if (method === "right" || method === "full") rightRows.forEach((r, j) => rightMatched[j] || sink.add(shape(empty, r)));
      pairs.push({ key: model, sink });
    };
    for (const lt of lefts) {
      const id = keyId(lt.key);
      seenRightKeys.add(id);
      joinPair(lt, rights.get(id) ?? []);
    }
    if (method === "right" || method === "full") for (const [id, rts] of rights) if (!seenRightKeys.has(id)) joinPair(undefined, rts);
    for (const { sink } of pairs) yield* sink.tables();
  });
}

function methodJoin(name: string, method: Method) {
  return builtin(`join.${name}`, (args) => joinTables(args, method, args.function("on")));
}

export const joinPackage: Members = new Map<string, Value>([
  [
    "tables",
    builtin("join.tables", (args) => {
      const method = args.string("method") as Method;
      if (!methods.includes(method)) args.fail(`method must be one of ${methods.join(", ")}, got "${method}"`);
      return joinTables(args, method, args.function("on"));
    }),
  ],
  ["inner", methodJoin("inner", "inner")],
  ["left", methodJoin("left", "left")],
  ["right", methodJoin("right", "right")],
  ["full", methodJoin("full", "full")],
  [
    "time",
    builtin("join.time", (args) => {
      const method = args.string("method", "inner") as Method;
      if (!methods.includes(method)) args.fail(`method must be one of ${methods.join(", ")}, got "${method}"`);
      return joinTables(args, method, "time");
    }),
  ],
]);
