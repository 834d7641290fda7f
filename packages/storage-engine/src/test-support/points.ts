import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FieldValue, Point } from "@fluxgate/line-protocol";
import type { Batch, BucketInfo, ReadRequest } from "../types.js";
import type { StorageEngine } from "../engine.js";

const escapeKey = (s: string) => s.replace(/([,= ])/g, "\\$1");

/** Builds a point with its canonical series key, as the line-protocol parser would. */
export function point(
  measurement: string,
  tags: Record<string, string>,
  fields: Record<string, FieldValue>,
  timestamp: bigint,
): Point {
  const sorted = Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const seriesKey =
    measurement.replace(/([, ])/g, "\\$1") + sorted.map(([k, v]) => `,${escapeKey(k)}=${escapeKey(v)}`).join("");
  return { measurement, seriesKey, tags: sorted, fields: Object.entries(fields), timestamp };
}

export const float = (value: number): FieldValue => ({ type: "float", value });
export const int = (value: bigint | number): FieldValue => ({ type: "integer", value: BigInt(value) });
export const str = (value: string): FieldValue => ({ type: "string", value });

export function tempDir(): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), "fluxgate-storage-"));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export const bucket = (id = "0000000000000001", retentionNs = 0n, shardGroupDurationNs = 3_600_000_000_000n): BucketInfo => ({
  id,
  retentionNs,
  shardGroupDurationNs,
});

/** Reads everything and merges batches of the same group into plain rows, for assertions. */
export async function collect(engine: StorageEngine, request: ReadRequest): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const batch of engine.read(request)) out.push(batch);
  return out;
}

/** Flat rows `measurement,tags field time=value` for compact comparisons. */
export function rows(batches: Batch[]): string[] {
  const out: string[] = [];
  for (const b of batches) {
    const id = `${b.measurement}${b.tags.map(([k, v]) => `,${k}=${v}`).join("")} ${b.field}`;
    b.times.forEach((t, i) => {
      const isNull = b.nulls?.[i] === 1;
      out.push(`${id} ${t}=${isNull ? "null" : String(b.values.values[i])}`);
    });
  }
  return out;
}
