/**
 * Running a Flux program: parse, resolve names, compile every statement once, run them in order.
 * Streams stay lazy; each `yield` (or the implicit `_result` of a bare stream expression) becomes a
 * result whose tables are produced only when the caller iterates them.
 */
import type { ExpressionStatement, File, Package, SourceLocation, Statement } from "../ast/nodes.js";
import { parse } from "../parse.js";
import { compileExpression, compileStatement } from "../interpreter/compile.js";
import { FluxRuntimeError } from "../interpreter/errors.js";
import { CompileScope, newFrame } from "../interpreter/scope.js";
import { importName, resolveNames } from "../semantic/index.js";
import { packages, universe } from "../stdlib/index.js";
import type { Table } from "../table/types.js";
import { type StreamValue, type Value, record } from "../values/value.js";
import type { RuntimeContext } from "./builtin.js";
import type { DataSource } from "./datasource.js";
import { FluxCompileError } from "./errors.js";
import { type ReadObserver, type ReadPlan, type Rewritten, readFunction, readFunctionName, rewriteProgram } from "../planner/index.js";
import type { FluxServices } from "./services.js";
import { Suspension, answerWhileFlowing } from "./suspension.js";
import { QueryMemory, withQueryMemory } from "./memory.js";
import { QueryProfile, withQueryProfile } from "./profiler.js";

export interface ExecuteOptions {
  /** The query's `now` in ns since the epoch; defaults to the current time. */
  now?: bigint;
  /** Where `from()` reads. */
  source?: DataSource;
  /** The `params` record of a parameterized query (`params.x` in the source). */
  params?: ReadonlyMap<string, Value>;
  /**
   * Flux source run before the query in the same scope, like InfluxDB's `extern`: options and
   * variables it defines (e.g. `option v = {timeRangeStart: -1h, …}`) are visible to the query.
   */
  extern?: string;
  /** Metadata, secrets and the write path for schema functions, `buckets()`, `secrets.get`, `to()`. */
  services?: FluxServices;
  /** Push the leading `from |> range |> filter |> …` of each pipeline into one storage read (default true). */
  planner?: boolean;
  /** Told about every pushed-down read request as it is sent. */
  onRead?: ReadObserver;
  /**
   * The query's memory account (`--query-memory-bytes` and the shared budget): tables the query
   * holds are charged to it, and it fails with Flux's `memory allocation limit reached` beyond its
   * limit. The caller closes it when the query ends. Without it, nothing is counted.
   */
  memory?: QueryMemory;
  /** How long the query waited for a slot before it ran (ms; the `query` profiler's QueueDuration). */
  queuedMs?: number;
}

export interface QueryResult {
  name: string;
  /** The result's tables, computed as they are iterated. Iterate each result at most once at a time. */
  tables: AsyncIterable<Table>;
}

export interface Execution {
  /** Results in the order the program yields them. */
  results: QueryResult[];
  /** The pushed-down reads the planner made of the program, in source order. */
  plans: readonly ReadPlan[];
}

function locationText(location: SourceLocation | undefined): string {
  return location === undefined ? "" : ` @${location.start.line}:${location.start.column}-${location.end.line}:${location.end.column}`;
}

/**
 * Compiles and runs `source`. Throws FluxCompileError (parse, names, arguments, evaluation
 * before any table is read) synchronously; errors while tables flow surface when iterating a
 * result, as FluxExecutionError.
 */
export function execute(source: string, options: ExecuteOptions = {}): Execution {
  try {
    return run(prepare(source, options), options, []);
  } catch (error) {
    if (error instanceof Suspension) throw new FluxCompileError(`${error.what} needs asynchronous execution: run the query with executeAsync`);
    throw error;
  }
}

const maxSuspensions = 10_000;

/**
 * Like `execute`, and functions that turn tables or secrets into plain values while the program
 * runs (findRecord, getColumn, secrets.get…) work too. The program is deterministic for a fixed
 * `now`, so each time a function needs an answer the run stops, the answer is awaited, and the
 * program runs again from the start with the answers so far, handed out in the order asked.
 */
export async function executeAsync(source: string, options: ExecuteOptions = {}): Promise<Execution> {
  const fixed: ExecuteOptions = { ...options, now: options.now ?? BigInt(Date.now()) * 1_000_000n };
  const answers: unknown[] = [];
  const program = prepare(source, fixed);
  for (;;) {
    try {
      return run(program, fixed, answers);
    } catch (error) {
      if (!(error instanceof Suspension)) throw error;
      if (answers.length >= maxSuspensions) throw new FluxCompileError(`${error.what}: too many values read while the program runs`);
      answers.push(await error.work());
    }
  }
}

/** The program as parsed and planned: the same on every run of an `executeAsync`, so made once. */
interface Program {
  parsed: Package;
  externFile: File | undefined;
  planned: Rewritten | undefined;
  file: File;
  /** When compiling began, and how long planning took (ms, for the `query` profiler). */
  started: number;
  planMs: number;
  /** The name `profiler.enabledProfilers` is set under, when the program imports `profiler`. */
  profilersOption: string | undefined;
}

function prepare(source: string, options: ExecuteOptions): Program {
  const started = performance.now();
  const parsed = parse(source);
  const firstParseError = parsed.errors[0];
  if (firstParseError !== undefined) throw new FluxCompileError(firstParseError.formatted);
  const parsedFile = parsed.package.files[0] as File;
  const externFile = options.extern === undefined ? undefined : parseExtern(options.extern);
  const planning = performance.now();
  const planned = options.planner === false ? undefined : rewriteProgram(parsedFile, externFile);
  const planMs = performance.now() - planning;
  const file = planned?.file ?? parsedFile;
  return { parsed: parsed.package, externFile, planned, file, started, planMs, profilersOption: profilerOption([externFile, file]) };
}

function run(program: Program, options: ExecuteOptions, answers: readonly unknown[]): Execution {
  const profile = new QueryProfile(program.started);
  // A query that may turn the profiler on is counted even without a memory limit, so that the
  // `query` profiler's MaxAllocated and TotalAllocated are real (an unlimited account never fails).
  const counted = options.memory === undefined && program.profilersOption !== undefined ? { ...options, memory: new QueryMemory() } : options;
  return withQueryMemory(counted.memory, () => withQueryProfile(profile, () => evaluate(program, counted, answers, profile)));
}

/** The name `profiler.enabledProfilers` is set under: the `profiler` package as imported. */
function profilerOption(files: readonly (File | undefined)[]): string | undefined {
  for (const file of files) {
    const imp = file?.imports.find((i) => i.path.value === "profiler");
    if (imp !== undefined) return `${importName("profiler", imp.as?.name)}.enabledProfilers`;
  }
  return undefined;
}

function evaluate({ parsed, externFile, planned, file, planMs, profilersOption }: Program, options: ExecuteOptions, answers: readonly unknown[], profile: QueryProfile): Execution {
  profile.planMs = planMs;
  profile.queuedMs = options.queuedMs ?? 0;

  const results: { name: string; stream: StreamValue; site: SourceLocation | undefined }[] = [];
  let nowValue = options.now ?? BigInt(Date.now()) * 1_000_000n;
  let nowFn: Value | undefined;
  let answered = 0;
  let running = true;
  const optionValues = new Map<string, Value>();
  const context: RuntimeContext = {
    now: () => {
      if (nowFn?.kind === "function") {
        const v = nowFn.call(new Map());
        if (v.kind === "time") nowValue = v.value;
        nowFn = undefined;
      }
      return nowValue;
    },
    source: options.source,
    yield: (name, stream, site) => {
      if (results.some((r) => r.name === name)) throw new FluxRuntimeError(`multiple yields with the same name "${name}"`, site);
      results.push({ name, stream, site });
    },
    services: options.services ?? {},
    option: (name) => optionValues.get(name),
    resolve: <T>(what: string, work: () => Promise<T>): T => {
      if (!running) return answerWhileFlowing(what, work);
      if (answered < answers.length) return answers[answered++] as T;
      throw new Suspension(what, work);
    },
  };

  const prelude = universe(context);
  const constants = new Map<string, Value>(prelude);
  if (planned !== undefined) constants.set(readFunctionName, readFunction(context, planned.plans, options.onRead));
  if (options.params !== undefined) constants.set("params", record(options.params));
  for (const imp of [...(externFile?.imports ?? []), ...file.imports]) {
    const path = imp.path.value;
    const make = packages.get(path);
    if (make === undefined) continue;
    constants.set(importName(path, imp.as?.name), record(make(context)));
  }
  const known = new Set(prelude.keys());
  if (options.params !== undefined) known.add("params");
  for (const statement of externFile?.body ?? []) {
    if (statement.type === "VariableAssignment") known.add(statement.id.name);
    if (statement.type === "OptionStatement" && statement.assignment.type === "VariableAssignment") known.add(statement.assignment.id.name);
  }
  for (const imp of externFile?.imports ?? []) known.add(importName(imp.path.value, imp.as?.name));
  const nameErrors = resolveNames(parsed, { prelude: known, packageExists: (path) => packages.has(path) });
  const firstNameError = nameErrors[0];
  if (firstNameError !== undefined) throw new FluxCompileError(firstNameError.formatted);

  try {
    runStatements([...(externFile?.body ?? []), ...file.body], constants, (statement, value) => {
      if (value.kind !== "stream" || results.some((r) => r.stream === value)) return;
      context.yield("_result", value, statement.location);
    }, (name, value) => {
      optionValues.set(name, value);
      if (name === "now") nowFn = value;
      if (name === profilersOption) profile.enable(value.kind === "array" ? value.elements.flatMap((e) => (e.kind === "string" ? [e.value] : [])) : []);
    });
  } catch (error) {
    if (error instanceof FluxRuntimeError) throw new FluxCompileError(error.message);
    throw error;
  }
  running = false;
  profile.compiled = performance.now();
  const plans = planned?.plans ?? [];
  const out: QueryResult[] = results.map((r) => ({ name: r.name, tables: { [Symbol.asyncIterator]: () => r.stream.stream()[Symbol.asyncIterator]() } }));
  if (profile.enabled.length > 0) {
    // Made when read, after the results before it have been read to their end.
    const plan = plans.map((p) => `storage read: ${p.calls.join(" |> ")}`).join("\n");
    const memory = options.memory;
    out.push({ name: "_profiler", tables: (async function* () { yield* profile.tables(memory, plan); })() });
  }
  return { results: out, plans };
}

function parseExtern(text: string): File {
  const parsed = parse(text, "extern");
  const first = parsed.errors[0];
  if (first !== undefined) throw new FluxCompileError(first.formatted);
  return parsed.package.files[0] as File;
}

function runStatements(
  body: readonly Statement[],
  constants: ReadonlyMap<string, Value>,
  onExpression: (statement: ExpressionStatement, value: Value) => void,
  onOption: (name: string, value: Value) => void,
): void {
  const scope = CompileScope.root(constants).child();
  const steps = body.map((statement) => {
    if (statement.type === "ExpressionStatement") {
      const expression = compileExpression(statement.expression, scope);
      return (frame: ReturnType<typeof newFrame>) => onExpression(statement, expression(frame));
    }
    const step = compileStatement(statement, scope);
    const option = statement.type === "OptionStatement" ? optionName(statement.assignment) : undefined;
    const slot = scope.frameSize - 1;
    return (frame: ReturnType<typeof newFrame>) => {
      step(frame);
      if (option === undefined) return;
      // `option pkg.name = v` rebinds the package: its new record holds the value.
      const value = frame.slots[slot] as Value;
      onOption(option.name, option.member === undefined ? value : value.kind === "record" ? (value.fields.get(option.member) ?? value) : value);
    };
  });
  const frame = newFrame(scope.frameSize, undefined);
  for (const step of steps) step(frame);
}

/** An option's name as reported: `name`, or `pkg.name` for a package's option. */
function optionName(assignment: Extract<Statement, { type: "OptionStatement" }>["assignment"]): { name: string; member?: string } | undefined {
  if (assignment.type === "VariableAssignment") return { name: assignment.id.name };
  const { object, property } = assignment.member;
  if (object.type !== "Identifier") return undefined;
  const member = property.type === "Identifier" ? property.name : property.value;
  return { name: `${object.name}.${member}`, member };
}

export { locationText };
