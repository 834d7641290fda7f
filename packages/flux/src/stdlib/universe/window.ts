/**
 * `window` and `aggregateWindow`. Windows are aligned to the Unix epoch plus `offset` (so weeks
 * start on Thursdays, as in Flux), clipped to each table's `_start`/`_stop` (the range bounds).
 */
import type { Args } from "../../runtime/args.js";
import { type Members, type RuntimeContext, fail, perTable, stream, transformation } from "../../runtime/builtin.js";
import { type Location, fromWallClock, isUTC, locationOf, wallClock } from "../date.js";
import { columnIndex, keyOf, keyValue } from "../../table/table.js";
import type { Cell, ColumnMeta, Table } from "../../table/types.js";
import { type Duration, isZeroDuration, negateDuration } from "../../values/duration.js";
import { addDuration } from "../../values/time.js";
import { type StreamValue, type Value, string } from "../../values/value.js";

interface WindowSpec {
  every: Duration;
  period: Duration;
  offset: Duration;
  /** Windows are aligned in this location's wall-clock time (its days start at local midnight). */
  location: Location;
}

const epoch = 0n;

/** The start of the window (of `every`, shifted by `offset`) that holds `t`. */
function windowStart(t: bigint, spec: WindowSpec): bigint {
  const { every, offset } = spec;
  if (every.months === 0n) {
    const size = every.nanoseconds;
    const shift = addDuration(epoch, offset) % size;
    let start = t - ((((t - shift) % size) + size) % size);
    if (start > t) start -= size;
    return start;
  }
  // Calendar windows: count whole `every` steps from the (offset) epoch, then correct by stepping.
  const base = addDuration(epoch, offset);
  const date = new Date(Number(t / 1_000_000n));
  const monthsSinceEpoch = BigInt(date.getUTCFullYear() - 1970) * 12n + BigInt(date.getUTCMonth());
  let steps = monthsSinceEpoch / every.months;
  let start = addDuration(base, { months: every.months * steps, nanoseconds: every.nanoseconds * steps, negative: false });
  while (start > t) {
    steps -= 1n;
    start = addDuration(base, { months: every.months * steps, nanoseconds: every.nanoseconds * steps, negative: steps < 0n });
  }
  return start;
}

/** Every [start, stop) window overlapping [from, to), in order. */
function windowsBetween(from: bigint, to: bigint, spec: WindowSpec): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  // The first window whose end is after `from`: start from the window of (from - period).
  let start = windowStart(addDuration(from, negateDuration(spec.period)), spec);
  for (let guard = 0; start < to && guard < 10_000_000; guard++) {
    const stop = addDuration(start, spec.period);
    if (stop > from) out.push([start, stop]);
    start = addDuration(start, spec.every);
  }
  return out;
}

function readSpec(args: Args, context: RuntimeContext): WindowSpec {
  const every = args.optionalDuration("every");
  const period = args.optionalDuration("period");
  const offset = args.optionalDuration("offset") ?? { months: 0n, nanoseconds: 0n, negative: false };
  const chosenEvery = every ?? period ?? args.fail("window: one of every or period must be given");
  if (isZeroDuration(chosenEvery) || chosenEvery.negative) args.fail("every must be positive");
  return { every: chosenEvery, period: period ?? chosenEvery, offset, location: locationOf(args, context) };
}

/** The windows holding `time`, computed in the location's wall-clock time when it is not UTC. */
function windowsOf(time: bigint, spec: WindowSpec, singlePeriod: boolean): [bigint, bigint][] {
  if (isUTC(spec.location)) {
    if (!singlePeriod) return windowsBetween(time, time + 1n, spec);
    const start = windowStart(time, spec);
    return [[start, addDuration(start, spec.every)]];
  }
  return localWindowsBetween(time, time + 1n, spec);
}

function localWindowsBetween(from: bigint, to: bigint, spec: WindowSpec): [bigint, bigint][] {
  if (isUTC(spec.location)) return windowsBetween(from, to, spec);
  const loc = spec.location;
  return windowsBetween(wallClock(from, loc), wallClock(to - 1n, loc) + 1n, spec).map(([start, stop]) => [fromWallClock(start, loc), fromWallClock(stop, loc)]);
}

interface WindowColumns {
  time: string;
  start: string;
  stop: string;
}

/** A bound of the table's time range: the group key value, else the column's first value. */
function bound(table: Table, label: string): Cell | undefined {
  const fromKey = keyValue(table.key, label);
  if (fromKey !== undefined) return fromKey;
  const i = columnIndex(table, label);
  return i < 0 ? undefined : ((table.data[i] as readonly Cell[])[0] ?? null);
}

/** Splits one table into its windows (with `_start`/`_stop` set to each window, clipped to the range). */
function splitTable(table: Table, spec: WindowSpec, names: WindowColumns, createEmpty: boolean): Table[] {
  const t = columnIndex(table, names.time);
  if (t < 0) fail(`missing time column "${names.time}"`);
  const times = table.data[t] as readonly Cell[];
  const rangeStart = bound(table, names.start);
  const rangeStop = bound(table, names.stop);
  const byWindow = new Map<bigint, { stop: bigint; rows: number[] }>();
  const singlePeriod = spec.period.months === spec.every.months && spec.period.nanoseconds === spec.every.nanoseconds;
  for (let r = 0; r < table.length; r++) {
    const time = times[r];
    if (typeof time !== "bigint") continue;
    const windows = windowsOf(time, spec, singlePeriod);
    for (const [start, stop] of windows) {
      let entry = byWindow.get(start);
      if (entry === undefined) {
        entry = { stop, rows: [] };
        byWindow.set(start, entry);
      }
      entry.rows.push(r);
    }
  }
  if (createEmpty && typeof rangeStart === "bigint" && typeof rangeStop === "bigint") {
    for (const [start, stop] of localWindowsBetween(rangeStart, rangeStop, spec)) if (!byWindow.has(start)) byWindow.set(start, { stop, rows: [] });
  }
  const starts = [...byWindow.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const others = table.columns.map((_, i) => i).filter((i) => table.columns[i]?.label !== names.start && table.columns[i]?.label !== names.stop);
  const columns: ColumnMeta[] = [{ label: names.start, type: "time" }, { label: names.stop, type: "time" }, ...others.map((i) => table.columns[i] as ColumnMeta)];
  const keyLabels = [names.start, names.stop, ...table.key.columns.map((c) => c.label)];
  return starts.map((rawStart) => {
    const { stop: rawStop, rows } = byWindow.get(rawStart) as { stop: bigint; rows: number[] };
    const start = typeof rangeStart === "bigint" && rangeStart > rawStart ? rangeStart : rawStart;
    const stop = typeof rangeStop === "bigint" && rangeStop < rawStop ? rangeStop : rawStop;
    const data: Cell[][] = [new Array<Cell>(rows.length).fill(start), new Array<Cell>(rows.length).fill(stop), ...others.map((i) => rows.map((r) => (table.data[i] as readonly Cell[])[r] ?? null))];
    const rowValue = (i: number): Cell => (i === 0 ? start : i === 1 ? stop : (keyValue(table.key, (columns[i] as ColumnMeta).label) ?? null));
    return { key: keyOf(columns, rowValue, keyLabels), columns, data, length: rows.length };
  });
}

const window = (context: RuntimeContext) => transformation("window", (args) => {
  const input = args.tables();
  const spec = readSpec(args, context);
  const names = { time: args.string("timeColumn", "_time"), start: args.string("startColumn", "_start"), stop: args.string("stopColumn", "_stop") };
  const createEmpty = args.bool("createEmpty", false);
  return perTable(args, input, (table) => splitTable(table, spec, names, createEmpty));
});

const aggregateWindow = (context: RuntimeContext) => transformation("aggregateWindow", (args) => {
  const input = args.tables();
  const spec = readSpec(args, context);
  const fn = args.function("fn");
  const column = args.string("column", "_value");
  const timeSrc = args.string("timeSrc", "_stop");
  const timeDst = args.string("timeDst", "_time");
  const createEmpty = args.bool("createEmpty", true);
  const names = { time: "_time", start: "_start", stop: "_stop" };
  return stream(args, async function* () {
    for await (const table of input()) {
      if (bound(table, "_start") === undefined || bound(table, "_stop") === undefined) fail('missing time column "_start"; aggregateWindow requires _start and _stop columns: use range() first');
      const windows = splitTable(table, spec, names, createEmpty);
      const windowed: StreamValue = { kind: "stream", stream: async function* () { yield* windows; } };
      const result = fn.call(new Map<string, Value>([["tables", windowed], ["column", string(column)]]), args.site);
      if (result.kind !== "stream") fail(`fn must return a stream of tables, got ${result.kind}`);
      const parts: Table[] = [];
      for await (const part of result.stream()) parts.push(part);
      const merged = mergeWindows(table, parts, column, timeSrc, timeDst);
      if (merged !== undefined) yield merged;
    }
  });
});

/** Joins a table's aggregated windows back into one table: `_start, _stop, <timeDst>, <column>, <other key columns…>`. */
function mergeWindows(input: Table, parts: readonly Table[], column: string, timeSrc: string, timeDst: string): Table | undefined {
  const first = parts.find((p) => p.length > 0) ?? parts[0];
  if (first === undefined) return undefined;
  const valueMeta = first.columns.find((c) => c.label === column);
  const rest = first.columns.filter((c) => c.label !== "_start" && c.label !== "_stop" && c.label !== timeDst && c.label !== column);
  const columns: ColumnMeta[] = [{ label: "_start", type: "time" }, { label: "_stop", type: "time" }, { label: timeDst, type: "time" }, ...(valueMeta ? [valueMeta] : []), ...rest];
  const data: Cell[][] = columns.map(() => []);
  const start = bound(input, "_start") ?? null;
  const stop = bound(input, "_stop") ?? null;
  for (const part of parts) {
    const src = columnIndex(part, timeSrc);
    if (src < 0) fail(`missing time column "${timeSrc}"`);
    const indexes = columns.map((c) => columnIndex(part, c.label));
    for (let r = 0; r < part.length; r++) {
      columns.forEach((c, i) => {
        const cells = data[i] as Cell[];
        if (c.label === "_start") cells.push(start);
        else if (c.label === "_stop") cells.push(stop);
        else if (c.label === timeDst) cells.push((part.data[src] as readonly Cell[])[r] ?? null);
        else cells.push(indexes[i] === -1 ? null : ((part.data[indexes[i] as number] as readonly Cell[])[r] ?? null));
      });
    }
  }
  // window() puts _start/_stop in the key, and aggregateWindow keeps them there.
  const keyLabels = ["_start", "_stop", ...input.key.columns.map((c) => c.label)].filter((l) => columns.some((c) => c.label === l));
  const key = keyOf(columns, (i) => (i === 0 ? start : i === 1 ? stop : (keyValue(input.key, (columns[i] as ColumnMeta).label) ?? null)), keyLabels);
  return { key, columns, data, length: (data[0] as Cell[]).length };
}

export function windowFunctions(context: RuntimeContext): Members {
  return new Map<string, Value>([
    ["window", window(context)],
    ["aggregateWindow", aggregateWindow(context)],
  ]);
}
