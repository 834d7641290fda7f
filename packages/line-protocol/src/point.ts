/**
 * The shared shape of one parsed point. The storage engine consumes it, so it is fixed here
 * before either package is written.
 */

/** A field value with the exact InfluxDB type it was written as. */
export type FieldValue =
  | { type: "float"; value: number }
  | { type: "integer"; value: bigint }
  | { type: "unsigned"; value: bigint }
  | { type: "string"; value: string }
  | { type: "boolean"; value: boolean };

export interface Point {
  measurement: string;
  /**
   * Canonical series key: the escaped measurement followed by `,key=value` for each tag in sorted
   * order, escaped exactly as line protocol writes them (e.g. `cpu,host=a,region=us`). Equal for
   * equal series whatever order or escaping the tags were written in, so it can key caches.
   */
  seriesKey: string;
  /** Tag pairs sorted by key (byte order), keys unique. */
  tags: ReadonlyArray<readonly [key: string, value: string]>;
  /** Field pairs in the order written; at least one. */
  fields: ReadonlyArray<readonly [key: string, value: FieldValue]>;
  /** Nanoseconds since the Unix epoch. */
  timestamp: bigint;
}

/** v2 precisions (`ns us ms s`) and the v1 spellings (`n u ms s m h`). */
export type Precision = "ns" | "us" | "ms" | "s" | "n" | "u" | "m" | "h";
