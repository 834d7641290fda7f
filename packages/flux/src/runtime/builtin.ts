/** Helpers to define stdlib functions: named arguments, lazy streams, located errors. */
import type { SourceLocation } from "../ast/nodes.js";
import { FluxRuntimeError } from "../interpreter/errors.js";
import { keyId } from "../table/table.js";
import type { Cell, ColumnMeta, Table, TableStream } from "../table/types.js";
import type { FunctionValue, StreamValue, Value } from "../values/value.js";
import { Args } from "./args.js";
import type { DataSource } from "./datasource.js";
import { FluxExecutionError, FunctionError } from "./errors.js";
import { HeldTables, evaluatingQueryMemory, tableBytes } from "./memory.js";
import { profiledOperation } from "./profiler.js";
import type { FluxServices } from "./services.js";
import { settle } from "./suspension.js";

/** What stdlib functions can see of the query running them. */
export interface RuntimeContext {
  /** The query's `now` (the `now` option when the program sets it). */
  now(): bigint;
  readonly source: DataSource | undefined;
  /** Registers a `yield`; returns the stream passed through. */
  yield(name: string, stream: StreamValue, site: SourceLocation | undefined): void;
  /** Metadata, secrets and the write path, when the embedder provides them. */
  readonly services: FluxServices;
  /** The value a program's `option <name> = …` set (e.g. `location`), if it set one. */
  option(name: string): Value | undefined;
  /**
   * The result of asynchronous `work` (reading a stream's tables, a secret) for a function that
   * must return a plain value while the program runs. Only `executeAsync` can provide it: it runs
   * the program again with the answer; `execute` reports that the query needs it.
   */
  resolve<T>(what: string, work: () => Promise<T>): T;
}

export type Members = ReadonlyMap<string, Value>;

export function builtin(name: string, impl: (args: Args) => Value, pipeParameter?: string): FunctionValue {
  const fn: FunctionValue = { kind: "function", name, call: (values, site) => impl(new Args(name, values, site)) };
  if (pipeParameter !== undefined) fn.pipeParameter = pipeParameter;
  return fn;
}

/** A function taking `tables=<-` and returning a stream. */
export function transformation(name: string, impl: (args: Args) => Value): FunctionValue {
  return builtin(name, impl, "tables");
}

/** Turns any error raised while tables flow into Flux's `runtime error @…: fn: …`. */
export function locate(error: unknown, fn: string, site: SourceLocation | undefined): unknown {
  if (error instanceof FluxExecutionError) return error;
  if (error instanceof FluxRuntimeError) return new FluxExecutionError(fn, error.detail, site);
  if (error instanceof FunctionError) return new FluxExecutionError(fn, error.message, site);
  return error;
}

/** Holds nothing: what streams of a query without a memory account are given (it keeps no state). */
const unaccounted = new HeldTables(undefined);

/**
 * A stream value whose tables come from `run`, with errors located at the call. When the query has
 * a memory account, each table is charged while it is in flight (from its yield until the consumer
 * asks for the next) and what `run` holds through `held` is charged until the stream ends.
 */
export function stream(args: Args, run: (held: HeldTables) => AsyncIterable<Table>): StreamValue {
  const { fn, site } = args;
  const memory = evaluatingQueryMemory();
  const profiled = profiledOperation(fn);
  const wrapped: TableStream = async function* () {
    const held = memory === undefined ? unaccounted : new HeldTables(memory);
    const began = profiled?.begin() ?? 0;
    try {
      if (memory === undefined) {
        yield* run(held);
        return;
      }
      for await (const table of run(held)) {
        const bytes = tableBytes(table);
        memory.charge(bytes);
        try {
          yield table;
        } finally {
          memory.release(bytes);
        }
      }
    } catch (error) {
      throw locate(error, fn, site);
    } finally {
      held.releaseAll();
      profiled?.finish(began);
    }
  };
  return { kind: "stream", stream: wrapped };
}

/** Applies `perTable` to each input table; it may return one table, several, or none. */
export function perTable(args: Args, input: TableStream, each: (table: Table) => Table | readonly Table[] | undefined): StreamValue {
  return stream(args, async function* () {
    for await (const table of input()) {
      const out = await settle(() => each(table));
      if (out === undefined) continue;
      if (Array.isArray(out)) yield* out as readonly Table[];
      else yield out as Table;
    }
  });
}

/**
 * Reads every table of a stream (for transformations that must see all input first). Pass the
 * stream's `held` so the buffered tables stay charged to the query until its output ends.
 */
export async function collect(input: TableStream, held?: HeldTables): Promise<Table[]> {
  const tables: Table[] = [];
  for await (const table of input()) {
    held?.hold(table);
    tables.push(table);
  }
  return tables;
}

export function fail(message: string): never {
  throw new FunctionError(message);
}

/**
 * Like `perTable`, for transformations that may change group keys (map, keep, drop, rename).
 * While every output table keeps its input's key, tables stream through; once one does not,
 * the rest are buffered and tables that share a key are merged into one, as Flux does.
 */
export function regroupingPerTable(args: Args, input: TableStream, each: (table: Table) => readonly Table[]): StreamValue {
  return stream(args, async function* (held) {
    let merging: Map<string, Table[]> | undefined;
    for await (const table of input()) {
      const outputs = await settle(() => each(table));
      const inputKey = keyId(table.key);
      if (merging === undefined && outputs.every((t) => keyId(t.key) === inputKey)) {
        yield* outputs;
        continue;
      }
      merging ??= new Map();
      for (const t of outputs) {
        held.hold(t);
        const id = keyId(t.key);
        const list = merging.get(id);
        if (list === undefined) merging.set(id, [t]);
        else list.push(t);
      }
    }
    if (merging !== undefined) for (const tables of merging.values()) yield concatTables(tables);
  });
}

/** Rows of tables that share a group key, in one table; columns are the union, in first-seen order. */
export function concatTables(tables: readonly Table[]): Table {
  const first = tables[0] as Table;
  if (tables.length === 1) return first;
  const columns: ColumnMeta[] = [];
  for (const t of tables) {
    for (const c of t.columns) {
      const seen = columns.find((m) => m.label === c.label);
      if (seen === undefined) columns.push(c);
      else if (seen.type !== c.type) fail(`schema collision: column "${c.label}" is both ${seen.type} and ${c.type}`);
    }
  }
  const data: Cell[][] = columns.map(() => []);
  for (const t of tables) {
    columns.forEach((c, i) => {
      const at = t.columns.findIndex((m) => m.label === c.label);
      const target = data[i] as Cell[];
      const source = at < 0 ? undefined : (t.data[at] as readonly Cell[]);
      for (let r = 0; r < t.length; r++) target.push(source?.[r] ?? null);
    });
  }
  return { key: first.key, columns, data, length: (data[0] ?? []).length };
}
