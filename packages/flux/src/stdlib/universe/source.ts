/**
 * `from` and `range`. `from` only describes a read; `range` bounds it, and the read runs when
 * the stream is consumed. Reads become tables with InfluxDB's column layout:
 * `_start, _stop, _time, _value, _field, _measurement, <tags…>`, keyed by all but `_time`/`_value`.
 */
import type { Args } from "../../runtime/args.js";
import { type Members, type RuntimeContext, builtin, fail, perTable, stream, transformation } from "../../runtime/builtin.js";
import type { BatchValues, BucketRef, SeriesBatch, SourceReadRequest } from "../../runtime/datasource.js";
import { columnIndex, keyOf } from "../../table/table.js";
import type { Cell, ColumnMeta, ColumnType, Table } from "../../table/types.js";
import { addDuration } from "../../values/time.js";
import type { StreamValue, Value } from "../../values/value.js";
import { columnTypeOf } from "../../runtime/datasource.js";

/** The read behind a `from()` stream (and what `range` narrowed it to), for `range` and the planner. */
export const pendingReads = new WeakMap<StreamValue, { bucket: BucketRef; request?: SourceReadRequest }>();

/** A `from() |> range()` stream's bucket, bounds (computed when the read runs) and the `range` call. */
export interface RangedRead {
  bucket: BucketRef;
  bounds: () => { start: bigint; stop: bigint };
  args: Args;
}

/** What the planner's read needs of a `from() |> range()` stream. */
export const rangedReads = new WeakMap<StreamValue, RangedRead>();


/** Turns a source's batches (consecutive batches of one series continue it) into tables. */
export async function* batchesToTables(batches: AsyncIterable<SeriesBatch>, start: bigint, stop: bigint): AsyncIterable<Table> {
  let current: { id: string; columns: ColumnMeta[]; fixed: Cell[]; times: Cell[]; values: Cell[]; tagCount: number } | undefined;
  const finish = (c: NonNullable<typeof current>): Table => {
    const n = c.times.length;
    const data: Cell[][] = [new Array<Cell>(n).fill(start), new Array<Cell>(n).fill(stop), c.times, c.values];
    for (let i = 2; i < c.fixed.length; i++) data.push(new Array<Cell>(n).fill(c.fixed[i] ?? null));
    const keyLabels = c.columns.filter((m) => m.label !== "_time" && m.label !== "_value").map((m) => m.label);
    const rowValues: Cell[] = [start, stop, null, null, ...c.fixed.slice(2)];
    return { key: keyOf(c.columns, (i) => rowValues[i] ?? null, keyLabels), columns: c.columns, data, length: n };
  };
  for await (const batch of batches) {
    const type = columnTypeOf(batch.values);
    const id = JSON.stringify([batch.measurement, batch.tags, batch.field, type]);
    if (current !== undefined && current.id !== id) {
      yield finish(current);
      current = undefined;
    }
    if (current === undefined) {
      const columns: ColumnMeta[] = [
        { label: "_start", type: "time" },
        { label: "_stop", type: "time" },
        { label: "_time", type: "time" },
        { label: "_value", type },
        { label: "_field", type: "string" },
        { label: "_measurement", type: "string" },
        ...batch.tags.map(([label]) => ({ label, type: "string" as const })),
      ];
      current = { id, columns, fixed: [null, null, batch.field, batch.measurement, ...batch.tags.map(([, v]) => v)], times: [], values: [], tagCount: batch.tags.length };
    }
    const { times, values, nulls } = batch;
    for (let i = 0; i < times.length; i++) {
      current.times.push(times[i] as bigint);
      current.values.push(nulls?.[i] === 1 ? null : (values.values[i] as Cell));
    }
  }
  if (current !== undefined) yield finish(current);
}

export function sourceFunctions(context: RuntimeContext): Members {
  const from = builtin("from", (args) => {
    const name = args.optionalString("bucket");
    const id = args.optionalString("bucketID");
    if (name === undefined && id === undefined) args.fail("must specify one of bucket or bucketID");
    if (name !== undefined && id !== undefined) args.fail("must specify only one of bucket or bucketID");
    const bucket: BucketRef = name !== undefined ? { name } : { id: id as string };
    const value = stream(args, () => fail(`cannot submit unbounded read to "${name ?? id}"; try bounding 'from' with a call to 'range'`));
    pendingReads.set(value, { bucket });
    return value;
  });

  const range = transformation("range", (args) => {
    const input = args.stream();
    const timeArgs = { now: () => context.now(), add: addDuration };
    const bounds = (): { start: bigint; stop: bigint } => {
      const start = args.optionalTime("start", timeArgs.now, timeArgs.add);
      if (start === undefined) return args.fail("missing required argument start");
      const stop = args.optionalTime("stop", timeArgs.now, timeArgs.add) ?? context.now();
      return { start, stop };
    };
    const pending = pendingReads.get(input);
    if (pending !== undefined && pending.request === undefined) return readStream(args, context, pending.bucket, bounds);
    return rangeTables(args, input, bounds);
  });

  return new Map<string, Value>([
    ["from", from],
    ["range", range],
  ]);
}

function readStream(args: Args, context: RuntimeContext, bucket: BucketRef, bounds: () => { start: bigint; stop: bigint }): StreamValue {
  let request: SourceReadRequest | undefined;
  const value = stream(args, () => {
    const source = context.source;
    if (source === undefined) return fail("no data source is configured for from()");
    const { start, stop } = bounds();
    request = { bucket, start, stop };
    return batchesToTables(source.read(request), start, stop);
  });
  pendingReads.set(value, { bucket });
  rangedReads.set(value, { bucket, bounds, args });
  return value;
}

function rangeTables(args: Args, input: StreamValue, bounds: () => { start: bigint; stop: bigint }): StreamValue {
  const timeColumn = args.string("timeColumn", "_time");
  const startColumn = args.string("startColumn", "_start");
  const stopColumn = args.string("stopColumn", "_stop");
  let resolved: { start: bigint; stop: bigint } | undefined;
  return perTable(args, input.stream, (table) => {
    resolved ??= bounds();
    const { start, stop } = resolved;
    const t = columnIndex(table, timeColumn);
    if (t < 0) fail(`range error: time column "${timeColumn}" not found`);
    const times = table.data[t] as readonly Cell[];
    const rows: number[] = [];
    for (let r = 0; r < table.length; r++) {
      const time = times[r];
      if (typeof time === "bigint" && time >= start && time < stop) rows.push(r);
    }
    if (rows.length === 0 && table.length > 0) return undefined;
    const others = table.columns.map((_, i) => i).filter((i) => table.columns[i]?.label !== startColumn && table.columns[i]?.label !== stopColumn);
    const columns: ColumnMeta[] = [{ label: startColumn, type: "time" }, { label: stopColumn, type: "time" }, ...others.map((i) => table.columns[i] as ColumnMeta)];
    const data: Cell[][] = [new Array<Cell>(rows.length).fill(start), new Array<Cell>(rows.length).fill(stop), ...others.map((i) => rows.map((r) => (table.data[i] as readonly Cell[])[r] ?? null))];
    const keyLabels = [startColumn, stopColumn, ...table.key.columns.map((c) => c.label)];
    const rowValues = (i: number): Cell => (i === 0 ? start : i === 1 ? stop : (table.key.values[table.key.columns.findIndex((c) => c.label === columns[i]?.label)] ?? null));
    return { key: keyOf(columns, rowValues, keyLabels), columns, data, length: rows.length };
  });
}
