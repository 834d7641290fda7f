/**
 * The planner's program rewrite. Every pipe chain that starts `from(bucket:) |> range(…)` is
 * scanned for the longest prefix the storage read can do by itself; that prefix becomes one call
 * of the synthetic read function, whose arguments are the prefix's own argument expressions (so
 * variables, `v.timeRangeStart` or `params.x` evaluate as before) plus the original prefix as a
 * fallback, used when a value turns out not to fit at run time (say, a tag compared with a number).
 */
import type { CallExpression, Expression, File, FunctionExpression, ObjectExpression, PipeExpression, Property, UntaggedCallExpression } from "../ast/nodes.js";
import { importName } from "../semantic/names.js";
import type { AggregateFn } from "../runtime/datasource.js";
import { type ReadPlan, type SeriesTemplate, type ValueTemplate, aggregateNames, selectors } from "./plan.js";
import { Operands, pushPredicate } from "./predicate.js";

/** The name the synthetic read function is bound to; no Flux identifier can spell it. */
export const readFunctionName = "@read";

export interface Rewritten {
  file: File;
  plans: ReadPlan[];
}

/** Names the program binds itself (they may hide universe functions, so calls to them are not planned). */
function boundNames(node: unknown, names: Set<string>): void {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const n of node) boundNames(n, names);
    return;
  }
  const n = node as { type?: unknown; id?: { name?: unknown }; params?: unknown; path?: { value?: unknown }; as?: { name?: unknown } };
  if ((n.type === "VariableAssignment" || n.type === "BuiltinStatement") && typeof n.id?.name === "string") names.add(n.id.name);
  if (n.type === "ImportDeclaration" && typeof n.path?.value === "string") names.add(importName(n.path.value, typeof n.as?.name === "string" ? n.as.name : undefined));
  if (n.type === "FunctionExpression" && Array.isArray(n.params)) {
    for (const p of n.params as Property[]) if (p.key.type === "Identifier") names.add(p.key.name);
  }
  for (const [key, value] of Object.entries(node)) if (key !== "location") boundNames(value, names);
}

function argumentsOf(call: UntaggedCallExpression): Map<string, Expression> | undefined {
  const out = new Map<string, Expression>();
  for (const object of call.arguments ?? []) {
    if (object.with !== undefined) return undefined;
    for (const p of object.properties) {
      const name = p.key.type === "Identifier" ? p.key.name : p.key.value;
      const value: Expression | null = p.value ?? (p.key.type === "Identifier" ? p.key : null);
      if (value === null) return undefined;
      out.set(name, value);
    }
  }
  return out;
}

function onlyArguments(args: Map<string, Expression>, allowed: readonly string[]): boolean {
  for (const name of args.keys()) if (!allowed.includes(name)) return false;
  return true;
}

function stringLiteral(expression: Expression | undefined): string | undefined {
  let e = expression;
  while (e?.type === "ParenExpression") e = e.expression;
  return e?.type === "StringLiteral" ? e.value : undefined;
}

function stringArray(expression: Expression | undefined): string[] | undefined {
  let e = expression;
  while (e?.type === "ParenExpression") e = e.expression;
  if (e?.type !== "ArrayExpression") return undefined;
  const out: string[] = [];
  for (const element of e.elements) {
    const s = stringLiteral(element);
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out;
}

const identifier = (name: string): Expression => ({ type: "Identifier", name });
const property = (name: string, value: Expression): Property => ({ type: "Property", key: { type: "Identifier", name }, value });

interface Link {
  call: UntaggedCallExpression;
  /** The pipe expression ending with this call. */
  node: PipeExpression;
}

/** Planning state of one chain while its calls are consumed. */
class ChainPlanner {
  readonly operands = new Operands();
  readonly extra = new Map<string, Expression>();
  readonly calls: string[] = ["from", "range"];
  series: SeriesTemplate[] = [];
  fields: number[][] = [];
  values: ValueTemplate[] = [];
  output: ReadPlan["output"] = { kind: "raw" };
  /** A filter to run after the read on what was not pushed; ends the plan. */
  residual: { fn: FunctionExpression; body: Expression } | undefined;

  constructor(private readonly callee: (call: UntaggedCallExpression) => string | undefined) {}

  /** Consumes `links` from `at` while they push down; returns how many were taken. */
  take(links: readonly Link[]): number {
    let taken = 0;
    let pivoted = false;
    while (taken < links.length && this.residual === undefined) {
      const link = links[taken] as Link;
      const name = this.callee(link.call);
      const args = argumentsOf(link.call);
      if (name === undefined || args === undefined) break;
      const phase = this.output.kind;
      if (name === "filter" && (phase === "raw" || phase === "pivot") && onlyArguments(args, ["fn"])) {
        const fn = args.get("fn");
        if (fn?.type !== "FunctionExpression") break;
        const pushed = pushPredicate(fn, this.operands, pivoted);
        if (pushed === undefined) break;
        if (pushed.series !== undefined) this.series.push(pushed.series);
        this.fields.push(...pushed.fields);
        if (pushed.values !== undefined) this.values.push(pushed.values);
        if (pushed.residual !== undefined) this.residual = { fn, body: pushed.residual };
        this.calls.push("filter");
        taken++;
        continue;
      }
      if (phase !== "raw") break;
      if (name === "aggregateWindow" && onlyArguments(args, ["every", "fn", "createEmpty", "offset"])) {
        const fn = this.aggregate(args.get("fn"));
        if (fn === undefined || !args.has("every")) break;
        this.output = { kind: "aggregateWindow", fn };
        this.pass(args, ["every", "offset", "createEmpty"]);
        this.calls.push(`aggregateWindow(fn: ${fn})`);
        taken++;
        continue;
      }
      if (name === "window" && onlyArguments(args, ["every", "offset"]) && args.has("every") && taken + 1 < links.length) {
        const next = links[taken + 1] as Link;
        const fn = this.callee(next.call);
        const nextArgs = argumentsOf(next.call);
        if (fn === undefined || !aggregateNames.has(fn) || nextArgs === undefined || nextArgs.size > 0) break;
        this.output = { kind: "windowAggregate", fn: fn as AggregateFn };
        this.pass(args, ["every", "offset"]);
        this.calls.push("window", fn);
        taken += 2;
        continue;
      }
      if (aggregateNames.has(name) && args.size === 0) {
        this.output = { kind: "aggregate", fn: name as AggregateFn };
        this.calls.push(name);
        taken++;
        continue;
      }
      if (name === "pivot" && onlyArguments(args, ["rowKey", "columnKey", "valueColumn"])) {
        const rowKey = stringArray(args.get("rowKey"));
        const columnKey = stringArray(args.get("columnKey"));
        if (rowKey?.join() !== "_time" || columnKey?.join() !== "_field" || stringLiteral(args.get("valueColumn")) !== "_value") break;
        this.output = { kind: "pivot" };
        pivoted = true;
        this.calls.push("pivot");
        taken++;
        continue;
      }
      if (name === "limit" && onlyArguments(args, ["n"]) && args.has("n")) {
        this.output = { kind: "limit" };
        this.pass(args, ["n"]);
        this.calls.push("limit");
        taken++;
        continue;
      }
      break;
    }
    return taken;
  }

  private aggregate(expression: Expression | undefined): AggregateFn | undefined {
    if (expression?.type !== "Identifier") return undefined;
    const name = this.callee({ callee: expression });
    return name !== undefined && aggregateNames.has(name) ? (name as AggregateFn) : undefined;
  }

  private pass(args: Map<string, Expression>, names: readonly string[]): void {
    for (const name of names) {
      const value = args.get(name);
      if (value !== undefined) this.extra.set(name, value);
    }
  }

  plan(): ReadPlan {
    const plan: ReadPlan = { calls: this.calls, output: this.output };
    if (this.series.length > 0) plan.series = this.series.length === 1 ? (this.series[0] as SeriesTemplate) : { kind: "and", operands: this.series };
    if (this.fields.length > 0) plan.fields = this.fields;
    if (this.values.length > 0) plan.values = this.values.length === 1 ? (this.values[0] as ValueTemplate) : { kind: "and", operands: this.values };
    return plan;
  }
}

/** Rewrites every plannable chain of `file`; `extraBound` are names bound elsewhere (the extern). */
export function rewriteProgram(file: File, extern: File | undefined): Rewritten {
  const bound = new Set<string>();
  boundNames(file, bound);
  if (extern !== undefined) boundNames(extern, bound);
  const plans: ReadPlan[] = [];
  /** The universe function a call names, unless the program rebinds that name. */
  const callee = (call: UntaggedCallExpression): string | undefined => {
    const c = call.callee;
    return c.type === "Identifier" && !bound.has(c.name) ? c.name : undefined;
  };

  const planChain = (pipe: PipeExpression): Expression | undefined => {
    const links: Link[] = [];
    let head: Expression = pipe;
    while (head.type === "PipeExpression") {
      links.unshift({ call: head.call, node: head });
      head = head.argument;
    }
    if (head.type !== "CallExpression" || callee(head) !== "from") return undefined;
    const fromArgs = argumentsOf(head);
    if (fromArgs === undefined || !onlyArguments(fromArgs, ["bucket", "bucketID"])) return undefined;
    const range = links[0];
    const rangeArgs = range === undefined ? undefined : argumentsOf(range.call);
    if (range === undefined || callee(range.call) !== "range" || rangeArgs === undefined || !onlyArguments(rangeArgs, ["start", "stop"])) return undefined;
    const planner = new ChainPlanner(callee);
    const taken = planner.take(links.slice(1));
    if (taken === 0 && planner.residual === undefined) return undefined;
    const last = links[taken] as Link;
    const valueArguments: Property[] = [
      ...planner.operands.expressions.map((e, i) => property(`o${i}`, rewrite(e) as Expression)),
      ...[...planner.extra].map(([name, e]) => property(name, rewrite(e) as Expression)),
    ];
    plans.push(planner.plan());
    const properties: Property[] = [
      property("plan", { type: "IntegerLiteral", value: String(plans.length - 1) }),
      property("source", range.node),
      property("fallback", last.node),
      ...valueArguments,
    ];
    const argumentsRecord: ObjectExpression = { type: "ObjectExpression", properties };
    const read: CallExpression = { type: "CallExpression", callee: identifier(readFunctionName), arguments: [argumentsRecord] };
    if (last.node.location !== undefined) read.location = last.node.location;
    let result: Expression = read;
    if (planner.residual !== undefined) {
      const { fn, body } = planner.residual;
      const residualFn: FunctionExpression = { ...fn, body };
      const call: UntaggedCallExpression = { callee: identifier("filter"), arguments: [{ type: "ObjectExpression", properties: [property("fn", residualFn)] }] };
      if (last.call.location !== undefined) call.location = last.call.location;
      result = { type: "PipeExpression", argument: result, call, ...(last.node.location ? { location: last.node.location } : {}) };
    }
    for (const link of links.slice(taken + 1)) {
      result = { ...link.node, argument: result, call: rewrite(link.call) as UntaggedCallExpression };
    }
    return result;
  };

  const rewrite = (node: unknown): unknown => {
    if (node === null || typeof node !== "object") return node;
    if (Array.isArray(node)) return node.map(rewrite);
    if ((node as { type?: unknown }).type === "PipeExpression") {
      const planned = planChain(node as PipeExpression);
      if (planned !== undefined) return planned;
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = key === "location" ? value : rewrite(value);
    return out;
  };

  return { file: rewrite(file) as File, plans };
}

export { selectors };
