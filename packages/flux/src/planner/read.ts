/**
 * The synthetic read function the rewritten program calls. It turns the plan's templates and the
 * evaluated arguments into one SourceReadRequest and builds, from the batches, exactly the tables
 * the replaced transformations would have produced (same columns, order, group keys). When an
 * argument's value does not fit the plan (a tag compared with a number, a calendar `every`…), it
 * returns the original pipeline, which then runs unchanged.
 */
import type { Args } from "../runtime/args.js";
import { type RuntimeContext, builtin, fail, stream } from "../runtime/builtin.js";
import type { AggregateFn, BatchValues, SeriesBatch, SeriesPredicate, SourceReadRequest, ValueLiteral, ValuePredicate } from "../runtime/datasource.js";
import { batchesToTables, rangedReads } from "../stdlib/universe/source.js";
import { constantColumn } from "../table/table.js";
import type { Cell, ColumnMeta, ColumnType, Table } from "../table/types.js";
import type { Value } from "../values/value.js";
import { isUTC, locationOf } from "../stdlib/date.js";
import { cellsOf, pivotBatches, timesOf } from "./pivot.js";
import { type ReadPlan, type SeriesTemplate, type ValueTemplate, selectors } from "./plan.js";
import { readFunctionName } from "./rewrite.js";
import { columnTypeOf } from "../runtime/datasource.js";

/** Thrown while building a request when a value does not fit; the original pipeline runs instead. */
class DoesNotFit {}

function slotValue(args: Args, slot: number): Value {
  return args.values.get(`o${slot}`) ?? { kind: "null" };
}

function seriesPredicate(template: SeriesTemplate, args: Args): SeriesPredicate {
  switch (template.kind) {
    case "and":
    case "or":
      return { kind: template.kind, operands: template.operands.map((t) => seriesPredicate(t, args)) };
    case "not":
      return { kind: "not", operand: seriesPredicate(template.operand, args) };
    case "has":
      return { kind: "not", operand: { kind: "tag", key: template.key, match: { op: "=", value: "" } } };
    case "measurement":
    case "tag": {
      const value = slotValue(args, template.slot);
      const regex = template.op === "=~" || template.op === "!~";
      if (regex ? value.kind !== "regexp" : value.kind !== "string") throw new DoesNotFit();
      const text = (value as { value: string }).value;
      const match = template.op === "=~" || template.op === "!~" ? { op: template.op, pattern: text } : { op: template.op, value: text };
      return template.kind === "measurement" ? { kind: "measurement", match } : { kind: "tag", key: template.key, match };
    }
  }
}

function literal(value: Value): ValueLiteral {
  switch (value.kind) {
    case "float":
    case "string":
    case "bool":
    case "int":
    case "uint":
      return value.value;
    default:
      throw new DoesNotFit();
  }
}

function valuePredicate(template: ValueTemplate, args: Args): ValuePredicate {
  if (template.kind !== "compare") return { kind: template.kind, operands: template.operands.map((t) => valuePredicate(t, args)) };
  const out: ValuePredicate = { kind: "compare", op: template.op, value: literal(slotValue(args, template.slot)) };
  if (template.field !== undefined) out.field = template.field;
  return out;
}

function fieldNames(lists: readonly number[][], args: Args): string[] {
  let result: string[] | undefined;
  for (const list of lists) {
    const names = list.map((slot) => {
      const v = slotValue(args, slot);
      if (v.kind !== "string") throw new DoesNotFit();
      return v.value;
    });
    result = result === undefined ? [...new Set(names)] : result.filter((n) => names.includes(n));
  }
  return result ?? [];
}

/** Whether a value template tests `_value` ("value") and/or named field columns ("field"). */
function compareKinds(template: ValueTemplate, into = new Set<"value" | "field">()): Set<"value" | "field"> {
  if (template.kind === "compare") into.add(template.field === undefined ? "value" : "field");
  else for (const t of template.operands) compareKinds(t, into);
  return into;
}

/** A fixed (not calendar) positive duration in ns. */
function fixedDuration(value: Value | undefined, positive: boolean): bigint | undefined {
  if (value === undefined || value.kind === "null") return undefined;
  if (value.kind !== "duration" || value.value.months !== 0n) throw new DoesNotFit();
  const ns = value.value.negative ? -value.value.nanoseconds : value.value.nanoseconds;
  if (positive && ns <= 0n) throw new DoesNotFit();
  return ns;
}

/** The request minus bucket and bounds, or undefined when the original pipeline must run. */
function requestShape(plan: ReadPlan, args: Args, context: RuntimeContext): Omit<SourceReadRequest, "bucket" | "start" | "stop"> | undefined {
  try {
    const shape: Omit<SourceReadRequest, "bucket" | "start" | "stop"> = {};
    if (plan.series !== undefined) shape.series = seriesPredicate(plan.series, args);
    if (plan.fields !== undefined) shape.fields = fieldNames(plan.fields, args);
    if (plan.values !== undefined) shape.values = valuePredicate(plan.values, args);
    const output = plan.output;
    if (output.kind === "aggregateWindow" || output.kind === "windowAggregate") {
      // The engine aligns windows to UTC; `option location` may ask for local wall-clock windows.
      if (!isUTC(locationOf(args, context))) throw new DoesNotFit();
      const every = fixedDuration(args.values.get("every"), true) as bigint;
      const offset = fixedDuration(args.values.get("offset"), false);
      const createEmptyValue = args.values.get("createEmpty");
      if (createEmptyValue !== undefined && createEmptyValue.kind !== "bool") throw new DoesNotFit();
      // aggregateWindow fills empty windows by default; selectors give no row for them anyway.
      const createEmpty = output.kind === "aggregateWindow" && !selectors.has(output.fn) && (createEmptyValue?.value ?? true);
      // aggregateWindow shows each window's stop as _time: the selected point's time is not needed.
      shape.aggregate = { fn: output.fn, every, createEmpty };
      if (output.kind === "aggregateWindow" && selectors.has(output.fn)) shape.aggregate.pointTimes = false;
      if (offset !== undefined && offset !== 0n) shape.aggregate.offset = offset;
    } else if (output.kind === "aggregate") {
      shape.aggregate = { fn: output.fn };
    } else if (output.kind === "pivot" && plan.values !== undefined) {
      // Filters after the pivot test field columns; fields whose rows all fail them still become
      // (empty) columns, as when pivoting first. A `_value` test before the pivot removes whole
      // fields instead, which one request cannot combine with that: such plans run unchanged.
      const kinds = compareKinds(plan.values);
      if (kinds.has("value")) throw new DoesNotFit();
      shape.emptySeries = true;
    } else if (output.kind === "limit") {
      const n = args.values.get("n");
      if (n?.kind !== "int" || n.value <= 0n || n.value > BigInt(Number.MAX_SAFE_INTEGER)) throw new DoesNotFit();
      shape.limit = Number(n.value);
    }
    return shape;
  } catch (error) {
    if (error instanceof DoesNotFit) return undefined;
    throw error;
  }
}


/** All rows of one group (consecutive batches with the same identity). */
interface Group {
  measurement: string;
  tags: ReadonlyArray<readonly [string, string]>;
  field: string;
  type: ColumnType;
  parts: SeriesBatch[];
}

/** Whether a batch continues the group (same series, field and type). */
function inGroup(group: Group, batch: SeriesBatch, type: ColumnType): boolean {
  if (group.field !== batch.field || group.measurement !== batch.measurement || group.type !== type) return false;
  const a = group.tags;
  const b = batch.tags;
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as readonly [string, string];
    const y = b[i] as readonly [string, string];
    if (x[0] !== y[0] || x[1] !== y[1]) return false;
  }
  return true;
}

async function* groupsOf(batches: AsyncIterable<SeriesBatch>): AsyncGenerator<Group> {
  let current: Group | undefined;
  for await (const batch of batches) {
    const type = columnTypeOf(batch.values);
    if (current !== undefined && !inGroup(current, batch, type)) {
      yield current;
      current = undefined;
    }
    current ??= { measurement: batch.measurement, tags: batch.tags, field: batch.field, type, parts: [] };
    current.parts.push(batch);
  }
  if (current !== undefined) yield current;
}

/** The selected points' times (selectors under aggregation), else the rows' times. */
function pointTimesOf(group: Group): Cell[] {
  const out: Cell[] = [];
  for (const batch of group.parts) {
    const times = (batch as { pointTimes?: BigInt64Array }).pointTimes ?? batch.times;
    for (let i = 0; i < times.length; i++) out.push(times[i] as bigint);
  }
  return out;
}

type Layout = readonly ("_start" | "_stop" | "_time" | "_value" | "identity")[];

/** The columns of a table shape, its key columns (sorted by label) and where they are. */
interface Shape {
  columns: ColumnMeta[];
  keyColumns: ColumnMeta[];
  keyAt: number[];
}

/**
 * Shapes shared by the tables of one read with the same layout, value type and tag keys: made
 * once instead of per table (a read of 100 series × 10 fields × 13 windows makes 1,000 tables),
 * and the same arrays let the CSV encoder see at once that two tables share their schema.
 */
class Shapes {
  private readonly known = new Map<string, Shape>();
  /** Constant columns by value, while the tables keep one length (see {@link constant}). */
  private readonly constants = new Map<Cell, Cell[]>();
  private constantLength = -1;

  /**
   * A column of `n` cells all `value`. Tables are never changed in place, so consecutive tables
   * share them: _start and _stop of every table, the tags of a series' fields.
   */
  constant(value: Cell, n: number): Cell[] {
    if (n !== this.constantLength || this.constants.size >= 64) {
      this.constants.clear();
      this.constantLength = n;
    }
    let column = this.constants.get(value);
    if (column === undefined) {
      column = constantColumn(value, n);
      this.constants.set(value, column);
    }
    return column;
  }
  /** The last answer, for the next group of the same series (its other fields). */
  private last: { layout: Layout; tags: Group["tags"]; valueType: ColumnType; shape: Shape } | undefined;

  of(layout: Layout, group: Group, valueType: ColumnType): Shape {
    const last = this.last;
    if (last !== undefined && last.tags === group.tags && last.layout === layout && last.valueType === valueType) return last.shape;
    const shape = this.make(layout, group, valueType);
    this.last = { layout, tags: group.tags, valueType, shape };
    return shape;
  }

  private make(layout: Layout, group: Group, valueType: ColumnType): Shape {
    let id = `${layout.join(",")}\u0000${valueType}`;
    for (const [key] of group.tags) id += `\u0000${key}`;
    let shape = this.known.get(id);
    if (shape === undefined) {
      const columns: ColumnMeta[] = [];
      for (const part of layout) {
        if (part !== "identity") columns.push({ label: part, type: part === "_value" ? valueType : "time" });
        else columns.push({ label: "_field", type: "string" }, { label: "_measurement", type: "string" }, ...group.tags.map(([key]) => ({ label: key, type: "string" as const })));
      }
      const keyLabels = new Set(["_start", "_stop", "_field", "_measurement", ...group.tags.map(([k]) => k)]);
      const keyAt = columns.flatMap((c, i) => (keyLabels.has(c.label) ? [i] : []));
      keyAt.sort((a, b) => (columns[a]!.label < columns[b]!.label ? -1 : 1));
      shape = { columns, keyColumns: keyAt.map((i) => columns[i]!), keyAt };
      this.known.set(id, shape);
    }
    return shape;
  }
}

/**
 * A table of `n` rows. `layout` lists the columns in order: `start`/`stop`/`time`/`value` take
 * their cells from the given arrays, the group's identity columns are constant.
 */
function groupTable(shapes: Shapes, group: Group, layout: Layout, cells: { _start: Cell[]; _stop: Cell[]; _time?: Cell[]; _value: Cell[] }, valueType: ColumnType): Table {
  const n = cells._value.length;
  const shape = shapes.of(layout, group, valueType);
  const data: Cell[][] = [];
  for (const part of layout) {
    if (part !== "identity") data.push(cells[part] as Cell[]);
    else {
      data.push(shapes.constant(group.field, n), shapes.constant(group.measurement, n));
      for (const [, value] of group.tags) data.push(shapes.constant(value, n));
    }
  }
  const key = { columns: shape.keyColumns, values: shape.keyAt.map((i) => (data[i] as Cell[])[0] ?? null) };
  return { key, columns: shape.columns, data, length: n };
}

const selectorLayout = ["_start", "_stop", "_time", "_value", "identity"] as const;
const aggregateLayout = ["_start", "_stop", "identity", "_value"] as const;

async function* shapeTables(plan: ReadPlan, batches: AsyncIterable<SeriesBatch>, start: bigint, stop: bigint, every: bigint | undefined): AsyncGenerator<Table> {
  const output = plan.output;
  const isSelector = output.kind !== "raw" && output.kind !== "pivot" && output.kind !== "limit" && selectors.has(output.fn);
  const shapes = new Shapes();
  for await (const group of groupsOf(batches)) {
    const times = timesOf(group);
    const values = cellsOf(group);
    const n = times.length;
    if (output.kind === "aggregateWindow") {
      const size = every as bigint;
      const ends: Cell[] = new Array<Cell>(n);
      for (let i = 0; i < n; i++) {
        const end = (times[i] as bigint) + size;
        ends[i] = end < stop ? end : stop;
      }
      yield groupTable(shapes, group, selectorLayout, { _start: shapes.constant(start, n), _stop: shapes.constant(stop, n), _time: ends, _value: values }, group.type);
    } else if (output.kind === "windowAggregate") {
      const size = every as bigint;
      const pointTimes = pointTimesOf(group);
      for (let i = 0; i < n; i++) {
        const t = times[i] as bigint;
        const cells = { _start: [t > start ? t : start], _stop: [t + size < stop ? t + size : stop], _time: [pointTimes[i] ?? null], _value: [values[i] ?? null] };
        yield groupTable(shapes, group, isSelector ? selectorLayout : aggregateLayout, cells, group.type);
      }
    } else if (output.kind === "aggregate") {
      const cells = { _start: shapes.constant(start, n), _stop: shapes.constant(stop, n), _time: pointTimesOf(group), _value: values };
      yield groupTable(shapes, group, isSelector ? selectorLayout : aggregateLayout, cells, group.type);
    }
  }
}

/** The tables of a pushed-down read, shaped like the output of the calls it replaced. */
function outputTables(plan: ReadPlan, batches: AsyncIterable<SeriesBatch>, start: bigint, stop: bigint, every: bigint | undefined): AsyncIterable<Table> {
  const output = plan.output;
  if (output.kind === "raw" || output.kind === "limit") return batchesToTables(batches, start, stop);
  if (output.kind !== "pivot") return shapeTables(plan, batches, start, stop, every);
  return pivotBatches(batches, start, stop);
}

/** Reports each request a pushed-down read sends (for tests and `EXPLAIN`-like diagnostics). */
export type ReadObserver = (plan: ReadPlan, request: SourceReadRequest) => void;

export function readFunction(context: RuntimeContext, plans: readonly ReadPlan[], observe?: ReadObserver): Value {
  return builtin(readFunctionName, (args) => {
    const fallback = args.stream("fallback");
    const plan = plans[Number(args.int("plan"))];
    const ranged = rangedReads.get(args.stream("source"));
    if (plan === undefined || ranged === undefined) return fallback;
    const shape = requestShape(plan, args, context);
    if (shape === undefined) return fallback;
    const needsEngine = shape.aggregate !== undefined || shape.limit !== undefined || shape.emptySeries === true;
    if (needsEngine && context.source?.computesAggregates !== true) return fallback;
    return stream(ranged.args, () => {
      const source = context.source;
      if (source === undefined) return fail("no data source is configured for from()");
      const { start, stop } = ranged.bounds();
      const request: SourceReadRequest = { bucket: ranged.bucket, start, stop, ...shape };
      observe?.(plan, request);
      return outputTables(plan, source.read(request), start, stop, shape.aggregate?.every);
    });
  });
}

export type { AggregateFn };
