/**
 * Flux's `profiler` package: `option profiler.enabledProfilers = ["query", "operator"]` adds a
 * result named `_profiler` after the query's own, with a table per enabled profiler (in the order
 * the option lists them), as InfluxDB's Flux does:
 * - `query`: the whole query's durations (ns) and memory, keyed `_measurement: "profiler/query"`;
 * - `operator`: a row per operation (Type: the function, Label: the function numbered in call order,
 *   as `filter2`), each span running from the operation's first table request to its end, keyed
 *   `_measurement: "profiler/operator"`.
 * The `influx` CLI's `--profilers` flag sets the option through the request's `extern`.
 */
import type { Table } from "../table/types.js";
import type { QueryMemory } from "./memory.js";

const profilerNames: readonly string[] = ["query", "operator"];

const nsPerMs = 1_000_000;
const ns = (ms: number): bigint => BigInt(Math.max(0, Math.round(ms * nsPerMs)));

interface OperatorSpans {
  type: string;
  label: string;
  count: number;
  min: number;
  max: number;
  sum: number;
}

/** One operation of a profiled query: `finish` closes a span that began at `begin`. */
export interface ProfiledOperation {
  begin(): number;
  finish(began: number): void;
}

/** What one query's profilers collect; made per run of the program (see execute.ts). */
export class QueryProfile {
  #created = 0;
  readonly #operators = new Map<string, OperatorSpans>();
  /** Timings in ms on the performance clock, filled in by the executor. */
  readonly started: number;
  compiled = 0;
  planMs = 0;
  queuedMs = 0;

  constructor(started: number) {
    this.started = started;
  }

  /** The profilers asked for, known ones only, each once, in the option's order. */
  enabled: readonly string[] = [];

  /**
   * Called when `profiler.enabledProfilers` is set: unknown names are skipped (as Flux skips them),
   * and from then on operations are timed if `operator` is among them.
   */
  enable(names: readonly string[]): void {
    this.enabled = [...new Set(names)].filter((name) => profilerNames.includes(name));
  }

  /** An operation about to be created (a function returning tables), or undefined when not profiled. */
  operation(fn: string): ProfiledOperation | undefined {
    if (!this.enabled.includes("operator")) return undefined;
    const label = `${fn}${this.#created++}`;
    return {
      begin: () => performance.now(),
      finish: (began) => {
        const took = Math.round((performance.now() - began) * nsPerMs);
        let spans = this.#operators.get(label);
        if (spans === undefined) {
          spans = { type: fn, label, count: 0, min: took, max: took, sum: 0 };
          this.#operators.set(label, spans);
        }
        spans.count++;
        spans.min = Math.min(spans.min, took);
        spans.max = Math.max(spans.max, took);
        spans.sum += took;
      },
    };
  }

  /** The `_profiler` result's tables, one per enabled profiler. */
  tables(memory: QueryMemory | undefined, plan: string): Table[] {
    return this.enabled.map((name) => (name === "query" ? this.#queryTable(memory, plan) : this.#operatorTable()));
  }

  #queryTable(memory: QueryMemory | undefined, plan: string): Table {
    const now = performance.now();
    const compile = this.compiled - this.started;
    const cells: [string, "int" | "string", bigint | string][] = [
      ["_measurement", "string", "profiler/query"],
      ["TotalDuration", "int", ns(now - this.started + this.queuedMs)],
      ["CompileDuration", "int", ns(compile)],
      ["QueueDuration", "int", ns(this.queuedMs)],
      ["PlanDuration", "int", ns(this.planMs)],
      ["RequeueDuration", "int", 0n],
      ["ExecuteDuration", "int", ns(now - this.compiled)],
      // One JavaScript thread runs a query's operations.
      ["Concurrency", "int", 1n],
      ["MaxAllocated", "int", BigInt(memory?.maxAllocated ?? 0)],
      ["TotalAllocated", "int", BigInt(memory?.totalAllocated ?? 0)],
      ["RuntimeErrors", "string", ""],
      ["flux/query-plan", "string", plan],
    ];
    return {
      key: { columns: [{ label: "_measurement", type: "string" }], values: ["profiler/query"] },
      columns: cells.map(([label, type]) => ({ label, type })),
      data: cells.map(([, , value]) => [value]),
      length: 1,
    };
  }

  #operatorTable(): Table {
    const rows = [...this.#operators.values()];
    const column = <T>(pick: (spans: OperatorSpans) => T): T[] => rows.map(pick);
    return {
      key: { columns: [{ label: "_measurement", type: "string" }], values: ["profiler/operator"] },
      columns: [
        { label: "_measurement", type: "string" },
        { label: "Type", type: "string" },
        { label: "Label", type: "string" },
        { label: "Count", type: "int" },
        { label: "MinDuration", type: "int" },
        { label: "MaxDuration", type: "int" },
        { label: "DurationSum", type: "int" },
        { label: "MeanDuration", type: "float" },
      ],
      data: [
        column(() => "profiler/operator"),
        column((s) => s.type),
        column((s) => s.label),
        column((s) => BigInt(s.count)),
        column((s) => BigInt(s.min)),
        column((s) => BigInt(s.max)),
        column((s) => BigInt(s.sum)),
        column((s) => s.sum / s.count),
      ],
      length: rows.length,
    };
  }
}

let evaluating: QueryProfile | undefined;

/** Runs `evaluate` with `profile` as the one operations register with. */
export function withQueryProfile<T>(profile: QueryProfile, evaluate: () => T): T {
  const outer = evaluating;
  evaluating = profile;
  try {
    return evaluate();
  } finally {
    evaluating = outer;
  }
}

/** The operation profile of a function being called now, if the operator profiler is on. */
export function profiledOperation(fn: string): ProfiledOperation | undefined {
  return evaluating?.operation(fn);
}
