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

/**
 * A per-column cell formatter for encoding many rows: remembers the last cell (key columns
 * repeat one value down the table) and, for times, the text of the last whole second.
 */
export function cellFormatter(type: ColumnType): (cell: Cell) => string {
  let lastCell: Cell | undefined;
  let lastText = "";
  const format = type === "time" ? timeFormatter() : (cell: Cell): string => formatCell(cell, type);
  return (cell) => {
    if (cell === lastCell) return lastText;
    lastCell = cell;
    lastText = cell === null ? "" : format(cell);
    return lastText;
  };
}

const twoDigits = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const nanosPerDay = 86_400_000_000_000n;

/** Formats times day by day: the date text is built once per day, the clock from a lookup table. */
function timeFormatter(): (cell: Cell) => string {
  let dayStart = 1n;
  let dayEnd = 0n;
  let dayText = "";
  return (cell) => {
    const t = cell as bigint;
    if (t < dayStart || t >= dayEnd) {
      let days = t / nanosPerDay;
      if (days * nanosPerDay > t) days -= 1n;
      dayStart = days * nanosPerDay;
      dayEnd = dayStart + nanosPerDay;
      // "YYYY-MM-DDT" (years outside 0…9999 go through the general formatter).
      const d = Number(days);
      dayText = d >= -719_528 && d < 2_932_897 ? new Date(d * 86_400_000).toISOString().slice(0, 11) : formatTime(dayStart).slice(0, 11);
    }
    const offset = Number(t - dayStart);
    const seconds = Math.floor(offset / 1e9);
    const nanos = offset - seconds * 1e9;
    const clock = `${dayText}${twoDigits[Math.floor(seconds / 3600)]}:${twoDigits[Math.floor(seconds / 60) % 60]}:${twoDigits[seconds % 60]}`;
    if (nanos === 0) return `${clock}Z`;
    let fraction = String(nanos).padStart(9, "0");
    while (fraction.endsWith("0")) fraction = fraction.slice(0, -1);
    return `${clock}.${fraction}Z`;
  };
}
