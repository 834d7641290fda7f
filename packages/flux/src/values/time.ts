/**
 * Flux times: int64 nanoseconds since the Unix epoch, always UTC. Text is RFC3339 with up to nine
 * fraction digits, trailing zeros dropped (Go's RFC3339Nano), as annotated CSV writes times.
 */
import type { Duration } from "./duration.js";

const nanosecondsPerMillisecond = 1_000_000n;

export class TimeError extends Error {}

/** `2018-08-29T13:08:47.5Z` style text for a time in nanoseconds. */
export function formatTime(nanoseconds: bigint): string {
  let milliseconds = nanoseconds / nanosecondsPerMillisecond;
  let subMillisecond = nanoseconds % nanosecondsPerMillisecond;
  if (subMillisecond < 0n) {
    subMillisecond += nanosecondsPerMillisecond;
    milliseconds -= 1n;
  }
  const date = new Date(Number(milliseconds));
  const pad = (n: number, width = 2): string => String(n).padStart(width, "0");
  const year = date.getUTCFullYear();
  const yearText = year < 0 ? `-${pad(-year, 4)}` : pad(year, 4);
  const nanosInSecond = BigInt(date.getUTCMilliseconds()) * nanosecondsPerMillisecond + subMillisecond;
  const fraction = nanosInSecond === 0n ? "" : `.${nanosInSecond.toString().padStart(9, "0").replace(/0+$/, "")}`;
  return `${yearText}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}${fraction}Z`;
}

/** Parses RFC3339 text (offset required, up to nine fraction digits) into nanoseconds. */
export function parseTime(text: string): bigint {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(text);
  if (match === null) throw new TimeError(`cannot parse time ${JSON.stringify(text)}`);
  const [, y, mo, d, h, mi, s, fraction = "", , sign, offsetHours = "0", offsetMinutes = "0"] = match;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(Number(y), month) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw new TimeError(`time out of range ${JSON.stringify(text)}`);
  }
  const seconds = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s)) / 1000;
  const offsetSeconds = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60 * (sign === "-" ? -1 : 1);
  return BigInt(seconds - offsetSeconds) * 1_000_000_000n + BigInt(fraction.padEnd(9, "0") || "0");
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Adds a duration to a time the way Flux does: months first, on the calendar (a day past the end
 * of the target month is clamped to its last day), then the nanoseconds.
 */
export function addDuration(time: bigint, d: Duration): bigint {
  let result = time;
  if (d.months > 0n) {
    const months = Number(d.negative ? -d.months : d.months);
    let milliseconds = time / nanosecondsPerMillisecond;
    let subMillisecond = time % nanosecondsPerMillisecond;
    if (subMillisecond < 0n) {
      subMillisecond += nanosecondsPerMillisecond;
      milliseconds -= 1n;
    }
    const date = new Date(Number(milliseconds));
    const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
    const year = Math.floor(monthIndex / 12);
    const month = monthIndex - year * 12;
    const day = Math.min(date.getUTCDate(), daysInMonth(year, month + 1));
    const shifted = Date.UTC(year, month, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds());
    result = BigInt(shifted) * nanosecondsPerMillisecond + subMillisecond;
  }
  return result + (d.negative ? -d.nanoseconds : d.nanoseconds);
}
