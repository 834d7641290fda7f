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
  private dayText = "";
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
      // Everything up to the hour; "…T00:00:00Z" is 9 characters after it whatever the year's width.
      const text = formatTime(this.dayStart);
      this.dayText = text.slice(0, text.length - 9);
    }
    const hours = Number((t - this.dayStart) / nanosPerHour);
    this.hourStart = this.dayStart + BigInt(hours) * nanosPerHour;
    this.hourEnd = this.hourStart + nanosPerHour;
    this.prefix = Buffer.from(`${this.dayText}${twoDigits[hours]}:`, "latin1");
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
