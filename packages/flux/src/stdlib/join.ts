/**
 * The `join` package: tables of the two streams with equal group keys are joined row by row where
 * `on(l, r)` holds, and each pair becomes the record `as(l, r)`. Outer joins pair an unmatched row
 * with an empty record, whose every field reads as null.
 */
import type { Args } from "../runtime/args.js";
import { type Members, builtin, collect, fail, stream } from "../runtime/builtin.js";
import type { Expression, FunctionExpression } from "../ast/nodes.js";
import { rowRecord, valueToCell } from "../table/cells.js";
import { compareCells, keyId } from "../table/table.js";
import type { Cell, Table } from "../table/types.js";
import { type FunctionValue, type RecordValue, type Value, record } from "../values/value.js";
import { RecordSink, typesOf } from "./universe/rows.js";

type Method = "inner" | "left" | "right" | "full";
const methods: readonly Method[] = ["inner", "left", "right", "full"];
const empty = record([]);

/**
 * The column pairs `on` compares (`l.a == r.b and l.c == r.d` gives [a, b], [c, d]), or undefined when
 * its body is not that shape. Flux joins by sorting both sides on these columns and merging, so the
 * output comes in their order; the pairs let the rows be put in that order.
 */
function joinColumns(on: FunctionValue | "time"): [string, string][] | undefined {
  if (on === "time") return [["_time", "_time"]];
  const fn: FunctionExpression | undefined = on.expression;
  if (fn === undefined) return undefined;
  const [leftParam, rightParam] = fn.params.map((p) => (p.key.type === "Identifier" ? p.key.name : p.key.value));
  let body: Expression | undefined;
  if (fn.body.type === "Block") {
    const last = fn.body.body.at(-1);
    body = last?.type === "ReturnStatement" ? last.argument : undefined;
  } else body = fn.body;
  const pairs: [string, string][] = [];
  const column = (e: Expression, param: string | undefined): string | undefined => {
    if (e.type !== "MemberExpression" || e.object.type !== "Identifier" || e.object.name !== param) return undefined;
    return e.property.type === "Identifier" ? e.property.name : e.property.value;
  };
  const walk = (e: Expression | undefined): boolean => {
    if (e === undefined) return false;
    if (e.type === "ParenExpression") return walk(e.expression);
    if (e.type === "LogicalExpression") return e.operator === "and" && walk(e.left) && walk(e.right);
    if (e.type !== "BinaryExpression" || e.operator !== "==") return false;
    const l = column(e.left, leftParam) ?? column(e.right, leftParam);
    const r = column(e.right, rightParam) ?? column(e.left, rightParam);
    if (l === undefined || r === undefined) return false;
    pairs.push([l, r]);
    return true;
  };
  return walk(body) && pairs.length > 0 ? pairs : undefined;
}

function joinTables(args: Args, method: Method, on: FunctionValue | "time"): Value {
  const columns = joinColumns(on);
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
    // The join-column values of a pair: the left row's, or the right row's when there is no left one.
    const sortKey = (l: RecordValue, r: RecordValue): Cell[] =>
      (columns ?? []).map(([lc, rc]) => {
        const v = l === empty ? r.fields.get(rc) : l.fields.get(lc);
        return v === undefined ? null : valueToCell(v);
      });
    const joinPair = (lt: Table | undefined, rts: readonly Table[]): void => {
      const model = lt ?? (rts[0] as Table);
      const sink = new RecordSink(model.key.columns.map((c) => c.label), typesOf(model));
      const out: { key: Cell[]; record: RecordValue }[] = [];
      const emit = (l: RecordValue, r: RecordValue): void => {
        out.push({ key: sortKey(l, r), record: shape(l, r) });
      };
      const rightRows = rts.flatMap((t) => Array.from({ length: t.length }, (_, i) => rowRecord(t, i)));
      const rightMatched = new Array<boolean>(rightRows.length).fill(false);
      for (let i = 0; i < (lt?.length ?? 0); i++) {
        const l = rowRecord(lt as Table, i);
        let matched = false;
        rightRows.forEach((r, j) => {
          if (!matches(l, r)) return;
          matched = true;
          rightMatched[j] = true;
          emit(l, r);
        });
        if (!matched && (method === "left" || method === "full")) emit(l, empty);
      }
      if (method === "right" || method === "full") rightRows.forEach((r, j) => rightMatched[j] || emit(empty, r));
      // Stable: pairs with equal join values keep the left side's row order.
      out.sort((a, b) => {
        for (let i = 0; i < a.key.length; i++) {
          const c = compareCells(a.key[i] ?? null, b.key[i] ?? null);
          if (c !== 0) return c;
        }
        return 0;
      });
      for (const { record: r } of out) sink.add(r);
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
