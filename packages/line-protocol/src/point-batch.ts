import type { FieldValue, Point } from "./point.js";
import type { FieldType, PointView, Series } from "./point-view.js";

/** The field keys and types of a line, in the order written; lines with the same ones share it. */
export interface FieldLayout {
  readonly keys: readonly string[];
  readonly types: readonly FieldType[];
  /** Positions of the non-float fields (their values live in `otherValues`). */
  readonly others: number;
}

type OtherValue = bigint | string | boolean;

/** What {@link PointBatch.add} reads of a parsed line. */
export type ParsedLine = Pick<PointView, "series" | "timestamp" | "fieldCount" | "fieldKeys" | "fieldTypes" | "floatValues" | "otherValues">;

/**
 * Parsed lines kept column by column: one typed-array slot per timestamp and per field value, the
 * interned series and field layout by reference. What the write path hands to storage instead of
 * `Point[]`: filling it from the parser's reused {@link PointView} allocates nothing per line
 * beyond the occasional growth of its arrays (a `Point` costs ~22 objects).
 *
 * Row `i`: series `series[i]`, time `times[i]`, fields `layouts[i]`; field `k`'s value is
 * `floatValues[valueStart[i] + k]` when its type is `float`, else the next entry of `otherValues`
 * from `otherStart[i]` on (non-float fields in field order).
 */
export class PointBatch {
  length = 0;
  readonly series: Series[] = [];
  readonly layouts: FieldLayout[] = [];
  times = new BigInt64Array(256);
  valueStart = new Int32Array(257);
  otherStart = new Int32Array(257);
  floatValues = new Float64Array(2560);
  readonly otherValues: OtherValue[] = [];
  #lastLayout: FieldLayout | undefined;

  /** Copies the line `view` holds now (call inside the parser's callback). */
  add(view: ParsedLine): void {
    const row = this.length;
    if (row === this.times.length) this.#growRows();
    const n = view.fieldCount;
    const start = this.valueStart[row]!;
    if (start + n > this.floatValues.length) this.#growValues(start + n);
    let layout = this.#lastLayout;
    if (layout === undefined || !sameLayout(layout, view)) layout = this.#lastLayout = layoutOf(view);
    const floats = this.floatValues;
    if (layout.others === 0) {
      const source = view.floatValues;
      for (let k = 0; k < n; k++) floats[start + k] = source[k]!;
    } else {
      const types = layout.types;
      for (let k = 0; k < n; k++) {
        if (types[k] === "float") floats[start + k] = view.floatValues[k]!;
        else this.otherValues.push(view.otherValues[k]!);
      }
    }
    this.series.push(view.series);
    this.layouts.push(layout);
    this.times[row] = view.timestamp;
    this.valueStart[row + 1] = start + n;
    this.otherStart[row + 1] = this.otherValues.length;
    this.length = row + 1;
  }

  /** Row `i`'s field `k` as a tagged value (slow path: tests, rejected points, adapters). */
  fieldValue(i: number, k: number): FieldValue {
    const layout = this.layouts[i]!;
    const type = layout.types[k]!;
    if (type === "float") return { type, value: this.floatValues[this.valueStart[i]! + k]! };
    let other = this.otherStart[i]!;
    for (let j = 0; j < k; j++) if (layout.types[j] !== "float") other++;
    return { type, value: this.otherValues[other] } as FieldValue;
  }

  /** Row `i` as a Point (slow path). */
  point(i: number): Point {
    const series = this.series[i]!;
    const layout = this.layouts[i]!;
    return {
      measurement: series.measurement,
      seriesKey: series.seriesKey,
      tags: series.tags,
      fields: layout.keys.map((key, k) => [key, this.fieldValue(i, k)] as const),
      timestamp: this.times[i]!,
    };
  }

  /** A batch holding `points` (the adapter for callers that build Points). */
  static fromPoints(points: readonly Point[]): PointBatch {
    const batch = new PointBatch();
    const view = new PointViewOfPoint();
    for (const point of points) {
      view.load(point);
      batch.add(view);
    }
    return batch;
  }

  #growRows(): void {
    const capacity = this.times.length * 2;
    const times = new BigInt64Array(capacity);
    times.set(this.times);
    this.times = times;
    const valueStart = new Int32Array(capacity + 1);
    valueStart.set(this.valueStart);
    this.valueStart = valueStart;
    const otherStart = new Int32Array(capacity + 1);
    otherStart.set(this.otherStart);
    this.otherStart = otherStart;
  }

  #growValues(needed: number): void {
    const floats = new Float64Array(Math.max(needed, this.floatValues.length * 2));
    floats.set(this.floatValues);
    this.floatValues = floats;
  }
}

function sameLayout(layout: FieldLayout, view: ParsedLine): boolean {
  const n = view.fieldCount;
  const keys = layout.keys;
  if (keys.length !== n) return false;
  const types = layout.types;
  for (let k = 0; k < n; k++) {
    if (keys[k] !== view.fieldKeys[k] || types[k] !== view.fieldTypes[k]) return false;
  }
  return true;
}

function layoutOf(view: ParsedLine): FieldLayout {
  const keys = view.fieldKeys.slice(0, view.fieldCount);
  const types = view.fieldTypes.slice(0, view.fieldCount);
  return Object.freeze({ keys, types, others: types.filter((t) => t !== "float").length });
}

/** A PointView over an existing Point, so `fromPoints` shares `add` with the parser's path. */
class PointViewOfPoint implements ParsedLine {
  series: Series = { measurement: "", tags: [], seriesKey: "" };
  timestamp = 0n;
  fieldCount = 0;
  readonly fieldKeys: string[] = [];
  readonly fieldTypes: FieldType[] = [];
  floatValues = new Float64Array(16);
  readonly otherValues: OtherValue[] = [];

  load(point: Point): void {
    this.series = point;
    this.timestamp = point.timestamp;
    const n = point.fields.length;
    if (n > this.floatValues.length) this.floatValues = new Float64Array(n * 2);
    for (let k = 0; k < n; k++) {
      const [key, field] = point.fields[k]!;
      this.fieldKeys[k] = key;
      this.fieldTypes[k] = field.type;
      if (field.type === "float") this.floatValues[k] = field.value;
      else this.otherValues[k] = field.value;
    }
    this.fieldCount = n;
  }
}
