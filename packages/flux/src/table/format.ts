/** Text of cells as Flux writes them (annotated CSV, `string()`). */
import { formatTime } from "../values/time.js";
import type { Cell, ColumnType } from "./types.js";

/**
 * Shortest decimal text that reads back as the same float, without an exponent (Go's
 * `strconv.FormatFloat(f, 'f', -1, 64)`, which Flux uses): 1e21 → "1000000000000000000000".
 */
export function formatFloat(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  const text = String(value);
  const e = text.indexOf("e");
  if (e < 0) return text;
  const negative = text.startsWith("-");
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const dot = mantissa.indexOf(".");
  const digits = mantissa.replace(".", "");
  const pointAt = (dot < 0 ? mantissa.length : dot) + exponent;
  let out: string;
  if (pointAt <= 0) out = `0.${"0".repeat(-pointAt)}${digits}`;
  else if (pointAt >= digits.length) out = digits + "0".repeat(pointAt - digits.length);
  else out = `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
  return negative ? `-${out}` : out;
}

export function formatCell(cell: Cell, type: ColumnType): string {
  if (cell === null) return "";
  switch (type) {
    case "float":
      return formatFloat(cell as number);
    case "time":
      return formatTime(cell as bigint);
    default:
      return String(cell);
  }
}
