/**
 * RFC3339 text of the times of a column, as `formatTime` writes them, for encoding many rows.
 * Rows of a column are usually close in time, so the "YYYY-MM-DDTHH:MM:" prefix is built once per
 * minute (from a date text built once per day) and each row adds only its seconds, and its
 * fraction when it has one: one BigInt subtraction and a few small string joins per row.
 */
import { formatTime } from "../values/time.js";
import type { ByteChunks } from "@fluxgate/line-protocol";

const twoDigits = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const nanosPerMinute = 60_000_000_000n;
const nanosPerDay = 86_400_000_000_000n;

/** The "YYYY-MM-DDTHH:MM:" text of the minute of the last time asked about. */
class MinutePrefix {
  private dayStart = 1n;
  private dayEnd = 0n;
  private dayText = "";
  minuteStart = 1n;
  minuteEnd = 0n;
  prefix = "";

  /** Moves to the minute of `t`. */
  enter(t: bigint): void {
    if (t < this.dayStart || t >= this.dayEnd) {
      let days = t / nanosPerDay;
      if (days * nanosPerDay > t) days -= 1n;
      this.dayStart = days * nanosPerDay;
      this.dayEnd = this.dayStart + nanosPerDay;
      // Everything up to the hour; "…T00:00:00Z" is 12 characters after it whatever the year's width.
      const text = formatTime(this.dayStart);
      this.dayText = text.slice(0, text.length - 9);
    }
    const minutes = Number((t - this.dayStart) / nanosPerMinute);
    this.minuteStart = this.dayStart + BigInt(minutes) * nanosPerMinute;
    this.minuteEnd = this.minuteStart + nanosPerMinute;
    this.prefix = `${this.dayText}${twoDigits[Math.floor(minutes / 60)]}:${twoDigits[minutes % 60]}:`;
  }
}

/** Nanoseconds 1…999,999,999 as RFC3339's fraction digits, trailing zeros dropped. */
function fractionText(nanos: number): string {
  let fraction = String(nanos).padStart(9, "0");
  while (fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return fraction;
}

export function timeTextFormatter(): (t: bigint) => string {
  const minute = new MinutePrefix();
  return (t) => {
    if (t < minute.minuteStart || t >= minute.minuteEnd) minute.enter(t);
    const offset = Number(t - minute.minuteStart);
    const seconds = Math.floor(offset / 1e9);
    const nanos = offset - seconds * 1e9;
    if (nanos === 0) return minute.prefix + twoDigits[seconds] + "Z";
    return minute.prefix + twoDigits[seconds] + "." + fractionText(nanos) + "Z";
  };
}

/** The same text as {@link timeTextFormatter}, written as bytes. */
export function timeByteWriter(): (out: ByteChunks, t: bigint) => void {
  const minute = new MinutePrefix();
  return (out, t) => {
    if (t < minute.minuteStart || t >= minute.minuteEnd) minute.enter(t);
    const offset = Number(t - minute.minuteStart);
    const seconds = Math.floor(offset / 1e9);
    const nanos = offset - seconds * 1e9;
    out.ascii(minute.prefix);
    out.twoDigits(seconds);
    if (nanos !== 0) {
      out.byte(46); // "."
      out.ascii(fractionText(nanos));
    }
    out.byte(90); // "Z"
  };
}
