/** What the influxdata/influxdb packages share: bucket arguments, time bounds, services, string tables. */
import { compareText } from "@fluxgate/line-protocol";
import type { Args } from "../../runtime/args.js";
import { type RuntimeContext, fail, stream } from "../../runtime/builtin.js";
import type { BucketRef } from "../../runtime/datasource.js";
import type { MetadataSource } from "../../runtime/services.js";
import { emptyKey } from "../../table/table.js";
import type { Cell, ColumnType, Table } from "../../table/types.js";
import { addDuration } from "../../values/time.js";
import type { StreamValue } from "../../values/value.js";

export function bucketArgument(args: Args): BucketRef {
  const name = args.optionalString("bucket");
  const id = args.optionalString("bucketID");
  if (name === undefined && id === undefined) return args.fail("must specify one of bucket or bucketID");
  if (name !== undefined && id !== undefined) return args.fail("must specify only one of bucket or bucketID");
  return name !== undefined ? { name } : { id: id as string };
}

const thirtyDaysAgo = { months: 0n, nanoseconds: 30n * 24n * 3_600_000_000_000n, negative: true };

/** `start` (default -30d, as the schema functions document) and `stop` (default now). */
export function timeBounds(args: Args, context: RuntimeContext, defaultStart = true): { start: bigint; stop: bigint } {
  const now = (): bigint => context.now();
  const start = args.optionalTime("start", now, addDuration) ?? (defaultStart ? addDuration(now(), thirtyDaysAgo) : args.fail("missing required argument start"));
  const stop = args.optionalTime("stop", now, addDuration) ?? now();
  return { start, stop };
}

export function metadataSource(context: RuntimeContext): MetadataSource {
  return context.services.metadata ?? fail("bucket metadata is not available in this context");
}

/** One table of one column, empty group key. */
export function columnTable(label: string, type: ColumnType, cells: readonly Cell[]): Table {
  return { key: emptyKey, columns: [{ label, type }], data: [cells], length: cells.length };
}

/** A stream of one `_value` string table, filled when read. */
export function stringsStream(args: Args, load: () => Promise<readonly string[]>): StreamValue {
  return stream(args, async function* () {
    yield columnTable("_value", "string", await load());
  });
}

/** Distinct strings sorted by UTF-8 bytes, as the storage engine lists keys and values. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareText);
}
