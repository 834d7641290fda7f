/**
 * `to()` (universe and influxdata/influxdb) and `experimental.to()`: rows become points written
 * through the embedder's PointSink; the input tables pass through unchanged once written.
 */
import type { Args } from "../../runtime/args.js";
import { type RuntimeContext, fail, stream, transformation } from "../../runtime/builtin.js";
import type { FieldValue, WritePoint, WriteTarget } from "../../runtime/services.js";
import { rowRecord } from "../../table/cells.js";
import { columnIndex, isKeyColumn } from "../../table/table.js";
import type { Cell, ColumnMeta, Table } from "../../table/types.js";
import type { FunctionValue, Value } from "../../values/value.js";
import { bucketArgument } from "./common.js";

function writeTarget(args: Args): WriteTarget {
  const target: WriteTarget = { bucket: bucketArgument(args) };
  const org = args.optionalString("org");
  const orgID = args.optionalString("orgID");
  if (org !== undefined && orgID !== undefined) args.fail("must specify only one of org or orgID");
  if (org !== undefined) target.org = { name: org };
  if (orgID !== undefined) target.org = { id: orgID };
  if (args.has("host")) args.fail("writing to another host is not supported");
  return target;
}

function fieldValue(cell: Cell, meta: ColumnMeta): FieldValue | undefined {
  if (cell === null) return undefined;
  switch (meta.type) {
    case "uint":
      return { unsigned: cell as bigint };
    case "time":
      return undefined;
    default:
      return cell as FieldValue;
  }
}

function valueAsField(value: Value): FieldValue | undefined {
  switch (value.kind) {
    case "int":
    case "float":
    case "string":
    case "bool":
      return value.value;
    case "uint":
      return { unsigned: value.value };
    default:
      return undefined;
  }
}

interface ToOptions {
  timeColumn: string;
  measurementColumn: string;
  tagColumns: readonly string[] | undefined;
  fieldFn: FunctionValue | undefined;
}

/** Points of one table, as `to()` forms them: `_field`/`_value` pairs, or the record `fieldFn` returns. */
function toPoints(table: Table, options: ToOptions, site: Args["site"]): WritePoint[] {
  const time = columnIndex(table, options.timeColumn);
  if (time < 0) fail(`no time column "${options.timeColumn}"`);
  const measurement = columnIndex(table, options.measurementColumn);
  if (measurement < 0) fail(`no column with label ${options.measurementColumn} exists`);
  const fieldCol = columnIndex(table, "_field");
  const valueCol = columnIndex(table, "_value");
  if (options.fieldFn === undefined && (fieldCol < 0 || valueCol < 0)) fail("no _field and _value columns to write; use fieldFn");
  const callArgs = new Map<string, Value>();
  const points: WritePoint[] = [];
  for (let r = 0; r < table.length; r++) {
    const t = (table.data[time] as readonly Cell[])[r];
    const m = (table.data[measurement] as readonly Cell[])[r];
    if (typeof t !== "bigint") fail("the time column has a null value");
    if (typeof m !== "string") fail("the measurement column has a null value");
    const fields: Record<string, FieldValue> = {};
    if (options.fieldFn !== undefined) {
      callArgs.set("r", rowRecord(table, r));
      const out = options.fieldFn.call(callArgs, site);
      if (out.kind !== "record") fail(`fieldFn must return a record, got ${out.kind}`);
      for (const [name, value] of out.fields) {
        const v = valueAsField(value);
        if (v !== undefined) fields[name] = v;
      }
    } else {
      const name = (table.data[fieldCol] as readonly Cell[])[r];
      const v = fieldValue((table.data[valueCol] as readonly Cell[])[r] ?? null, table.columns[valueCol] as ColumnMeta);
      if (typeof name === "string" && v !== undefined) fields[name] = v;
    }
    if (Object.keys(fields).length === 0) continue;
    const tags: Record<string, string> = {};
    table.columns.forEach((c, i) => {
      const chosen = options.tagColumns !== undefined ? options.tagColumns.includes(c.label) : c.type === "string" && c.label !== options.measurementColumn && c.label !== "_field" && c.label !== "_value" && !(c.label in fields);
      const v = (table.data[i] as readonly Cell[])[r];
      if (chosen && typeof v === "string" && v !== "") tags[c.label] = v;
    });
    points.push({ measurement: m, tags, fields, time: t });
  }
  return points;
}

/** Points of one pivoted table, as `experimental.to()` forms them: key columns are tags, the rest fields. */
function pivotedPoints(table: Table): WritePoint[] {
  const time = columnIndex(table, "_time");
  const measurement = columnIndex(table, "_measurement");
  if (time < 0) fail('no time column "_time"');
  if (measurement < 0) fail("no column with label _measurement exists");
  const points: WritePoint[] = [];
  for (let r = 0; r < table.length; r++) {
    const t = (table.data[time] as readonly Cell[])[r];
    const m = (table.data[measurement] as readonly Cell[])[r];
    if (typeof t !== "bigint" || typeof m !== "string") continue;
    const tags: Record<string, string> = {};
    const fields: Record<string, FieldValue> = {};
    table.columns.forEach((c, i) => {
      if (c.label === "_time" || c.label === "_measurement" || c.label === "_start" || c.label === "_stop") return;
      const v = (table.data[i] as readonly Cell[])[r] ?? null;
      if (isKeyColumn(table.key, c.label)) {
        if (typeof v === "string") tags[c.label] = v;
        return;
      }
      const f = fieldValue(v, c);
      if (f !== undefined) fields[c.label] = f;
    });
    if (Object.keys(fields).length > 0) points.push({ measurement: m, tags, fields, time: t });
  }
  return points;
}

/** Points per write the sink receives (the write path's usual batch size). */
const batchPoints = 5000;

function writer(name: string, context: RuntimeContext, pointsOf: (args: Args) => (table: Table) => WritePoint[]) {
  return transformation(name, (args) => {
    const input = args.tables();
    const target = writeTarget(args);
    const points = pointsOf(args);
    return stream(args, async function* () {
      const sink = context.services.sink ?? fail("writing is not available in this context");
      // Many small tables (one per series) are written in few commits; tables pass on once written.
      let batch: WritePoint[] = [];
      let written: Table[] = [];
      for await (const table of input()) {
        for (const point of points(table)) batch.push(point);
        written.push(table);
        if (batch.length >= batchPoints) {
          await sink.write(target, batch);
          yield* written;
          batch = [];
          written = [];
        }
      }
      if (batch.length > 0) await sink.write(target, batch);
      yield* written;
    });
  });
}

export function toFunction(context: RuntimeContext) {
  return writer("to", context, (args) => {
    const options: ToOptions = {
      timeColumn: args.string("timeColumn", "_time"),
      measurementColumn: args.string("measurementColumn", "_measurement"),
      tagColumns: args.optionalStrings("tagColumns"),
      fieldFn: args.optionalFunction("fieldFn"),
    };
    return (table) => toPoints(table, options, args.site);
  });
}

export function experimentalTo(context: RuntimeContext) {
  return writer("experimental.to", context, () => pivotedPoints);
}
