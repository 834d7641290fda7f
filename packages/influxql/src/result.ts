// The 1.x result model: one result per statement, each with series of rows.
import type { Value } from "./eval.js";

export interface Series {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  /** Rows; when `timeColumn` is set, cell 0 of each row is a bigint of ns. */
  values: Value[][];
  /** Cell 0 is a time (formatted per `epoch` on output). */
  timeColumn: boolean;
  /** The statement's tz(): RFC3339 times are written in this zone. */
  tz?: string;
}

export interface Message {
  level: string;
  text: string;
}

export interface StatementResult {
  statement_id: number;
  series?: Series[];
  messages?: Message[];
  error?: string;
  /**
   * How a chunked answer splits it (not part of the JSON): by rows (the default), one document per
   * series ("series": SHOW TAG KEYS / TAG VALUES in 1.x) or one document ("whole": SHOW MEASUREMENTS).
   */
  chunking?: "series" | "whole";
}
