/**
 * RFC3339 text of the times of a column, as `formatTime` writes them, for encoding many rows.
 * Rows of a column are usually close in time, so the "YYYY-MM-DDTHH:" prefix is made once per
 * hour (from a date text made once per day) and each row adds its minutes and seconds, and its
 * fraction when it has one: one BigInt subtraction per row and no string.
 */
import type { ByteChunks } from "@fluxgate/line-protocol";
import { formatTime } from "../values/time.js";

const twoDigits = Array.from({ length: 24 }, (_, i) => String(i).padStart(2, "0"));
const nanosPerHour = 3_600_000_000_000n;
const nanosPerDay = 86_400_000_000_000n;

/** The "YYYY-MM-DDTHH:" bytes of the hour of the last time asked about. */
class HourPrefix {
  private dayStart = 1n;
  private dayEnd = 0n;
  /** The current day's hour prefixes, made as they are first needed. */
  private hours: (Uint8Array | undefined)[] = [];
  /**
   * Hour prefixes of the days seen lately: a column of window times (one row per hour, table
   * after table) goes back and forth between the hours of a day or two.
   */
  private readonly days = new Map<bigint, (Uint8Array | undefined)[]>();
  hourStart = 1n;
  hourEnd = 0n;
  prefix: Uint8Array = new Uint8Array(0);

  /** Moves to the hour of `t`. */
  enter(t: bigint): void {
    if (t < this.dayStart || t >= this.dayEnd) {
      let days = t / nanosPerDay;
      if (days * nanosPerDay > t) days -= 1n;
      this.dayStart = days * nanosPerDay;
      this.dayEnd = this.dayStart + nanosPerDay;
      let hours = this.days.get(days);
      if (hours === undefined) {
        if (this.days.size >= 8) this.days.clear();
        hours = [];
        this.days.set(days, hours);
      }
      this.hours = hours;
    }
    const hour = Number((t - this.dayStart) / nanosPerHour);
    this.hourStart = this.dayStart + BigInt(hour) * nanosPerHour;
    this.hourEnd = this.hourStart + nanosPerHour;
    this.prefix = this.hours[hour] ??= this.make(hour);
  }

  private make(hour: number): Uint8Array {
    // Everything up to the hour; "…T00:00:00Z" is 9 characters after it whatever the year's width.
    const text = formatTime(this.dayStart);
    return Buffer.from(`${text.slice(0, text.length - 9)}${twoDigits[hour]}:`, "latin1");
  }
}

/** Nanoseconds 1…999,999,999 as RFC3339's fraction digits, trailing zeros dropped. */
function fractionText(nanos: number): string {
  let fraction = String(nanos).padStart(9, "0");
  while (fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return fraction;
}

/** Writes times as `formatTime` does; one writer per column, as it remembers the column's hour. */
export function timeByteWriter(): (out: ByteChunks, t: bigint) => void {
  const hour = new HourPrefix();
  return (out, t) => {
    if (t < hour.hourStart || t >= hour.hourEnd) hour.enter(t);
    // Under an hour of nanoseconds: exact as a double.
    const offset = Number(t - hour.hourStart);
    const seconds = Math.floor(offset / 1e9);
    const nanos = offset - seconds * 1e9;
    out.bytes(hour.prefix);
    out.twoDigits((seconds / 60) | 0);
    out.byte(58); // ":"
    out.twoDigits(seconds % 60);
    if (nanos !== 0) {
      out.byte(46); // "."
      out.ascii(fractionText(nanos));
    }
    out.byte(90); // "Z"
  };
}
