// RFC3339 timestamps with nanosecond precision: JavaScript's Date stops at milliseconds, and a
// delete of `2024-01-01T00:00:00.000000001Z` must not round to a different point.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Nanoseconds since the epoch, or undefined when `text` is not an RFC3339 date-time. */
export function parseRfc3339Nanos(text: string): bigint | undefined {
  const m = RFC3339.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 31 February over into March; RFC3339 does not.
  if (new Date(ms).getUTCDate() !== day) return undefined;
  const fraction = BigInt((m[7] ?? "").padEnd(9, "0") || "0");
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const sign = m[9] === "-" ? -1 : 1;
    const offHour = Number(m[10]);
    const offMinute = Number(m[11]);
    if (offHour > 23 || offMinute > 59) return undefined;
    offsetMinutes = sign * (offHour * 60 + offMinute);
  }
  return (BigInt(ms) - BigInt(offsetMinutes) * 60_000n) * 1_000_000n + fraction;
}
