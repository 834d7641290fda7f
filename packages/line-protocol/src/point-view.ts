import type { FieldValue, Point } from "./point.js";

export type FieldType = FieldValue["type"];

/** The interned measurement + tag set of one series. */
export interface Series {
  readonly measurement: string;
  /** Sorted by key (byte order), frozen, shared by every point of the series. */
  readonly tags: ReadonlyArray<readonly [key: string, value: string]>;
  readonly seriesKey: string;
}

/**
 * One parsed line, without allocating a Point: the fast path for consumers that copy values into
 * column batches right away. The parser reuses one view for every line, so read it only inside
 * the callback. Field `k` (0 <= k < fieldCount) has key `fieldKeys[k]`, type `fieldTypes[k]`, and
 * its value in `floatValues[k]` when the type is `float`, else in `otherValues[k]`.
 */
export class PointView {
  series: Series = { measurement: "", tags: [], seriesKey: "" };
  /** Nanoseconds since the epoch. */
  timestamp = 0n;
  fieldCount = 0;
  readonly fieldKeys: string[] = [];
  readonly fieldTypes: FieldType[] = [];
  floatValues = new Float64Array(16);
  readonly otherValues: Array<bigint | string | boolean> = [];

  fieldValue(k: number): FieldValue {
    const type = this.fieldTypes[k]!;
    const value = this.otherValues[k];
    switch (type) {
      case "float":
        return { type, value: this.floatValues[k]! };
      case "integer":
      case "unsigned":
        return { type, value: value as bigint };
      case "string":
        return { type, value: value as string };
      case "boolean":
        return { type, value: value as boolean };
    }
  }

  /** A Point that owns its data (safe to keep after the callback). */
  toPoint(): Point {
    const fields: Array<readonly [string, FieldValue]> = new Array(this.fieldCount);
    for (let k = 0; k < this.fieldCount; k++) fields[k] = [this.fieldKeys[k]!, this.fieldValue(k)];
    const { series } = this;
    return {
      measurement: series.measurement,
      seriesKey: series.seriesKey,
      tags: series.tags,
      fields,
      timestamp: this.timestamp,
    };
  }
}
