/**
 * What the builtin registry offers, for editors and static checks (`/api/v2/query/suggestions`,
 * `/api/v2/query/analyze`): the universe's names, the importable packages, and each universe
 * function's parameters with their Flux types.
 *
 * Builtins read their arguments through `Args` instead of declaring a signature, so parameters are
 * learned from the builtins themselves: each is called with a probe that answers every argument
 * lookup with a value of no kind. `Args` refuses it naming the kinds it accepts; the probe then
 * supplies an inert value of that kind and calls again, until the builtin stops asking. Streams
 * are lazy, so no table is read and nothing is written. Flux-defined functions list their
 * parameters in their function literal.
 */
import { FluxRuntimeError } from "../interpreter/errors.js";
import { packages, universe } from "../stdlib/index.js";
import { type FunctionValue, type Value, array, bool, bytes, dict, float, int, nullValue, record, regexp, string, time, uint } from "../values/value.js";
import type { Table } from "../table/types.js";
import type { RuntimeContext } from "./builtin.js";
import { FluxExecutionError } from "./errors.js";

export interface BuiltinFunction {
  name: string;
  /** Parameter name → Flux type name (`stream`, `function`, `string`, …; `any` when the builtin does not say). */
  params: Record<string, string>;
}

export interface BuiltinCatalog {
  /** Every name the universe binds (functions and constants such as `true`, `inf`). */
  prelude: string[];
  /** Import paths the runtime provides. */
  packages: string[];
  /** The universe's functions, by name. */
  functions: BuiltinFunction[];
}

// One second: builtins refuse a zero window or period before reading their later arguments.
const oneSecond = { months: 0n, nanoseconds: 1_000_000_000n, negative: false };

/** An inert value of `kind`, for builtins to accept while their arguments are learned. */
function placeholder(kind: string): Value | undefined {
  switch (kind) {
    case "int": return int(1n);
    case "uint": return uint(1n);
    case "float": return float(1);
    case "string": return string("");
    case "bool": return bool(false);
    case "time": return time(0n);
    case "duration": return { kind: "duration", value: oneSecond };
    case "regexp": return regexp("");
    case "bytes": return bytes(new Uint8Array());
    case "array": return array([]);
    case "record": return record([]);
    case "dict": return dict([]);
    case "function": return { kind: "function", name: "probe", call: () => nullValue };
    // One table without rows or columns: some transformations read arguments per table.
    case "stream": return { kind: "stream", stream: async function* () { yield emptyTable; } };
    default: return undefined;
  }
}

const emptyTable: Table = { key: { columns: [], values: [] }, columns: [], data: [], length: 0 };

// `Args` reports a value of the wrong kind as: keyword argument "x" should be of kind a or b, but got c
const wrongKind = /^keyword argument "([^"]+)" should be of kind (\w+)/;
const noKind = { kind: "probe" } as unknown as Value;

/** Calls `fn` and, when it returns a stream, drains it: some builtins read arguments only then. */
async function run(fn: FunctionValue, args: ReadonlyMap<string, Value>): Promise<void> {
  const result = fn.call(args);
  if (result.kind !== "stream") return;
  // The probe's input streams hold one empty table, so draining ends at once.
  for await (const table of result.stream()) void table;
}

/** A builtin's arguments in the order it reads them, with the kind it wants for each. */
async function probe(fn: FunctionValue): Promise<Record<string, string>> {
  const params = new Map<string, string>();
  const given = new Map<string, Value>();
  const lookups = new Map<string, Value>();
  // Answers every lookup: a learned placeholder, or the kindless probe.
  const asked = new (class extends Map<string, Value> {
    override get(name: string): Value {
      if (!params.has(name)) params.set(name, "any");
      return given.get(name) ?? noKind;
    }
  })(lookups);
  // Each round learns at most one parameter's kind; builtins take far fewer than this many.
  for (let round = 0; round < 40; round++) {
    try {
      await run(fn, asked);
      break;
    } catch (error) {
      // Raised while draining, the same refusal arrives located at the call.
      const detail = error instanceof FluxRuntimeError || error instanceof FluxExecutionError ? error.detail : "";
      const match = wrongKind.exec(detail);
      const name = match?.[1];
      const value = placeholder(match?.[2] ?? "");
      if (name === undefined || value === undefined || given.has(name)) break;
      params.set(name, match?.[2] ?? "any");
      given.set(name, value);
    }
  }
  return Object.fromEntries(params);
}

async function parameters(fn: FunctionValue): Promise<Record<string, string>> {
  if (fn.expression === undefined) return probe(fn);
  const params: Record<string, string> = {};
  for (const p of fn.expression.params) {
    const name = p.key.type === "Identifier" ? p.key.name : p.key.value;
    params[name] = p.value?.type === "PipeLiteral" ? "stream" : "any";
  }
  return params;
}

/** A context for building the universe outside a query: no data, no services, fixed `now`. */
const catalogContext: RuntimeContext = {
  now: () => 0n,
  source: undefined,
  yield: () => undefined,
  services: {},
  option: () => undefined,
  resolve: (what) => {
    throw new FluxRuntimeError(`${what} is not available while listing builtins`, undefined);
  },
};

/** The builtin registry as a catalog (see the file comment for how parameters are learned). */
export async function builtinCatalog(): Promise<BuiltinCatalog> {
  const members = universe(catalogContext);
  const functions: BuiltinFunction[] = [];
  for (const [name, value] of members) {
    if (value.kind === "function") functions.push({ name, params: await parameters(value) });
  }
  functions.sort((a, b) => a.name.localeCompare(b.name));
  return { prelude: [...members.keys()], packages: [...packages.keys()], functions };
}
