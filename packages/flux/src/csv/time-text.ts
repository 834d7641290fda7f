/**
 * RFC3339 text of the times of a column, as `formatTime` writes them, for encoding many rows.
 * Rows of a column are usually close in time, so the "YYYY-MM-DDTHH:MM:" prefix is built once per
 * minute (from a date text built once per day) and each row adds only its seconds, and its
 * fraction when it has one: one BigInt subtraction and a few small string joins per row.
 */
import { formatTime } from "../values/time.js";

const twoDigits = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const nanosPerMinute = 60_000_000_000n;
const nanosPerDay = 86_400_000_000_000n;

export function timeTextFormatter(): (t: bigint) => string {
  let dayStart = 1n;
  let dayEnd = 0n;
  let dayText = "";
  let minuteStart = 1n;
  let minuteEnd = 0n;
  let prefix = "";
  const enterDay = (t: bigint): void => {
    let days = t / nanosPerDay;
    if (days * nanosPerDay > t) days -= 1n;
    dayStart = days * nanosPerDay;
    dayEnd = dayStart + nanosPerDay;
    // Everything up to the hour; "…T00:00:00Z" is 12 characters after it whatever the year's width.
    const text = formatTime(dayStart);
    dayText = text.slice(0, text.length - 9);
  };
  const enterMinute = (t: bigint): void => {
    if (t < dayStart || t >= dayEnd) enterDay(t);
    const minutes = Number((t - dayStart) / nanosPerMinute);
    minuteStart = dayStart + BigInt(minutes) * nanosPerMinute;
    minuteEnd = minuteStart + nanosPerMinute;
    prefix = `${dayText}${twoDigits[Math.floor(minutes / 60)]}:${twoDigits[minutes % 60]}:`;
  };
  return (t) => {
    if (t < minuteStart || t >= minuteEnd) enterMinute(t);
    const offset = Number(t - minuteStart);
    const seconds = Math.floor(offset / 1e9);
    const nanos = offset - seconds * 1e9;
    if (nanos === 0) return prefix + twoDigits[seconds] + "Z";
    let fraction = String(nanos).padStart(9, "0");
    while (fraction.endsWith("0")) fraction = fraction.slice(0, -1);
    return prefix + twoDigits[seconds] + "." + fraction + "Z";
  };
}
